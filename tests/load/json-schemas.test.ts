/** The JSON Schemas editors use are generated from the zod schemas and kept in step with them. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemas, schemaText } from '../../src/cli/write-schemas.ts';
import { repoRoot } from '../helpers/project.ts';

describe('JSON Schemas in schemas/', () => {
  for (const [name, schema] of Object.entries(jsonSchemas)) {
    it(`${name} matches the zod schema (run «npm run schemas» after changing src/load/schemas.ts)`, async () => {
      expect(await readFile(path.join(repoRoot, 'schemas', name), 'utf8')).toBe(schemaText(schema));
    });
  }

  it('the YAML files point editors at their schema', async () => {
    for (const [file, schema] of [
      ['content/measures.yaml', 'measures'],
      ['content/references.yaml', 'references'],
      ['content/report.yaml', 'report'],
    ]) {
      expect(await readFile(path.join(repoRoot, file!), 'utf8')).toContain(`$schema=../schemas/${schema}.schema.json`);
    }
  });

  it('rejects unknown keys in measures (additionalProperties: false)', () => {
    const measures = JSON.parse(schemaText(jsonSchemas['measures.schema.json'])) as {
      items: { additionalProperties: boolean; required: string[] };
    };
    expect(measures.items.additionalProperties).toBe(false);
    expect(measures.items.required).toEqual(
      expect.arrayContaining(['id', 'title', 'description', 'period', 'group', 'sector', 'actors', 'questions']),
    );
  });
});
