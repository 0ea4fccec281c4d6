/**
 * Puppeteer on the browser process (browser-process.ts starts it): connecting over its pipe,
 * closing without leaving a process behind, and bounding a wait on it. Used by the print stage,
 * the preview's draft PDF, tests and the bench.
 */
import type { Readable, Writable } from 'node:stream';
import type { Browser, ConnectionTransport, ConnectOptions } from 'puppeteer-core';
// Puppeteer's connect() without its launcher: the package's main entry also loads the code that
// finds, downloads and launches browsers (1,8 MB with its proxy support, 30 ms to load), which
// is never used here (browser-process.ts starts Chromium). Every print goes through this import,
// so a Puppeteer update that moves it fails every PDF test.
import { connect as puppeteerConnect } from 'puppeteer-core/internal/puppeteer-core-browser.js';
import { environment } from 'puppeteer-core/internal/environment.js';
import fs from 'node:fs';
import path from 'node:path';
import { EnvironmentError } from '../core/problems.ts';
import { killBrowser, spawnBrowser, type BrowserProcess } from './browser-process.ts';

/** How long starting the browser may take. */
const launchTimeoutMs = 15_000;

const connect = puppeteerConnect as unknown as (options: ConnectOptions) => Promise<Browser>;

// That entry leaves out what Puppeteer's Node entry gives it, the file system (for
// page.screenshot({ path }) and page.pdf({ path })); given here unless that entry already did.
try {
  void environment.value.fs;
} catch {
  const without = environment.value;
  environment.value = Object.defineProperties({ fs, path } as typeof environment.value, { ScreenRecorder: { get: () => without.ScreenRecorder } });
}

/** The process behind each browser launched here (Puppeteer only knows the pipe). */
const processes = new WeakMap<Browser, BrowserProcess>();

/**
 * Launches the browser once (reuse it for several prints), or connects to one already
 * starting (`starting`, from spawnBrowser(): the command line starts it before anything else).
 */
export async function launchBrowser(starting?: Promise<BrowserProcess>): Promise<Browser> {
  const started = await (starting ?? spawnBrowser());
  try {
    // A browser that dies while starting can leave the connection pending forever (seen when
    // its helper processes are killed and the main one is not); the timer both bounds the wait
    // and keeps the process alive until the error is reported. Starting takes 0,3 s here, a
    // few seconds on a slow machine. A browser that quits closes its pipe, which ends the wait.
    const browser = await withTimeout(
      connect({ transport: new PipeTransport(started.toBrowser, started.fromBrowser), protocolTimeout: 0, defaultViewport: { width: 800, height: 600 } }),
      launchTimeoutMs,
    );
    processes.set(browser, started);
    return browser;
  } catch (error) {
    await killBrowser(started);
    const first = (error as Error).message.split('\n')[0] ?? '';
    const said = started.output();
    if (error instanceof PrintTimeout) {
      throw new EnvironmentError(
        `Nettleseren ${started.executable} startet ikke innen ${launchTimeoutMs / 1000} sekunder (den kan ha blitt stoppet mens den startet)`,
        'Prøv igjen; hvis det gjentar seg, sjekk at Chromium er riktig installert (prøv «chromium --headless --no-sandbox --version»). Den forrige build/report.pdf er urørt',
        { cause: error },
      );
    }
    if (/closed|crash|disconnected/i.test(first) || said) {
      throw new EnvironmentError(
        `Nettleseren ${started.executable} stoppet mens den startet${said ? `:\n${said}` : ` (${first})`}`,
        'Prøv igjen; hvis det gjentar seg, sjekk at Chromium er riktig installert (prøv «chromium --headless --no-sandbox --version») og at maskinen har nok minne. Den forrige build/report.pdf er urørt',
        { cause: error },
      );
    }
    throw new EnvironmentError(`Nettleseren ${started.executable} startet ikke: ${first}`, 'Sjekk at Chromium er riktig installert (prøv «chromium --headless --no-sandbox --version»)', { cause: error });
  }
}

/**
 * Closes the browser: politely within `graceMs`, then (or at once, with 0) by killing its
 * process and waiting for it to exit, so that its temporary profile is removed and no browser
 * is left behind. A browser used only for printing has nothing worth saving: the build
 * kills it, which is 0,15 s faster than asking it to close.
 */
export async function closeBrowser(browser: Browser, graceMs = 3000): Promise<void> {
  const started = processes.get(browser);
  if (browser.connected && graceMs > 0) await withTimeout(browser.close(), graceMs).catch(() => undefined);
  if (started) await killBrowser(started);
  else if (browser.connected) await browser.close().catch(() => undefined);
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


/**
 * Puppeteer's side of the pipe: messages are JSON texts ended by a NUL byte, each way. (Puppeteer
 * has the same class, but not in its public API.)
 */
class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private closed = false;

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk));
    fromBrowser.on('close', () => this.onclose?.());
    // A broken pipe shows up as 'close' (the browser went away); nothing to add.
    fromBrowser.on('error', () => undefined);
    toBrowser.on('error', () => undefined);
  }

  send(message: string): void {
    if (!this.closed) this.toBrowser.write(`${message}\0`);
  }

  close(): void {
    this.closed = true;
  }

  private receive(chunk: Buffer): void {
    let end = chunk.indexOf(0);
    if (end === -1) {
      this.pending.push(chunk);
      return;
    }
    let data = Buffer.concat([...this.pending, chunk]);
    end += data.length - chunk.length;
    while (end !== -1) {
      const message = data.toString('utf8', 0, end);
      // Handed over one by one on later turns, as Puppeteer's own transport does.
      setImmediate(() => this.onmessage?.(message));
      data = data.subarray(end + 1);
      end = data.indexOf(0);
    }
    this.pending = data.length ? [data] : [];
  }
}
