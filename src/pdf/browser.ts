/**
 * Chromium for printing, through Puppeteer's public API only: launch({ pipe: true }) with the
 * browser this machine has (find-browser.ts). Used by the print stage, the preview's draft PDF,
 * tests and the bench.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import puppeteer, { TimeoutError, type Browser } from 'puppeteer-core';
import { EnvironmentError } from '../core/problems.ts';
import { findBrowser } from './find-browser.ts';

/** How long starting the browser may take. */
const launchTimeoutMs = 15_000;

/** Browser parts a print never uses (see browserArgs()). */
const unusedParts = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'SpareRendererForSitePerProcess'];

/**
 * Flags on top of Puppeteer's own: no sandbox as root, no background traffic on a closed
 * network, no GPU on a server, and the same text rendering on every machine.
 *
 * And no browser parts a print never uses. Chromium's headless mode still preloads the address
 * bar's popup (two chrome:// pages in a renderer of their own), which costs processor time on
 * the cores the build needs and memory through the print; the spare renderer kept ready for
 * the next site is never used either: the report is one page on one site. Puppeteer merges
 * this --disable-features with its own.
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

/** How a caller wants the browser launched. */
export interface LaunchOptions {
  /**
   * Let Puppeteer kill the browser and exit on Ctrl-C (default). The command line turns this
   * off and closes the browser itself first, so its temporary profile goes too.
   */
  handleSignals?: boolean;
}

/** Launches the browser (reuse it for several prints). Throws EnvironmentError with a hint when it cannot. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executable = await findBrowser();
  const handleSignals = options.handleSignals ?? true;
  try {
    const browser = await puppeteer.launch({
      executablePath: executable.path,
      pipe: true,
      headless: true,
      args: browserArgs(),
      timeout: launchTimeoutMs,
      // A print of a long report may take minutes: the print step has its own time limit.
      protocolTimeout: 0,
      defaultViewport: { width: 800, height: 600 },
      handleSIGINT: handleSignals,
      handleSIGTERM: handleSignals,
      handleSIGHUP: handleSignals,
    });
    // Puppeteer reads the browser's output through pipes it does not listen to for errors: a
    // browser killed outright (Ctrl-C, out of memory) can reset them (ECONNRESET), and an
    // 'error' event nobody listens to would end Node with a stack trace instead of our message.
    for (const stream of browser.process()?.stdio ?? []) stream?.on('error', () => undefined);
    return browser;
  } catch (error) {
    if (error instanceof TimeoutError) {
      throw new EnvironmentError(
        `Nettleseren ${executable.path} startet ikke innen ${launchTimeoutMs / 1000} sekunder (den kan ha blitt stoppet mens den startet)`,
        'Prøv igjen; hvis det gjentar seg, sjekk at Chromium er riktig installert (prøv «chromium --headless --no-sandbox --version»). Den forrige build/report.pdf er urørt',
        { cause: error },
      );
    }
    const said = (await whyItFails(executable.path)) ?? (error as Error).message.trim();
    throw new EnvironmentError(
      `Nettleseren ${executable.path} stoppet mens den startet:\n${said}`,
      'Prøv igjen; hvis det gjentar seg, sjekk at Chromium er riktig installert (prøv «chromium --headless --no-sandbox --version») og at maskinen har nok minne. Den forrige build/report.pdf er urørt',
      { cause: error },
    );
  }
}

/**
 * What the browser writes when asked only for its version: Puppeteer's error over the pipe
 * says no more than «Target closed», while a missing library or a broken install shows here.
 */
async function whyItFails(executable: string): Promise<string | undefined> {
  try {
    await promisify(execFile)(executable, ['--headless', '--no-sandbox', '--version'], { timeout: 5000 });
    return undefined;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    return (stderr?.trim() || message).split('\n').slice(-5).join('\n');
  }
}

/**
 * Closes the browser and waits until its process and temporary profile are gone. With
 * `kill`, the process is killed first: a browser used only for printing holds nothing worth
 * saving, and a polite close takes a sixth of a second longer.
 */
export async function closeBrowser(browser: Browser, { kill = false } = {}): Promise<void> {
  if (kill) browser.process()?.kill('SIGKILL');
  // After a kill, close() finds the connection gone and only waits for the exit and the clean-up.
  await browser.close().catch(() => undefined);
}

/** Thrown by withTimeout() when the time is up. */
export class PrintTimeout extends Error {}

/** `work`, or a PrintTimeout after `ms` milliseconds (0 = no limit). */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  if (!ms) return work;
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PrintTimeout()), ms);
    }),
  ]);
}
