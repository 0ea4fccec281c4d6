/**
 * Finds the browser to print with, on the writer's own machine: PUPPETEER_EXECUTABLE_PATH or
 * CHROME_PATH, then a browser Puppeteer installed in its cache (the way to pin one version for
 * everybody), then the usual places of Chrome, Edge and Chromium on Windows, macOS and Linux.
 * Nothing is ever downloaded.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../core/problems.ts';

/** A browser found, and where the search found it (for messages). */
export interface FoundBrowser {
  path: string;
  source: string;
}

/** What the search depends on; tests give another platform's. */
export interface SearchPlace {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** The install locations to try (default: browserCandidates() for the platform). */
  candidates?: readonly string[];
}

/** The usual install locations, most likely first: Chrome and Edge per machine, then per user. */
export function browserCandidates({ platform, env, home }: SearchPlace): string[] {
  if (platform === 'win32') {
    const join = path.win32.join;
    const roots = [
      env.ProgramFiles ?? 'C:\\Program Files',
      env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)',
      env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'),
    ];
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      'Chromium.app/Contents/MacOS/Chromium',
    ];
    return ['/Applications', path.posix.join(home, 'Applications')].flatMap((folder) =>
      apps.map((app) => path.posix.join(folder, app)),
    );
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/opt/microsoft/msedge/msedge',
    '/snap/bin/chromium',
  ];
}

/** How to install a browser, in the words of the writer's platform. */
function installHint(platform: NodeJS.Platform): string {
  if (platform === 'win32')
    return 'Installer Microsoft Edge eller Google Chrome (Edge følger med Windows 10 og 11), eller sett PUPPETEER_EXECUTABLE_PATH til nettleserens .exe-fil';
  if (platform === 'darwin')
    return 'Installer Google Chrome eller Microsoft Edge i Programmer, eller sett PUPPETEER_EXECUTABLE_PATH til nettleserens kjørbare fil';
  return 'Installer Chromium (Debian/Ubuntu: «sudo apt-get install chromium»), eller sett PUPPETEER_EXECUTABLE_PATH til nettleserens kjørbare fil';
}

/** The browser executable, or a clear error that says how to install one. */
export async function findBrowser(
  place: SearchPlace = { platform: process.platform, env: process.env, home: os.homedir() },
): Promise<FoundBrowser> {
  const { platform, env } = place;
  for (const variable of ['PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'] as const) {
    const given = env[variable];
    if (!given) continue;
    if (isExecutable(given, platform)) return { path: given, source: variable };
    throw new EnvironmentError(
      `${variable} peker på «${given}», som ikke finnes eller ikke kan kjøres`,
      'Rett stien, eller fjern variabelen for å bruke nettleseren som er installert på maskinen',
    );
  }
  const cacheDir = env.PUPPETEER_CACHE_DIR ?? path.join(place.home, '.cache', 'puppeteer');
  // Puppeteer's browser manager is loaded only when its cache exists.
  if (existsSync(cacheDir)) {
    const { Browser, computeExecutablePath, getInstalledBrowsers } = await import('@puppeteer/browsers');
    const installed = await getInstalledBrowsers({ cacheDir }).catch(() => []);
    for (const browser of installed.filter(
      (b) => b.browser === Browser.CHROME || b.browser === Browser.CHROMEHEADLESSSHELL,
    )) {
      const executable = computeExecutablePath({
        cacheDir,
        browser: browser.browser,
        buildId: browser.buildId,
        platform: browser.platform,
      });
      if (isExecutable(executable, platform))
        return { path: executable, source: `Puppeteer (${browser.browser} ${browser.buildId})` };
    }
  }
  for (const candidate of place.candidates ?? browserCandidates(place)) {
    if (isExecutable(candidate, platform)) return { path: candidate, source: 'system' };
  }
  throw new EnvironmentError('Fant ingen Chrome, Edge eller Chromium å lage PDF med', installHint(platform));
}

/** Whether a file can be run (on Windows, where there is no execute bit: whether it exists). */
function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    accessSync(file, platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
