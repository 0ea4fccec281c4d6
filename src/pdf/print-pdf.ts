/**
 * Stage 4, pdf: loads build/report.html from a loopback server in headless Chromium and prints
 * it (A4, tagged, with bookmarks). Every failed request, page error, missing asset or font that
 * did not load is a build error. The PDF is written atomically: a failed print never touches
 * the previous build/report.pdf.
 *
 * The tab is usually made ready before the HTML exists (prepare-tab.ts); here it loads the page,
 * checks fonts and characters, prunes soft hyphens, prints with page numbers in the table of
 * contents, and finishes the file while the browser closes.
 */
import type { PDFDocument } from 'pdf-lib';
import type { Page } from 'puppeteer-core';
import { EnvironmentError, PrintProblems } from '../core/problems.ts';
import { writeAtomic } from '../core/write-atomic.ts';
import { rm } from 'node:fs/promises';
import { PrintTimeout, withTimeout } from './browser.ts';
import type { PdfMetadata } from './finish-pdf.ts';
import type { PageFacts } from './ua/make-accessible.ts';
import { prepareTab, releaseTab, type PageMemory, type PrintTab } from './prepare-tab.ts';
import { applyRememberedPruning, keepOnlyUsedSoftHyphens, StaleMemory, type PrunedChapters } from './soft-hyphens.ts';

/**
 * The code that reads and finishes the PDF (pdf-lib, 1 MB): loaded while the page loads in the
 * browser, when Node has nothing else to do, instead of before.
 */
const pdfTools = () =>
  Promise.all([import('./read-pdf.ts'), import('./finish-pdf.ts'), import('./pdf-outline.ts')]).then(
    ([read, finish, outline]) => ({ ...read, ...finish, ...outline }),
  );
type PdfTools = Awaited<ReturnType<typeof pdfTools>>;

/** How to print. */
export interface PrintOptions {
  /** Folder served to the browser (build/). */
  root: string;
  /** Page to print, relative to root. */
  page: string;
  /** Where the PDF goes. */
  output: string;
  /** Milliseconds the whole print may take (load + pdf); 0 = no limit. */
  timeout: number;
  /** Document information written into the PDF. */
  metadata: PdfMetadata;
  /**
   * A quick draft for review rounds (the preview's «PDF» link): untagged, no bookmarks, soft
   * hyphens left in the text. Page numbers in the table of contents are right all the same.
   */
  draft?: boolean;
  /** A file where the table of contents' page numbers are remembered between builds (saves a pass when they still hold). */
  pageMemory?: string;
  /**
   * A fingerprint of everything besides a chapter's own HTML that decides where its lines
   * break (styles, fonts, images): the soft hyphens pruned in the last build are reused for
   * unchanged chapters while it is the same.
   */
  layout?: string;
}

/**
 * Prints `options.page` to `options.output` in `prepared` (a tab made ready earlier, see
 * prepare-tab.ts), or in a tab of a browser launched here.
 */
export async function printPdf(
  options: PrintOptions,
  prepared?: PrintTab | Promise<PrintTab>,
): Promise<{ bytes: number; phases: { step: string; ms: number }[]; browser: string }> {
  const phases: { step: string; ms: number }[] = [];
  let last = performance.now();
  const phase = (step: string) => {
    const now = performance.now();
    phases.push({ step, ms: now - last });
    last = now;
  };
  let tab: PrintTab | undefined;
  let released: Promise<void> | undefined;
  const release = () => (released ??= tab ? releaseTab(tab) : Promise.resolve());
  try {
    tab = await (prepared ??
      prepareTab({ root: options.root, pageMemory: options.pageMemory, asPrinted: !options.draft }));
    phase('7a nettleser klar');
    const browser = tab.browser.version();
    const work = printInTab(tab, options, phase);
    work.catch(() => undefined);
    const printed = await withTimeout(Promise.race([work, tab.gone]), options.timeout);
    const printedBy = await browser;
    // Backstop for what the in-page check cannot see (e.g. generated content): every font in the PDF must be ours.
    for (const font of foreignFonts(printed.bytes))
      tab.problems.push(`PDF-en bruker reserveskriften «${font}»: et tegn mangler i rapportens skrifter`);
    if (tab.problems.length) throw new PrintProblems(tab.problems);
    // The browser is done: it closes while the file is finished and written.
    void release();
    if (options.draft) {
      await writeAtomic(options.output, printed.bytes);
      return { bytes: printed.bytes.length, phases, browser: printedBy };
    }
    const { finishPdf, openPdf } = await printed.tools;
    const finished = finishPdf(
      printed.bytes,
      printed.doc ?? (await openPdf(printed.bytes)),
      printed.headings,
      { ...options.metadata, browser: printedBy },
      printed.facts,
    );
    phase('7f bokmerker og metadata');
    await writeAtomic(options.output, finished.bytes);
    await release();
    phase('7g skriv og lukk');
    return { bytes: finished.bytes.length, phases, browser: printedBy };
  } catch (error) {
    void release();
    // Remembered soft hyphens that turned out not to fit the page are forgotten, so the next build measures them.
    if (error instanceof StaleMemory && options.pageMemory) await rm(options.pageMemory, { force: true });
    if (error instanceof PrintProblems || error instanceof EnvironmentError) throw error;
    if (error instanceof PrintTimeout) {
      throw new EnvironmentError(
        `PDF-utskriften tok mer enn ${String(options.timeout / 1000).replace('.', ',')} sekunder og ble avbrutt`,
        'Øk grensen med --timeout <sekunder> (0 = ingen grense); den forrige build/report.pdf er urørt',
      );
    }
    const message = (error as Error).message ?? String(error);
    throw new EnvironmentError(
      /Target closed|Session closed|crash|disconnected|Connection closed/i.test(message)
        ? `Nettleseren stoppet under utskriften (${message.split('\n')[0]})`
        : `PDF-utskriften feilet: ${message.split('\n')[0]}`,
      'Prøv igjen; hvis det gjentar seg, sjekk at maskinen har nok minne. Den forrige build/report.pdf er urørt',
      { cause: error },
    );
  } finally {
    await release();
  }
}

/** The printed PDF, already parsed (the finishing step reuses it instead of parsing again), and the headings it has bookmarks for. */
interface Printed {
  bytes: Uint8Array;
  /** Absent for drafts, which are not parsed again. */
  doc?: PDFDocument;
  headings: string[];
  /** What the PDF/UA finishing needs from the page (links' texts, the table of contents' targets). */
  facts?: PageFacts;
  tools: Promise<PdfTools>;
}

/** Load, check, prune, print: everything that happens in the tab. */
async function printInTab(tab: PrintTab, options: PrintOptions, phase: (step: string) => void): Promise<Printed> {
  const { page, problems } = tab;
  const remembered = tab.memory?.hyphens;
  if (!options.draft && options.layout) {
    // Registered every time: it also marks each chapter for what this build measures.
    const usable =
      remembered &&
      remembered.layout === options.layout &&
      remembered.width === tab.memory?.width &&
      page.viewport()?.width === remembered.width;
    await page.evaluateOnNewDocument(applyRememberedPruning, usable ? remembered.chapters : {});
  }
  const loading = page.goto(`${tab.server.origin}/${options.page}`, { waitUntil: 'load', timeout: 0 });
  const tools = pdfTools();
  tools.catch(() => undefined); // awaited below
  await loading;
  phase('7b last side');
  // Everything the page is asked before printing is asked at once: it answers in order, and each
  // question on its own would first wait a round trip (≈ 4 ms) for the answer before. Nothing
  // here changes what the others see: pruning keeps every line as it was, collectHeadings
  // ignores soft hyphens, and page numbers sit in the table of contents, outside the chapters.
  const fontProblems = page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.status === 'error').map((f) => `${f.family} ${f.weight} ${f.style}`);
  });
  const uncovered = page.evaluate(findUncoveredCharacters);
  const pruning = options.draft ? undefined : keepOnlyUsedSoftHyphens(page);
  const headings = page.evaluate(collectHeadings);
  const facts = options.draft ? undefined : page.evaluate(collectPageFacts);
  const toc = tableOfContentsFromMemory(page, options.draft ? undefined : tab.memory?.pages);
  // Answers not awaited because an earlier one failed must not end the process as unhandled.
  for (const answer of [fontProblems, uncovered, pruning, headings, facts, toc]) answer?.catch(() => undefined);
  for (const font of await fontProblems) problems.push(`Skriften «${font}» kunne ikke lastes`);
  for (const missing of await uncovered) {
    problems.push(
      `Tegnet «${missing.char}» (U+${missing.code}) finnes ikke i skriften ${missing.family} og ville blitt erstattet av en annen skrift: «…${missing.context}…»`,
    );
  }
  if (problems.length) throw new PrintProblems(problems);
  phase('7c skrifter og tegn');
  let width: number | undefined;
  let pruned: PrunedChapters | undefined;
  if (pruning) {
    ({ width, chapters: pruned } = await pruning);
    phase('7d orddeling');
  }
  const found = await headings;
  const printed = await printWithPageNumbers(page, found, !options.draft, tools, await toc);
  phase('7e skriv ut (med sidetall i innholdet)');
  if (options.pageMemory && printed.pages && !options.draft) {
    const hyphens =
      options.layout && width && pruned && Object.keys(pruned).length
        ? { layout: options.layout, width, chapters: pruned }
        : undefined;
    const remembered: PageMemory = { width, pages: printed.pages, hyphens };
    await writeAtomic(options.pageMemory, JSON.stringify(remembered)).catch(() => undefined);
  }
  return { bytes: printed.bytes, doc: printed.doc, headings: found.map((h) => h.text), facts: await facts, tools };
}

/** page.pdf() with the options every print uses; `tagged` also adds the bookmarks. */
function printOnce(page: Page, tagged: boolean): Promise<Uint8Array> {
  return page.pdf({
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: false,
    tagged,
    outline: tagged,
    timeout: 0,
    waitForFonts: true,
  });
}

/** What the table of contents holds before printing: whether there is one, and the remembered numbers filled in. */
interface TocBeforePrint {
  hasToc: boolean;
  /** The remembered page numbers, and the result of filling them in (absent: none remembered). */
  known?: Record<string, number>;
  fromMemory?: { changed: boolean; missing: string[] };
}

/** Asks the page whether it has a table of contents and fills in the remembered numbers, in one go. */
async function tableOfContentsFromMemory(page: Page, known?: Record<string, number>): Promise<TocBeforePrint> {
  const [hasToc, fromMemory] = await Promise.all([
    page.evaluate(() => document.querySelector('.toc-page[data-target]') !== null),
    known ? page.evaluate(fillTableOfContents, known) : undefined,
  ]);
  return { hasToc, known, fromMemory };
}

/**
 * Chromium has no target-counter(), so the table of contents gets its page numbers in passes.
 * Pass 1 is a cheaper untagged print whose named destinations say where every linked heading
 * landed; the numbers go into the page, and the final tagged print follows. Its bookmarks are
 * read back to confirm every number (another pass if one moved; more than four is an error).
 * The TOC's lines have the same length with or without numbers, so one confirmation suffices.
 */
async function printWithPageNumbers(
  page: Page,
  headings: { id: string; text: string }[],
  tagged: boolean,
  tools: Promise<PdfTools>,
  toc: TocBeforePrint,
): Promise<{ bytes: Uint8Array; doc?: PDFDocument; pages?: Record<string, number> }> {
  const { hasToc, known, fromMemory } = toc;
  // The numbers the table of contents shows now, by heading id.
  let shown: Record<string, number> = {};
  if (hasToc) {
    // The page numbers of the last build are usually still right: they were tried first
    // (tableOfContentsFromMemory); fall back to the quick untagged pass when they do not cover
    // every entry.
    shown = known ?? {};
    if (!fromMemory || fromMemory.missing.length) {
      const draft = await printOnce(page, false);
      const { destinationPages, openPdf } = await tools;
      shown = Object.fromEntries(destinationPages(await openPdf(draft)));
      const result = await page.evaluate(fillTableOfContents, shown);
      if (result.missing.length)
        throw new Error(`Innholdsfortegnelsen viser til overskrifter som ikke finnes: ${result.missing.join(', ')}`);
    }
  }
  for (let pass = 1; pass <= 4; pass++) {
    const bytes = await printOnce(page, tagged);
    // A draft takes the numbers from pass 1 on trust (they hold unless the TOC changes length).
    if (!tagged) return { bytes };
    const { openPdf, readOutline } = await tools;
    const doc = await openPdf(bytes);
    if (!hasToc) return { bytes, doc };
    const pages = readOutline(doc).map((item) => item.page);
    if (pages.length !== headings.length)
      throw new Error(`PDF-en har ${pages.length} bokmerker, men siden har ${headings.length} overskrifter`);
    const pageOf = Object.fromEntries(headings.map((h, i) => [h.id, pages[i]!]));
    // Every heading the table of contents can name is one of these; if none moved, the page
    // is not asked (it is busy laying itself out for the screen again after printing).
    if (Object.entries(pageOf).every(([id, number]) => !(id in shown) || shown[id] === number))
      return { bytes, doc, pages: pageOf };
    const result = await page.evaluate(fillTableOfContents, pageOf);
    shown = pageOf;
    if (!result.changed) return { bytes, doc, pages: pageOf };
  }
  throw new Error('Sidetallene i innholdsfortegnelsen ble ikke stabile etter fire utskrifter');
}

/** Runs in the page: every heading (h1–h6) in document order, with its id and clean text. */
function collectHeadings(): { id: string; text: string }[] {
  return [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter((h) => getComputedStyle(h).display !== 'none')
    .map((h) => ({
      id: h.id,
      text: (h.textContent ?? '')
        .replace(/\u00ad/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    }));
}

/**
 * Runs in the page: every link that prints, in document order, with what a reader should
 * announce for it (its accessible name), and the targets of the table of contents. The PDF's
 * link annotations get these as their descriptions (PDF/UA 7.18.5-2).
 *
 * Passages in another language: Chromium writes an element's `lang` as /Lang only when the
 * element gets a structure element of its own, and a plain `<span lang="en">` does not. An
 * explicit `role="generic"` (the role a span has anyway) makes it one, in this tab only: the
 * HTML edition is unchanged. The languages are returned, so the finishing step can confirm
 * that each arrived in the PDF.
 */
function collectPageFacts(): PageFacts {
  const clean = (text: string) =>
    text
      .replace(/\u00ad/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const prints = (e: Element) => e.getClientRects().length > 0;
  const links = [...document.querySelectorAll<HTMLAnchorElement>('a[href]')].filter(prints).map((a) => {
    const text = clean(a.getAttribute('aria-label') ?? a.textContent ?? '');
    // A footnote reference reads «1»: say what it is.
    return { href: a.getAttribute('href') ?? '', text: a.hasAttribute('data-footnote-ref') ? `Fotnote ${text}` : text };
  });
  const tocTargets = [...document.querySelectorAll<HTMLAnchorElement>('.toc a[href^="#"]')].map((a) =>
    decodeURIComponent((a.getAttribute('href') ?? '').slice(1)),
  );
  const langs: string[] = [];
  for (const element of document.querySelectorAll<HTMLElement>('body [lang]')) {
    const inherited = element.parentElement?.closest('[lang]')?.getAttribute('lang') ?? '';
    const lang = element.getAttribute('lang') ?? '';
    if (
      !lang ||
      lang.toLowerCase() === inherited.toLowerCase() ||
      !prints(element) ||
      element.closest('[aria-hidden="true"]') ||
      !clean(element.textContent ?? '')
    )
      continue;
    if (!element.hasAttribute('role') && getComputedStyle(element).display.startsWith('inline'))
      element.setAttribute('role', 'generic');
    langs.push(lang);
  }
  const footnoteBackrefs = [...document.querySelectorAll<HTMLAnchorElement>('a[data-footnote-backref][href^="#"]')].map(
    (a) => decodeURIComponent((a.getAttribute('href') ?? '').slice(1)),
  );
  return { links, tocTargets, footnoteBackrefs, langs };
}

/** Runs in the page: writes page numbers into the TOC; tells whether any number changed. */
function fillTableOfContents(pageOf: Record<string, number>): { changed: boolean; missing: string[] } {
  let changed = false;
  const missing: string[] = [];
  for (const slot of document.querySelectorAll<HTMLElement>('.toc-page[data-target]')) {
    const target = slot.dataset.target ?? '';
    const number = pageOf[target];
    if (!number) {
      missing.push(target);
      continue;
    }
    if (slot.textContent !== String(number)) {
      slot.textContent = String(number);
      changed = true;
    }
  }
  return { changed, missing };
}

/** Font families the report ships (with the fallback fonts of fonts/fallback-fonts.ts); anything else in the PDF is a silent fallback. */
const ownFonts = /^(SourceSerif4|SourceSans3|NotoNaskhArabic|NotoNastaliqUrdu|NotoSansEthiopic|NotoSansMath)/;

/** Names of embedded fonts that are not the report's own (font dictionaries are plain text in Skia's PDFs). */
export function foreignFonts(pdf: Uint8Array): string[] {
  const text = Buffer.from(pdf).toString('latin1');
  const names = new Set<string>();
  for (const match of text.matchAll(/\/BaseFont\s*\/(?:[A-Z]{6}\+)?([^\s/\]>]+)/g)) {
    if (!ownFonts.test(match[1]!)) names.add(match[1]!);
  }
  return [...names];
}

/**
 * Runs in the page: every character of the text that no @font-face of the report covers (by
 * unicode-range). Those would print in a fallback font. Both report fonts ship the same
 * subsets, so one coverage table for all faces is exact enough and scans the text in one pass.
 */
function findUncoveredCharacters(): { char: string; code: string; family: string; context: string }[] {
  const covered = new Uint8Array(0x110000);
  const families = new Set<string>();
  for (const face of document.fonts) {
    families.add(face.family.replace(/^["']|["']$/g, ''));
    for (const part of face.unicodeRange.split(',')) {
      const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
      const start = parseInt(from ?? '0', 16);
      covered.fill(1, start, (to ? parseInt(to, 16) : start) + 1);
    }
  }
  const family = [...families].join(' / ');
  const found: { char: string; code: string; family: string; context: string }[] = [];
  const text = document.body.textContent ?? '';
  const seen = new Set<number>();
  for (let i = 0; i < text.length && found.length < 20; i++) {
    const code = text.codePointAt(i)!;
    if (code > 0xffff) i++;
    if (
      covered[code] ||
      code <= 0x20 ||
      code === 0xad ||
      code === 0xa0 ||
      (code >= 0x200b && code <= 0x200f) ||
      seen.has(code)
    )
      continue;
    seen.add(code);
    found.push({
      char: String.fromCodePoint(code),
      code: code.toString(16).toUpperCase().padStart(4, '0'),
      family,
      context: text
        .slice(Math.max(0, i - 25), i + 25)
        .replace(/\s+/g, ' ')
        .trim(),
    });
  }
  return found;
}
