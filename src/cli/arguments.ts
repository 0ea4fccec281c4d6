/**
 * The command line's options, read the same way by main.ts and by early-browser.ts (which
 * must know before anything else is loaded whether this run will print).
 */
import { parseArgs } from 'node:util';

/** Reads the arguments; throws (TypeError from parseArgs) on an unknown option. */
export function readArguments(argv: string[]) {
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
  return { command: positionals[0] ?? 'report', values };
}

/** Whether this command line builds a PDF, and so needs Chromium. */
export function printsPdf({ command, values }: ReturnType<typeof readArguments>): boolean {
  return command === 'report' && !values.help && !values['html-only'];
}
