/**
 * bin/run.mjs, which `npm run report` and `npm run check` start: Node runs src/ itself (type
 * stripping), with its compile cache. Tests and writers run the same code.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/pdf/find-browser.ts';
import { repoRoot, tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

/** `node bin/run.mjs <args…>`: exit code and output. */
async function start(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin', 'run.mjs'), ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** A Node older than the project supports, if this machine has one (Debian's machines here come with Node 20). */
const oldNode = ['/usr/bin/node', '/usr/local/bin/node20'].find((node) => {
  try {
    return Number(execFileSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim()) < 22;
  } catch {
    return false;
  }
});

describe('the command line (bin/run.mjs)', () => {
  it('builds the report from src/, and leaves the Node compile cache for the next start (outside the repository)', async () => {
    project = await tempProject('mini');
    const cache = await mkdtemp(path.join(os.tmpdir(), 'imdi-rapport-compile-cache-'));
    try {
      const first = await start(['report', '--root', project.root], { NODE_COMPILE_CACHE: cache });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('PDF:  ');
      expect(readdirSync(cache, { recursive: true }).length).toBeGreaterThan(0);
      const second = await start(['check', '--root', project.root], { NODE_COMPILE_CACHE: cache });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain('ingen feil');
      // `npm run clean` removes everything built and cached.
      expect(existsSync(project.file('build/.cache'))).toBe(true);
      const clean = await start(['clean', '--root', project.root]);
      expect(clean.code, clean.stderr).toBe(0);
      expect(existsSync(project.file('build'))).toBe(false);
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  }, 60_000);

  it.skipIf(!oldNode)('tells a writer with an old Node what to install, instead of failing on TypeScript', async () => {
    const result = await promisify(execFile)(oldNode!, [path.join(repoRoot, 'bin', 'run.mjs'), 'check'], { cwd: repoRoot }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in result && result.code).toBe(2);
    expect(result.stderr).toMatch(/imdi-rapport trenger Node 22\.18 eller nyere .*denne maskinen har Node 2\d\./);
  });

  it('reports content errors with their place and exit code 1, as the source does', async () => {
    project = await tempProject('mini');
    await project.edit('content/report.yaml', 'date: 2025-05-30', 'date: 30.05.2025');
    const result = await start(['check', '--root', project.root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/report\.yaml\n\s*\d+:\d+/);
    expect(result.stderr).toContain('1 feil må rettes');
  }, 60_000);

  it('starts Chromium once, and only for a build that prints (before the build code is read)', async () => {
    project = await tempProject('mini');
    // A stand-in for the browser that notes each start, then runs the real one.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'imdi-rapport-nettleserlogg-'));
    const log = path.join(dir, 'starter.log');
    const browser = path.join(dir, 'chromium');
    await writeFile(browser, `#!/bin/sh\necho start >> '${log}'\nexec '${(await findBrowser()).path}' "$@"\n`);
    await chmod(browser, 0o755);
    const starts = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    try {
      const env = { PUPPETEER_EXECUTABLE_PATH: browser };
      const report = await start(['report', '--root', project.root], env);
      expect(report.code, report.stderr).toBe(0);
      expect(await starts()).toBe(1);
      for (const args of [['check'], ['report', '--html-only'], ['report', '--help']]) {
        const other = await start([...args, '--root', project.root], env);
        expect(other.code, other.stderr).toBe(0);
      }
      expect(await starts()).toBe(1);
      // A browser that cannot start is reported as before: by the command line, with its fix.
      const missing = await start(['report', '--root', project.root], { PUPPETEER_EXECUTABLE_PATH: path.join(dir, 'finnes-ikke') });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('PUPPETEER_EXECUTABLE_PATH peker på');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
