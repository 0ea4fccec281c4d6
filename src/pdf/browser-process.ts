/**
 * Chromium as a plain child process, driven over a pipe (--remote-debugging-pipe). This module
 * uses Node's own modules only, so it loads in a few milliseconds: the command line starts the
 * browser before it loads the build code (and Puppeteer), and Chromium's third of a second of
 * starting runs beside Node's. browser.ts connects Puppeteer to the process afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { findBrowser } from './find-browser.ts';

/** A running (or starting) Chromium and what it takes to talk to it and clean up after it. */
export interface BrowserProcess {
  child: ChildProcess;
  /** The executable, for error messages. */
  executable: string;
  /** Its temporary profile folder (removed when it exits). */
  profile: string;
  /** Chromium reads commands from this pipe (its fd 3)… */
  toBrowser: Writable;
  /** …and answers on this one (its fd 4). */
  fromBrowser: Readable;
  /** Resolves when the process has exited and its temporary profile is gone. */
  exited: Promise<void>;
  /** The last lines Chromium wrote to its error output (for error messages). */
  output(): string;
}

/** Browser parts a print never uses (see browserArgs()). */
const unusedParts = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'SpareRendererForSitePerProcess'];

/**
 * Flags every launch needs here: no sandbox as root, no background traffic on a closed network,
 * no GPU on a server, and the same text rendering on every machine.
 *
 * And no browser parts a print never uses. Chromium's headless mode (since about version 149)
 * still preloads the address bar's popup, two chrome:// pages (WebUIOmniboxPopup and its «AI
 * mode» variant WebUIOmniboxAimPopup) in a renderer of their own: ≈ 0,6 s of processor time in
 * the browser's first second, on a two-core machine the same cores the build needs, and 75 MiB
 * held through the print. A spare renderer kept ready for the next site
 * (SpareRendererForSitePerProcess) is never used either: the report is one page on one site.
 */
export function browserArgs(): string[] {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--font-render-hinting=none',
    `--disable-features=${unusedParts.join(',')}`,
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/**
 * The whole command line: what Puppeteer's launch() would pass (its defaultArgs() for headless
 * Chrome, which tests/build/browser-process.test.ts compares with this list), our flags, and the
 * pipe. Puppeteer's defaults matter for the PDF: they turn on tagging and the outline.
 */
export function chromiumArgs(profile: string): string[] {
  return [
    '--allow-pre-commit-input',
    '--disable-background-networking',
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
    '--disable-breakpad',
    '--disable-client-side-phishing-detection',
    '--disable-component-extensions-with-background-pages',
    '--disable-crash-reporter',
    '--disable-default-apps',
    '--disable-dev-shm-usage',
    '--disable-hang-monitor',
    '--disable-infobars',
    '--disable-ipc-flooding-protection',
    '--disable-popup-blocking',
    '--disable-prompt-on-repost',
    '--disable-renderer-backgrounding',
    '--disable-search-engine-choice-screen',
    '--disable-sync',
    '--enable-automation',
    '--export-tagged-pdf',
    '--force-color-profile=srgb',
    '--generate-pdf-document-outline',
    '--metrics-recording-only',
    '--no-first-run',
    '--password-store=basic',
    '--use-mock-keychain',
    // Puppeteer's list, then ours (Puppeteer merges --disable-features the same way).
    `--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes,${unusedParts.join(',')}`,
    '--enable-features=PdfOopif',
    `--user-data-dir=${profile}`,
    '--headless=new',
    '--hide-scrollbars',
    '--mute-audio',
    '--disable-extensions',
    'about:blank',
    ...browserArgs().filter((arg) => !arg.startsWith('--disable-features=')),
    '--remote-debugging-pipe',
  ];
}

/** Processes started here that have not exited: killed if Node exits first. */
const running = new Set<BrowserProcess>();
let exitHookInstalled = false;

/**
 * Starts Chromium. Resolves as soon as the process is spawned (it is still starting): connect
 * to it with browser.ts's launchBrowser(). Throws EnvironmentError when no browser is found.
 */
export async function spawnBrowser(): Promise<BrowserProcess> {
  const executable = await findBrowser();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'imdi-rapport-chromium-'));
  // Chromium reads commands on fd 3 and writes answers on fd 4. Its error output is read (a
  // full pipe would stop it) and the tail is kept for messages.
  const child = spawn(executable.path, chromiumArgs(profile), { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    const done = () => {
      running.delete(started);
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
      resolve();
    };
    // 'close' comes after 'exit' once the pipes are closed too; a process that never started
    // (spawn error) only emits 'error' and 'close'.
    child.once('close', done);
  });
  child.once('error', (error) => {
    tail += `\n${error.message}`;
  });
  const started: BrowserProcess = {
    child,
    executable: executable.path,
    profile,
    toBrowser: child.stdio[3] as Writable,
    fromBrowser: child.stdio[4] as Readable,
    exited,
    output: () => tail.trim().split('\n').slice(-5).join('\n'),
  };
  running.add(started);
  installExitHook();
  return started;
}

/**
 * Hands a starting browser to the other bundle of this program: bin/run.mjs starts Chromium
 * from a small bundle of its own (cli/early-browser.ts) before it reads the large one, and the
 * two share only globals. The browser is taken once; a failed start is not handed on.
 */
const offered = Symbol.for('imdi-rapport.offered-browser');
type Shelf = { [offered]?: Promise<BrowserProcess> };

export function offerBrowser(starting: Promise<BrowserProcess>): void {
  starting.catch(() => undefined); // the taker starts another, which reports the problem
  (globalThis as Shelf)[offered] = starting;
}

/** The browser offered by offerBrowser(), if any; it is no longer offered afterwards. */
export function takeOfferedBrowser(): Promise<BrowserProcess> | undefined {
  const shelf = globalThis as Shelf;
  const starting = shelf[offered];
  delete shelf[offered];
  return starting;
}

/** Kills the browser (it holds nothing worth saving) and waits until it and its profile are gone. */
export async function killBrowser(browser: BrowserProcess, waitMs = 2000): Promise<void> {
  const { child } = browser;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([browser.exited, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
}

/**
 * Node exiting (normally, on an error, or by process.exit) takes every browser started here
 * with it; Chromium also quits by itself when its pipe closes, if Node is killed outright.
 * Chromium's helper processes can still write to the profile for a moment after the browser is
 * killed, so a small detached process removes the profiles once they have stopped.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    const profiles: string[] = [];
    for (const browser of running) {
      try {
        browser.child.kill('SIGKILL');
      } catch {
        // already gone
      }
      profiles.push(browser.profile);
    }
    if (profiles.length === 0) return;
    const remove = `const { rmSync } = require('node:fs'); const remove = () => { for (const p of ${JSON.stringify(profiles)}) rmSync(p, { recursive: true, force: true, maxRetries: 3 }); }; remove(); setTimeout(remove, 1000);`;
    try {
      spawn(process.execPath, ['-e', remove], { detached: true, stdio: 'ignore' }).unref();
    } catch {
      for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
    }
  });
}
