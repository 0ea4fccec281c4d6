/** The HTML edition in a real Chromium: axe-core finds no WCAG 2.1 violations, and it reads well on a phone. */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { build } from '../helpers/build-api.ts';
import { closeBrowser, launchBrowser } from '../../src/pdf/browser.ts';
import { serveStatic, type StaticServer } from '../../src/pdf/static-server.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  project = await tempProject('mini');
  await build({ root: project.root, pdf: false });
  server = await serveStatic(project.file('build'));
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeBrowser(browser);
  await server?.close();
  await project?.remove();
});

describe('HTML edition', () => {
  for (const viewport of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 375, height: 740 }]) {
    it(`has no axe-core violations (WCAG 2.1 A/AA) on ${viewport.name}`, async () => {
      const page = await browser.newPage();
      try {
        await page.setViewport({ width: viewport.width, height: viewport.height });
        await page.goto(`${server.origin}/report.html`, { waitUntil: 'load' });
        expect(await axeViolations(page)).toEqual([]);
        // Readable on a phone: nothing wider than the screen (tables scroll inside their own box).
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      } finally {
        await page.close();
      }
    });
  }

  it('has a linked table of contents that leads to every chapter', async () => {
    const html = await readFile(project.file('build/report.html'), 'utf8');
    const targets = [...html.matchAll(/<li class="toc-entry[^"]*"><a href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThanOrEqual(6);
    for (const id of targets) expect(html).toContain(`id="${id}"`);
  });
});
