/**
 * The browser itself: finding flags, launching, closing without leaving a process behind, and
 * bounding a wait on it. Used by the print stage, the preview's draft PDF, tests and the bench.
 */
import puppeteer, { type Browser } from 'puppeteer-core';
import { EnvironmentError } from '../core/problems.ts';
import { findBrowser } from './find-browser.ts';

/** Flags every launch needs here: no sandbox as root, and no background traffic on a closed network. */
export function browserArgs(): string[] {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--font-render-hinting=none',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/** How long starting the browser may take. */
const launchTimeoutMs = 15_000;

/** Launches the browser once (reuse it for several prints). */
export async function launchBrowser(): Promise<Browser> {
  const executable = await findBrowser();
  try {
    // A browser that dies while starting can leave launch() pending forever (seen when its
    // helper processes are killed and the main one is not); the timer both bounds the wait and
    // keeps the process alive until the error is reported. Starting takes 0,3 s here, a few
    // seconds on a slow machine. Not waiting for the first (blank) tab removes the commonest
    // such wait: a renderer that dies before that tab is ready.
    return await withTimeout(
      puppeteer.launch({ executablePath: executable.path, headless: true, args: browserArgs(), pipe: true, protocolTimeout: 0, waitForInitialPage: false }),
      launchTimeoutMs,
    );
  } catch (error) {
    const first = (error as Error).message.split('\n')[0] ?? '';
    if (/Target closed|Connection closed|crash|disconnected/i.test(first)) {
      throw new EnvironmentError(`Nettleseren stoppet mens den startet (${first})`, 'Prøv igjen; hvis det gjentar seg, sjekk at maskinen har nok minne. Den forrige build/report.pdf er urørt', { cause: error });
    }
    if (error instanceof PrintTimeout) {
      throw new EnvironmentError(
        `Nettleseren ${executable.path} startet ikke innen ${launchTimeoutMs / 1000} sekunder (den kan ha blitt stoppet mens den startet)`,
        'Prøv igjen; hvis det gjentar seg, sjekk at Chromium er riktig installert (prøv «chromium --headless --no-sandbox --version»). Den forrige build/report.pdf er urørt',
        { cause: error },
      );
    }
    throw new EnvironmentError(
      `Nettleseren ${executable.path} startet ikke: ${first}`,
      'Sjekk at Chromium er riktig installert (prøv «chromium --headless --no-sandbox --version»)',
      { cause: error },
    );
  }
}

/**
 * Closes the browser: politely within `graceMs`, then (or at once, with 0) by killing its
 * process and waiting for it to exit, so Puppeteer removes its temporary profile and no
 * browser is left behind. A browser used only for printing has nothing worth saving: the build
 * kills it, which is 0,15 s faster than asking it to close.
 */
export async function closeBrowser(browser: Browser, graceMs = 3000): Promise<void> {
  const proc = browser.process();
  if (browser.connected && graceMs > 0) await withTimeout(browser.close(), graceMs).catch(() => undefined);
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await withTimeout(exited, 2000).catch(() => undefined);
  }
}

export class PrintTimeout extends Error {}

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

