/** A fixed report context for the Markdown plugin tests (measures, sources, a chart, an image). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createCitationEngine } from '../../src/cite/citation-engine.ts';
import { chartSchema, measuresSchema, referencesSchema } from '../../src/load/schemas.ts';
import type { MarkdownContext } from '../../src/markdown/context.ts';
import { repoRoot } from './project.ts';

const mini = path.join(repoRoot, 'tests', 'fixtures', 'mini', 'content');
const read = (file: string) => parse(readFileSync(path.join(mini, file), 'utf8')) as unknown;

/** The mini fixture's measures, references and chart, as the plugins see them. */
export function testContext(): MarkdownContext {
  const measures = measuresSchema.parse(read('measures.yaml'));
  const references = referencesSchema.parse(read('references.yaml'));
  const style = readFileSync(path.join(repoRoot, 'templates', 'csl', 'imdi-forfatter-aar.csl'), 'utf8');
  return {
    measures: new Map(measures.map((m) => [m.id, m])),
    charts: new Map([['data/kst-2023.yaml', chartSchema.parse(read('data/kst-2023.yaml'))]]),
    citations: createCitationEngine(references, style),
    referenceIds: new Set(references.map((r) => r.id)),
    idsInError: new Set(),
    contentFiles: new Set(['images/prikk.png', 'data/kst-2023.yaml']),
  };
}
