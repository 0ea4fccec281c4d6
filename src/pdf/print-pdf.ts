/**
 * Stage 4, pdf: loads build/report.html from a loopback server in headless Chromium and prints
 * it (A4, tagged, with bookmarks). Every failed request, page error, missing asset or font that
 * did not load is a build error. The PDF is written atomically: a failed print never touches
 * the previous build/report.pdf.
 */
import { readFile } from 'node:fs/promises';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { EnvironmentError, PrintProblems } from '../core/problems.ts';
import { writeAtomic } from '../core/write-atomic.ts';
import { findBrowser } from './find-browser.ts';
import { serveStatic, type StaticServer } from './static-server.ts';
import { finishPdf, type PdfMetadata } from './finish-pdf.ts';
import { PDFDocument } from 'pdf-lib';
import { destinationPages, readOutline } from './pdf-outline.ts';

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
}

/** Flags every launch needs here: no sandbox as root, and no background traffic on a closed network. */
export function browserArgs(): string[] {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--font-render-hinting=none',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/** Launches the browser once (reuse it for several prints). */
export async function launchBrowser(): Promise<Browser> {
  const executable = await findBrowser();
  try {
    // A browser that dies while starting can leave launch() pending forever; the timer both
    // bounds the wait and keeps the process alive until the error is reported.
    return await withTimeout(
      puppeteer.launch({ executablePath: executable.path, headless: true, args: browserArgs(), pipe: true, protocolTimeout: 0 }),
      60_000,
    );
  } catch (error) {
    const first = (error as Error).message.split('\n')[0] ?? '';
    if (/Target closed|Connection closed|crash|disconnected/i.test(first)) {
      throw new EnvironmentError(`Nettleseren stoppet mens den startet (${first})`, 'Prøv igjen; hvis det gjentar seg, sjekk at maskinen har nok minne. Den forrige build/report.pdf er urørt', { cause: error });
    }
    throw new EnvironmentError(
      `Nettleseren ${executable.path} startet ikke: ${first}`,
      'Sjekk at Chromium er riktig installert (prøv «chromium --headless --no-sandbox --version»)',
      { cause: error },
    );
  }
}

/**
 * Prints `options.page` to `options.output`. Uses `browser` if given (a warm one stays open),
 * else launches one; `owned` hands a given browser over to be closed here (the build starts one
 * early, while it renders the HTML).
 */
export async function printPdf(
  options: PrintOptions,
  browser?: Browser | Promise<Browser>,
  owned = !browser,
): Promise<{ bytes: number; phases: { step: string; ms: number }[] }> {
  const phases: { step: string; ms: number }[] = [];
  let last = performance.now();
  const phase = (step: string) => {
    const now = performance.now();
    phases.push({ step, ms: now - last });
    last = now;
  };
  const ownBrowser = owned;
  const active = await (browser ?? launchBrowser());
  if (ownBrowser) phase('7a start nettleser');
  let server: StaticServer | undefined;
  let page: Page | undefined;
  let failed = false;
  const problems: string[] = [];
  let headings: string[] = [];
  // If the browser dies (crash, killed, out of memory), every pending call must fail at once.
  const gone = new Promise<never>((_, reject) => active.once('disconnected', () => reject(new Error('Nettleseren ble koblet fra (disconnected)'))));
  gone.catch(() => undefined);
  try {
    server = await serveStatic(options.root);
    const origin = server.origin;
    const work = (async () => {
      page = await active.newPage();
      await watchPage(page, origin, problems);
      await page.goto(`${origin}/${options.page}`, { waitUntil: 'load', timeout: 0 });
      phase('7b last side');
      const fontProblems = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].filter((f) => f.status === 'error').map((f) => `${f.family} ${f.weight} ${f.style}`);
      });
      for (const font of fontProblems) problems.push(`Skriften «${font}» kunne ikke lastes`);
      for (const missing of await page.evaluate(findUncoveredCharacters)) {
        problems.push(`Tegnet «${missing.char}» (U+${missing.code}) finnes ikke i skriften ${missing.family} og ville blitt erstattet av en annen skrift: «…${missing.context}…»`);
      }
      if (problems.length) throw new PrintProblems(problems);
      phase('7c skrifter og tegn');
      if (!options.draft) {
        await keepOnlyUsedSoftHyphens(page);
        phase('7d orddeling');
      }
      const found = await page.evaluate(collectHeadings);
      headings = found.map((h) => h.text);
      const printed = await printWithPageNumbers(page, found, !options.draft, options.draft ? undefined : options.pageMemory);
      phase('7e skriv ut (med sidetall i innholdet)');
      return printed;
    })();
    work.catch(() => undefined);
    const printed = await withTimeout(Promise.race([work, gone]), options.timeout);
    // Backstop for what the in-page check cannot see (e.g. generated content): every font in the PDF must be ours.
    for (const font of foreignFonts(printed.bytes)) problems.push(`PDF-en bruker reserveskriften «${font}»: et tegn mangler i rapportens skrifter`);
    if (problems.length) throw new PrintProblems(problems);
    if (options.draft) {
      await writeAtomic(options.output, printed.bytes);
      return { bytes: printed.bytes.length, phases };
    }
    const finished = finishPdf(printed.bytes, printed.doc ?? (await PDFDocument.load(printed.bytes, { updateMetadata: false })), headings, options.metadata);
    phase('7f bokmerker og metadata');
    await writeAtomic(options.output, finished.bytes);
    return { bytes: finished.bytes.length, phases };
  } catch (error) {
    failed = true;
    if (error instanceof PrintProblems || error instanceof EnvironmentError) throw error;
    if (error instanceof PrintTimeout) {
      throw new EnvironmentError(
        `PDF-utskriften tok mer enn ${String(options.timeout / 1000).replace('.', ',')} sekunder og ble avbrutt`,
        'Øk grensen med --timeout <sekunder> (0 = ingen grense); den forrige build/report.pdf er urørt',
      );
    }
    const message = (error as Error).message ?? String(error);
    throw new EnvironmentError(
      /Target closed|Session closed|crash|disconnected|Connection closed/i.test(message) ? `Nettleseren stoppet under utskriften (${message.split('\n')[0]})` : `PDF-utskriften feilet: ${message.split('\n')[0]}`,
      'Prøv igjen; hvis det gjentar seg, sjekk at maskinen har nok minne. Den forrige build/report.pdf er urørt',
      { cause: error },
    );
  } finally {
    // A crashed or stuck browser answers nothing: never wait for it for long. After a failure,
    // a browser we started is simply killed; a shared (warm) one only loses its page.
    const openPage = page as Page | undefined;
    if (ownBrowser && failed) await closeBrowser(active, 0);
    else {
      if (openPage && active.connected) await withTimeout(openPage.close(), 3000).catch(() => undefined);
      if (ownBrowser) await closeBrowser(active);
    }
    await server?.close();
  }
}

/**
 * Soft hyphens that do not end a line would still travel into the PDF's text (copy-paste,
 * search, screen readers) as invisible characters inside words. So lay the page out exactly as
 * it will be printed, find which soft hyphens actually end a line, and remove all the others.
 * Removing an unused break opportunity cannot change where lines break.
 */
async function keepOnlyUsedSoftHyphens(page: Page): Promise<void> {
  await page.emulateMediaType('print');
  const contentWidth = await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;visibility:hidden;width:var(--page-content-width)';
    document.body.append(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
  });
  // The body is as wide as the printed page's content box; the viewport adds the body's margins (none in print).
  await page.setViewport({ width: Math.round(contentWidth), height: 1200 });
  await page.evaluate(pruneSoftHyphens);
}

/**
 * Runs in the page: removes every soft hyphen that does not end a line. For each text node it
 * finds where its lines break (a binary search per line over the characters' boxes), so the
 * cost grows with the number of lines, not with the number of soft hyphens.
 */
function pruneSoftHyphens(): number {
  const SHY = '\u00ad';
  let removed = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.nodeValue?.includes(SHY)) nodes.push(node as Text);
  const range = document.createRange();
  for (const node of nodes) {
    const value = node.nodeValue ?? '';
    // A range that starts right at a line break also yields an empty box at the end of the line
    // before; only boxes with width say where a character really is.
    const top = (index: number) => {
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      const rects = range.getClientRects();
      for (let r = rects.length - 1; r >= 0; r--) if (rects[r]!.width > 0) return rects[r]!.top;
      return NaN;
    };
    const visible: number[] = [];
    for (let i = 0; i < value.length; i++) if (value[i] !== SHY && value[i] !== '\n') visible.push(i);
    const keep = new Set<number>();
    let lastTop = NaN;
    for (let k = visible.length - 1; k >= 0 && Number.isNaN(lastTop); k--) lastTop = top(visible[k]!);
    let from = 0;
    while (from < visible.length - 1) {
      const lineTop = top(visible[from]!);
      if (!(lastTop > lineTop + 1)) break; // the rest is on this line
      let lo = from + 1;
      let hi = visible.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (top(visible[mid]!) > lineTop + 1) hi = mid;
        else lo = mid + 1;
      }
      // visible[lo] starts the next line: a soft hyphen just before it ended this one.
      if (value[visible[lo]! - 1] === SHY) keep.add(visible[lo]! - 1);
      from = lo;
    }
    let next = '';
    for (let i = 0; i < value.length; i++) {
      if (value[i] === SHY && !keep.has(i)) removed++;
      else next += value[i];
    }
    if (next !== value) node.nodeValue = next;
  }
  return removed;
}

/** page.pdf() with the options every print uses; `tagged` also adds the bookmarks. */
function printOnce(page: Page, tagged: boolean): Promise<Uint8Array> {
  return page.pdf({ printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, tagged, outline: tagged, timeout: 0, waitForFonts: true });
}

/** The printed PDF, already parsed (the finishing step reuses it instead of parsing again). */
interface Printed {
  bytes: Uint8Array;
  /** Absent for drafts, which are not parsed again. */
  doc?: PDFDocument;
}

/**
 * Chromium has no target-counter(), so the table of contents gets its page numbers in passes.
 * Pass 1 is a cheaper untagged print whose named destinations say where every linked heading
 * landed; the numbers go into the page, and the final tagged print follows. Its bookmarks are
 * read back to confirm every number (another pass if one moved; more than four is an error).
 * The TOC's lines have the same length with or without numbers, so one confirmation suffices.
 */
async function printWithPageNumbers(page: Page, headings: { id: string; text: string }[], tagged: boolean, remembered?: string): Promise<Printed> {
  const hasToc = await page.evaluate(() => document.querySelector('.toc-page[data-target]') !== null);
  if (hasToc) {
    // The page numbers of the last build are usually still right: try them first, and fall
    // back to the quick untagged pass when they do not cover every entry.
    const known = remembered ? await readRemembered(remembered) : undefined;
    const fromMemory = known ? await page.evaluate(fillTableOfContents, known) : undefined;
    if (!fromMemory || fromMemory.missing.length) {
      const draft = await printOnce(page, false);
      const pageOf = destinationPages(await PDFDocument.load(draft, { updateMetadata: false }));
      const result = await page.evaluate(fillTableOfContents, Object.fromEntries(pageOf));
      if (result.missing.length) throw new Error(`Innholdsfortegnelsen viser til overskrifter som ikke finnes: ${result.missing.join(', ')}`);
    }
  }
  for (let pass = 1; pass <= 4; pass++) {
    const bytes = await printOnce(page, tagged);
    // A draft takes the numbers from pass 1 on trust (they hold unless the TOC changes length).
    if (!tagged) return { bytes };
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    if (!hasToc) return { bytes, doc };
    const pages = readOutline(doc).map((item) => item.page);
    if (pages.length !== headings.length) throw new Error(`PDF-en har ${pages.length} bokmerker, men siden har ${headings.length} overskrifter`);
    const pageOf = Object.fromEntries(headings.map((h, i) => [h.id, pages[i]!]));
    const result = await page.evaluate(fillTableOfContents, pageOf);
    if (!result.changed) {
      if (remembered) await writeAtomic(remembered, JSON.stringify(pageOf)).catch(() => undefined);
      return { bytes, doc };
    }
  }
  throw new Error('Sidetallene i innholdsfortegnelsen ble ikke stabile etter fire utskrifter');
}

/** The page numbers a previous build found (heading id → page), if any. */
async function readRemembered(file: string): Promise<Record<string, number> | undefined> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return data && typeof data === 'object' ? (data as Record<string, number>) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs in the page: every heading (h1–h6) in document order, with its id and clean text. */
function collectHeadings(): { id: string; text: string }[] {
  return [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter((h) => getComputedStyle(h).display !== 'none')
    .map((h) => ({ id: h.id, text: (h.textContent ?? '').replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim() }));
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

/** Closes the browser, killing its process if it does not close in time (no browser left behind). */
export async function closeBrowser(browser: Browser, graceMs = 3000): Promise<void> {
  const proc = browser.process();
  if (browser.connected && graceMs > 0) await withTimeout(browser.close(), graceMs).catch(() => undefined);
  if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
}

/** Turns everything that goes wrong in the page into a problem, and blocks requests off this machine. */
async function watchPage(page: Page, origin: string, problems: string[]): Promise<void> {
  // Functions we run in the page are compiled by esbuild (tsx), which may wrap inner functions in
  // a `__name(...)` helper that exists only in Node; give the page a no-op one.
  await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn;');
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(origin + '/') || url.startsWith('data:') || url.startsWith('about:')) {
      void request.continue();
    } else {
      problems.push(`Rapporten prøvde å hente «${url}» fra nettet (blokkert: utskriften skal ikke bruke nettet)`);
      void request.abort('blockedbyclient');
    }
  });
  page.on('requestfailed', (request) => {
    if (request.url().startsWith(origin)) problems.push(`Fant ikke «${decodeURIComponent(new URL(request.url()).pathname)}» (${request.failure()?.errorText ?? 'feilet'})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`Fant ikke «${decodeURIComponent(new URL(response.url()).pathname)}» (HTTP ${response.status()})`);
  });
  page.on('pageerror', (error) => problems.push(`Feil i siden: ${(error as Error).message ?? String(error)}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(`Feil i siden: ${message.text()}`);
  });
}

/** Font families the report ships; anything else in the PDF is a silent fallback. */
const ownFonts = /^(SourceSerif4|SourceSans3)/;

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
    if (covered[code] || code <= 0x20 || code === 0xad || code === 0xa0 || (code >= 0x200b && code <= 0x200f) || seen.has(code)) continue;
    seen.add(code);
    found.push({ char: String.fromCodePoint(code), code: code.toString(16).toUpperCase().padStart(4, '0'), family, context: text.slice(Math.max(0, i - 25), i + 25).replace(/\s+/g, ' ').trim() });
  }
  return found;
}

class PrintTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  if (!ms) return work;
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PrintTimeout()), ms);
    }),
  ]);
}

