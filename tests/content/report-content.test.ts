/**
 * The real report in content/: the rules a machine can check (issue 3). Every measure is
 * referred to in the text, every citation resolves, all four quadrants are filled, nothing is
 * left unfinished, nothing is cited from after the deadline, and the PDF has a report's length.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../helpers/build-api.ts';
import { checkPdfFile, formatFinding } from '../../src/pdf/ua-check.ts';
import { closeBrowser, launchBrowser } from '../../src/pdf/browser.ts';
import { serveStatic } from '../../src/pdf/static-server.ts';
import { axeViolations } from '../helpers/axe.ts';
import { pdfInfo, pdfOutline, pdfText } from '../helpers/pdf.ts';
import { repoRoot, tempProject, type TempProject } from '../helpers/project.ts';

let checked: BuildResult;

beforeAll(async () => {
  checked = await build({ root: repoRoot, checkOnly: true });
});

describe('the report text', () => {
  it('has no errors and no warnings (uncited figures, unused measures or sources, unfinished text)', () => {
    expect(checked.problems.all().map((m) => `${m.file}:${m.line}:${m.column} ${m.reason}`)).toEqual([]);
  });

  it('has measures in all three periods and all four groups, for both the authorities and the voluntary sector', () => {
    const measures = checked.loaded.measures;
    expect(measures.length).toBeGreaterThanOrEqual(18);
    for (const period of ['2025', '2027', 'long'] as const) expect(measures.some((m) => m.period === period), period).toBe(true);
    for (const group of ['within', 'new-money', 'own-means', 'outside'] as const) expect(measures.some((m) => m.group === group), group).toBe(true);
    expect(new Set(measures.map((m) => m.sector))).toEqual(new Set(['authorities', 'voluntary', 'both']));
  });

  it('gives every recommended measure the decision fields, and ranks them by their score sum', () => {
    const recommended = checked.loaded.measures.filter((m) => m.priority !== undefined).sort((a, b) => a.priority! - b.priority!);
    const sums = recommended.map((m) => Object.values(m.scores!).reduce((a, b) => a + b, 0));
    expect(sums).toEqual([...sums].sort((a, b) => b - a));
    for (const m of recommended) {
      expect(m.group, m.id).not.toBe('outside');
      for (const field of ['action', 'responsible', 'decides', 'deadline', 'costBasis', 'budgetPost', 'effect', 'evaluation'] as const) expect(m.decision?.[field], `${m.id}.${field}`).toBeDefined();
      if (m.group === 'within') expect(m.decision?.givesWay, `${m.id}.givesWay`).toBeDefined();
    }
  });

  it('refers to every measure from the chapter text, and recommends measures with a responsible actor', () => {
    const mentioned = new Set(checked.chapters.flatMap((c) => [...c.data.measureRefs]));
    for (const measure of checked.loaded.measures) expect(mentioned.has(measure.id), measure.id).toBe(true);
    const recommended = checked.loaded.measures.filter((m) => m.priority !== undefined);
    expect(recommended.length).toBeGreaterThan(0);
    expect(recommended.some((m) => m.group === 'within')).toBe(true);
    for (const m of recommended) expect(m.actors.length).toBeGreaterThan(0);
  });

  it('cites only sources in the bibliography, and none published after 30 May 2025', () => {
    const cited = new Set(checked.chapters.flatMap((c) => [...c.data.citedKeys]));
    expect(cited.size).toBeGreaterThan(20);
    for (const reference of checked.loaded.references) {
      const [year, month = 1, day = 1] = reference.issued?.['date-parts'][0] ?? [];
      if (year === undefined) continue;
      expect(Date.UTC(year, month - 1, day), `${reference.id} is dated after the deadline`).toBeLessThanOrEqual(Date.UTC(2025, 4, 30));
    }
  });

  it('is dated May 2025 and leaves no placeholder text', async () => {
    expect(checked.loaded.config?.date).toMatch(/^2025-05-/);
    const dir = path.join(repoRoot, 'content');
    const files = (await readdir(dir, { recursive: true })).filter((f) => /\.(md|ya?ml)$/.test(f));
    for (const file of files) {
      const text = await readFile(path.join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/:::uferdig|\bTODO\b|\bFIXME\b|[Ll]orem ipsum|\bXX+\b|\[mangler\]|\bTBD\b/);
    }
  });
});

describe('the report as a PDF', () => {
  let project: TempProject;
  let pdf: string;
  beforeAll(async () => {
    project = await tempProject('real');
    pdf = (await build({ root: project.root })).pdfFile!;
  });
  afterAll(() => project?.remove());

  it('reads as a report of 45–70 pages with a short foreword and then the summary first (issue 13)', () => {
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThanOrEqual(45);
    expect(pages).toBeLessThanOrEqual(70);
    const chapters = pdfOutline(pdf).filter((o) => o.level === 1).map((o) => o.title);
    expect(chapters.slice(1, 3)).toEqual(['Forord', 'Sammendrag']);
    expect(chapters).toContain('Referanser');
  });

  it('has an HTML edition with no axe-core violations (WCAG 2.1 A/AA), on a desktop and a phone (issue 15)', async () => {
    const server = await serveStatic(project.file('build'));
    const browser = await launchBrowser();
    try {
      for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
        const page = await browser.newPage();
        await page.setViewport(viewport);
        await page.goto(`${server.origin}/report.html`, { waitUntil: 'load' });
        expect(await axeViolations(page), `${viewport.width} px`).toEqual([]);
        await page.close();
      }
    } finally {
      await closeBrowser(browser);
      await server.close();
    }
  });

  it('gives every chart its numbers as a table: a row per category, a column per series (issue 15)', async () => {
    const html = await readFile(project.file('build/report.html'), 'utf8');
    const figures = [...html.matchAll(/<figure[^>]*chart-figure[^>]*>([\s\S]*?)<\/figure>/g)].map((m) => m[1]!);
    expect(figures.length).toBe(checked.loaded.charts.size);
    for (const figure of figures) {
      const table = /<table class="chart-data">([\s\S]*?)<\/table>/.exec(figure)?.[1];
      expect(table, figure.slice(0, 200)).toBeDefined();
      const rows = table!.match(/<tr>/g)!.length;
      const headers = table!.match(/<th scope="row">/g)!.length;
      expect(rows).toBe(headers + 1);
    }
  });

  it('meets every machine-checkable condition of PDF/UA-1 (our checker, issue 15)', async () => {
    expect((await checkPdfFile(pdf)).map(formatFinding)).toEqual([]);
  });

  it('prints the right page number for every table-of-contents entry', () => {
    const outline = pdfOutline(pdf);
    const toc = outline.find((o) => o.title === 'Innhold')!;
    const firstChapter = outline.find((o) => o.title === 'Sammendrag')!;
    const text = Array.from({ length: firstChapter.page - toc.page }, (_, i) => pdfText(pdf, toc.page + i)).join('\n');
    const entries = text.split('\n').map((l) => l.trim()).filter((l) => /\s\d+$/.test(l) && !/^\d+$/.test(l));
    expect(entries.length).toBeGreaterThan(20);
    let checkedEntries = 0;
    for (const line of entries) {
      const title = line.replace(/\s+\d+$/, '').replace(/\s+/g, ' ');
      const page = Number(/(\d+)$/.exec(line)![1]);
      const heading = outline.find((o) => o.title.replace(/\s+/g, ' ') === title);
      if (!heading) continue; // a title broken over two lines in the TOC; its second line carries the number
      expect(page, title).toBe(heading.page);
      checkedEntries++;
    }
    expect(checkedEntries).toBeGreaterThan(20);
  });
});
