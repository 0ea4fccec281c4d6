/**
 * The command line: `report` builds HTML and PDF, `check` validates without printing,
 * `schemas` writes the JSON Schemas editors use. Exit codes: 0 ok, 1 content errors
 * (or warnings with --strict), 2 problems outside the content (browser, disk, …).
 *
 * This file loads nothing heavy: a report build starts Chromium first, and the build code
 * (commands.ts and everything it uses) loads while the browser starts.
 */
import path from 'node:path';
import { startBrowser } from '../build/start-print.ts';
import { printsPdf, readArguments } from './arguments.ts';

const usage = `Bruk: npm run report [-- valg]   bygg build/report.html og build/report.pdf
     npm run check  [-- valg]   kontroller innholdet uten å lage PDF
     npm run schemas            skriv JSON-skjemaene i schemas/ på nytt

Valg:
  --strict            feil også ved advarsler
  --timeout <sek>     tidsgrense for PDF-utskriften (standard 120, 0 = ingen)
  --root <mappe>      prosjektmappen (standard: denne)
  --out <mappe>       utmappen (standard: <root>/build)
  --html-only         lag bare HTML (ingen PDF)`;

// npm runs scripts in the project's root folder.
const defaultRoot = process.cwd();

async function main(argv: string[]): Promise<number> {
  const args = readArguments(argv);
  const { command, values } = args;
  if (values.help || !['report', 'check', 'schemas'].includes(command)) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const root = path.resolve(values.root ?? defaultRoot);
  if (command === 'schemas') {
    const { writeSchemas } = await import('./write-schemas.ts');
    for (const file of await writeSchemas(root)) console.log(`skrev ${path.relative(process.cwd(), file)}`);
    return 0;
  }
  const timeoutSeconds = values.timeout === undefined ? 120 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
    console.error(`--timeout skal være et antall sekunder (fikk «${values.timeout}»)`);
    return 2;
  }

  // Ctrl-C or a stop from outside ends the run as an exit does, so the browser and its
  // temporary files go with it (see pdf/browser-process.ts).
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  const browser = printsPdf(args) ? startBrowser() : undefined;
  const { runBuild } = await import('./commands.ts');
  return runBuild({ command: command as 'report' | 'check', root, out: values.out, strict: values.strict, htmlOnly: values['html-only'], timeoutSeconds, browser });
}

// Not a top-level await: bin/run.mjs runs this bundled as CommonJS (for V8's code cache).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
