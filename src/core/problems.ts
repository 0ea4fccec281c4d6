/**
 * Problems found in the writers' files. Content problems are not exceptions: every stage
 * records them as vfile messages with a place (file:line:col), and one reporter prints them all.
 */
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { reporter } from 'vfile-reporter';
import { hintLabel } from './hint-label.ts';
import { addProblem, type Place, type RuleArgs, type RuleId } from './rules.ts';

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

  /** Records a problem of rule `id` (src/core/rules.ts) in the file at `path`. */
  add<Id extends RuleId>(path: string, id: Id, args: RuleArgs<Id>, place: Place): void {
    addProblem(this.file(path), id, args, place);
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

  /** The human report: `path:line:col  error  message  rule`, one block per file, each hint on its own line below. */
  report(options: { quiet?: boolean } = {}): string {
    const files = [...this.files.values()].filter((f) => f.messages.length > 0);
    if (files.length === 0) return '';
    return reporter(files.map(withHintLines), { quiet: options.quiet ?? false, verbose: false });
  }
}

/**
 * A copy of the file for the terminal, whose messages carry their hint as a second line:
 * vfile-reporter prints what follows a message's first line below its row.
 */
function withHintLines(file: VFile): VFile {
  const copy = new VFile({ path: file.path, cwd: file.cwd });
  copy.messages = file.messages.map((m) => {
    if (!m.note) return m;
    const shown = new VFileMessage(`${m.reason}\n    ${hintLabel}: ${m.note}`, {
      place: m.place,
      ruleId: m.ruleId ?? undefined,
      source: m.source ?? undefined,
    });
    shown.file = m.file;
    shown.fatal = m.fatal;
    return shown;
  });
  return copy;
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

/** The title of a real bug in imdi-rapport, as the terminal and the preview's overlay show it. */
export const internalErrorTitle = 'Intern feil i imdi-rapport (ikke en feil i innholdet ditt)';

/** The terminal's text for a real bug: the title, what to do, and the stack for the developers. */
export function internalErrorText(error: unknown): string {
  return `${internalErrorTitle}. Meld fra til utviklerne med teksten under:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
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
