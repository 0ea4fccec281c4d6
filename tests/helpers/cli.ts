/** Runs the real command line (as writers do) in a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { repoRoot, tempProject, type TempProject } from './project.ts';

/** What a run printed and how it ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/run.mjs <args…> (what npm run report runs)`; resolves when the process exits. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).result;
}

/** Starts the command line and gives its process (for tests that watch or kill what it starts). */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; result: Promise<CliResult> } {
  let child!: ChildProcess;
  const result = new Promise<CliResult>((resolve, reject) => {
    child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'run.mjs'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, result };
}

/** A copy of the mini project built once with the real command line, and its PDF (the «last good build»). */
export async function builtProject(): Promise<{ project: TempProject; pdf: Buffer }> {
  const project = await tempProject('mini');
  const first = await runCli(['report', '--root', project.root]);
  if (first.code !== 0) throw new Error(`the good build failed:\n${first.stderr}`);
  return { project, pdf: await readFile(project.file('build/report.pdf')) };
}
