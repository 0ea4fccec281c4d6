/**
 * Which browser version the project's PDFs are printed with. Two writers with different
 * versions of Chrome, Edge or Chromium can get different line breaks and page numbers, so the
 * version of the first build is written to nettleser.json at the project root, to be committed
 * with the content; a build with another version warns, and leaves the file as it is.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Problems } from '../core/problems.ts';
import { writeAtomic } from '../core/write-atomic.ts';

/** The file, relative to the project root. */
export const browserPinFile = 'nettleser.json';

/** Compares the browser that printed (`browser.version()`, e.g. «HeadlessChrome/156.0.8078.73») with the pinned one. */
export async function checkBrowserPin(root: string, browser: string, problems: Problems): Promise<void> {
  const file = path.join(root, browserPinFile);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    const pin = {
      browser,
      note: 'Nettleseren PDF-en ble laget med. Legg filen i git; se «Samme nettleser for alle» i README.md.',
    };
    await writeAtomic(file, `${JSON.stringify(pin, null, 2)}\n`).catch(() => undefined);
    return;
  }
  let pinned: unknown;
  try {
    pinned = (JSON.parse(text) as { browser?: unknown }).browser;
  } catch {
    pinned = undefined;
  }
  if (typeof pinned !== 'string')
    problems.add(browserPinFile, 'browser-version', { browser, pinned: undefined, file: browserPinFile }, undefined);
  else if (pinned !== browser)
    problems.add(browserPinFile, 'browser-version', { browser, pinned, file: browserPinFile }, undefined);
}
