/**
 * Finds a Chromium or Chrome to print with: PUPPETEER_EXECUTABLE_PATH, then a browser Puppeteer
 * installed in its cache, then the usual system paths. Nothing is ever downloaded.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../core/problems.ts';

const systemPaths = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The browser executable, or a clear error that says how to install one. */
export async function findBrowser(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = systemPaths): Promise<{ path: string; source: string }> {
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return { path: fromEnv, source: 'PUPPETEER_EXECUTABLE_PATH' };
    throw new EnvironmentError(
      `PUPPETEER_EXECUTABLE_PATH peker på «${fromEnv}», som ikke finnes eller ikke kan kjøres`,
      'Rett stien, eller fjern variabelen for å bruke nettleseren som er installert på maskinen',
    );
  }
  const cacheDir = env.PUPPETEER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'puppeteer');
  // Puppeteer's own package is loaded only when its cache exists: the command line looks for a
  // browser before anything else is loaded.
  if (existsSync(cacheDir)) {
    const { Browser, computeExecutablePath, getInstalledBrowsers } = await import('@puppeteer/browsers');
    const installed = await getInstalledBrowsers({ cacheDir }).catch(() => []);
    for (const browser of installed.filter((b) => b.browser === Browser.CHROME || b.browser === Browser.CHROMEHEADLESSSHELL)) {
      const executable = computeExecutablePath({ cacheDir, browser: browser.browser, buildId: browser.buildId, platform: browser.platform });
      if (isExecutable(executable)) return { path: executable, source: `Puppeteer (${browser.browser} ${browser.buildId})` };
    }
  }
  for (const candidate of candidates) {
    if (isExecutable(candidate)) return { path: candidate, source: 'system' };
  }
  throw new EnvironmentError(
    'Fant ingen Chromium eller Chrome å lage PDF med',
    'Installer Chromium (Debian/Ubuntu: «sudo apt-get install chromium»; macOS: installer Google Chrome), eller sett PUPPETEER_EXECUTABLE_PATH til nettleserens kjørbare fil',
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
