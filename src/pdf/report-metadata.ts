/** The PDF's document information, from report.yaml: one mapping for the report, the preview's draft and a round's draft. */
import type { ReportConfig } from '../load/schemas.ts';
import type { PdfMetadata } from './finish-pdf.ts';

/** Title, author, subject, keywords, date and language of the report, as the PDF carries them. */
export function reportMetadata(config: ReportConfig): PdfMetadata {
  return {
    title: config.title,
    author: config.publisher,
    subject: config.subtitle ?? config.assignment.title,
    keywords: config.keywords,
    date: config.date,
    language: config.lang,
  };
}
