/**
 * The orchestrator. A build is a short list of numbered steps; each step is one stage.
 *   1. load      content/ → valid, typed data
 *   2. prepare   templates and the citation style
 *   3. markdown  chapters and measure texts → HTML fragments
 *   4. cross-check what no single file can see (unused measures and sources)
 *   5. render    the Handlebars layout → one HTML page
 *   6. write     build/report.html and its assets (only when there are no errors)
 *   7. pdf       build/report.pdf, written atomically
 * Content problems are collected across steps 1–5 and reported together; nothing is written
 * when there is an error, so the last good build survives.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser } from 'puppeteer-core';
import type { PrintTab } from '../pdf/prepare-tab.ts';
import { createCitationEngine, type CitationEngine } from '../cite/citation-engine.ts';
import { VFile } from 'vfile';
import { recordCitations, replayCitations, type StoredCitations } from '../cache/citations.ts';
import { cacheKey, DiskCache } from '../cache/disk-cache.ts';
import { restoreHyphenation, storeHyphenation } from '../cache/hyphenation.ts';
import { restoreChapter, storeChapter, type StoredChapter } from '../cache/chapters.ts';
import { restoreMessages, storeMessages, type StoredMessage } from '../cache/stored-messages.ts';
import { closest } from '../core/closest.ts';
import { ContentError, Problems } from '../core/problems.ts';
import { projectPaths, type ProjectPaths } from '../core/project.ts';
import { writeAtomic } from '../core/write-atomic.ts';
import { loadProject, type LoadedReport, type YamlCache } from '../load/load-project.ts';
import type { MarkdownContext } from '../markdown/context.ts';
import {
  createChapterProcessor,
  renderChapter,
  renderSnippet,
  type ChapterProcessor,
  type RenderedChapter,
} from '../markdown/processor.ts';
import { resolveCrossRefs } from '../markdown/cross-refs.ts';
import { reportMetadata } from '../pdf/report-metadata.ts';
import { checkBrowserPin } from './browser-pin.ts';
import { dropPrintTab, pageMemoryFile, startPrintTab, stopBrowser } from './early-print-tab.ts';
import { assetSources, collectAssets, writeAssets } from '../render/assets.ts';
import { prepareImages, type ImagePlan } from '../render/images.ts';
import { renderReport } from '../render/render-html.ts';
import { loadTemplates } from '../render/templates.ts';
import type { MeasureHtml, ReportView } from '../render/view-model.ts';

/** What to build. */
export interface BuildOptions {
  /** Project root (holds content/ and templates/). */
  root: string;
  /** Output folder; default <root>/build. */
  outDir?: string;
  /** Stop after validation and HTML rendering, writing nothing (`npm run check`). */
  checkOnly?: boolean;
  /** Hyphenate running text (default true; `npm run check` turns it off, it only shapes the page). */
  hyphenate?: boolean;
  /** Print the PDF (default true unless checkOnly). */
  pdf?: boolean;
  /** Print timeout in milliseconds (0 = none). */
  timeout?: number;
  /** A warm browser to reuse (the preview keeps one). */
  browser?: Browser;
  /**
   * Without `browser`: a Chromium already launching (startBrowser(), which the command line
   * calls before it loads the build code). The build prints with it, and closes it when done.
   */
  startedBrowser?: Promise<Browser>;
  /** Hook for the preview: renders one chapter, or returns a memoized one (default: renderChapter). */
  renderChapter?: typeof renderChapter;
  /** Kept between builds by a long-running caller (the preview): work whose inputs did not change is reused. */
  cache?: BuildCache;
  /**
   * Reuse work of earlier runs from build/.cache/: chapters, measure texts and citations whose
   * inputs are unchanged (the command line does). Only a build that writes its output adds to it.
   */
  diskCache?: boolean;
}

/** What a warm rebuild can reuse: the citation engine (for the same sources) and the measures' rendered texts. */
export interface BuildCache {
  yaml?: YamlCache;
  citations?: { key: string; engine: CitationEngine };
  snippets?: { key: string; html: Map<string, MeasureHtml>; files: VFile[]; cited: Set<string> };
}

/** An empty cache for a caller that builds again and again. */
export function createBuildCache(): BuildCache {
  return { yaml: new Map() };
}

/** One step's name and duration. */
export interface StepTiming {
  step: string;
  ms: number;
}

/** What a successful build produced. */
export interface BuildResult {
  paths: ProjectPaths;
  problems: Problems;
  timings: StepTiming[];
  html?: string;
  htmlFile?: string;
  pdfFile?: string;
  pdfBytes?: number;
  view?: ReportView;
  loaded: LoadedReport;
  chapters: RenderedChapter[];
  /** How each image used is written to build/assets/ (see render/images.ts). */
  images: ReadonlyMap<string, ImagePlan>;
}

/** Runs the build. Throws ContentError (with every problem) when the content has errors. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  // 0. A PDF build makes its browser tab ready at once: launching Chromium, opening the tab and
  //    starting the file server take half a second that runs beside steps 1–6 on the second
  //    core. The tab is closed again if the content has errors.
  const paths = projectPaths(options.root, options.outDir);
  const printing = !options.checkOnly && options.pdf !== false;
  const early = printing ? startPrintTab(paths, options.browser, options.startedBrowser) : undefined;
  if (!printing && options.startedBrowser) void stopBrowser(options.startedBrowser);
  try {
    return await runSteps(paths, options, early);
  } catch (error) {
    if (early) await dropPrintTab(early);
    throw error;
  }
}

/** Steps 1–7 (see the top of this file). */
async function runSteps(
  paths: ProjectPaths,
  options: BuildOptions,
  early: Promise<PrintTab> | undefined,
): Promise<BuildResult> {
  const problems = new Problems(paths.root);
  const timings: StepTiming[] = [];
  const step = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      timings.push({ step: name, ms: performance.now() - start });
    }
  };

  // 1. Load and validate everything the writers edit.
  const disk = options.diskCache ? new DiskCache(path.join(paths.build, '.cache')) : undefined;
  const loaded = await step('1 les innhold', () => loadProject(paths, problems, options.cache?.yaml, disk));
  // 2. Templates and citation style (a broken template is reported with the content problems).
  const [templates, styleXml] = await step('2 maler', () =>
    Promise.all([
      loadTemplates(paths, problems),
      readFile(path.join(paths.templates, 'csl', 'imdi-forfatter-aar.csl'), 'utf8'),
    ]),
  );
  if (!loaded) throw new ContentError(problems);

  // 3. Markdown → HTML for every chapter and every measure's texts (or from build/.cache/).
  const hyphenate = options.hyphenate ?? true;
  const [citations] = await Promise.all([
    citationEngineFor(loaded, styleXml, options.cache, disk),
    disk && hyphenate ? restoreHyphenation(disk) : undefined,
  ]);
  const context: MarkdownContext = {
    measures: new Map(loaded.measures.map((m) => [m.id, m])),
    charts: loaded.charts,
    citations,
    referenceIds: new Set(loaded.references.map((r) => r.id)),
    idsInError: loaded.idsInError,
    contentFiles: loaded.contentFiles,
  };
  const processor = createChapterProcessor(context, { hyphenate });
  // Everything besides its own text that a chapter's HTML depends on. A check reads what the
  // last report stored: hyphenation changes the HTML, never the problems or what a chapter found.
  const contextKey = disk
    ? cacheKey(
        hyphenate || options.checkOnly === true,
        loaded.measures,
        loaded.charts,
        loaded.references,
        styleXml,
        loaded.idsInError,
        loaded.contentFiles,
      )
    : '';
  const render = cachedRender(options.renderChapter ?? renderChapter, disk, contextKey);
  const {
    chapters: unresolved,
    measureHtml,
    measureCitations,
  } = await step('3 markdown', async () => {
    const chapters = await Promise.all(
      loaded.chapters.map((source, i) => render(processor, source, chapterPosition(loaded, i))),
    );
    chapters.forEach((c) => problems.adopt(c.file));
    const {
      html: measureHtml,
      files,
      cited: measureCitations,
    } = await measureTexts(loaded, processor, options.cache, disk, contextKey);
    files.forEach((f) => problems.adopt(f));
    return { chapters, measureHtml, measureCitations };
  });
  if (disk && hyphenate) storeHyphenation(disk);

  // 4. Cross-checks over the whole report, cross-references (numbers are known only now), and
  //    the images, checked and made ready for print.
  const { chapters, images } = await step('4 kryssjekk', async () => {
    const resolved = resolveCrossRefs(unresolved, problems);
    crossCheck(loaded, resolved, measureCitations, problems);
    const uses = resolved.flatMap((c) => c.data.imageUses.map((use) => ({ ...use, chapter: c.source.display })));
    return { chapters: resolved, images: await prepareImages(paths, uses, problems) };
  });
  const config = loaded.config;
  if (problems.errorCount > 0 || !config || !templates) throw new ContentError(problems);

  // 5. Render the layout.
  const { html, view } = await step('5 html', () =>
    renderReport({ config, loaded, chapters, measureHtml, citations, templates }),
  );
  if (options.checkOnly) return { paths, problems, timings, html, view, loaded, chapters, images };

  // 6. Write the HTML edition and its assets.
  const htmlFile = path.join(paths.build, 'report.html');
  let layout = '';
  await step('6 skriv html', async () => {
    const assets = await collectAssets(paths, images, disk);
    // Styles, fonts and images: with a chapter's own HTML, they decide where its lines break.
    const sources = await assetSources(assets);
    layout = cacheKey(assets.map((a, i) => [a.target, sources[i]]));
    await writeAssets(paths.build, assets);
    await Promise.all([writeAtomic(htmlFile, html), disk?.flush()]);
  });

  // 7. Print the PDF.
  if (options.pdf === false) return { paths, problems, timings, html, htmlFile, view, loaded, chapters, images };
  const pdfFile = path.join(paths.build, 'report.pdf');
  // Loaded only when printing, so `check` and HTML-only builds start without the browser code.
  const { printPdf } = await import('../pdf/print-pdf.ts');
  const { bytes, phases, browser } = await step('7 pdf', () =>
    printPdf(
      {
        root: paths.build,
        page: 'report.html',
        output: pdfFile,
        timeout: options.timeout ?? 120_000,
        pageMemory: pageMemoryFile(paths),
        layout,
        metadata: reportMetadata(config),
      },
      early,
    ),
  );
  timings.push(...phases);
  await checkBrowserPin(paths.root, browser, problems);
  return { paths, problems, timings, html, htmlFile, pdfFile, pdfBytes: bytes, view, loaded, chapters, images };
}

/**
 * The citation engine for these sources: reused from the cache while the sources and the style
 * are the same, or replayed from build/.cache/ (the real engine is then created only if needed).
 */
async function citationEngineFor(
  loaded: LoadedReport,
  styleXml: string,
  cache: BuildCache | undefined,
  disk: DiskCache | undefined,
): Promise<CitationEngine> {
  const key = JSON.stringify(loaded.references) + styleXml;
  if (cache?.citations?.key === key) return cache.citations.engine;
  const create = () => createCitationEngine(loaded.references, styleXml);
  let engine: CitationEngine;
  if (disk) {
    const diskKey = cacheKey(loaded.references, styleXml);
    const stored = await disk.get<StoredCitations>('citations', diskKey);
    if (stored) engine = replayCitations(stored, create);
    else {
      engine = create();
      const real = engine;
      disk.set('citations', diskKey, () =>
        recordCitations(
          real,
          loaded.references.map((r) => r.id),
        ),
      );
    }
  } else engine = create();
  if (cache) cache.citations = { key, engine };
  return engine;
}

/** Renders chapters through build/.cache/: a chapter whose text, place and context are unchanged comes from there. */
function cachedRender(
  render: typeof renderChapter,
  disk: DiskCache | undefined,
  contextKey: string,
): typeof renderChapter {
  if (!disk) return render;
  return async (processor, source, position) => {
    const slot = `chapter-${source.ref}`;
    const key = cacheKey(contextKey, source.display, source.text, position);
    const stored = await disk.get<StoredChapter>(slot, key);
    if (stored) return restoreChapter(stored, source);
    const chapter = await render(processor, source, position);
    disk.set(slot, key, storeChapter(chapter));
    return chapter;
  };
}

/** Every measure's description and cost note as HTML; reused while measures, sources, charts and files are the same. */
async function measureTexts(
  loaded: LoadedReport,
  processor: ChapterProcessor,
  cache: BuildCache | undefined,
  disk: DiskCache | undefined,
  contextKey: string,
): Promise<NonNullable<BuildCache['snippets']>> {
  const key = JSON.stringify([
    loaded.measures,
    [...loaded.measurePositions],
    loaded.references.map((r) => r.id),
    [...loaded.charts.keys()].sort(),
    [...loaded.contentFiles].sort(),
    [...loaded.idsInError].sort(),
  ]);
  if (cache?.snippets?.key === key) return cache.snippets;
  const diskKey = disk ? cacheKey(contextKey, key) : '';
  const stored = await disk?.get<StoredSnippets>('measure-texts', diskKey);
  if (stored) {
    const files = stored.files.map((f) => {
      const file = new VFile({ path: f.path });
      restoreMessages(file, f.messages);
      return file;
    });
    const result = { key, html: new Map(stored.html), files, cited: new Set(stored.cited) };
    if (cache) cache.snippets = result;
    return result;
  }
  const cited = new Set<string>();
  const html = new Map<string, MeasureHtml>();
  const files: VFile[] = [];
  for (const measure of loaded.measures) {
    const where = loaded.measurePositions.get(measure.id);
    const snippet = (text: string, line: number | undefined) =>
      renderSnippet(
        processor,
        text,
        { display: 'content/measures.yaml', ref: 'measures.yaml', line: line ?? 1 },
        cited,
      );
    const description = await snippet(measure.description, startLine(where?.description));
    const costNote = measure.cost ? await snippet(measure.cost.note, startLine(where?.costNote)) : undefined;
    files.push(description.file, ...(costNote ? [costNote.file] : []));
    html.set(measure.id, { description: description.html, costNote: costNote?.html ?? '' });
  }
  const result = { key, html, files, cited };
  if (cache) cache.snippets = result;
  disk?.set('measure-texts', diskKey, {
    html: [...html],
    files: files.map((f) => ({ path: f.path, messages: storeMessages(f) })),
    cited: [...cited],
  } satisfies StoredSnippets);
  return result;
}

/** The measures' texts, as stored in build/.cache/. */
interface StoredSnippets {
  html: [string, MeasureHtml][];
  files: { path: string; messages: StoredMessage[] }[];
  cited: string[];
}

/** Chapter numbering: numbered chapters 1, 2, …; appendices V1, V2, …; ids k1-, k2-, …. */
function chapterPosition(loaded: LoadedReport, index: number): { idPrefix: string; number: string } {
  let chapter = 0;
  let appendix = 0;
  let number = '';
  for (let i = 0; i <= index; i++) {
    const fm = loaded.chapters[i]!.frontMatter;
    if (fm.appendix) number = `V${++appendix}`;
    else if (fm.numbered) number = String(++chapter);
    else number = '';
  }
  return { idPrefix: `k${index + 1}-`, number };
}

function startLine(position: { start: { line: number } } | undefined): number | undefined {
  return position?.start.line;
}

/** Warnings no single file can see: measures never mentioned, sources never cited. */
function crossCheck(
  loaded: LoadedReport,
  chapters: RenderedChapter[],
  measureCitations: Set<string>,
  problems: Problems,
): void {
  const mentioned = new Set(chapters.flatMap((c) => [...c.data.measureRefs]));
  const hasFullList = chapters.some((c) => /data-name="measures-table" data-filter="all"/.test(c.html));
  for (const measure of loaded.measures) {
    if (!mentioned.has(measure.id)) {
      problems.add(
        'content/measures.yaml',
        'measure-unused',
        { id: measure.id, title: measure.title },
        loaded.measurePositions.get(measure.id)?.id,
      );
    }
  }
  if (mentioned.size > 0 && !hasFullList) {
    problems.add('content/report.yaml', 'measures-list-missing', {}, undefined);
  }
  const cited = new Set([
    ...chapters.flatMap((c) => [...c.data.citedKeys]),
    ...measureCitations,
    ...loaded.measures.flatMap((m) => m.evidence ?? []),
  ]);
  for (const reference of loaded.references) {
    if (!cited.has(reference.id))
      problems.add('content/references.yaml', 'reference-unused', { id: reference.id }, undefined);
  }
  checkInternalLinks(chapters, problems);
  const hasBibliography = chapters.some((c) => /data-name="bibliography"/.test(c.html));
  if (cited.size > 0 && !hasBibliography) {
    problems.add('content/report.yaml', 'bibliography-missing', {}, undefined);
  }
}

/** Every `[…](#anchor)` a writer made must lead to an id in the same chapter (or a report-wide one). */
function checkInternalLinks(chapters: RenderedChapter[], problems: Problems): void {
  const ids = new Set(chapters.flatMap((c) => [...c.html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!)));
  for (const chapter of chapters) {
    ids.add(`${chapter.data.idPrefix}title`);
    ids.add(chapter.data.idPrefix.replace(/-$/, ''));
  }
  for (const chapter of chapters) {
    const own = chapter.data.headings.map((h) => h.id.slice(chapter.data.idPrefix.length));
    for (const link of chapter.data.internalLinks) {
      if (/^(tiltak-|ref-)/.test(link.target) || ids.has(link.target) || ids.has(chapter.data.idPrefix + link.target))
        continue;
      problems.add(
        chapter.source.display,
        'link-anchor',
        { target: link.target, suggestion: closest(link.target, own) },
        link.place,
      );
    }
  }
}
