/**
 * Step 0 of a PDF build: make the browser tab ready (see pdf/print-page.ts), and drop it again
 * when the content has errors. The print code is loaded only here, so `check` and HTML-only
 * builds start without it.
 */
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import type { ProjectPaths } from '../core/project.ts';
import type { PrintPage } from '../pdf/print-page.ts';
import { killBrowser, spawnBrowser, takeOfferedBrowser, type BrowserProcess } from '../pdf/browser-process.ts';

/**
 * Starts Chromium for a build that will print, before anything else is loaded (the command
 * line calls this first): pass it to build() as `startedBrowser`. bin/run.mjs may have started
 * it already (cli/early-browser.ts); if that one failed, this starts one whose error says why.
 */
export function startBrowser(): Promise<BrowserProcess> {
  const early = takeOfferedBrowser();
  const starting = early ? early.catch(() => spawnBrowser()) : spawnBrowser();
  starting.catch(() => undefined); // reported by the build step that connects to it
  return starting;
}

/** Stops a browser started for a build that does not print after all. */
export async function stopBrowser(starting: Promise<BrowserProcess>): Promise<void> {
  await starting.then((started) => killBrowser(started)).catch(() => undefined);
}

/** Starts making a print tab ready for this project; the build picks it up in step 7. */
export function startPrintTab(paths: ProjectPaths, browser?: Browser, starting?: Promise<BrowserProcess>): Promise<PrintPage> {
  // The browser process starts first: loading the code that drives it takes a while.
  const launching = browser ? undefined : (starting ?? startBrowser());
  const tab = import('../pdf/print-page.ts').then((m) => m.preparePrint({ root: paths.build, browser, starting: launching, pageMemory: pageMemoryFile(paths), asPrinted: true }));
  tab.catch(() => undefined); // reported by the step that waits for it
  return tab;
}

/** Closes a tab that will not be used (the content had errors). */
export async function dropPrintTab(tab: Promise<PrintPage>): Promise<void> {
  await tab.then(async (ready) => (await import('../pdf/print-page.ts')).releasePrint(ready)).catch(() => undefined);
}

/** Where the table of contents' page numbers are remembered between builds. */
export function pageMemoryFile(paths: ProjectPaths): string {
  return path.join(paths.build, '.toc-pages.json');
}
