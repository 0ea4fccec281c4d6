/**
 * The PDF says which browser printed it, and a build with another browser version than the
 * project's nettleser.json warns (line breaks and page numbers can differ between versions).
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/pipeline.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject;
beforeAll(async () => {
  project = await tempProject('mini');
});
afterAll(async () => {
  await project?.remove();
});

describe('the browser version', () => {
  it('is recorded in the PDF and, at the first build, in nettleser.json', async () => {
    const result = await build({ root: project.root });
    const producer = /Producer:\s+(.*)/.exec(execFileSync('pdfinfo', [result.pdfFile!], { encoding: 'utf8' }))![1]!;
    const pinned = JSON.parse(await project.read('nettleser.json')) as { browser: string };
    expect(pinned.browser).toMatch(/^[A-Za-z]+\/\d+\.\d+\.\d+\.\d+$/);
    expect(producer).toBe(`imdi-rapport (${pinned.browser}, pdf-lib)`);
    expect(result.problems.all().filter((m) => m.ruleId === 'browser-version')).toEqual([]);
  });

  it('warns when another version prints, and leaves the pinned version alone', async () => {
    const other = `${JSON.stringify({ browser: 'HeadlessChrome/120.0.6099.109' })}\n`;
    await writeFile(project.file('nettleser.json'), other);
    const result = await build({ root: project.root });
    const warnings = result.problems.all().filter((m) => m.ruleId === 'browser-version');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.reason).toMatch(/PDF-en er laget med [A-Za-z]+\/[\d.]+, men nettleser\.json sier at rapporten bygges med HeadlessChrome\/120\.0\.6099\.109/);
    expect(await readFile(project.file('nettleser.json'), 'utf8')).toBe(other);
  });
});
