/**
 * Step 0 of a PDF build: make the browser tab ready (see pdf/prepare-tab.ts) while steps 1–6
 * run, and drop it again when the content has errors. The print code is loaded only here, so
 * `check` and HTML-only builds start without it.
 */
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import type { ProjectPaths } from '../core/project.ts';
import type { PrintTab } from '../pdf/prepare-tab.ts';

/**
 * Launches Chromium for a build that will print, before the build code is loaded (the command
 * line calls this first, so the browser starts while Node reads the rest): pass it to build()
 * as `startedBrowser`. Its errors are reported by the build step that waits for it.
 */
export function startBrowser(): Promise<Browser> {
  const starting = import('../pdf/browser.ts').then((m) => m.launchBrowser({ handleSignals: false }));
  starting.catch(() => undefined);
  return starting;
}

/** Closes a browser started by startBrowser(), whatever state it is in, and waits until it is gone. */
export async function stopBrowser(starting: Promise<Browser>): Promise<void> {
  const browser = await starting.catch(() => undefined);
  if (browser) await (await import('../pdf/browser.ts')).closeBrowser(browser, { kill: true });
}

/** Starts making a print tab ready for this project; the build picks it up in step 7. */
export function startPrintTab(paths: ProjectPaths, browser?: Browser, starting?: Promise<Browser>): Promise<PrintTab> {
  const tab = import('../pdf/prepare-tab.ts').then((m) =>
    m.prepareTab({ root: paths.build, browser, starting, pageMemory: pageMemoryFile(paths), asPrinted: true }),
  );
  tab.catch(() => undefined); // reported by the step that waits for it
  return tab;
}

/** Closes a tab that will not be used (the content had errors). */
export async function dropPrintTab(tab: Promise<PrintTab>): Promise<void> {
  await tab.then(async (ready) => (await import('../pdf/prepare-tab.ts')).releaseTab(ready)).catch(() => undefined);
}

/** Where the table of contents' page numbers are remembered between builds. */
export function pageMemoryFile(paths: ProjectPaths): string {
  return path.join(paths.build, '.toc-pages.json');
}
