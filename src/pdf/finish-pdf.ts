/**
 * After Chromium has printed: set the bookmarks' titles to the headings' real text, and the
 * document metadata from report.yaml. Chromium builds bookmark titles from the tag tree and
 * garbles some of them (a heading at the top of a page comes out twice, «SammendragSammendrag»;
 * spaces at line breaks are dropped); we know every heading's text, so we write it ourselves.
 */
import { PDFHexString, PDFName, type PDFDocument } from 'pdf-lib';
import { readOutline } from './pdf-outline.ts';

/** Metadata for the PDF's document information. */
export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** ISO date (from report.yaml, not the clock, so builds are reproducible). */
  date: string;
  language: string;
}

/** Rewrites bookmark titles (in document order) and metadata of a parsed PDF. Returns the new PDF bytes. */
export async function finishPdf(doc: PDFDocument, headings: string[], metadata: PdfMetadata): Promise<{ bytes: Uint8Array; outlineCount: number }> {
  const entries = readOutline(doc).map((item) => item.dict);
  if (entries.length !== headings.length) {
    throw new Error(`PDF-en har ${entries.length} bokmerker, men siden har ${headings.length} overskrifter`);
  }
  entries.forEach((entry, i) => entry.set(PDFName.of('Title'), PDFHexString.fromText(headings[i]!)));
  const date = new Date(`${metadata.date}T00:00:00Z`);
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  doc.setAuthor(metadata.author);
  doc.setSubject(metadata.subject);
  doc.setKeywords(metadata.keywords);
  doc.setCreator('imdi-rapport');
  doc.setProducer('imdi-rapport (Chromium, pdf-lib)');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.setLanguage(metadata.language);
  const bytes = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  return { bytes, outlineCount: entries.length };
}
