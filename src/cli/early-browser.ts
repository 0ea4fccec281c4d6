/**
 * The first code `npm run report` runs. bin/run.mjs loads this small bundle before it reads
 * the large one (3 MB, 25 ms to read and compile), so Chromium, which needs a third of a second to start, starts
 * that much sooner. The command line then takes the browser over (build/start-print.ts); run
 * any other way (tsx, tests), it starts its own.
 */
import { offerBrowser, spawnBrowser } from '../pdf/browser-process.ts';
import { printsPdf, readArguments } from './arguments.ts';

/** Starts Chromium if this command line will print. Bad arguments are left to main.ts to report. */
export function startEarly(argv: string[]): void {
  try {
    if (!printsPdf(readArguments(argv))) return;
  } catch {
    return;
  }
  // Ctrl-C or a stop from outside ends the run as an exit does, so the browser and its profile
  // go with it (see pdf/browser-process.ts); main.ts installs the same once it runs.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  offerBrowser(spawnBrowser());
}
