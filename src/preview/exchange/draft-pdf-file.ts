/**
 * The round's draft as a PDF for reviewers outside IMDi (build/runde-N/utkast.pdf): the page as
 * the preview's «PDF» link prints it («UTKAST – runde N»), but tagged, with the paragraph
 * numbers (¶ 3.7) in the left margin, and the round recorded in the document information, so
 * `npm run round -- hent` can tell a PDF from another round.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { Asset } from '../../render/assets.ts';
import { writeAtomic } from '../../core/write-atomic.ts';
import type { PdfMetadata } from '../../pdf/finish-pdf.ts';

/** The document-information key that holds the round number. */
export const roundInfoKey = 'ImdiRunde';

/**
 * The paragraph numbers in the margin, as CSS generated content: Chromium lays it out and
 * prints it as text (so it can be found, searched and copied), but outside the tag tree.
 * Chromium clips what is printed to the page box inside the @page margins, so the left margin
 * is made narrower and the body moved in by the same amount: the text keeps its width (the
 * same line breaks as the report), and the numbers stand in the space between. The marking
 * «UTKAST – runde N» comes with the page (decoratePage), in the top margin of every page.
 */
export const marginNumbersCss = `
@page { margin-left: 5mm; }
/* The page box the print stage measures soft hyphens in: wider by what the margin gave up (the body's padding takes it back). */
:root { --page-content-width: calc(210mm - 5mm - 22mm); }
body { padding-left: 20mm; }
.cover { margin-left: -20mm; }
[data-nr] { position: relative; }
[data-nr]::before {
  content: "¶ " attr(data-nr); position: absolute; left: -20mm; width: 18mm; text-align: right; white-space: nowrap;
  font: 400 7pt/1.9 "Source Sans 3", sans-serif; font-style: normal; letter-spacing: 0; color: #6b7780; text-indent: 0;
}
ul [data-nr]::before, ol [data-nr]::before, li[data-nr]::before { left: calc(-20mm - 1.4em); }
/* The bibliography's entries stand at the left edge (no list indent). */
.bibliography li[data-nr]::before { left: -20mm; }
/* A measure's facts are rows of a grid (7.5em label, 0.8em gap, at 0.8 × 10.5pt): each row shows its value's number, at the row's start. */
.measure-facts dd[data-nr]::before { left: calc(-20mm - 69.7pt); }
dt[data-nr]::before, dd[data-nr]::before { content: none; }
.measure-facts dd[data-nr]::before { content: "¶ " attr(data-nr); }
`;

/** Prints `html` (the decorated page) with its assets into `output`, tagged, and records the round. */
export async function printRoundPdf(options: {
  html: string;
  assets: readonly Asset[];
  output: string;
  round: number;
  metadata: PdfMetadata;
}): Promise<void> {
  const { printPdf } = await import('../../pdf/print-pdf.ts');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'imdi-utkast-'));
  try {
    for (const asset of options.assets) {
      const target = path.join(dir, asset.target);
      await mkdir(path.dirname(target), { recursive: true });
      if ('data' in asset) await writeAtomic(target, asset.data);
      else await copyFile(asset.copyFrom, target);
    }
    const html = options.html.replace('</head>', `<style>${marginNumbersCss}</style>\n</head>`);
    await writeAtomic(path.join(dir, 'report.html'), html);
    const printed = path.join(dir, 'utkast.pdf');
    await printPdf({ root: dir, page: 'report.html', output: printed, timeout: 180_000, metadata: options.metadata });
    await writeAtomic(options.output, await markRound(await readFile(printed), options.round));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The round in the document information: a key of our own, the subject and the keywords. */
async function markRound(bytes: Uint8Array, round: number): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const marking = `UTKAST – runde ${round}`;
  doc.setSubject(`${doc.getSubject() ?? ''} (${marking})`.trim());
  doc.setKeywords([
    ...(doc
      .getKeywords()
      ?.split(/\s*[;,]\s*|\s+/)
      .filter(Boolean) ?? []),
    `utkast-runde-${round}`,
  ]);
  const info = doc.context.lookup(doc.context.trailerInfo.Info);
  if (info && 'set' in info)
    (info as { set(key: PDFName, value: PDFString): void }).set(PDFName.of(roundInfoKey), PDFString.of(String(round)));
  return doc.save({ useObjectStreams: false });
}

/** The round a draft PDF says it is from (undefined when it is not one of ours). */
export function roundOfInfo(info: Record<string, unknown>): number | undefined {
  const custom = (info.Custom as Record<string, unknown> | undefined)?.[roundInfoKey] ?? info[roundInfoKey];
  const value = Number(typeof custom === 'string' ? custom : NaN);
  if (Number.isInteger(value)) return value;
  const keywords = typeof info.Keywords === 'string' ? /utkast-runde-(\d+)/.exec(info.Keywords) : null;
  return keywords ? Number(keywords[1]) : undefined;
}
