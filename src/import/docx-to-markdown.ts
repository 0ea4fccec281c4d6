/**
 * Word → Markdown: mammoth turns the .docx into plain HTML (its public API), the HTML is parsed
 * into a hast tree, tidied (footnotes, comment marks, headings, Word's bookmarks), turned into
 * mdast (hast-util-to-mdast) and written as Markdown with GFM and directives (remark-stringify).
 */
import mammoth from 'mammoth';
import { fromHtml } from 'hast-util-from-html';
import { toMdast, type Handle } from 'hast-util-to-mdast';
import { toString } from 'hast-util-to-string';
import type { Element, ElementContent, Root as HastRoot, RootContent as HastRootContent } from 'hast';
import type { FootnoteDefinition, Image, Root, RootContent } from 'mdast';
import { unified } from 'unified';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkStringify from 'remark-stringify';
import { visitParents } from 'unist-util-visit-parents';
import { visit } from 'unist-util-visit';

/** mammoth's prefix for its ids (footnotes, comments), so they cannot clash with Word's own names. */
const idPrefix = 'word-';

/** Comment marks in the text, between private-use characters: they never occur in a Word draft. */
export const markerStart = '\uE000';
export const markerEnd = '\uE001';
const markerPattern = new RegExp(`${markerStart}(\\d+)${markerEnd}`, 'g');

/** An image from the document, before it has a file name. */
export interface ExtractedImage {
  /** The placeholder URL in the tree until the image is named. */
  placeholder: string;
  contentType: string;
  bytes: Buffer;
  alt: string;
}

/** A Word comment as mammoth read it. */
export interface ExtractedComment {
  /** Word's comment id (w:id). */
  wordId: string;
  text: string;
  /** Its mark's number in the text (the comment is on the block holding the mark). */
  marker: number;
}

/** The document, ready to be named and written. */
export interface ConvertedDocument {
  /** The chapter title: the document's first heading, when it starts with one. */
  title: string | undefined;
  tree: Root;
  images: ExtractedImage[];
  comments: ExtractedComment[];
  /** The document's tables (in order) that had merged cells. */
  mergedTables: Set<number>;
  /** What mammoth said about the document (unknown styles and the like). */
  notes: string[];
}

const styleMap = [
  // Word's «Tittel»/«Title» style: the chapter title, like Heading 1.
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Tittel'] => h1:fresh",
  // Quotes, by style name and by the ids English and Norwegian Word give them.
  ...["[style-name='Quote']", "[style-name='Intense Quote']", '.Quote', '.IntenseQuote', '.Sitat', '.Sterktsitat'].map(
    (s) => `p${s} => blockquote > p:fresh`,
  ),
  // Word's table of contents (its lines and its heading): the report makes its own.
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`p[style-name='toc ${n}'] => !`, `p[style-name='TOC ${n}'] => !`]),
  "p[style-name='TOC Heading'] => !",
  // LibreOffice's names for the footnote and endnote marks (Word's are in mammoth's own map).
  ...['Footnote Characters', 'Endnote Characters', 'Footnote Anchor', 'Endnote Anchor'].map(
    (name) => `r[style-name='${name}'] =>`,
  ),
  // No rules for Word's other text styles: a rule here wins over mammoth's list rules, and Word
  // gives list items such styles (List Paragraph), so the lists would be lost. They give a warning.
  // Comments: mammoth marks where each comment ends; the mark is turned into an anchor below.
  'comment-reference => sup',
];

/** Converts a .docx (its bytes) into an mdast tree, images and comments. */
export async function convertDocx(bytes: Buffer): Promise<ConvertedDocument> {
  const images: ExtractedImage[] = [];
  const result = await mammoth.convertToHtml(
    { buffer: bytes },
    {
      styleMap,
      idPrefix,
      convertImage: mammoth.images.imgElement(async (image) => {
        const placeholder = `word-bilde-${images.length + 1}`;
        images.push({ placeholder, contentType: image.contentType, bytes: await image.readAsBuffer(), alt: '' });
        return { src: placeholder };
      }),
    },
  );
  const hast = fromHtml(result.value, { fragment: true });
  const comments = takeComments(hast);
  const footnotes = takeNotes(hast);
  const mergedTables = new Set<number>();
  let tables = 0;
  const markerOf = new Map(comments.map((c) => [c.wordId, c.marker]));
  rewrite(hast, (node, insideTable) => {
    // mammoth's marks for notes and comments: a <sup> of links (adjacent marks share one <sup>).
    if (node.tagName === 'sup') {
      const marks = node.children.filter((c) => !(c.type === 'text' && !c.value.trim()));
      const replaced = marks.map((link): ElementContent[] | undefined => {
        if (link.type !== 'element' || link.tagName !== 'a') return undefined;
        const target = String(link.properties.href ?? '');
        const note = target.match(new RegExp(`^#${idPrefix}((?:foot|end)note-[\\w-]+)$`));
        if (note) return [{ type: 'element', tagName: 'x-noteref', properties: { note: note[1] }, children: [] }];
        const comment = target.match(new RegExp(`^#${idPrefix}comment-([\\w-]+)$`));
        if (!comment) return undefined;
        const marker = markerOf.get(comment[1]!);
        return marker === undefined ? [] : [{ type: 'text', value: `${markerStart}${marker}${markerEnd}` }];
      });
      if (marks.length > 0 && replaced.every((r) => r !== undefined)) return replaced.flat() as ElementContent[];
    }
    // Word's bookmarks and links inside the document (tables of contents, cross-references) lead nowhere in the report.
    if (node.tagName === 'a' && !String(node.properties.href ?? '').match(/^(https?:|mailto:)/i)) return node.children;
    if (node.tagName === 'img') {
      const image = images.find((i) => i.placeholder === node.properties.src);
      if (image)
        image.alt = String(node.properties.alt ?? '')
          .replace(/\s+/g, ' ')
          .trim();
    }
    if (node.tagName === 'table' && !insideTable) {
      if (hasMergedCells(node)) mergedTables.add(tables);
      tables++;
      headerRow(node);
    }
    return undefined;
  });
  const title = takeTitle(hast);
  shiftHeadings(hast);

  const noteLabels = new Map<string, string>();
  const handlers: Record<string, Handle> = {
    'x-noteref': (_state, node) => {
      const note = String(node.properties.note);
      let label = noteLabels.get(note);
      if (!label) {
        label = String(noteLabels.size + 1);
        noteLabels.set(note, label);
      }
      return { type: 'footnoteReference', identifier: label, label };
    },
  };
  const tree = toMdast(hast, { handlers }) as Root;
  for (const [note, label] of noteLabels) {
    const body = footnotes.get(note);
    if (!body) continue;
    const children = (toMdast({ type: 'root', children: body }, { handlers }) as Root).children;
    tree.children.push({
      type: 'footnoteDefinition',
      identifier: label,
      label,
      children: children as FootnoteDefinition['children'],
    });
  }
  return { title, tree, images, comments, mergedTables, notes: result.messages.map((m) => m.message) };
}

/** Sets each image's URL (by placeholder) and marks images without alt text with a TODO note above them. */
export function placeImages(tree: Root, urls: ReadonlyMap<string, string>, todo: string): void {
  const missing: { parent: Root; index: number }[] = [];
  visitParents(tree, 'image', (node: Image, ancestors) => {
    node.url = urls.get(node.url) ?? node.url;
    if (!node.alt?.trim()) {
      node.alt = '';
      const top = ancestors[1];
      if (top) missing.push({ parent: tree, index: tree.children.indexOf(top as RootContent) });
    }
  });
  for (const { index } of [...new Set(missing.map((m) => m.index))]
    .map((index) => ({ index }))
    .sort((a, b) => b.index - a.index)) {
    if (index >= 0) tree.children.splice(index, 0, { type: 'html', value: `<!-- ${todo} -->` });
  }
}

const stringifier = unified()
  // Table columns are padded to their width without the comment marks, which are taken out later.
  .use(remarkGfm, { stringLength: (text: string) => text.replace(markerPattern, '').length })
  .use(remarkDirective)
  .use(remarkStringify, {
    bullet: '-',
    emphasis: '*',
    strong: '*',
    rule: '-',
    listItemIndent: 'one',
    fences: true,
    incrementListMarker: true,
  })
  .freeze();

/** Writes the tree as Markdown; comment marks are kept (see `withoutMarkers`). */
export function stringifyMarkdown(tree: Root): string {
  const text = stringifier.stringify(tree);
  // What a writer typed in Word in the project's own syntax stays that syntax: `[@key]` citations
  // and `:tiltak[T01]`/`:ref[merke]` would otherwise be escaped into plain text.
  return text.replace(/\\\[(@[^\]\n]*)\]/g, '[$1]').replace(/\\:(tiltak|ref)\\?\[([^\]\n]*)\]/g, ':$1[$2]');
}

/** The Markdown without the comment marks. */
export function withoutMarkers(text: string): string {
  return text.replace(markerPattern, '');
}

/** The comment marks in a text (their numbers). */
export function markersIn(text: string): number[] {
  return [...text.matchAll(markerPattern)].map((m) => Number(m[1]));
}

/** Replaces nodes bottom-up: `visit` returns the replacement children, or undefined to keep the node. */
function rewrite(
  parent: HastRoot | Element,
  visit: (node: Element, insideTable: boolean) => ElementContent[] | undefined,
  insideTable = false,
): void {
  const next: (HastRootContent | ElementContent)[] = [];
  for (const child of parent.children) {
    if (child.type !== 'element') {
      next.push(child);
      continue;
    }
    const replaced = visit(child, insideTable);
    if (replaced === undefined) {
      rewrite(child, visit, insideTable || child.tagName === 'table');
      next.push(child);
    } else {
      const holder: Element = { type: 'element', tagName: 'div', properties: {}, children: replaced };
      rewrite(holder, visit, insideTable);
      next.push(...holder.children);
    }
  }
  parent.children = next as typeof parent.children;
}

/** Word tables have no header row of their own: the first row is the header, as in the report's tables. */
function headerRow(table: Element): void {
  if (table.children.some((c) => c.type === 'element' && c.tagName === 'thead')) return;
  const body = table.children.find((c): c is Element => c.type === 'element' && c.tagName === 'tbody') ?? table;
  const first = body.children.find((c): c is Element => c.type === 'element' && c.tagName === 'tr');
  if (!first) return;
  body.children.splice(body.children.indexOf(first), 1);
  for (const cell of first.children) {
    if (cell.type !== 'element' || cell.tagName !== 'td') continue;
    cell.tagName = 'th';
    // Writers make the first row bold by hand; a header row is bold already.
    for (const block of cell.children) {
      if (block.type !== 'element') continue;
      const inner = block.children.filter((c) => !(c.type === 'text' && !c.value.trim()));
      if (inner.length === 1 && inner[0]!.type === 'element' && inner[0]!.tagName === 'strong')
        block.children = inner[0]!.children;
    }
  }
  table.children.unshift({ type: 'element', tagName: 'thead', properties: {}, children: [first] });
}

function hasMergedCells(table: Element): boolean {
  let merged = false;
  const look = (node: Element) => {
    if (
      (node.tagName === 'td' || node.tagName === 'th') &&
      (Number(node.properties.colSpan ?? 1) > 1 || Number(node.properties.rowSpan ?? 1) > 1)
    )
      merged = true;
    for (const c of node.children) if (c.type === 'element' && c.tagName !== 'table') look(c);
  };
  look(table);
  return merged;
}

/** Takes mammoth's list of comments (a <dl> at the end) out of the tree. */
function takeComments(hast: HastRoot): ExtractedComment[] {
  const found: ExtractedComment[] = [];
  hast.children = hast.children.filter((node) => {
    if (node.type !== 'element' || node.tagName !== 'dl') return true;
    const terms = node.children.filter((c): c is Element => c.type === 'element');
    if (!String(terms[0]?.properties.id ?? '').startsWith(`${idPrefix}comment-`)) return true;
    for (let i = 0; i < terms.length; i++) {
      const dt = terms[i]!;
      if (dt.tagName !== 'dt') continue;
      const dd = terms[i + 1]?.tagName === 'dd' ? terms[i + 1]! : undefined;
      const wordId = String(dt.properties.id).slice(`${idPrefix}comment-`.length);
      const paragraphs = (dd?.children ?? [])
        .filter((c): c is Element => c.type === 'element')
        .map((p) => toString(withoutBackLinks(p)).replace(/\s+/g, ' ').trim());
      found.push({ wordId, text: paragraphs.filter(Boolean).join('\n'), marker: found.length });
    }
    return false;
  });
  return found;
}

/** Takes mammoth's footnote and endnote lists (an <ol> at the end) out of the tree: note id → its content. */
function takeNotes(hast: HastRoot): Map<string, ElementContent[]> {
  const notes = new Map<string, ElementContent[]>();
  hast.children = hast.children.filter((node) => {
    if (node.type !== 'element' || node.tagName !== 'ol') return true;
    const items = node.children.filter((c): c is Element => c.type === 'element');
    const isNotes =
      items.length > 0 &&
      items.every(
        (li) =>
          /^(?:foot|end)note-/.test(String(li.properties.id ?? '').slice(idPrefix.length)) &&
          String(li.properties.id).startsWith(idPrefix),
      );
    if (!isNotes) return true;
    for (const li of items) notes.set(String(li.properties.id).slice(idPrefix.length), withoutBackLinks(li).children);
    return false;
  });
  return notes;
}

/** Removes mammoth's «↑» links back to the text, and the space before them. */
function withoutBackLinks(node: Element): Element {
  const strip = (el: Element): Element => {
    const children = el.children
      .filter(
        (c) =>
          !(
            c.type === 'element' &&
            c.tagName === 'a' &&
            String(c.properties.href ?? '').startsWith(`#${idPrefix}`) &&
            String(c.properties.href).includes('-ref-')
          ),
      )
      .map((c) => (c.type === 'element' ? strip(c) : c));
    const last = children[children.length - 1];
    if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '');
    return { ...el, children };
  };
  return strip(node);
}

const headingTags = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/** The title: the document's first block, when it is the highest heading. It is taken out of the text. */
function takeTitle(hast: HastRoot): string | undefined {
  const first = hast.children.find((c) => c.type === 'element' || (c.type === 'text' && c.value.trim()));
  if (!first || first.type !== 'element' || !headingTags.includes(first.tagName)) return undefined;
  const levels = headings(hast).map((h) => Number(h.tagName[1]));
  if (Number(first.tagName[1]) > Math.min(...levels)) return undefined;
  const title = toString(first).replace(/\s+/g, ' ').trim();
  if (!title) return undefined;
  hast.children.splice(hast.children.indexOf(first), 1);
  return title;
}

/** Moves the headings so that the highest one left is `##` (the title is in the front matter). */
function shiftHeadings(hast: HastRoot): void {
  const found = headings(hast);
  if (found.length === 0) return;
  const shift = 2 - Math.min(...found.map((h) => Number(h.tagName[1])));
  for (const h of found) h.tagName = `h${Math.min(6, Number(h.tagName[1]) + shift)}`;
}

function headings(hast: HastRoot): Element[] {
  const found: Element[] = [];
  visit(hast, 'element', (node: Element) => {
    if (headingTags.includes(node.tagName)) found.push(node);
  });
  return found;
}
