/**
 * The command line: `report` builds HTML and PDF, `check` validates without printing,
 * `schemas` writes the JSON Schemas editors use. Exit codes: 0 ok, 1 content errors
 * (or warnings with --strict), 2 problems outside the content (browser, disk, …).
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { build, type StepTiming } from '../build/build.ts';
import { ContentError, EnvironmentError, PrintProblems } from '../core/problems.ts';
import { writeSchemas } from './write-schemas.ts';
import type { RenderedChapter } from '../markdown/processor.ts';
import { lixLabel } from '../markdown/readability.ts';

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
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      strict: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      root: { type: 'string' },
      out: { type: 'string' },
      'html-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0] ?? 'report';
  if (values.help || !['report', 'check', 'schemas'].includes(command)) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const root = path.resolve(values.root ?? defaultRoot);
  if (command === 'schemas') {
    for (const file of await writeSchemas(root)) console.log(`skrev ${path.relative(process.cwd(), file)}`);
    return 0;
  }
  const timeoutSeconds = values.timeout === undefined ? 120 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
    console.error(`--timeout skal være et antall sekunder (fikk «${values.timeout}»)`);
    return 2;
  }

  const started = performance.now();
  try {
    const result = await build({
      root,
      outDir: values.out,
      checkOnly: command === 'check',
      hyphenate: command !== 'check',
      pdf: !values['html-only'],
      timeout: timeoutSeconds * 1000,
      diskCache: true,
    });
    const report = result.problems.report();
    if (report) console.error(report);
    if (command === 'report') {
      printTimings(result.timings, performance.now() - started);
      if (result.htmlFile) console.log(`HTML: ${path.relative(process.cwd(), result.htmlFile)}`);
      if (result.pdfFile) console.log(`PDF:  ${path.relative(process.cwd(), result.pdfFile)} (${Math.round((result.pdfBytes ?? 0) / 1024)} KiB)`);
    } else {
      printReadability(result.chapters);
      console.log(`Kontroll ferdig på ${Math.round(performance.now() - started)} ms: ${result.problems.warningCount} advarsler, ingen feil.`);
    }
    return values.strict && result.problems.warningCount > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof ContentError) {
      console.error(error.problems.report());
      console.error(`\nRapporten ble ikke bygget: ${error.problems.errorCount} feil må rettes. ${command === 'report' ? 'Den forrige build/report.pdf er urørt.' : ''}`);
      return 1;
    }
    if (error instanceof PrintProblems) {
      console.error('PDF-en ble ikke laget fordi siden hadde feil:');
      for (const problem of new Set(error.problems)) console.error(`  - ${problem}`);
      console.error('Den forrige build/report.pdf er urørt.');
      return 1;
    }
    if (error instanceof EnvironmentError) {
      console.error(`Feil: ${error.message}`);
      if (error.hint) console.error(`Løsning: ${error.hint}`);
      return 2;
    }
    console.error('Intern feil i imdi-rapport (ikke en feil i innholdet ditt). Meld fra til utviklerne med teksten under:');
    console.error(error);
    return 2;
  }
}

function printReadability(chapters: RenderedChapter[]): void {
  console.log('Lesbarhet (LIX; klarspråk sikter mot 40–50):');
  for (const chapter of chapters) {
    const r = chapter.data.readability;
    if (!r || r.words === 0) continue;
    console.log(`  ${chapter.source.ref.padEnd(44)} ${String(r.lix).padStart(3)}  ${lixLabel(r.lix).padEnd(14)} ${r.words} ord`);
  }
}

function printTimings(timings: StepTiming[], totalMs: number): void {
  for (const t of timings) console.log(`  ${(/^\d[a-z]/.test(t.step) ? '  ' : '') + t.step.padEnd(/^\d[a-z]/.test(t.step) ? 38 : 40)} ${String(Math.round(t.ms)).padStart(6)} ms`);
  console.log(`  ${'totalt'.padEnd(40)} ${String(Math.round(totalMs)).padStart(6)} ms`);
}

process.exitCode = await main(process.argv.slice(2));
