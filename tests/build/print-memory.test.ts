/**
 * What a print remembers for the next (build/.toc-pages.json). The table of contents starts
 * from the last build's page numbers: wrong or missing numbers there must never reach the PDF
 * (the printed bookmarks are checked against the numbers shown, and the page is printed
 * again). Unchanged chapters get their soft hyphens pruned as the last build measured them:
 * only a chapter's exact text takes a remembered pruning.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../helpers/build-api.ts';
import { pdfOutline, pdfText } from '../helpers/pdf.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

/** Every TOC line of the PDF names a heading on the page it says. */
function expectRightTableOfContents(pdf: string): number {
  const outline = pdfOutline(pdf);
  const tocPage = outline.find((o) => o.title === 'Innhold')!.page;
  const lines = pdfText(pdf, tocPage).split('\n').map((l) => l.trim()).filter((l) => /\s\d+$/.test(l));
  for (const line of lines) {
    const text = line.replace(/\s+\d+$/, '').replace(/\s+/g, ' ');
    const heading = outline.find((o) => o.title.replace(/\s+/g, ' ') === text);
    expect(heading, `TOC entry «${text}» has no heading`).toBeDefined();
    expect(Number(/(\d+)$/.exec(line)![1]), text).toBe(heading!.page);
  }
  return lines.length;
}

describe('page numbers remembered between builds', () => {
  it('are checked against the printed PDF: wrong ones are corrected, not printed', async () => {
    project = await tempProject('mini');
    await build({ root: project.root });
    const memoryFile = project.file('build/.toc-pages.json');
    const memory = JSON.parse(await readFile(memoryFile, 'utf8')) as { width?: number; pages: Record<string, number> };
    // Every heading one page later than it is: all entries known, all wrong.
    for (const id of Object.keys(memory.pages)) memory.pages[id]! += 1;
    await writeFile(memoryFile, JSON.stringify(memory));
    const result = await build({ root: project.root });
    expect(expectRightTableOfContents(result.pdfFile!)).toBeGreaterThanOrEqual(6);
    // And the right numbers are remembered for the next build.
    const after = JSON.parse(await readFile(memoryFile, 'utf8')) as { pages: Record<string, number> };
    expect(Object.values(after.pages)).toEqual(Object.values(memory.pages).map((n) => n - 1));
  });

  it('are found again when the remembered ones do not cover the table of contents', async () => {
    project = await tempProject('mini');
    await build({ root: project.root });
    await writeFile(project.file('build/.toc-pages.json'), JSON.stringify({ pages: { 'ikke-en-overskrift': 3 } }));
    const result = await build({ root: project.root });
    expect(expectRightTableOfContents(result.pdfFile!)).toBeGreaterThanOrEqual(6);
  });
});

/** The print memory as stored. */
interface Memory {
  width?: number;
  pages: Record<string, number>;
  hyphens?: { layout: string; width: number; chapters: Record<string, string[]> };
}

describe('soft hyphens remembered between builds', () => {
  it('are applied to unchanged chapters, and a stored text that is not the chapter’s own is ignored', async () => {
    project = await tempProject('mini');
    const clean = await readFile((await build({ root: project.root })).pdfFile!);
    const memoryFile = project.file('build/.toc-pages.json');
    const memory = JSON.parse(await readFile(memoryFile, 'utf8')) as Memory;
    const chapters = Object.values(memory.hyphens!.chapters);
    expect(chapters.length).toBeGreaterThanOrEqual(3);

    // A soft hyphen planted where the hyphenation patterns put none (after the third letter of
    // a paragraph's first word) reaches the PDF only if the remembered pruning is used: a
    // measuring build would never have it.
    const values = chapters.find((v) => v.some((t) => /^[A-ZÆØÅ][a-zæøå]{5,} /.test(t)))!;
    const index = values.findIndex((t) => /^[A-ZÆØÅ][a-zæøå]{5,} /.test(t));
    const word = /^\S+/.exec(values[index]!)![0];
    values[index] = `${word.slice(0, 3)}\u00ad${values[index]!.slice(3)}`;
    await writeFile(memoryFile, JSON.stringify(memory));
    const planted = await build({ root: project.root });
    const text = execFileSync('pdftotext', ['-raw', planted.pdfFile!, '-'], { encoding: 'utf8' });
    expect(text).toContain(`${word.slice(0, 3)}\u00ad`);

    // The same value with a letter changed is not the chapter's text: the chapter is measured.
    values[index] = `X${values[index]!.slice(1)}`;
    const again = JSON.parse(await readFile(memoryFile, 'utf8')) as Memory;
    again.hyphens!.chapters = Object.fromEntries(Object.entries(memory.hyphens!.chapters));
    await writeFile(memoryFile, JSON.stringify(again));
    const measured = await build({ root: project.root });
    expect((await readFile(measured.pdfFile!)).equals(clean)).toBe(true);
  });

  it('are not used once the styles change', async () => {
    project = await tempProject('mini');
    await build({ root: project.root });
    const memoryFile = project.file('build/.toc-pages.json');
    const memory = JSON.parse(await readFile(memoryFile, 'utf8')) as Memory;
    const values = Object.values(memory.hyphens!.chapters).find((v) => v.some((t) => /^[A-ZÆØÅ][a-zæøå]{5,} /.test(t)))!;
    const index = values.findIndex((t) => /^[A-ZÆØÅ][a-zæøå]{5,} /.test(t));
    const word = /^\S+/.exec(values[index]!)![0];
    values[index] = `${word.slice(0, 3)}\u00ad${values[index]!.slice(3)}`;
    await writeFile(memoryFile, JSON.stringify(memory));
    await project.edit('templates/styles/report.css', /$/, '\n/* endret */\n');
    const result = await build({ root: project.root });
    expect(execFileSync('pdftotext', ['-raw', result.pdfFile!, '-'], { encoding: 'utf8' })).not.toContain(`${word.slice(0, 3)}\u00ad`);
  });
});
