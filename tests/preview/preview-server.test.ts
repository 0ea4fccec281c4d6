/**
 * The preview server driven with a real browser: the report served from a temporary project,
 * edits on disk, and what the page shows afterwards. Each test has its own project and server
 * (tests/helpers/preview.ts), so any one can run alone. No timings here (the benchmark has them):
 * every wait is for a state, with vitest's timeout as the only clock.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { WebSocket } from 'ws';
import { startRound } from '../../src/preview/rounds.ts';
import { it, pageText, waitForText } from '../helpers/preview.ts';

/** An address of this machine that is not loopback, if it has one. */
const external = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal);

describe('live preview', () => {
  it('serves the report with paragraph anchors and the draft marking, but leaves build/report.html alone', async ({
    preview,
  }) => {
    const { project, log } = preview;
    const page = await preview.openPage();
    expect(await pageText(page)).toContain('Frivilligheten kan bidra med');
    const anchors = await page.$$eval('[data-avsnitt]', (els) => els.map((e) => (e as HTMLElement).dataset.avsnitt));
    expect(anchors.length).toBeGreaterThan(5);
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(await page.$eval('.forh-utkast', (e) => e.textContent)).toBe('UTKAST');
    await expect(readFile(project.file('build/report.html'))).rejects.toThrow();
  });

  it('shows an edited chapter in place, keeping the scroll position', async ({ preview }) => {
    const { project, log } = preview;
    const page = await preview.openPage();
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
      window.scrollTo(0, 600);
    });
    const scrollBefore = await page.evaluate(() => window.scrollY);
    await project.edit(
      'content/chapters/02-status.md',
      'Frivilligheten kan bidra med',
      'Frivillige lag og foreninger kan bidra med',
    );
    await waitForText(page, 'Frivillige lag og foreninger kan bidra med');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
    expect(log.join('\n')).toMatch(/1 av 4 kapitler på nytt/);
  });

  it('debounces rapid saves and ends on what is on disk after the last one', async ({ preview }) => {
    const { project, server } = preview;
    const page = await preview.openPage();
    const original = await project.read('content/chapters/01-sammendrag.md');
    for (let i = 1; i <= 6; i++)
      await project.write(
        'content/chapters/01-sammendrag.md',
        original.replace('IMDi anbefaler', `Lagring ${i}: IMDi anbefaler`),
      );
    await waitForText(page, 'Lagring 6: IMDi anbefaler');
    await server.idle();
    expect(await pageText(page)).toContain('Lagring 6: IMDi anbefaler');
    expect(await pageText(page)).not.toMatch(/Lagring [1-5]:/);
    await project.write('content/chapters/01-sammendrag.md', original);
    await waitForText(page, 'Valgdeltakelsen blant innvandrere');
    await page.waitForFunction(() => !(document.querySelector('main')?.textContent ?? '').includes('Lagring 6'));
  });

  it('rebuilds everything after a template change, without reloading the page', async ({ preview }) => {
    const { project, log } = preview;
    const page = await preview.openPage();
    // A mark on the window: it is still there afterwards only if the page was not reloaded.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await project.edit(
      'templates/partials/chapter.hbs',
      '<section class="chapter',
      '<section data-mal="ny" class="chapter',
    );
    await page.waitForSelector('section.chapter[data-mal="ny"]', { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });

  it('swaps the stylesheet in place', async ({ preview }) => {
    const { project, log } = preview;
    const page = await preview.openPage();
    // A mark on the window: it is still there afterwards only if the page was not reloaded.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await writeFile(
      project.file('templates/styles/report.css'),
      (await project.read('templates/styles/report.css')) + '\nmain { outline: 3px solid rgb(1, 2, 3); }\n',
    );
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector('main')!).outlineColor === 'rgb(1, 2, 3)',
      { timeout: 30_000 },
    );
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });

  it('shows a build error as an overlay with file:line:col over the last good render, and removes it when fixed', async ({
    preview,
  }) => {
    const { project, log } = preview;
    const page = await preview.openPage();
    const text = await project.read('content/chapters/02-status.md');
    const line = text.split('\n').findIndex((l) => l.includes(':tiltak[T02]')) + 1;
    await project.edit('content/chapters/02-status.md', ':tiltak[T02]', ':tiltak[T22]');
    await page.waitForSelector('#forh-feil', { timeout: 30_000 });
    const overlay = await page.$eval('#forh-feil', (e) => e.textContent ?? '');
    expect(overlay).toMatch(new RegExp(`content/chapters/02-status\\.md:${line}:\\d+`));
    expect(overlay).toContain('Ukjent tiltak «T22»');
    expect(await page.$eval('#forh-feil pre', (e) => e.textContent)).toContain(':tiltak[T22]');
    // The last good render is still underneath.
    expect(await pageText(page)).toContain('Frivilligheten kan bidra med');
    expect(log.join('\n')).toMatch(/bygging feilet[\s\S]*02-status\.md/);

    await project.edit('content/chapters/02-status.md', ':tiltak[T22]', ':tiltak[T02]');
    await page.waitForFunction(() => !document.querySelector('#forh-feil'), { timeout: 30_000 });
    // A page opened while the error was there, and then a page opened after the fix: no overlay.
    const fresh = await preview.openPage();
    expect(await fresh.$('#forh-feil')).toBeNull();
    await fresh.close();
  });

  it('prints the current draft to PDF with a warm browser', async ({ preview }) => {
    const { project, server } = preview;
    // An edit first: the PDF is of the draft as it is now.
    await project.edit(
      'content/chapters/02-status.md',
      'Frivilligheten kan bidra med',
      'Frivillige lag og foreninger kan bidra med',
    );
    await server.idle();
    const first = await preview.request({ path: '/__forhandsvisning/utkast.pdf' });
    expect(first.status, first.body).toBe(200);
    const file = path.join(project.root, 'build', 'preview', 'pdf', 'report.pdf');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('UTKAST');
    expect(text.replace(/\u00ad|-\n/g, '')).toContain('Frivillige lag og foreninger');
    await expect(readFile(project.file('build/report.pdf'))).rejects.toThrow();
  });
});

describe('review rounds', () => {
  it('marks the paragraphs changed since the last round, word by word', async ({ preview }) => {
    const { project, server } = preview;
    const round = await startRound(project.root, { date: '2025-05-02', drafts: false });
    expect(round.number).toBe(1);
    await project.edit(
      'content/chapters/01-sammendrag.md',
      'Et brev øker deltakelsen',
      'Et personlig brev øker deltakelsen tydelig',
    );
    await project.edit(
      'content/chapters/01-sammendrag.md',
      'IMDi anbefaler',
      'Et helt nytt avsnitt om valgkort.\n\nIMDi anbefaler',
    );
    await server.idle();
    const diffPage = await preview.openPage(`${server.url}?vis=endringer`);
    try {
      expect(await diffPage.$eval('.forh-utkast', (e) => e.textContent)).toBe('UTKAST – runde 1');
      const changed = await diffPage.$$eval('[data-endring="endret"]', (els) =>
        els.map((e) => ({ ins: [...e.querySelectorAll('ins')].map((i) => i.textContent), text: e.textContent })),
      );
      expect(changed).toHaveLength(1);
      expect(changed[0]!.ins.join(' ')).toMatch(/personlig/);
      expect(changed[0]!.ins.join(' ')).toMatch(/tydelig/);
      const added = await diffPage.$$eval('[data-endring="ny"]', (els) => els.map((e) => e.textContent ?? ''));
      expect(added.some((t) => t.replace(/\u00ad/g, '').includes('Et helt nytt avsnitt om valgkort'))).toBe(true);
      expect(await diffPage.$eval('.forh-sammendrag', (e) => e.textContent)).toMatch(/1 nye, 1 endrede, 0 fjernede/);

      // The diff view follows edits too, and shows removed paragraphs struck through.
      await project.edit(
        'content/chapters/01-sammendrag.md',
        'Et helt nytt avsnitt om valgkort.\n\nIMDi anbefaler',
        'IMDi anbefaler',
      );
      await project.edit('content/chapters/01-sammendrag.md', /IMDi anbefaler.*\n/, '');
      await diffPage.waitForSelector('[data-endring="fjernet"]', { timeout: 30_000 });
      expect(await diffPage.$eval('[data-endring="fjernet"]', (e) => e.textContent)).toContain('IMDi anbefaler');
    } finally {
      await diffPage.close();
    }
    // The plain draft has no change marks, only the round marking.
    const page = await preview.openPage();
    expect(await page.$('[data-endring]')).toBeNull();
    expect(await page.$eval('.forh-utkast', (e) => e.textContent)).toBe('UTKAST – runde 1');
  });
});

describe('comments', () => {
  const hostile = 'Kilde mangler <img src=x onerror="window.hacked=1"> & «sitat»';

  it('survives a server restart, stays attached through an edit, can be resolved and exported', async ({ preview }) => {
    const { project } = preview;
    const page = await preview.openPage();
    const anchor = await page.$$eval(
      '[data-avsnitt]',
      (els) =>
        (
          els.find((e) =>
            (e.textContent ?? '').replace(/\u00ad/g, '').includes('Valgdeltakelsen blant innvandrere'),
          ) as HTMLElement
        ).dataset.avsnitt!,
    );
    await page.click(`[data-avsnitt="${anchor}"] > .forh-avsnitt-knapp`);
    await page.type('#forh-panel input[name="navn"]', 'Kari Nordmann');
    await page.type('#forh-panel textarea', hostile);
    await page.click('#forh-panel button[type="submit"]');
    await page.waitForSelector('#forh-panel .forh-kommentar');
    expect(await page.$eval('#forh-panel .forh-tekst', (e) => e.textContent)).toBe(hostile);
    expect(await page.$('#forh-panel img')).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();

    // Restart: a new server over the same project.
    await preview.restart();
    await page.goto(preview.server.url, { waitUntil: 'load' });
    await page.waitForSelector(`[data-avsnitt="${anchor}"].forh-har-kommentar`, { timeout: 30_000 });

    // Edit the paragraph: the comment moves with it.
    await project.edit(
      'content/chapters/01-sammendrag.md',
      'Valgdeltakelsen blant innvandrere var 38 prosent i 2023',
      'Valgdeltakelsen blant innvandrere var hele 38 prosent i 2023',
    );
    await page.waitForFunction(
      (old: string) => !document.querySelector(`[data-avsnitt="${old}"]`),
      { timeout: 30_000 },
      anchor,
    );
    const moved = await page.waitForSelector('.forh-har-kommentar', { timeout: 30_000 });
    expect((await moved!.evaluate((e) => e.textContent ?? '')).replace(/\u00ad/g, '')).toContain('var hele 38 prosent');

    // Resolve it in the list of all comments.
    await page.click('.forh-alle');
    await page.click('#forh-panel .forh-status');
    await page.waitForSelector('#forh-panel .forh-lost-merke');
    await page.waitForFunction(() => !document.querySelector('.forh-har-kommentar'));

    const markdown = await preview.request({ path: '/__forhandsvisning/kommentarer.md' });
    expect(markdown.status).toBe(200);
    expect(markdown.body).toContain('Kari Nordmann');
    // Escaped as Markdown (mdast-util-to-markdown): the tag reads as text, never as HTML.
    expect(markdown.body).toContain('\\<img src=x onerror="window.hacked=1">');
    expect(markdown.body).toContain('Løst');
    const csv = await preview.request({ path: '/__forhandsvisning/kommentarer.csv' });
    expect(csv.body).toContain('"Kari Nordmann"');
    expect(csv.body).toContain('onerror=""window.hacked=1""');
    const log = await readFile(project.file('review/kommentarer.jsonl'), 'utf8');
    expect(
      log
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).op),
    ).toEqual(['add', 'move', 'resolve']);
  });
});

describe('safety', () => {
  it('refuses a foreign Host header (DNS rebinding)', async ({ preview }) => {
    const { server, request: rawRequest } = preview;
    const response = await rawRequest({ path: '/', host: `evil.example:${server.port}` });
    expect(response.status).toBe(403);
    expect((await rawRequest({ path: '/', host: `localhost:${server.port + 1}` })).status).toBe(403);
    expect((await rawRequest({ path: '/', host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses paths that climb out of the served folders', async ({ preview }) => {
    const { server, request: rawRequest } = preview;
    for (const p of [
      '/../content/report.yaml',
      '/assets/../../content/report.yaml',
      '/assets/..%2f..%2fcontent%2freport.yaml',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/..\\..\\package.json',
    ]) {
      const response = await rawRequest({ path: p });
      expect(response.status, p).toBe(403);
      expect(response.body).not.toContain('chapters:');
    }
    expect((await rawRequest({ path: '/assets/report.css' })).status).toBe(200);
  });

  it('refuses cross-site writes, oversized bodies and foreign WebSocket origins', async ({ preview }) => {
    const { server, request: rawRequest } = preview;
    const json = { 'content-type': 'application/json' };
    const cross = await rawRequest({
      path: '/__forhandsvisning/api/kommentarer',
      method: 'POST',
      headers: { ...json, origin: 'http://evil.example' },
      body: '{}',
    });
    expect(cross.status).toBe(403);
    const form = await rawRequest({
      path: '/__forhandsvisning/api/kommentarer',
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(403);
    const big = await rawRequest({
      path: '/__forhandsvisning/api/kommentarer',
      method: 'POST',
      headers: json,
      body: JSON.stringify({ text: 'x'.repeat(100_000) }),
    });
    expect(big.status).toBe(413);
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/__forhandsvisning/ws`, {
        headers: { origin: 'http://evil.example' },
      });
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('refused'));
    });
    expect(refused).toBe('refused');
  });

  it.skipIf(!external)('listens on the loopback interface only by default', async ({ preview }) => {
    const { server } = preview;
    const result = await new Promise<string>((resolve) => {
      const req = http.get({ host: external!.address, port: server.port, path: '/', timeout: 2000 }, () =>
        resolve('answered'),
      );
      req.on('error', () => resolve('refused'));
      req.on('timeout', () => (req.destroy(), resolve('refused')));
    });
    expect(result).toBe('refused');
  });
});
