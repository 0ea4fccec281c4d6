/**
 * A vitest `it` whose tests each get their own preview: a temporary copy of the mini project and
 * a server over it, stopped and removed after the test. Only the browser is shared, one per file.
 * So every preview test starts from the same state and can run alone (`vitest run -t "…"`).
 */
import http from 'node:http';
import type { Browser, Page } from 'puppeteer-core';
import { it as base } from 'vitest';
import { closeBrowser, launchBrowser } from '../../src/pdf/browser.ts';
import { startPreview, type PreviewServer } from '../../src/preview/server.ts';
import { tempProject, type TempProject } from './project.ts';

/** A request's outcome. */
export interface RawResponse {
  status: number;
  body: string;
}

/** One test's preview. */
export interface Preview {
  project: TempProject;
  /** The running server (a new one after `restart()`). */
  server: PreviewServer;
  /** What the server logged. */
  log: string[];
  /** A new tab on `url` (default: the report), connected to the server; closed after the test. */
  openPage(url?: string): Promise<Page>;
  /** Stops the server and starts a new one over the same project. */
  restart(): Promise<void>;
  /** A raw request, so that paths like /../ reach the server unnormalized. */
  request(options: {
    path: string;
    host?: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  }): Promise<RawResponse>;
}

/** Text of the page as a reader sees it (without the soft hyphens the build inserts). */
export const pageText = (page: Page) =>
  page.evaluate(() => (document.querySelector('main')?.textContent ?? '').replace(/\u00ad/g, ''));

/** Waits until the page's text (without soft hyphens) holds `text`. */
export const waitForText = (page: Page, text: string) =>
  page.waitForFunction(
    (t: string) => (document.querySelector('main')?.textContent ?? '').replace(/\u00ad/g, '').includes(t),
    { timeout: 30_000 },
    text,
  );

function rawRequest(port: number, options: Parameters<Preview['request']>[0]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `it` with a `preview` fixture (made only for the tests that ask for it) and a browser shared by the file. */
export const it = base.extend<{ preview: Preview; browser: Browser }>({
  browser: [
    async ({}, use) => {
      const browser = await launchBrowser();
      await use(browser);
      await closeBrowser(browser);
    },
    { scope: 'file' },
  ],
  preview: async ({ browser }, use) => {
    const project = await tempProject('mini');
    const log: string[] = [];
    const start = () =>
      startPreview({ root: project.root, port: 0, log: (l) => log.push(l), logError: (l) => log.push(l) });
    const pages: Page[] = [];
    const preview: Preview = {
      project,
      server: await start(),
      log,
      async openPage(url = preview.server.url) {
        const page = await browser.newPage();
        pages.push(page);
        await page.setViewport({ width: 1200, height: 800 });
        await page.goto(url, { waitUntil: 'load' });
        await page.waitForSelector('html[data-forh-tilkoblet]');
        return page;
      },
      async restart() {
        await preview.server.close();
        preview.server = await start();
      },
      request: (options) => rawRequest(preview.server.port, options),
    };
    try {
      await use(preview);
    } finally {
      await Promise.all(pages.map((p) => p.close().catch(() => undefined)));
      await preview.server.close();
      await project.remove();
    }
  },
});
