/** Reads a PDF's bookmarks (outline) with pdf-lib: each entry's dictionary and the page it opens. */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';

/** One bookmark, in reading order. */
export interface OutlineItem {
  ref: PDFRef;
  dict: PDFDict;
  /** 1-based page number of its destination, or 0 when it has none. */
  page: number;
}

/** Every bookmark, depth first (the order a reader shows them and the order of the headings). */
export function readOutline(doc: PDFDocument): OutlineItem[] {
  const pageNumbers = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const items: OutlineItem[] = [];
  const walk = (first: unknown) => {
    let ref = first;
    const seen = new Set<string>();
    while (ref instanceof PDFRef && !seen.has(ref.toString())) {
      seen.add(ref.toString());
      const dict = doc.context.lookup(ref, PDFDict);
      items.push({ ref, dict, page: destinationPage(doc, dict, pageNumbers) });
      walk(dict.get(PDFName.of('First')));
      ref = dict.get(PDFName.of('Next'));
    }
  };
  if (outlines) walk(outlines.get(PDFName.of('First')));
  return items;
}

function destinationPage(doc: PDFDocument, dict: PDFDict, pageNumbers: Map<string, number>): number {
  let dest = dict.get(PDFName.of('Dest'));
  if (!dest) {
    const action = dict.lookupMaybe(PDFName.of('A'), PDFDict);
    dest = action?.get(PDFName.of('D'));
  }
  const array = dest instanceof PDFRef ? doc.context.lookup(dest) : dest;
  if (array instanceof PDFArray) {
    const target = array.get(0);
    if (target instanceof PDFRef) return pageNumbers.get(target.toString()) ?? 0;
  }
  return 0;
}

/** The page (1-based) of every named destination (Chromium names them after the element ids that links point to). */
export function destinationPages(doc: PDFDocument): Map<string, number> {
  const pageNumbers = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const pages = new Map<string, number>();
  if (!dests) return pages;
  for (const [name, value] of dests.entries()) {
    const array = value instanceof PDFRef ? doc.context.lookup(value) : value;
    const target = array instanceof PDFArray ? array.get(0) : undefined;
    if (target instanceof PDFRef) pages.set(decodeName(name.asString()), pageNumbers.get(target.toString()) ?? 0);
  }
  return pages;
}

/**
 * «/k3-f#25C3#25B8r» → «k3-før». Chromium names a destination after the URL fragment, so
 * non-ASCII ids arrive percent-encoded, and the PDF name escapes the «%» once more as #25.
 */
function decodeName(name: string): string {
  const unescaped = name
    .replace(/^\//, '')
    .replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  try {
    return decodeURIComponent(unescaped);
  } catch {
    return unescaped;
  }
}
