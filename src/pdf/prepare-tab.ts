/**
 * A browser tab made ready to print before the HTML exists. The build starts this at once
 * (step 0), so launching Chromium, opening the tab, attaching the watchers and switching to
 * print media all run beside steps 1–6 on the second core; step 7 only has to load the page.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'puppeteer-core';
import { closeBrowser, launchBrowser, withTimeout } from './browser.ts';
import type { PrunedChapters } from './soft-hyphens.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

/** What a previous build learned about the printed page (build/.toc-pages.json). */
export interface PageMemory {
  /** Width of the printed page's content box in CSS pixels. */
  width?: number;
  /** Heading id → page number. */
  pages: Record<string, number>;
  /** Soft hyphens pruned per chapter (see soft-hyphens.ts), valid for these styles and this width. */
  hyphens?: { layout: string; width: number; chapters: PrunedChapters };
}

/** A tab ready to load the report and print it. */
export interface PrintTab {
  browser: Browser;
  /** Whether this print launched the browser (and so closes it). */
  owned: boolean;
  page: Page;
  server: StaticServer;
  /** Everything that went wrong in the page: failed requests, page errors, blocked traffic. */
  problems: string[];
  /** Rejects as soon as the browser or the tab's renderer goes away (crash, killed, out of memory). */
  gone: Promise<never>;
  /** The last build's page numbers and width, if remembered. */
  memory?: PageMemory;
}

/** Where to print from, and what to reuse. */
export interface PrepareTabOptions {
  /** Folder served to the browser (build/); its files may be written after this starts. */
  root: string;
  /** A warm browser to open the tab in (kept open afterwards); default: launch one. */
  browser?: Browser;
  /** Without `browser`: a browser already launching for this print (launchBrowser()); it is closed afterwards. */
  starting?: Promise<Browser>;
  /** The file where page numbers and width are remembered between builds. */
  pageMemory?: string;
  /**
   * Lay the page out as printed from the start: print media, and the printed width from the
   * last build. The final print needs that layout to prune soft hyphens; a draft does not (and
   * prints slower with print media in a screen-wide window).
   */
  asPrinted?: boolean;
}

/** Launches (or reuses) the browser, starts the file server and opens a watched tab. */
export async function prepareTab(options: PrepareTabOptions): Promise<PrintTab> {
  const memory = options.pageMemory ? readMemory(options.pageMemory) : Promise.resolve(undefined);
  const starting = serveStatic(options.root);
  let browser: Browser;
  try {
    browser = await (options.browser ?? options.starting ?? launchBrowser());
  } catch (error) {
    // An open server would keep the process alive after the error is reported.
    await starting.then((server) => server.close()).catch(() => undefined);
    throw error;
  }
  const server = await starting;
  const owned = !options.browser;
  let fail: (error: Error) => void = () => undefined;
  const gone = new Promise<never>((_, reject) => (fail = reject));
  gone.catch(() => undefined);
  browser.once('disconnected', () => fail(new Error('Nettleseren ble koblet fra (disconnected)')));
  try {
    const page = await Promise.race([owned ? firstTab(browser) : browser.newPage(), gone]);
    // A renderer that dies (killed, out of memory) leaves the browser connected and every call
    // to the page unanswered: the print would wait for its time limit instead of failing at once.
    page.once('error', () => fail(new Error('Siden krasjet i nettleseren (crash)')));
    const problems: string[] = [];
    const remembered = await memory;
    await Promise.race([
      Promise.all([
        watchPage(page, server.origin, problems),
        // The first layout is then already the printed one, as the soft-hyphen pruning needs.
        options.asPrinted ? page.emulateMediaType('print') : undefined,
        options.asPrinted && remembered?.width
          ? page.setViewport({ width: remembered.width, height: 1200 })
          : undefined,
      ]),
      gone,
    ]);
    return { browser, owned, page, server, problems, gone, memory: remembered };
  } catch (error) {
    await server.close();
    if (owned) await closeBrowser(browser, { kill: true });
    throw error;
  }
}

/**
 * Gives the tab back: a browser we launched is killed (it holds nothing worth saving, and a
 * crashed or stuck one answers nothing); a warm one only loses its tab.
 */
export async function releaseTab(prepared: PrintTab): Promise<void> {
  const { browser, page, owned, server } = prepared;
  if (owned) await closeBrowser(browser, { kill: true });
  else if (browser.connected) await withTimeout(page.close(), 3000).catch(() => undefined);
  await server.close();
}

/** The blank tab a browser starts with (quicker than opening another), or a new one. */
async function firstTab(browser: Browser): Promise<Page> {
  const [blank] = await browser.pages();
  return blank ?? browser.newPage();
}

/** The remembered page numbers and width; older files hold the page numbers only. */
async function readMemory(file: string): Promise<PageMemory | undefined> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (!data || typeof data !== 'object') return undefined;
    if ('pages' in data && data.pages && typeof data.pages === 'object') {
      const width = 'width' in data && typeof data.width === 'number' ? data.width : undefined;
      const hyphens = 'hyphens' in data ? (data.hyphens as PageMemory['hyphens']) : undefined;
      const valid =
        hyphens &&
        typeof hyphens.layout === 'string' &&
        typeof hyphens.width === 'number' &&
        hyphens.chapters &&
        typeof hyphens.chapters === 'object';
      return { width, pages: data.pages as Record<string, number>, hyphens: valid ? hyphens : undefined };
    }
    return { pages: data as Record<string, number> };
  } catch {
    return undefined;
  }
}

/**
 * Turns everything that goes wrong in the page into a problem. Requests off this machine are
 * refused by the browser itself (the file server's Content-Security-Policy) and reported here;
 * intercepting every request instead made each font wait for a round trip through Node.
 */
async function watchPage(page: Page, origin: string, problems: string[]): Promise<void> {
  page.on('requestfailed', (request) => {
    const url = request.url();
    if (url.startsWith(origin + '/'))
      problems.push(
        `Fant ikke «${decodeURIComponent(new URL(url).pathname)}» (${request.failure()?.errorText ?? 'feilet'})`,
      );
    else if (!url.startsWith('data:') && !url.startsWith('blob:') && !url.startsWith('about:'))
      problems.push(`Rapporten prøvde å hente «${url}» fra nettet (blokkert: utskriften skal ikke bruke nettet)`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.push(`Fant ikke «${decodeURIComponent(new URL(response.url()).pathname)}» (HTTP ${response.status()})`);
  });
  page.on('pageerror', (error) => problems.push(`Feil i siden: ${(error as Error).message ?? String(error)}`));
  page.on('console', (message) => {
    // A refused or failed request is reported above, with its address.
    if (message.type() === 'error' && !/Failed to load resource|Content Security Policy/.test(message.text()))
      problems.push(`Feil i siden: ${message.text()}`);
  });
}
