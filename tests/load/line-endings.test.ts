/**
 * A project saved on Windows (CRLF line endings, as Git for Windows checks files out by
 * default) builds the same report as on Linux or macOS, with problems at the same places.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/core/problems.ts';
import { build } from '../../src/pipeline/pipeline.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let unix: TempProject;
let windows: TempProject;

/** Rewrites every text file of the project with CRLF line endings. */
async function toCrlf(project: TempProject): Promise<void> {
  for (const entry of await readdir(project.root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(md|ya?ml|hbs|csl)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/\r?\n/g, '\r\n'));
  }
}

beforeAll(async () => {
  [unix, windows] = await Promise.all([tempProject('mini'), tempProject('mini')]);
  await toCrlf(windows);
});
afterAll(async () => {
  await Promise.all([unix?.remove(), windows?.remove()]);
});

describe('Windows line endings', () => {
  it('give byte for byte the same HTML', async () => {
    expect(await windows.read('content/report.yaml')).toContain('\r\n');
    const [a, b] = await Promise.all([
      build({ root: unix.root, pdf: false }),
      build({ root: windows.root, pdf: false }),
    ]);
    expect(b.html).toBe(a.html);
  });

  it('give problems at the same line and column', async () => {
    const broken = (project: TempProject) =>
      project.edit('content/report.yaml', /date: 2025-05-30/, 'date: 30.05.2025');
    await Promise.all([broken(unix), broken(windows)]);
    const places = async (project: TempProject) => {
      const error = await build({ root: project.root, pdf: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContentError);
      return (error as ContentError).problems.all().map((m) => `${m.file}:${m.line}:${m.column} ${m.ruleId}`);
    };
    const expected = await places(unix);
    expect(expected.length).toBeGreaterThan(0);
    expect(await places(windows)).toEqual(expected);
  });
});
