/**
 * The «PDF» link: prints the draft as the preview shows it (with the «UTKAST – runde N»
 * marking) into build/preview/pdf/, with one browser that stays warm between requests. Prints
 * run one at a time; a print of the same version is served from the last file.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { writeAtomic } from '../core/write-atomic.ts';
import { closeBrowser, launchBrowser } from '../pdf/browser.ts';
import { prepareTab } from '../pdf/prepare-tab.ts';
import { reportMetadata } from '../pdf/report-metadata.ts';
import { printPdf } from '../pdf/print-pdf.ts';
import type { GoodBuild } from './live-build.ts';
import { decoratePage } from './page.ts';
import type { RoundSnapshot } from './rounds.ts';

/** Prints drafts; `close()` shuts the warm browser. */
export class DraftPrinter {
  private browser: Promise<Browser> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private last: { key: string; file: string } | undefined;

  private readonly outDir: string;

  constructor(outDir: string) {
    this.outDir = outDir;
  }

  /** The PDF of `good` (printed now, or the last print when nothing changed). */
  print(good: GoodBuild, round: RoundSnapshot | undefined): Promise<Buffer> {
    const run = this.queue.then(() => this.printNow(good, round));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async printNow(good: GoodBuild, round: RoundSnapshot | undefined): Promise<Buffer> {
    const key = `${good.version}:${round?.number ?? 0}`;
    if (this.last?.key === key) return readFile(this.last.file);
    const dir = path.join(this.outDir, 'pdf');
    await mkdir(dir, { recursive: true });
    for (const asset of good.assets.values()) {
      const target = path.join(dir, asset.target);
      await mkdir(path.dirname(target), { recursive: true });
      if ('data' in asset) await writeAtomic(target, asset.data);
      else await copyFile(asset.copyFrom, target);
    }
    const page = decoratePage(good.html, good.chapters, {
      mode: 'utkast',
      round,
      client: false,
      version: good.version,
    });
    await writeAtomic(path.join(dir, 'report.html'), page.html);
    const config = good.result.loaded.config!;
    const output = path.join(dir, 'report.pdf');
    await printPdf(
      {
        root: dir,
        page: 'report.html',
        output,
        timeout: 120_000,
        draft: true,
        metadata: reportMetadata(config),
      },
      prepareTab({ root: dir, browser: await this.warmBrowser() }),
    );
    this.last = { key, file: output };
    return readFile(output);
  }

  /** The browser, launched on first use and again if it has gone away. */
  private async warmBrowser(): Promise<Browser> {
    const current = this.browser && (await this.browser.catch(() => undefined));
    if (current?.connected) return current;
    this.browser = launchBrowser();
    this.browser.catch(() => (this.browser = undefined));
    return this.browser;
  }

  /** Whether a browser is running (for tests and the terminal). */
  get warm(): boolean {
    return this.browser !== undefined;
  }

  /** Closes the browser (waits for a print in progress). */
  async close(): Promise<void> {
    await this.queue;
    const browser = this.browser && (await this.browser.catch(() => undefined));
    this.browser = undefined;
    if (browser) await closeBrowser(browser);
  }
}
