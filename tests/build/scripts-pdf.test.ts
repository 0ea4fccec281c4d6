/**
 * Every script the report needs (issue 16, item 4): a chapter quoting language names in Arabic
 * script, Ethiopic, Cyrillic and Latin with Polish, Lithuanian and Vietnamese marks, and common
 * signs, built to a PDF and read back: the fallback fonts embedded only when used, the text in
 * logical order, each run tagged with its language. A character no font has stops the build at
 * its file:line:col.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { build } from '../../src/pipeline/pipeline.ts';
import { closeBrowser, launchBrowser } from '../../src/pdf/browser.ts';
import { serveStatic } from '../../src/pdf/static-server.ts';
import { runCli } from '../helpers/cli.ts';
import { pdfFonts, pdfText } from '../helpers/pdf.ts';
import { repoRoot, tempProject, type TempProject } from '../helpers/project.ts';

const fixtures = path.join(repoRoot, 'tests', 'fixtures', 'scripts');
const fallbackFonts = ['NotoNaskhArabic', 'NotoNastaliqUrdu', 'NotoSansEthiopic', 'NotoSansMath'];

/** The mini project with one more chapter, `chapters/05-sprak.md`, from tests/fixtures/scripts/. */
async function projectWith(chapter: string): Promise<TempProject> {
  const project = await tempProject('mini');
  await copyFile(path.join(fixtures, chapter), project.file('content/chapters/05-sprak.md'));
  await project.edit('content/report.yaml', '  - chapters/02-status.md\n', '  - chapters/02-status.md\n  - chapters/05-sprak.md\n');
  return project;
}

/** Every /Lang in the PDF (the catalog's and the tags'). */
function pdfLanguages(file: string): string[] {
  const json = execFileSync('qpdf', ['--json', '--json-key=qpdf', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return [...json.matchAll(/"\/Lang": "u:([^"]+)"/g)].map((m) => m[1]!);
}

/** Embedded font names without their subset prefix. */
const fontNames = (file: string) => pdfFonts(file).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));

let project: TempProject;
let pdf: string;

beforeAll(async () => {
  project = await projectWith('chapter.md');
  pdf = (await build({ root: project.root })).pdfFile!;
});
afterAll(() => project?.remove());

describe('a chapter in many scripts', () => {
  it('embeds the Arabic (Naskh, and Nastaliq for Urdu), Ethiopic and math fallback fonts beside the report’s own', () => {
    const names = fontNames(pdf);
    for (const family of [...fallbackFonts, 'SourceSerif4']) expect(names.some((n) => n.startsWith(family)), family).toBe(true);
    expect(pdfFonts(pdf).every((f) => f.embedded)).toBe(true);
  });

  it('gives back the text in logical order', () => {
    // Poppler marks right-to-left runs with U+202B…U+202C and places the spaces around them as it
    // sees fit; it also splits a word where Naskh's cursive attachment raises a letter (the final
    // ة of العربية). Neither changes the order of the letters and words, which is what is
    // compared here, without any spaces.
    const bare = (text: string) => text.replace(/[\u202a-\u202e\s]/g, '');
    const text = bare(pdfText(pdf));
    for (const sentence of [
      'Informasjonen om valget finnes på العربية, کوردی, فارسی og اردو.',
      'Den finnes også på ትግርኛ og አማርኛ, på українська og på polski (ąęłńśźż), lietuvių (ėįšųūž) og Tiếng Việt.',
      'Tegn: → ≈ ≥ ≤ ✓ • €.',
    ]) {
      expect(text).toContain(bare(sentence));
    }
  });

  it('tags each run with its language', () => {
    const languages = pdfLanguages(pdf);
    for (const lang of ['ar', 'ckb', 'fa', 'ur', 'ti', 'am', 'uk', 'pl', 'lt', 'vi']) expect(languages, lang).toContain(lang);
  });

  it('marks the runs in the HTML edition, right-to-left ones isolated with dir="rtl"', async () => {
    const html = await readFile(project.file('build/report.html'), 'utf8');
    expect(html).toContain('<span lang="ar" dir="rtl" aria-atomic="false">العربية</span>');
    expect(html).toContain('<span lang="ti" aria-atomic="false">ትግርኛ</span>');
    await expect(readFile(project.file('build/assets/report.css'), 'utf8')).resolves.toMatch(/\[dir\]\s*\{\s*unicode-bidi:\s*isolate;?\s*\}/);
  });

  it('fetches only the font files the text needs, has no axe-core violations in the HTML edition, and lays the right-to-left runs out right to left', async () => {
    const server = await serveStatic(project.file('build'));
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const fetched: string[] = [];
      page.on('request', (request) => void (request.url().endsWith('.woff2') && fetched.push(request.url().split('/').pop()!)));
      await page.goto(`${server.origin}/report.html`, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      // Each fallback font's file is fetched for the weight the text uses, and no other.
      expect(fetched.filter((f) => f.startsWith('noto-')).sort()).toEqual([
        'noto-naskh-arabic-arabic-400-normal.woff2',
        'noto-nastaliq-urdu-arabic-400-normal.woff2',
        'noto-sans-ethiopic-ethiopic-400-normal.woff2',
        'noto-sans-math-latin-400-normal.woff2',
      ]);
      await page.addScriptTag({ content: await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8') });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string }[] }> } }).axe;
        return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map((v) => v.id);
      });
      expect(violations).toEqual([]);
      // The browser lays the Arabic run out right to left, inside a left-to-right sentence.
      const directions = await page.evaluate(() => {
        const run = document.querySelector('span[lang="ar"]')!;
        return [getComputedStyle(run).direction, getComputedStyle(run).unicodeBidi, getComputedStyle(run.parentElement!).direction];
      });
      expect(directions).toEqual(['rtl', 'isolate', 'ltr']);
      if (process.env.SCRIPTS_SCREENSHOT) await (await page.$('span[lang="ar"]'))!.evaluate((e) => e.closest('p')!.scrollIntoView()).then(() => page.screenshot({ path: process.env.SCRIPTS_SCREENSHOT! }));
    } finally {
      await closeBrowser(browser);
      await server.close();
    }
  });

  it('is reproducible byte for byte', async () => {
    const first = await readFile(pdf);
    const again = await build({ root: project.root });
    expect((await readFile(again.pdfFile!)).equals(first)).toBe(true);
  });
});

describe('a report without those scripts', () => {
  it('ships the fallback fonts but embeds none of them', async () => {
    const plain = await tempProject('mini');
    try {
      const file = (await build({ root: plain.root })).pdfFile!;
      const names = fontNames(file);
      expect(names.filter((n) => fallbackFonts.some((f) => n.startsWith(f)))).toEqual([]);
      const shipped = await readdir(plain.file('build/assets/fonts'));
      expect(shipped.some((f) => f.startsWith('noto-naskh-arabic-arabic-'))).toBe(true);
      await expect(readFile(plain.file('build/assets/fonts.css'), 'utf8')).resolves.toMatch(/font-family: 'Noto Sans Ethiopic';[\s\S]*unicode-range: U\+030E,U\+1200-1399/);
    } finally {
      await plain.remove();
    }
  });
});

describe('a character no shipped font has', () => {
  it('is an error at its file:line:col, naming the character, its code point and its script', async () => {
    const broken = await projectWith('unsupported.md');
    try {
      const run = await runCli(['report', '--root', broken.root]);
      const output = run.stdout + run.stderr;
      expect(run.code).not.toBe(0);
      expect(output).toContain('content/chapters/05-sprak.md');
      expect(output).toMatch(/7:7(-\d+:\d+)?\s+error\s+Tegnet «ᚠ» \(U\+16A0, runeskrift\) finnes ikke i rapportens skrifter/);
      expect(output).toContain('src/fonts/fallback-fonts.ts');
    } finally {
      await broken.remove();
    }
  });
});
