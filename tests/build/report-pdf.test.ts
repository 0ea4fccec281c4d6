/** A full build of the mini fixture in a temporary folder, read back from the PDF itself. */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../helpers/build-api.ts';
import { PDFDocument, PDFName } from 'pdf-lib';
import { checkPdfFile, formatFinding } from '../../src/pdf/ua-check.ts';
import { readStructure, textOf } from '../../src/pdf/ua/structure.ts';
import { pdfFonts, pdfInfo, pdfLang, pdfOutline, pdfStructure, pdfText } from '../helpers/pdf.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject;
let result: BuildResult;
let pdf: string;

beforeAll(async () => {
  project = await tempProject('mini');
  // Passages in English, as the fonts branch's :lang[…]{en} writes them: inline and as a block.
  const colophon = project.file('templates/partials/colophon.hbs');
  await writeFile(colophon, (await readFile(colophon, 'utf8')).replace('</dl>', '</dl>\n<p>Engelsk tittel: <span lang="en">Increasing voter turnout</span>.</p>\n<p lang="en">Summary in English.</p>'));
  result = await build({ root: project.root });
  pdf = result.pdfFile!;
});
afterAll(() => project?.remove());

describe('full build of the mini report', () => {
  it('writes the HTML edition with its assets, in Norwegian', async () => {
    const html = await readFile(project.file('build/report.html'), 'utf8');
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('<title>Testrapport om valgdeltakelse</title>');
    expect(html).toContain('30. mai 2025');
    expect(html).toContain('350\u00a0000\u00a0kroner');
    await expect(readFile(project.file('build/assets/report.css'), 'utf8')).resolves.toContain('@page');
    expect((await readFile(project.file('build/assets/content/images/prikk.png'))).equals(await readFile(project.file('content/images/prikk.png')))).toBe(true);
  });

  it('prints an A4, tagged PDF with metadata from report.yaml', () => {
    const info = pdfInfo(pdf);
    expect(info.Tagged).toBe('yes');
    expect(info['Page size']).toContain('(A4)');
    expect(info.Title).toBe('Testrapport om valgdeltakelse');
    expect(info.Author).toBe('Integrerings- og mangfoldsdirektoratet (IMDi)');
    expect(info.Keywords).toContain('valgdeltakelse');
    expect(Number(info.Pages)).toBeGreaterThanOrEqual(6);
    expect(pdfLang(pdf)).toBe('nb');
  });

  it('has the chapter titles, measure IDs and Norwegian labels in its text', () => {
    const text = pdfText(pdf);
    for (const expected of ['Sammendrag', '1 Status', 'Referanser', 'Vedlegg 1 Fullstendig tiltaksliste', 'T01', 'T02', 'T03', 'T04', 'Innhold', 'Lokalvalget 2027', 'Lang sikt', 'Statlig tiltak innenfor gjeldende rammer', 'Tabell 1.1', 'Figur 1.1', 'Bergh, J.']) {
      expect(text).toContain(expected);
    }
  });

  it('has bookmarks that mirror the headings, with clean titles', () => {
    const outline = pdfOutline(pdf);
    const titles = outline.map((o) => o.title);
    expect(titles).toEqual(expect.arrayContaining(['Sammendrag', '1 Status', '1.1 Valgdeltakelse over tid', '1.1.1 Etter botid', 'Referanser', 'Vedlegg 1 Fullstendig tiltaksliste']));
    expect(outline.find((o) => o.title === '1.1.1 Etter botid')?.level).toBe(3);
    expect(titles.every((t) => !/\u00ad/.test(t))).toBe(true);
    // Each chapter opens on the page its bookmark points to.
    const status = outline.find((o) => o.title === '1 Status')!;
    expect(pdfText(pdf, status.page)).toMatch(/1\s+Status/);
  });

  it('prints the right page number for every table-of-contents entry', () => {
    const outline = pdfOutline(pdf);
    const tocPage = outline.find((o) => o.title === 'Innhold')!.page;
    const lines = pdfText(pdf, tocPage).split('\n').map((l) => l.trim()).filter((l) => /\s\d+$/.test(l));
    const entries = lines.map((l) => ({ text: l.replace(/\s+\d+$/, '').replace(/\s+/g, ' '), page: Number(/(\d+)$/.exec(l)![1]) }));
    expect(entries.length).toBeGreaterThanOrEqual(6);
    for (const entry of entries) {
      const heading = outline.find((o) => o.title.replace(/\s+/g, ' ') === entry.text);
      expect(heading, `TOC entry «${entry.text}» has no heading`).toBeDefined();
      expect(entry.page, entry.text).toBe(heading!.page);
      expect(pdfText(pdf, entry.page).replace(/\s+/g, ' ')).toContain(entry.text);
    }
  });

  it('continues long tables with the header row and «(forts.)», losing no row', () => {
    const pages = Number(pdfInfo(pdf).Pages);
    const pdfTextOf = (n: number) => pdfText(pdf, n);
    const withRows = Array.from({ length: pages }, (_, i) => i + 1).filter((n) => /Kommune \d+\s+\d+/.test(pdfTextOf(n)));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    const [first, ...rest] = withRows;
    expect(pdfTextOf(first!)).toContain('Tabell V1.1 En lang tabell');
    for (const n of rest) {
      expect(pdfTextOf(n)).toContain('Tabell V1.1 (forts.)');
      expect(pdfTextOf(n)).toMatch(/Kommune\s+Prosent/);
    }
    const all = withRows.map(pdfTextOf).join('\n');
    for (let i = 1; i <= 70; i++) expect(all.match(new RegExp(`Kommune ${i}\\s`, 'g'))?.length, `row ${i}`).toBe(1);
  });

  it('tags the structure: headings, tables and the chart with its text alternative', () => {
    const structure = pdfStructure(pdf);
    expect(structure).toMatch(/H1 \(block\)/);
    expect(structure).toMatch(/Table/);
    expect(structure).toMatch(/TH/);
    expect(structure).toMatch(/Figure/);
  });

  it('meets every machine-checkable condition of PDF/UA-1 (our checker)', async () => {
    expect((await checkPdfFile(pdf)).map(formatFinding)).toEqual([]);
    const info = pdfInfo(pdf);
    expect(info['Metadata Stream']).toBe('yes');
    const xmp = execFileSync('pdfinfo', ['-meta', pdf], { encoding: 'utf8' });
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain('Testrapport om valgdeltakelse');
    expect(xmp).not.toContain('pdfaid');
  });

  it('carries the HTML’s lang attributes to /Lang, inline passages too', async () => {
    const doc = await PDFDocument.load(await readFile(pdf), { updateMetadata: false });
    const langs = readStructure(doc).all.filter((n) => n.parent).map((n) => textOf(n.dict.get(PDFName.of('Lang')))).filter(Boolean);
    expect(langs).toEqual(['en', 'en']);
  });

  it('tags footnotes as Note, the table of contents as TOC/TOCI, and list items as Lbl/LBody', () => {
    const structure = execFileSync('pdfinfo', ['-struct', pdf], { encoding: 'utf8' });
    expect(structure).toMatch(/^\s+Note\b/m);
    expect(structure).toMatch(/^\s+TOC\b/m);
    expect(structure).toMatch(/^\s+TOCI\b/m);
    expect(structure).toMatch(/^\s+LBody\b/m);
  });

  it('reads the repeated table header and the «(forts.)» row once: they are artifacts, not structure', () => {
    const structure = pdfStructure(pdf);
    expect(structure).not.toContain('(forts.)');
    expect(structure.match(/Kommune/g)?.length).toBeGreaterThanOrEqual(70);
    // Header «Kommune» once, plus the 70 rows «Kommune 1» … «Kommune 70».
    expect(structure.match(/Kommune(?! \d)/g)?.length).toBe(1);
  });

  it('embeds only the report’s own fonts', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded).toBe(true);
      expect(font.name).toMatch(/\+(SourceSerif4|SourceSans3)/);
    }
  });

  it('hyphenates Norwegian at build time, and only broken words keep a soft hyphen in the PDF text', async () => {
    const html = await readFile(project.file('build/report.html'), 'utf8');
    expect(html).toContain('in\u00adte\u00adgre\u00adrings');
    const raw = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    const soft = [...raw.matchAll(/\u00ad(.)/gsu)];
    expect(soft.length).toBeGreaterThanOrEqual(1);
    for (const match of soft) expect(match[1], 'a soft hyphen inside a word that was not broken').toBe('\n');
    expect(pdfStructure(pdf)).not.toContain('\u00ad');
  });

  it('is reproducible: the same content gives byte-identical HTML and PDF', async () => {
    const html = await readFile(project.file('build/report.html'));
    const first = await readFile(pdf);
    const again = await build({ root: project.root });
    expect((await readFile(again.htmlFile!)).equals(html)).toBe(true);
    expect((await readFile(again.pdfFile!)).equals(first)).toBe(true);
  });

  it('names the steps it reports times for', () => {
    expect(result.timings.map((t) => t.step).filter((s) => /^\d /.test(s))).toEqual(['1 les innhold', '2 maler', '3 markdown', '4 kryssjekk', '5 html', '6 skriv html', '7 pdf']);
  });
});
