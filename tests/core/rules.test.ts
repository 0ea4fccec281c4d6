/**
 * The catalogue of rules (src/core/rules.ts): the writing guide lists every rule as the
 * catalogue has it, and every rule a stage can report is in the catalogue with its texts.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { guideFile, withRulesTable } from '../../src/cli/write-rules-table.ts';
import { addProblem, rules } from '../../src/core/rules.ts';
import { repoRoot } from '../helpers/project.ts';

describe('the rule catalogue', () => {
  it('is what the writing guide lists (else run npm run docs)', async () => {
    const guide = await readFile(path.join(repoRoot, guideFile), 'utf8');
    expect(guide === withRulesTable(guide), `${guideFile} is stale: run npm run docs`).toBe(true);
    for (const id of Object.keys(rules)) expect(guide, id).toContain(`| \`${id}\``);
  });

  it('has every rule id the source code names, and no rule it never uses', async () => {
    const named = new Set<string>();
    const files = (await readdir(path.join(repoRoot, 'src'), { recursive: true })).filter(
      (f) => f.endsWith('.ts') && f !== path.join('core', 'rules.ts'),
    );
    for (const file of files) {
      const text = await readFile(path.join(repoRoot, 'src', file), 'utf8');
      // addProblem(file, 'id', …), problems.add(path, 'id', …), and yaml-source's add('id', …).
      for (const match of text.matchAll(/(?:addProblem\([^,]+,|problems\.add\([^,]+,|(?<![.\w])add\()\s*'([a-z-]+)'/g))
        named.add(match[1]!);
      // The Word import's warnings name their rule in src/import/messages.ts.
      for (const match of text.matchAll(/ruleId: '(import-[a-z-]+)'/g)) named.add(match[1]!);
    }
    expect([...named].filter((id) => !(id in rules))).toEqual([]);
    expect(Object.keys(rules).filter((id) => !named.has(id))).toEqual([]);
  });

  it('keeps the hint apart from the message, with the severity as the rule says', () => {
    const file = new VFile({ path: 'content/chapters/01-a.md' });
    const error = addProblem(
      file,
      'unknown-citation',
      { key: 'bergh-2002', known: ['bergh-2020', 'kleven-2017'] },
      { line: 3, column: 5 },
    );
    expect([error.reason, error.note, error.ruleId, error.fatal, error.line]).toEqual([
      'Ukjent kilde «bergh-2002»',
      'Mente du «bergh-2020»? Kildene står i content/references.yaml',
      'unknown-citation',
      true,
      3,
    ]);
    const warning = addProblem(file, 'reference-unused', { id: 'kleven-2017' }, undefined);
    expect([warning.reason, warning.note, warning.fatal]).toEqual([
      'Kilden «kleven-2017» er ikke brukt i teksten',
      'Vis til den med [@kleven-2017], eller fjern den fra kildelisten',
      false,
    ]);
  });
});
