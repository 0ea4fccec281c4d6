/** The lazy PDF reader gives the same bookmarks and destinations as pdf-lib's full parse, parsing far fewer objects. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ParseSpeeds, PDFDocument, PDFName } from 'pdf-lib';
import { destinationPages, readOutline } from '../../src/pdf/pdf-outline.ts';
import { openPdf } from '../../src/pdf/read-pdf.ts';
import { builtProject } from '../helpers/cli.ts';
import type { TempProject } from '../helpers/project.ts';

let project: TempProject;
let pdf: Buffer;

beforeAll(async () => {
  ({ project, pdf } = await builtProject());
});
afterAll(() => project?.remove());

it('reads the same outline, destinations and information as a full parse', async () => {
  const full = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const lazy = await openPdf(pdf);
  const outline = (doc: PDFDocument) => readOutline(doc).map((item) => [item.page, item.dict.get(PDFName.of('Title'))?.toString()]);
  expect(readOutline(full).length).toBeGreaterThan(3);
  expect(outline(lazy)).toEqual(outline(full));
  expect([...destinationPages(lazy)]).toEqual([...destinationPages(full)]);
  expect(lazy.getTitle()).toBe(full.getTitle());
  expect(lazy.getPageCount()).toBe(full.getPageCount());
  // Only what was looked at was parsed.
  expect(lazy.context.enumerateIndirectObjects().length).toBeLessThan(full.context.enumerateIndirectObjects().length / 2);
});
