/**
 * One build error, two audiences: turns what `build()` threw into the overlay's data (with a
 * code frame read from the file) and into the terminal's text.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ContentError,
  EnvironmentError,
  internalErrorText,
  internalErrorTitle,
  PrintProblems,
} from '../core/problems.ts';
import type { BuildFailure, BuildProblem } from './messages.ts';

/** The overlay's data and the terminal's text for an error thrown by a build. */
export async function describeFailure(
  error: unknown,
  root: string,
): Promise<{ failure: BuildFailure; terminal: string }> {
  if (error instanceof ContentError) {
    const messages = error.problems.all().filter((m) => m.fatal === true);
    const problems = await Promise.all(
      messages.map(async (m): Promise<BuildProblem> => {
        const file = m.file ? m.file.split(path.sep).join('/') : '';
        const line = m.line ?? undefined;
        const column = m.column ?? undefined;
        return {
          file,
          line,
          column,
          reason: m.reason,
          hint: m.note,
          ruleId: m.ruleId ?? undefined,
          frame: file && line ? await codeFrame(path.join(root, file), line, column) : undefined,
        };
      }),
    );
    const count = problems.length;
    return {
      failure: { title: `Rapporten kan ikke bygges: ${count} ${count === 1 ? 'feil' : 'feil'} i innholdet`, problems },
      terminal: `${error.problems.report()}\nForhåndsvisningen viser forrige vellykkede versjon til feilene er rettet.`,
    };
  }
  if (error instanceof PrintProblems) {
    return {
      failure: {
        title: 'Siden har feil',
        problems: [...new Set(error.problems)].map((reason) => ({ file: '', reason })),
      },
      terminal: error.message,
    };
  }
  if (error instanceof EnvironmentError) {
    return {
      failure: { title: 'Feil utenfor innholdet', problems: [{ file: '', reason: error.message, hint: error.hint }] },
      terminal: `Feil: ${error.message}${error.hint ? `\nLøsning: ${error.hint}` : ''}`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    failure: { title: internalErrorTitle, problems: [{ file: '', reason: message }] },
    terminal: internalErrorText(error),
  };
}

/** A few lines around `line` with line numbers and a caret under `column`. */
export async function codeFrame(file: string, line: number, column?: number, context = 2): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) return undefined;
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  // Paragraphs are long lines: show a window of the lines around the column, so the caret is on screen.
  const span = 100;
  const from = column && column > span * 0.6 ? column - 1 - Math.round(span * 0.4) : 0;
  const cut = (content: string) => {
    const start = content.length > from ? from : 0; // short context lines are shown from their start
    return (start > 0 ? '…' : '') + content.slice(start, start + span) + (content.length > start + span ? '…' : '');
  };
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const content = lines[n - 1] ?? '';
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${cut(content)}`);
    if (n === line && column && column > 0)
      out.push(
        `  ${' '.repeat(width)} | ${(from > 0 ? ' ' : '') + content.slice(from, column - 1).replace(/[^\t]/g, ' ')}^`,
      );
  }
  return out.join('\n');
}
