/**
 * The table of contents starts from the page numbers the last build remembered
 * (build/.toc-pages.json). Wrong or missing numbers there must never reach the PDF: the
 * printed bookmarks are checked against the numbers shown, and the page is printed again.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
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
