/**
 * The command line: `report` builds HTML and PDF, `check` validates without printing,
 * `schemas` writes the JSON Schemas editors use. Exit codes: 0 ok, 1 content errors
 * (or warnings with --strict), 2 problems outside the content (browser, disk, …).
 *
 * This file loads nothing heavy: a report build launches Chromium first, and the build code
 * (commands.ts and everything it uses) loads while the browser starts.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBrowser, stopBrowser } from '../pipeline/early-print-tab.ts';

const usage = `Bruk: npm run report [-- valg]   bygg build/report.html og build/report.pdf
     npm run check  [-- valg]   kontroller innholdet uten å lage PDF
     npm run check -- --pdf [fil]  kontroller en PDF mot PDF/UA-1 (standard build/report.pdf)
     npm run schemas            skriv JSON-skjemaene i schemas/ på nytt
     npm run clean              slett build/ (alt som er bygget og mellomlagret)
     npm run import -- fil.docx gjør et Word-dokument om til et kapittel (se npm run import -- --help)

Valg:
  --strict            feil også ved advarsler
  --timeout <sek>     tidsgrense for PDF-utskriften (standard 120, 0 = ingen)
  --root <mappe>      prosjektmappen (standard: denne)
  --out <mappe>       utmappen (standard: <root>/build)
  --html-only         lag bare HTML (ingen PDF)`;

/** Reads the arguments; throws (TypeError from parseArgs) on an unknown option. */
function readArguments(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      strict: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      root: { type: 'string' },
      out: { type: 'string' },
      'html-only': { type: 'boolean', default: false },
      pdf: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return { command: positionals[0] ?? 'report', values, file: positionals[1] };
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof readArguments>;
  try {
    args = readArguments(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { command, values, file } = args;
  if (values.help || !['report', 'check', 'schemas', 'clean'].includes(command)) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  // npm runs scripts in the project's root folder.
  const root = path.resolve(values.root ?? process.cwd());
  if (command === 'schemas') {
    const { writeSchemas } = await import('./write-schemas.ts');
    for (const file of await writeSchemas(root)) console.log(`skrev ${path.relative(process.cwd(), file)}`);
    return 0;
  }
  if (command === 'clean') {
    const { cleanOutput } = await import('../cache/disk-cache.ts');
    console.log(`slettet ${path.relative(process.cwd(), await cleanOutput(root, values.out)) || '.'}`);
    return 0;
  }
  if (command === 'check' && values.pdf) {
    const { checkPdfFile, formatFinding } = await import('../pdf/ua-check.ts');
    const pdf = path.resolve(file ?? path.join(values.out ?? path.join(root, 'build'), 'report.pdf'));
    let findings: Awaited<ReturnType<typeof checkPdfFile>>;
    try {
      findings = await checkPdfFile(pdf);
    } catch (error) {
      console.error(`Kan ikke lese ${path.relative(process.cwd(), pdf)}: ${(error as Error).message}`);
      return 2;
    }
    for (const finding of findings) console.log(formatFinding(finding));
    console.log(
      findings.length
        ? `${path.relative(process.cwd(), pdf)}: ${findings.length} brudd på PDF/UA-1`
        : `${path.relative(process.cwd(), pdf)}: ingen brudd på PDF/UA-1 som kan kontrolleres maskinelt`,
    );
    return findings.length ? 1 : 0;
  }
  const timeoutSeconds = values.timeout === undefined ? 120 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
    console.error(`--timeout skal være et antall sekunder (fikk «${values.timeout}»)`);
    return 2;
  }

  const prints = command === 'report' && !values['html-only'];
  const browser = prints ? startBrowser() : undefined;
  // Ctrl-C or a stop from outside: the browser is closed first, so that neither it nor its
  // temporary profile is left behind. Output is only ever written whole, so nothing is half-made.
  // The build, failing as its browser goes, may end first: the signal's code is the one that counts.
  let interrupted: number | undefined;
  const stop = (code: number) => {
    interrupted = code;
    console.error('\nAvbrutt. Filene i build/ er hele: enten de forrige eller de nye.');
    void (browser ? stopBrowser(browser) : Promise.resolve()).finally(() => process.exit(code));
  };
  process.once('SIGINT', () => stop(130));
  process.once('SIGTERM', () => stop(143));
  const { runBuild } = await import('./commands.ts');
  const code = await runBuild({
    command: command as 'report' | 'check',
    root,
    out: values.out,
    strict: values.strict,
    htmlOnly: values['html-only'],
    timeoutSeconds,
    browser,
    interrupted: () => interrupted !== undefined,
  });
  return interrupted ?? code;
}

process.exitCode = await main(process.argv.slice(2));
