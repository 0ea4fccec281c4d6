/**
 * bin/run.mjs, which `npm run report` and `npm run check` start: the bundled command line with
 * V8's code cache beside it. The other CLI tests run src/ with tsx; this one runs what writers run.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

/** `node bin/run.mjs <args…>`: exit code and output. */
async function start(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin', 'run.mjs'), ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** The bundle bin/run.mjs made last. */
function newestBundle(): string {
  const cache = path.join(repoRoot, 'node_modules', '.cache', 'imdi-rapport');
  const bundles = readdirSync(cache)
    .map((d) => path.join(cache, d, 'cli-main.cjs'))
    .filter((file) => existsSync(file));
  return bundles.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
}

describe('the starter (bin/run.mjs)', () => {
  it('builds the report from its bundle, and leaves V8 code cache for the next start', async () => {
    project = await tempProject('mini');
    const first = await start(['report', '--root', project.root]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('PDF:  ');
    expect(existsSync(`${newestBundle()}.v8cache`)).toBe(true);
    const second = await start(['check', '--root', project.root]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('ingen feil');
  }, 60_000);

  it('reports content errors with their place and exit code 1, as the source does', async () => {
    project = await tempProject('mini');
    await project.edit('content/report.yaml', 'date: 2025-05-30', 'date: 30.05.2025');
    const result = await start(['check', '--root', project.root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/report\.yaml\n\s*\d+:\d+/);
    expect(result.stderr).toContain('1 feil må rettes');
  }, 60_000);
});
