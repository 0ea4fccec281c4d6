/** Writes JSON Schemas for the YAML inputs, generated from the zod schemas (the single source of truth). */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeAtomic } from '../core/write-atomic.ts';
import { chartSchema, measuresSchema, referencesSchema, reportSchema } from '../load/schemas.ts';

/** The schemas, by file name under schemas/. */
export const jsonSchemas = {
  'report.schema.json': reportSchema,
  'measures.schema.json': measuresSchema,
  'references.schema.json': referencesSchema,
  'chart.schema.json': chartSchema,
} as const;

/** The JSON text of one schema (stable: the test compares it with the committed file). */
export function schemaText(schema: z.ZodType): string {
  return JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), null, 2) + '\n';
}

/** Writes every schema to <root>/schemas/. */
export async function writeSchemas(root: string): Promise<string[]> {
  const dir = path.join(root, 'schemas');
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, schema] of Object.entries(jsonSchemas)) {
    const file = path.join(dir, name);
    await writeAtomic(file, schemaText(schema));
    written.push(file);
  }
  return written;
}
