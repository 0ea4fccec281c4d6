/**
 * Chromium through Puppeteer's public launch({ pipe: true }) (src/pdf/browser.ts): only the
 * parts a print needs, a clear message when it cannot start, and nothing left behind when it
 * is closed or when Node exits.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { access, chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { closeBrowser, launchBrowser } from '../../src/pdf/browser.ts';
import { prepareTab, releaseTab } from '../../src/pdf/prepare-tab.ts';
import { EnvironmentError } from '../../src/core/problems.ts';
import { repoRoot } from '../helpers/project.ts';

/** Whether a process still runs (a zombie waiting to be reaped has stopped). */
async function running(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => undefined);
  return stat !== undefined && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** Every process started by `root`, however deep, from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // ended meanwhile
    }
  }
  const found: number[] = [];
  const stack = [root];
  while (stack.length) for (const child of children.get(stack.pop()!) ?? []) found.push(child), stack.push(child);
  return found;
}

const exists = (file: string) => access(file).then(() => true, () => false);

/** These tests read /proc and run shell scripts as browsers: Linux only. */
const onLinux = process.platform === 'linux';

describe('the print browser', () => {
  it.skipIf(!onLinux)('runs the report page and nothing else: no address-bar popup, no spare renderer', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setContent('<p>Hei</p>');
      // Chromium's own pages (chrome://omnibox-popup.top-chrome/ and its «AI mode» variant) come
      // up as targets of their own while the browser starts: give them the time they would take.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const session = await browser.target().createCDPSession();
      const { targetInfos } = await session.send('Target.getTargets');
      expect(targetInfos.map((t) => t.url).filter((url) => url.startsWith('chrome://'))).toEqual([]);
      // Renderers: the first tab's and the page's; none kept spare for a next site.
      const commands = await Promise.all(descendants(browser.process()!.pid!).map((pid) => readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => '')));
      expect(commands.filter((cmd) => cmd.includes('--type=renderer'))).toHaveLength(2);
    } finally {
      await closeBrowser(browser, { kill: true });
    }
  });

  it.skipIf(!onLinux)('is driven over its pipe, and leaves neither process nor profile when closed or killed', async () => {
    for (const kill of [false, true]) {
      const browser = await launchBrowser();
      const process = browser.process()!;
      const profile = /--user-data-dir=(.+)/.exec(process.spawnargs.find((arg) => arg.startsWith('--user-data-dir='))!)![1]!;
      expect(process.spawnargs).toContain('--remote-debugging-pipe');
      const page = await browser.newPage();
      await page.setContent('<p>Hei</p>');
      expect(await page.evaluate(() => document.body.textContent)).toBe('Hei');
      expect(await exists(profile)).toBe(true);
      await closeBrowser(browser, { kill });
      expect(await running(process.pid!)).toBe(false);
      expect(await exists(profile), `profile left after ${kill ? 'a kill' : 'a close'}`).toBe(false);
    }
  });

  it.skipIf(!onLinux)('tells the print at once when the tab\'s renderer dies and the browser lives on', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'imdi-rapport-fane-'));
    const tab = await prepareTab({ root });
    try {
      await tab.page.setContent('<p>Hei</p>');
      const renderers = [];
      for (const pid of descendants(tab.browser.process()!.pid!)) {
        if ((await readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => '')).includes('--type=renderer')) renderers.push(pid);
      }
      expect(renderers.length).toBeGreaterThan(0);
      for (const pid of renderers) process.kill(pid, 'SIGKILL');
      // Without the page's crash event, gone waited for the browser itself, which stays up.
      await expect(tab.gone).rejects.toThrow(/krasjet|koblet fra/);
      expect(tab.browser.connected).toBe(true);
    } finally {
      await releaseTab(tab);
      await rm(root, { recursive: true, force: true });
    }
  });

  it.skipIf(!onLinux)('goes when Node exits without closing it', async () => {
    const script = [
      "import { launchBrowser } from './src/pdf/browser.ts';",
      'const browser = await launchBrowser();',
      'console.log(JSON.stringify({ pid: browser.process().pid }));',
      'process.exit(0);',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot });
    const { pid } = JSON.parse(stdout) as { pid: number };
    for (let i = 0; i < 100 && (await running(pid)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await running(pid)).toBe(false);
  });

  it.skipIf(!onLinux)('says what went wrong when the browser cannot start, with what it wrote', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'imdi-rapport-chromium-test-'));
    const fake = path.join(dir, 'chromium');
    await writeFile(fake, '#!/bin/sh\necho "error while loading shared libraries: libnss3.so" >&2\nexit 127\n');
    await chmod(fake, 0o755);
    const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
    process.env.PUPPETEER_EXECUTABLE_PATH = fake;
    try {
      const error = await launchBrowser().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EnvironmentError);
      expect((error as EnvironmentError).message).toContain(`Nettleseren ${fake} stoppet mens den startet`);
      expect((error as EnvironmentError).message).toContain('libnss3.so');
      expect((error as EnvironmentError).hint).toContain('chromium --headless --no-sandbox --version');
    } finally {
      if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
      else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
