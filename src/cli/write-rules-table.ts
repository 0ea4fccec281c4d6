/**
 * Writes the rule table in docs/skriveveiledning.md from the catalogue (src/core/rules.ts), between
 * two marker comments, so the writing guide lists every rule exactly as the pipeline knows it.
 * `npm run docs` runs this; tests/core/rules.test.ts fails when the guide is stale.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules, type Rule } from '../core/rules.ts';
import { writeAtomic } from '../core/write-atomic.ts';

/** The guide that holds the table, relative to the project root. */
export const guideFile = path.join('docs', 'skriveveiledning.md');

const start = '<!-- regler:start (skrevet av npm run docs fra src/core/rules.ts; rett ikke her) -->';
const end = '<!-- regler:slutt -->';

/** The table as Markdown: one row per rule, in the catalogue's order. */
export function rulesTable(): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows = Object.entries(rules as Record<string, Rule<never>>).map(
    ([id, rule]) =>
      `| \`${id}\`${rule.severity === 'warning' ? ' (advarsel)' : ''} | ${cell(rule.title)} | ${cell(rule.fix)} |`,
  );
  return ['| Regel | Hva den fanger | Slik retter du |', '|---|---|---|', ...rows].join('\n');
}

/** The guide's text with the table between the markers replaced by the current one. */
export function withRulesTable(guide: string): string {
  const from = guide.indexOf(start);
  const to = guide.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${guideFile} has no ${start} … ${end} markers`);
  return `${guide.slice(0, from + start.length)}\n${rulesTable()}\n${guide.slice(to)}`;
}

/** Rewrites the table in the guide under `root`. */
export async function writeRulesTable(root: string): Promise<string> {
  const file = path.join(root, guideFile);
  await writeAtomic(file, withRulesTable(await readFile(file, 'utf8')));
  return file;
}

// `node src/cli/write-rules-table.ts`: rewrite the table in this repository's guide.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  console.log(`Skrev regeltabellen i ${path.relative(process.cwd(), await writeRulesTable(root))}`);
}
