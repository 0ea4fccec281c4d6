/**
 * What `report` and `check` do once the arguments are understood: build, then say what came of
 * it. Loaded by main.ts after it has started the browser, so that Chromium starts while Node
 * loads this code.
 */
import path from 'node:path';
import { build, type StepTiming } from '../pipeline/pipeline.ts';
import { ContentError, EnvironmentError, internalErrorText, PrintProblems } from '../core/problems.ts';
import type { Browser } from 'puppeteer-core';
import type { RenderedChapter } from '../markdown/processor.ts';
import { lixLabel } from '../markdown/readability.ts';

/** The parsed command line. */
export interface BuildCommand {
  command: 'report' | 'check';
  root: string;
  out?: string;
  strict: boolean;
  htmlOnly: boolean;
  timeoutSeconds: number;
  /** A browser main.ts started for the print, if it prints. */
  browser?: Promise<Browser>;
  /** Whether the run was stopped (Ctrl-C): a build failing as its browser goes says nothing more. */
  interrupted?: () => boolean;
}

/** Runs the build; returns the exit code. */
export async function runBuild({
  command,
  root,
  out,
  strict,
  htmlOnly,
  timeoutSeconds,
  browser,
  interrupted,
}: BuildCommand): Promise<number> {
  const started = performance.now();
  try {
    const result = await build({
      root,
      outDir: out,
      checkOnly: command === 'check',
      hyphenate: command !== 'check',
      pdf: !htmlOnly,
      timeout: timeoutSeconds * 1000,
      diskCache: true,
      startedBrowser: browser,
    });
    const report = result.problems.report();
    if (report) console.error(report);
    if (command === 'report') {
      printTimings(result.timings, performance.now() - started);
      if (result.htmlFile) console.log(`HTML: ${path.relative(process.cwd(), result.htmlFile)}`);
      if (result.pdfFile)
        console.log(
          `PDF:  ${path.relative(process.cwd(), result.pdfFile)} (${Math.round((result.pdfBytes ?? 0) / 1024)} KiB)`,
        );
    } else {
      printReadability(result.chapters);
      console.log(
        `Kontroll ferdig på ${Math.round(performance.now() - started)} ms: ${result.problems.warningCount} advarsler, ingen feil.`,
      );
    }
    return strict && result.problems.warningCount > 0 ? 1 : 0;
  } catch (error) {
    if (interrupted?.()) return 1;
    if (error instanceof ContentError) {
      console.error(error.problems.report());
      console.error(
        `\nRapporten ble ikke bygget: ${error.problems.errorCount} feil må rettes. ${command === 'report' ? 'Den forrige build/report.pdf er urørt.' : ''}`,
      );
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
    console.error(internalErrorText(error));
    return 2;
  }
}

function printReadability(chapters: RenderedChapter[]): void {
  console.log('Lesbarhet (LIX; klarspråk sikter mot 40–50):');
  for (const chapter of chapters) {
    const r = chapter.data.readability;
    if (!r || r.words === 0) continue;
    console.log(
      `  ${chapter.source.ref.padEnd(44)} ${String(r.lix).padStart(3)}  ${lixLabel(r.lix).padEnd(14)} ${r.words} ord`,
    );
  }
}

function printTimings(timings: StepTiming[], totalMs: number): void {
  for (const t of timings)
    console.log(
      `  ${(/^\d[a-z]/.test(t.step) ? '  ' : '') + t.step.padEnd(/^\d[a-z]/.test(t.step) ? 38 : 40)} ${String(Math.round(t.ms)).padStart(6)} ms`,
    );
  console.log(`  ${'totalt'.padEnd(40)} ${String(Math.round(totalMs)).padStart(6)} ms`);
}
