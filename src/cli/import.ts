/**
 * `npm run import -- utkast.docx [--kapittel 05-navn.md] [--legg-til] [--overskriv]`: a Word
 * document becomes a chapter. Exit codes: 0 done (warnings are printed), 1 the document or the
 * chapter name cannot be used (nothing written), 2 usage or problems outside the content.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EnvironmentError } from '../core/problems.ts';
import { importWord, ImportRefused } from '../import/import-word.ts';
import { summary, usage, usageErrors } from '../import/messages.ts';

/** Runs the import; returns the exit code. */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        kapittel: { type: 'string' },
        'legg-til': { type: 'boolean', default: false },
        overskriv: { type: 'boolean', default: false },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(
      `${positionals.length === 0 ? usageErrors.noFile : usageErrors.severalFiles(positionals.length)}\n\n${usage}`,
    );
    return 2;
  }
  const root = path.resolve(values.root ?? process.cwd());
  try {
    const result = await importWord({
      root,
      // npm runs scripts in the project folder; INIT_CWD is where the writer typed the command.
      docx: path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!),
      chapter: values.kapittel,
      addToReport: values['legg-til'],
      overwrite: values.overskriv,
    });
    const report = result.problems.report();
    if (report) console.error(report);
    const shown = (file: string) => path.relative(process.cwd(), file) || file;
    console.log(summary.written(shown(result.chapterFile)));
    // A picture used twice in the document is one file: written (or found) once.
    const images = new Map<string, boolean>();
    for (const i of result.images) images.set(i.file, (images.get(i.file) ?? true) && i.reused);
    for (const [file, reused] of images) console.log(summary.image(shown(file), reused));
    if (result.comments) console.log(summary.comments(result.comments, 'review/kommentarer.jsonl'));
    if (result.commentsAlreadyLogged) console.log(summary.commentsKnown(result.commentsAlreadyLogged));
    if (result.report === 'added') console.log(summary.added(result.ref, result.reportBefore));
    else if (result.report === 'already-listed') console.log(summary.alreadyListed(result.ref));
    else console.log(summary.notAdded(result.ref));
    if (result.citations) console.log(summary.citations(result.citations));
    console.log(summary.next);
    return 0;
  } catch (error) {
    if (error instanceof ImportRefused) {
      console.error(`Feil: ${error.message}`);
      console.error(`Løsning: ${error.hint}`);
      console.error(summary.nothingWritten);
      return error.exitCode;
    }
    if (error instanceof EnvironmentError) {
      console.error(`Feil: ${error.message}`);
      if (error.hint) console.error(`Løsning: ${error.hint}`);
      console.error(summary.nothingWritten);
      return 2;
    }
    console.error(usageErrors.internal);
    console.error(error);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(3));
