/**
 * Our own PDF/UA-1 checker (`npm run check -- --pdf [fil]`): reads the PDF with pdf-lib and
 * reports every failed machine-checkable condition with its veraPDF rule, Matterhorn number,
 * page and structure path. The rules are in ua/rules.ts; what a person must judge is listed in
 * the README (reading order, meaningful alternative text, contrast in charts).
 */
import { readFile } from 'node:fs/promises';
import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import { checkPdfUa, type Finding } from './ua/rules.ts';

export { ruleList, type Finding } from './ua/rules.ts';

/** Checks PDF bytes. */
export async function checkPdfBytes(bytes: Uint8Array): Promise<Finding[]> {
  const doc = await PDFDocument.load(bytes, {
    updateMetadata: false,
    parseSpeed: ParseSpeeds.Fastest,
    throwOnInvalidObject: false,
  });
  return checkPdfUa(doc, bytes);
}

/** Checks a PDF file. */
export async function checkPdfFile(file: string): Promise<Finding[]> {
  return checkPdfBytes(await readFile(file));
}

/** One line per finding: «7.2-20 (Matterhorn 09-005) s. 12 Document/L[2]/LI[1]: …». */
export function formatFinding(f: Finding): string {
  const where = [f.page ? `s. ${f.page}` : '', f.path ?? ''].filter(Boolean).join(' ');
  return `${f.rule}${f.matterhorn ? ` (Matterhorn ${f.matterhorn})` : ''}${where ? ` ${where}` : ''}: ${f.message}`;
}
