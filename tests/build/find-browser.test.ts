/**
 * Finding the writer's browser on Windows, macOS and Linux (src/pdf/find-browser.ts). The
 * Windows and macOS places are checked as paths (path.win32 and path.posix); the overrides and
 * the search order are checked with real files.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserCandidates, findBrowser } from '../../src/pdf/find-browser.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function fakeBrowser(name: string): Promise<string> {
  dir ??= await mkdtemp(path.join(os.tmpdir(), 'imdi-rapport-finn-nettleser-'));
  const file = path.join(dir, name);
  await writeFile(file, '#!/bin/sh\n');
  await chmod(file, 0o755);
  return file;
}

describe('where the browser is looked for', () => {
  it('on Windows: Chrome and Edge, installed per machine and per user', () => {
    const env = { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\kari\\AppData\\Local' };
    const candidates = browserCandidates({ platform: 'win32', env, home: 'C:\\Users\\kari' });
    expect(candidates).toContain('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(candidates).toContain('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(candidates).toContain('C:\\Users\\kari\\AppData\\Local\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(candidates).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(candidates).toContain('C:\\Users\\kari\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe');
    for (const candidate of candidates) expect(path.win32.isAbsolute(candidate), candidate).toBe(true);
    // Without the variables (a stripped environment), the usual folders and the user's own.
    expect(browserCandidates({ platform: 'win32', env: {}, home: 'C:\\Users\\kari' })).toContain('C:\\Users\\kari\\AppData\\Local\\Microsoft\\Edge\\Application\\msedge.exe');
  });

  it('on macOS: Chrome, Edge and Chromium, in /Applications and ~/Applications', () => {
    const candidates = browserCandidates({ platform: 'darwin', env: {}, home: '/Users/kari' });
    expect(candidates).toEqual([
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Users/kari/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Users/kari/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Users/kari/Applications/Chromium.app/Contents/MacOS/Chromium',
    ]);
  });

  it('on Linux: Chromium, Chrome and Edge', () => {
    const candidates = browserCandidates({ platform: 'linux', env: {}, home: '/home/kari' });
    expect(candidates).toContain('/usr/bin/chromium');
    expect(candidates).toContain('/usr/bin/google-chrome');
    expect(candidates).toContain('/opt/microsoft/msedge/msedge');
  });
});

describe('which browser is used', () => {
  const nowhere = { platform: 'linux' as const, home: '/nonexistent', candidates: [] as string[] };

  it('PUPPETEER_EXECUTABLE_PATH first, then CHROME_PATH, then the usual places in order', async () => {
    const first = await fakeBrowser('forste');
    const second = await fakeBrowser('andre');
    const env = { PUPPETEER_CACHE_DIR: '/nonexistent' };
    expect(await findBrowser({ ...nowhere, env: { ...env, PUPPETEER_EXECUTABLE_PATH: first, CHROME_PATH: second } })).toEqual({ path: first, source: 'PUPPETEER_EXECUTABLE_PATH' });
    expect(await findBrowser({ ...nowhere, env: { ...env, CHROME_PATH: second } })).toEqual({ path: second, source: 'CHROME_PATH' });
    expect(await findBrowser({ ...nowhere, env, candidates: ['/nonexistent/chrome', second, first] })).toEqual({ path: second, source: 'system' });
  });

  it('names the variable that points nowhere, and the platform\'s own way to install a browser', async () => {
    await expect(findBrowser({ ...nowhere, env: { CHROME_PATH: '/nonexistent/chrome' } })).rejects.toThrow('CHROME_PATH peker på «/nonexistent/chrome»');
    await expect(findBrowser({ ...nowhere, platform: 'win32', env: { PUPPETEER_CACHE_DIR: '/nonexistent' } })).rejects.toMatchObject({ hint: expect.stringContaining('Edge') });
    await expect(findBrowser({ ...nowhere, platform: 'darwin', env: { PUPPETEER_CACHE_DIR: '/nonexistent' } })).rejects.toMatchObject({ hint: expect.stringContaining('Programmer') });
  });
});
