/**
 * After Chromium has printed: set the bookmarks' titles to the headings' real text, and the
 * document metadata from report.yaml. Chromium builds bookmark titles from the tag tree and
 * garbles some of them (a heading at the top of a page comes out twice, «SammendragSammendrag»;
 * spaces at line breaks are dropped); we know every heading's text, so we write it ourselves.
 */
import { PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { readOutline } from './pdf-outline.ts';
import { makeAccessible, type PageFacts } from './ua/make-accessible.ts';
import { xmpMetadata } from './ua/xmp.ts';

/** Metadata for the PDF's document information. */
export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** ISO date (from report.yaml, not the clock, so builds are reproducible). */
  date: string;
  language: string;
  /**
   * The browser that printed it, as it names itself (e.g. «HeadlessChrome/156.0.8078.73»):
   * another version can break lines and pages differently, so the PDF says which it was.
   */
  browser?: string;
}

/**
 * Rewrites bookmark titles (in document order) and the metadata, and makes the file PDF/UA
 * (ua/make-accessible.ts), as an incremental update:
 * the changed objects (bookmarks, document information, catalog) are appended after Chromium's
 * bytes with their own cross-reference section. Re-serialising the whole 2 MB file with pdf-lib
 * took longer than printing a page range; appending takes a few milliseconds.
 */
export function finishPdf(
  original: Uint8Array,
  doc: PDFDocument,
  headings: string[],
  metadata: PdfMetadata,
  facts: PageFacts = { links: [], tocTargets: [] },
): { bytes: Uint8Array; outlineCount: number } {
  const outline = readOutline(doc);
  if (outline.length !== headings.length) {
    throw new Error(`PDF-en har ${outline.length} bokmerker, men siden har ${headings.length} overskrifter`);
  }
  const changed = new Map<number, PDFObject>();
  outline.forEach((item, i) => {
    item.dict.set(PDFName.of('Title'), PDFHexString.fromText(headings[i]!));
    changed.set(item.ref.objectNumber, item.dict);
  });

  const date = new Date(`${metadata.date}T00:00:00Z`);
  doc.setTitle(metadata.title);
  doc.setAuthor(metadata.author);
  doc.setSubject(metadata.subject);
  doc.setKeywords(metadata.keywords);
  doc.setCreator('imdi-rapport');
  doc.setProducer(`imdi-rapport (${metadata.browser ?? 'Chromium'}, pdf-lib)`);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  const infoRef = doc.context.trailerInfo.Info;
  if (!(infoRef instanceof PDFRef)) throw new Error('PDF-en mangler dokumentinformasjon (/Info)');
  changed.set(infoRef.objectNumber, doc.context.lookup(infoRef)!);

  // Catalog: language and «show the title, not the file name» (inline dictionary, no new object).
  const catalogRef = doc.context.trailerInfo.Root;
  if (!(catalogRef instanceof PDFRef)) throw new Error('PDF-en mangler katalog (/Root)');
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(metadata.language));
  doc.catalog.set(PDFName.of('ViewerPreferences'), doc.context.obj({ DisplayDocTitle: true }));
  doc.catalog.set(PDFName.of('MarkInfo'), doc.context.obj({ Marked: true }));
  // PDF/UA: XMP metadata that says the same as /Info, and claims PDF/UA-1 (ua-check.ts confirms it).
  const producer = `imdi-rapport (${metadata.browser ?? 'Chromium'}, pdf-lib)`;
  const xmp = Buffer.from(xmpMetadata({ ...metadata, producer, creatorTool: 'imdi-rapport' }), 'utf8');
  const xmpStream = PDFRawStream.of(doc.context.obj({ Type: 'Metadata', Subtype: 'XML', Length: xmp.length }), xmp);
  const xmpRef = doc.context.register(xmpStream);
  changed.set(xmpRef.objectNumber, xmpStream);
  doc.catalog.set(PDFName.of('Metadata'), xmpRef);
  changed.set(catalogRef.objectNumber, doc.catalog);
  // PDF/UA: artifacts, list and TOC structure, figure wrappers, role map, link descriptions.
  const { lostLangs } = makeAccessible(doc, facts, changed);
  if (lostLangs.length)
    throw new Error(
      `${lostLangs.length} passasje(r) på et annet språk (lang="${[...new Set(lostLangs)].join('", "')}") fikk ikke /Lang i PDF-en`,
    );

  // Node ids are renumbered over the whole file: the appended structure elements carry them too.
  return {
    bytes: withStableNodeIds(
      Buffer.from(appendUpdate(withFixedDates(original, infoRef, date), changed, catalogRef, infoRef)),
    ),
    outlineCount: outline.length,
  };
}

/**
 * Chromium names tagged elements «node00000506» from a counter that keeps running across
 * prints of the same page, so a build that needed an extra pass would differ from one that did
 * not. Renumber them by rank, in place (same length, and the same order, so the /IDTree stays
 * sorted): equal content gives equal bytes however many passes it took.
 */
function withStableNodeIds(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const pattern = /\(node(\d{8})\)/g;
  const ids = [...new Set([...text.matchAll(pattern)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const rank = new Map(ids.map((id, i) => [id, i + 1]));
  for (const match of text.matchAll(pattern)) {
    bytes.write(`(node${String(rank.get(Number(match[1]))).padStart(8, '0')})`, match.index, 'latin1');
  }
  return bytes;
}

/**
 * Chromium stamps its own document information with the clock. The update replaces that
 * object, but the old one stays in the file: overwrite its dates in place (same length, so no
 * offset moves) with the report's date, and the same content always gives the same bytes.
 */
function withFixedDates(original: Uint8Array, info: PDFRef, date: Date): Buffer {
  const bytes = Buffer.from(original);
  const text = bytes.toString('latin1');
  const start = text.search(new RegExp(`(^|\\n)${info.objectNumber} 0 obj`));
  if (start < 0) return bytes;
  const end = text.indexOf('endobj', start);
  const stamp = `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+00'00'`;
  const object = text
    .slice(start, end)
    .replace(/\((D:\d{14}\+00'00')\)/g, (whole, found: string) =>
      found.length === stamp.length ? `(${stamp})` : whole,
    );
  bytes.write(object, start, 'latin1');
  return bytes;
}

/** Appends objects and a cross-reference section pointing at them (ISO 32000-1, 7.5.6). */
function appendUpdate(original: Uint8Array, objects: Map<number, PDFObject>, root: PDFRef, info: PDFRef): Uint8Array {
  const tail = Buffer.from(original.subarray(Math.max(0, original.length - 1024))).toString('latin1');
  const previous = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)?.[1]);
  const size = Number(
    /\/Size\s+(\d+)/.exec(Buffer.from(original).toString('latin1', Buffer.from(original).lastIndexOf('trailer')))?.[1],
  );
  if (!Number.isFinite(previous) || !Number.isFinite(size))
    throw new Error('Fant ikke kryssreferansetabellen i PDF-en fra Chromium');
  const parts: string[] = ['\n'];
  let offset = original.length + 1;
  const offsets = new Map<number, number>();
  for (const number of [...objects.keys()].sort((a, b) => a - b)) {
    const text = `${number} 0 obj\n${objects.get(number)!.toString()}\nendobj\n`;
    offsets.set(number, offset);
    parts.push(text);
    offset += Buffer.byteLength(text, 'latin1');
  }
  let xref = 'xref\n';
  for (const [number, at] of offsets) xref += `${number} 1\n${String(at).padStart(10, '0')} 00000 n \n`;
  const newSize = Math.max(size, ...[...objects.keys()].map((n) => n + 1));
  xref += `trailer\n<< /Size ${newSize} /Root ${root.toString()} /Info ${info.toString()} /Prev ${previous} >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(xref);
  return Buffer.concat([Buffer.from(original), Buffer.from(parts.join(''), 'latin1')]);
}
