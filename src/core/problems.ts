/**
 * Problems found in the writers' files. Content problems are not exceptions: every stage
 * records them as vfile messages with a place (file:line:col), and one reporter prints them all.
 */
import { VFile } from 'vfile';
import type { Point, Position } from 'unist';
import { reporter } from 'vfile-reporter';

/** Where a problem is: a point or a range in the file. */
export type Place = Point | Position | undefined;

/** Collects one VFile per input file, so that all problems of a run are reported together. */
export class Problems {
  private readonly files = new Map<string, VFile>();

  private readonly cwd: string;

  constructor(cwd: string) {
    this.cwd = cwd;
  }

  /** The VFile that stands for `path` (created on first use). */
  file(path: string): VFile {
    let file = this.files.get(path);
    if (!file) {
      file = new VFile({ path, cwd: this.cwd });
      this.files.set(path, file);
    }
    return file;
  }

  /**
   * Takes over the messages of a VFile a stage made itself (a chapter processed by unified).
   * The messages are copied into this run's own file for that path: the stage's file may be
   * reused by the next build (the preview memoizes chapters) and must not grow.
   */
  adopt(file: VFile): void {
    if (file.messages.length === 0) return;
    this.file(file.path).messages.push(...file.messages);
  }

  /** Records an error: something the writer must fix before the report can be built. */
  error(path: string, reason: string, place: Place, ruleId: string, hint?: string): void {
    const message = this.file(path).message(hint ? `${reason}. ${hint}` : reason, { place, ruleId, source: 'imdi-rapport' });
    message.fatal = true;
  }

  /** Records a warning: the build goes on, `--strict` fails on it. */
  warn(path: string, reason: string, place: Place, ruleId: string, hint?: string): void {
    this.file(path).message(hint ? `${reason}. ${hint}` : reason, { place, ruleId, source: 'imdi-rapport' });
  }

  /** Number of errors recorded so far. */
  get errorCount(): number {
    return this.all().filter((m) => m.fatal === true).length;
  }

  /** Number of warnings recorded so far. */
  get warningCount(): number {
    return this.all().filter((m) => m.fatal !== true).length;
  }

  /** Every message, in file order. */
  all() {
    return [...this.files.values()].flatMap((f) => f.messages);
  }

  /** The human report: `path:line:col  error  message  rule`, one block per file. */
  report(options: { quiet?: boolean } = {}): string {
    const files = [...this.files.values()].filter((f) => f.messages.length > 0);
    if (files.length === 0) return '';
    return reporter(files, { quiet: options.quiet ?? false, verbose: false });
  }
}

/** Thrown when the build must stop because of problems in the content; carries the report. */
export class ContentError extends Error {
  readonly problems: Problems;

  constructor(problems: Problems) {
    super(`${problems.errorCount} feil i innholdet`);
    this.name = 'ContentError';
    this.problems = problems;
  }
}

/** Thrown for problems outside the writers' files (no browser, output not writable, …). */
export class EnvironmentError extends Error {
  readonly hint: string | undefined;

  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.hint = hint;
    this.name = 'EnvironmentError';
  }
}

/** Problems the page reported while printing (missing assets, fonts, scripts, network). */
export class PrintProblems extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Utskriften stoppet: ${[...new Set(problems)].join('; ')}`);
    this.name = 'PrintProblems';
    this.problems = problems;
  }
}
