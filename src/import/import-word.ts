/**
 * `npm run import`: a Word document becomes a chapter in content/chapters/, its images go to
 * content/images/, its comments to the review comment log, and (when asked) the chapter into
 * report.yaml. Everything is worked out in memory and checked first; only then is anything
 * written, each file atomically, and a failure while writing takes back what was written.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, isScalar, isSeq, Document } from 'yaml';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, Table } from 'mdast';
import { visit } from 'unist-util-visit';
import { Problems } from '../core/problems.ts';
import type { ImportWarning } from './messages.ts';
import { projectPaths, displayPath } from '../core/project.ts';
import { writeAtomic } from '../core/write-atomic.ts';
import { CommentStore, type ImportedComment } from '../preview/comments.ts';
import { listRounds } from '../preview/rounds.ts';
import { readDocx, ImportRefused } from './read-docx.ts';
import {
  convertDocx,
  markerEnd,
  markerStart,
  placeImages,
  stringifyMarkdown,
  withoutMarkers,
  type ExtractedImage,
} from './docx-to-markdown.ts';
import { anchorMarkers } from './comment-anchors.ts';
import { findCitations, summarizeReferences } from './citations.ts';
import { altTodo, maxDocxBytes, refusals, warnings } from './messages.ts';

export { ImportRefused } from './read-docx.ts';

/** What to import, and where. */
export interface ImportOptions {
  /** The project folder. */
  root: string;
  /** The Word file. */
  docx: string;
  /** The chapter file name (05-navn.md); by default the next number and the Word file's name. */
  chapter?: string;
  /** Add the chapter to report.yaml's chapters: list. */
  addToReport?: boolean;
  /** Replace an existing chapter file of the same name. */
  overwrite?: boolean;
  /** The size limits (for tests): the file, and what it unpacks to. */
  maxBytes?: number;
  maxUnpackedBytes?: number;
  /** The time used for comments Word gave no date. */
  now?: Date;
}

/** What an import wrote. */
export interface ImportResult {
  /** The chapter, content-relative (chapters/05-navn.md). */
  ref: string;
  chapterFile: string;
  images: { file: string; reused: boolean }[];
  /** Comments added to the log. */
  comments: number;
  /** Comments left out because an earlier import of the draft logged them. */
  commentsAlreadyLogged: number;
  report: 'added' | 'already-listed' | 'not-asked';
  /** The chapter it was put before in report.yaml (undefined: last). */
  reportBefore?: string;
  citations: number;
  /** Warnings about the new chapter (path:line:col). */
  problems: Problems;
}

/** The image types the report can show; others are written but warned about. */
const imageTypes: Record<string, { ext: string; shown: boolean }> = {
  'image/png': { ext: 'png', shown: true },
  'image/jpeg': { ext: 'jpg', shown: true },
  'image/svg+xml': { ext: 'svg', shown: true },
  'image/gif': { ext: 'gif', shown: false },
  'image/bmp': { ext: 'bmp', shown: false },
  'image/tiff': { ext: 'tif', shown: false },
  'image/x-emf': { ext: 'emf', shown: false },
  'image/x-wmf': { ext: 'wmf', shown: false },
};

/** Imports a Word document. Throws ImportRefused (nothing written) for bad input. */
export async function importWord(options: ImportOptions): Promise<ImportResult> {
  const paths = projectPaths(options.root);
  const docxName = path.basename(options.docx);
  const shown = path.relative(process.cwd(), path.resolve(options.docx)) || docxName;
  const reportFile = path.join(paths.content, 'report.yaml');
  const reportText = await readFile(reportFile, 'utf8').catch(() => {
    throw new ImportRefused(refusals.noProject(paths.root), 2);
  });

  // 1. Check everything that can refuse the import, before any work is written.
  const docx = await readDocx(options.docx, shown, options.maxBytes ?? maxDocxBytes, options.maxUnpackedBytes);
  const chaptersDir = path.join(paths.content, 'chapters');
  const chapterName =
    options.chapter !== undefined ? checkChapterName(options.chapter) : await nextChapterName(chaptersDir, docxName);
  const ref = `chapters/${chapterName}`;
  const chapterFile = path.join(chaptersDir, chapterName);
  const display = displayPath(paths, chapterFile);
  const previousChapter = await readFile(chapterFile).catch(() => undefined);
  if (previousChapter && !options.overwrite) throw new ImportRefused(refusals.chapterExists(display));
  const newReport = options.addToReport
    ? addChapter(reportText, ref, await backMatter(paths.content, reportText))
    : undefined;

  // 2. Convert, name the images, and write the Markdown (in memory).
  const converted = await convertDocx(docx.bytes);
  if (converted.tree.children.length === 0 && !converted.title && converted.images.length === 0)
    throw new ImportRefused(refusals.noText(shown));
  const problems = new Problems(paths.root);
  const imagesDir = path.join(paths.content, 'images');
  const planned = await planImages(converted.images, imagesDir, chapterName.replace(/\.md$/, ''));
  placeImages(converted.tree, new Map(planned.map((p) => [p.image.placeholder, `../images/${p.name}`])), altTodo);
  const title = converted.title ?? titleFromFileName(docxName);
  const frontMatter = `---\n${new Document({ title }).toString({ lineWidth: 0 })}---\n\n`;
  const marked = frontMatter + stringifyMarkdown(converted.tree);
  const markdown = withoutMarkers(marked);

  // 3. The comments' paragraphs, and the warnings, with lines in the new chapter.
  const anchors = await anchorMarkers(marked, ref);
  const round = (await listRounds(paths.root)).at(-1)?.number ?? 0;
  const comments: ImportedComment[] = [];
  for (const comment of converted.comments) {
    const info = docx.comments.get(comment.wordId);
    const author = info?.author ?? 'Ukjent';
    const anchor = anchors.get(comment.marker) ?? anchors.get(-1);
    if (!anchor) {
      warn(problems, display, undefined, warnings.commentLost(author, comment.text));
      continue;
    }
    if (!anchor.exact) warn(problems, display, markerPlace(marked, comment.marker), warnings.commentAnchor(author));
    comments.push({
      anchor: anchor.anchor,
      chapter: ref,
      paragraphText: anchor.text,
      name: author,
      text: comment.text,
      created: info?.date ?? (options.now ?? new Date()).toISOString(),
      importedFrom: docxName,
    });
  }
  if (!converted.title) warn(problems, display, { line: 2, column: 1 }, warnings.headingTitle());
  addImageWarnings(problems, display, markdown, planned);
  addTableWarnings(problems, display, markdown, converted.mergedTables);
  const referencesText = await readFile(path.join(paths.content, 'references.yaml'), 'utf8').catch(() => undefined);
  const citations = findCitations(markdown, summarizeReferences(referencesText));
  for (const c of citations)
    warn(
      problems,
      display,
      { line: c.line, column: c.column },
      warnings.citation(c.text, c.suggestion, c.candidates, c.narrative),
    );
  // «Style with ID … was referenced but not defined» comes with an «Unrecognised style» note for the same paragraphs.
  for (const note of new Set(converted.notes.filter((n) => !/was referenced but not defined/.test(n))))
    warn(problems, display, undefined, warnings.wordNote(note));

  // A new version of the same draft brings its old comments again: those already in the log are left out.
  const store = comments.length ? await CommentStore.open(paths.root) : undefined;
  const logged = new Set(
    store
      ?.list()
      .filter((c) => c.importedFrom)
      .map((c) => commentKey(c.chapter, c.name, c.created, c.text)),
  );
  const newComments = comments.filter((c) => !logged.has(commentKey(c.chapter, c.name, c.created, c.text)));

  // 4. Write: images, chapter, report.yaml, comments. A failure takes back what was written.
  const undo: (() => Promise<unknown>)[] = [];
  try {
    for (const p of planned) {
      if (p.reused) continue;
      await writeAtomic(p.file, p.image.bytes);
      undo.push(() => rm(p.file, { force: true }));
    }
    await writeAtomic(chapterFile, markdown);
    undo.push(() => (previousChapter ? writeAtomic(chapterFile, previousChapter) : rm(chapterFile, { force: true })));
    if (newReport?.text !== undefined) {
      await writeAtomic(reportFile, newReport.text);
      undo.push(() => writeAtomic(reportFile, reportText));
    }
    if (store && newComments.length) await store.addImported(newComments, round);
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw error;
  }
  return {
    ref,
    chapterFile,
    images: planned.map((p) => ({ file: p.file, reused: p.reused })),
    comments: newComments.length,
    commentsAlreadyLogged: comments.length - newComments.length,
    report: !options.addToReport ? 'not-asked' : newReport?.text === undefined ? 'already-listed' : 'added',
    reportBefore: newReport?.before,
    citations: citations.length,
    problems,
  };
}

/** Where a comment mark stands in the chapter (taking the marks out changes no line). */
function markerPlace(marked: string, marker: number): { line: number; column: number } | undefined {
  const lines = marked.split('\n');
  const line = lines.findIndex((l) => l.includes(`${markerStart}${marker}${markerEnd}`));
  return line === -1 ? undefined : { line: line + 1, column: 1 };
}

function commentKey(chapter: string, name: string, created: string, text: string): string {
  return JSON.stringify([chapter, name, created, text.trim()]);
}

function warn(
  problems: Problems,
  file: string,
  place: { line: number; column: number } | undefined,
  w: ImportWarning,
): void {
  problems.add(file, w.ruleId, { reason: w.reason, hint: w.hint }, place);
}

/** A chapter name as writers give it: `05-navn.md` (a leading chapters/ or content/chapters/ is allowed). */
function checkChapterName(given: string): string {
  const name = given.replace(/\\/g, '/').replace(/^(?:\.\/)?(?:content\/)?chapters\//, '');
  if (!/^[a-z0-9æøå][a-z0-9æøå._-]*\.md$/.test(name) || name.includes('..'))
    throw new ImportRefused(refusals.badChapterName(given));
  return name;
}

/**
 * `NN-name.md`: the name from the Word file's, and the number after the highest in
 * content/chapters/. A chapter imported from the same file before keeps its name, so importing
 * a new version of the draft finds it (and is refused without --overskriv) instead of adding a copy.
 */
async function nextChapterName(dir: string, docxName: string): Promise<string> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const base = slugify(docxName.replace(/\.[^.]+$/, '')) || 'kapittel';
  const earlier = files.find((f) => f.replace(/^\d+[a-z]?-/, '') === `${base}.md`);
  if (earlier) return earlier;
  const highest = Math.max(0, ...files.map((f) => Number(f.match(/^(\d+)-/)?.[1] ?? 0)));
  return `${String(highest + 1).padStart(2, '0')}-${base}.md`;
}

/** Lower case ASCII with hyphens, as the chapter files are named (årsaker → arsaker). */
function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** «utkast_kap5-valg.docx» → «Utkast kap5 valg». */
function titleFromFileName(name: string): string {
  const base =
    name
      .replace(/\.[^.]+$/, '')
      .replace(/[_-]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'Nytt kapittel';
  return base[0]!.toLocaleUpperCase('nb') + base.slice(1);
}

/** The chapters listed in report.yaml that are appendices or unnumbered (references), from their front matter. */
async function backMatter(content: string, reportText: string): Promise<Set<string>> {
  const found = new Set<string>();
  const chapters = parseDocument(reportText).get('chapters');
  const listed = isSeq(chapters) ? chapters.items.filter(isScalar).map((i) => String(i.value)) : [];
  for (const ref of listed) {
    const text = await readFile(path.join(content, ref), 'utf8').catch(() => '');
    const front = text.match(/^---\r?\n([\s\S]*?)\r?\n---/)?.[1] ?? '';
    if (/^appendix:\s*true\b/m.test(front) || /^numbered:\s*false\b/m.test(front)) found.add(ref);
  }
  return found;
}

/**
 * report.yaml with `ref` in chapters:, in file-name order (before the first file that sorts
 * after it). A chapter that would come last goes before the references and appendices at the
 * end of the list instead: a new chapter is text, not back matter. Undefined text: already listed. The line is put into the text itself,
 * beside its neighbours, so every comment and all the layout stay as the writers left them.
 */
function addChapter(
  text: string,
  ref: string,
  back: ReadonlySet<string>,
): { text: string | undefined; before?: string } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ImportRefused(refusals.reportYaml(doc.errors[0]!.message.split('\n')[0]!));
  const chapters = doc.get('chapters', true);
  if (!isSeq(chapters)) throw new ImportRefused(refusals.reportYaml('chapters: er ikke en liste'));
  const items = chapters.items.filter(isScalar);
  const listed = items.map((item) => String(item.value));
  if (listed.includes(ref)) return { text: undefined };
  let at = listed.findIndex((other) => other.localeCompare(ref, 'en') > 0);
  if (at === -1) {
    let first = listed.length;
    while (first > 0 && back.has(listed[first - 1]!)) first--;
    if (first > 0 && first < listed.length) at = first;
  }
  const neighbour = items[at === -1 ? items.length - 1 : at];
  const before = at === -1 ? undefined : listed[at];
  if (!chapters.flow && neighbour?.range && items.length === chapters.items.length) {
    const lineStart = text.lastIndexOf('\n', neighbour.range[0] - 1) + 1;
    const prefix = text.slice(lineStart, neighbour.range[0]);
    if (/^\s*-\s+$/.test(prefix)) {
      const line = `${prefix}${ref}\n`;
      if (at !== -1) return { text: text.slice(0, lineStart) + line + text.slice(lineStart), before };
      const end = text.indexOf('\n', neighbour.range[1]);
      return { text: end === -1 ? `${text}\n${line}` : text.slice(0, end + 1) + line + text.slice(end + 1) };
    }
  }
  // An unusual list (flow style, empty, or with comments between items): let the YAML library write it.
  chapters.items.splice(at === -1 ? chapters.items.length : at, 0, doc.createNode(ref));
  return { text: doc.toString({ lineWidth: 0, flowCollectionPadding: false }), before };
}

interface PlannedImage {
  image: ExtractedImage;
  name: string;
  file: string;
  /** The same image is already there under this name: not written again. */
  reused: boolean;
}

/** Names each image `<chapter>-N.ext`, never over a different existing file; one file per distinct image. */
async function planImages(images: readonly ExtractedImage[], dir: string, base: string): Promise<PlannedImage[]> {
  const planned: PlannedImage[] = [];
  const byHash = new Map<string, PlannedImage>();
  const taken = new Set<string>();
  let n = 0;
  for (const image of images) {
    const digest = createHash('sha256').update(image.bytes).digest('hex');
    const same = byHash.get(digest);
    if (same) {
      planned.push({ ...same, image: { ...image, bytes: same.image.bytes }, reused: true });
      continue;
    }
    const ext = imageTypes[image.contentType]?.ext ?? 'bin';
    let choice: PlannedImage | undefined;
    while (!choice) {
      n++;
      const name = `${base}-${n}.${ext}`;
      if (taken.has(name)) continue;
      const file = path.join(dir, name);
      const existing = await readFile(file).catch(() => undefined);
      if (existing && !existing.equals(image.bytes)) continue;
      choice = { image, name, file, reused: existing !== undefined };
    }
    taken.add(choice.name);
    byHash.set(digest, choice);
    planned.push(choice);
  }
  return planned;
}

function addImageWarnings(
  problems: Problems,
  display: string,
  markdown: string,
  planned: readonly PlannedImage[],
): void {
  const lines = markdown.split('\n');
  const at = (text: string) => {
    const line = lines.findIndex((l) => l.includes(text));
    return line === -1 ? undefined : { line: line + 1, column: lines[line]!.indexOf(text) + 1 };
  };
  // One warning per picture without alt text, where it stands (the same file may also stand elsewhere with one).
  lines.forEach((l, i) => {
    for (const m of l.matchAll(/!\[\]\(\.\.\/images\/([^)\s]+)\)/g))
      warn(problems, display, { line: i + 1, column: m.index + 1 }, warnings.altMissing(`content/images/${m[1]}`));
  });
  for (const name of new Set(planned.filter((p) => !imageTypes[p.image.contentType]?.shown).map((p) => p.name))) {
    const type = planned.find((p) => p.name === name)!.image.contentType;
    warn(problems, display, at(`](../images/${name})`), warnings.imageFormat(`content/images/${name}`, type));
  }
}

function addTableWarnings(problems: Problems, display: string, markdown: string, merged: ReadonlySet<number>): void {
  if (merged.size === 0) return;
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const tables: Table[] = [];
  visit(tree, 'table', (node: Table) => {
    tables.push(node);
  });
  for (const index of merged) warn(problems, display, tables[index]?.position?.start, warnings.mergedCells());
}
