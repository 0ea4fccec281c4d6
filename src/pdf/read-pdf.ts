/**
 * Opens a PDF Chromium has just printed for reading its outline, named destinations and
 * document information. pdf-lib's `PDFDocument.load` parses every object (0,1 s for the
 * report: thousands of tag-tree elements and content streams); here objects are parsed only
 * when they are looked up, found through the cross-reference table, so opening the file and
 * reading its bookmarks takes a few milliseconds. Files without a classic cross-reference
 * table (Chromium always writes one) get the full parse.
 */
import {
  ParseSpeeds,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFObjectParser,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';

/** The document, with objects parsed on first use. */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    const doc = openLazily(bytes);
    doc.getPages(); // the catalog and the page tree parse, or we fall back now rather than later
    return doc;
  } catch {
    return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  }
}

function openLazily(bytes: Uint8Array): PDFDocument {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const context = PDFContext.create();
  const offsets = new Map<number, number>();
  let trailer: PDFDict | undefined;
  let at = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-1024))?.[1]);
  const seen = new Set<number>();
  // The newest section first; /Prev leads to older ones, whose entries do not override.
  while (Number.isFinite(at) && !seen.has(at)) {
    seen.add(at);
    const section = /^xref\s+/.exec(text.slice(at, at + 5 + 1));
    if (!section) throw new Error('no classic cross-reference table');
    let pos = at + section[0].length;
    const header = /(\d+) (\d+)[ \t]*\r?\n/y;
    for (;;) {
      header.lastIndex = pos;
      const sub = header.exec(text);
      if (!sub) break;
      const first = Number(sub[1]);
      const count = Number(sub[2]);
      pos = header.lastIndex;
      for (let i = 0; i < count; i++, pos += 20) {
        const entry = text.slice(pos, pos + 18);
        if (entry[17] === 'n' && !offsets.has(first + i)) offsets.set(first + i, Number(entry.slice(0, 10)));
      }
    }
    const trailerAt = text.indexOf('trailer', pos);
    const dict = PDFObjectParser.forBytes(bytes.subarray(trailerAt + 'trailer'.length), context).parseObject();
    if (!(dict instanceof PDFDict)) throw new Error('no trailer');
    trailer ??= dict;
    const prev = dict.get(PDFName.of('Prev'));
    at = prev ? Number(prev.toString()) : NaN;
  }
  if (!trailer) throw new Error('no trailer');

  const parse = (ref: PDFRef): PDFObject | undefined => {
    const offset = offsets.get(ref.objectNumber);
    if (offset === undefined) return undefined;
    const start = text.indexOf('obj', offset) + 3;
    return PDFObjectParser.forBytes(bytes.subarray(start), context).parseObject();
  };
  // pdf-lib looks every indirect object up in this map: fill it on demand.
  const lazy = new (class extends Map<PDFRef, PDFObject> {
    override get(ref: PDFRef): PDFObject | undefined {
      if (!super.has(ref)) {
        const object = parse(ref);
        if (object) super.set(ref, object);
      }
      return super.get(ref);
    }
    override has(ref: PDFRef): boolean {
      return this.get(ref) !== undefined;
    }
  })();
  (context as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects = lazy;
  context.largestObjectNumber = Math.max(0, ...offsets.keys());
  context.trailerInfo = {
    Root: trailer.get(PDFName.of('Root')),
    Encrypt: trailer.get(PDFName.of('Encrypt')),
    Info: trailer.get(PDFName.of('Info')),
    ID: trailer.get(PDFName.of('ID')),
  };
  if (context.trailerInfo.Encrypt) throw new Error('encrypted');
  // PDFDocument's constructor is private in the typings; load() is the same minus the full parse.
  const Document = PDFDocument as unknown as new (
    context: PDFContext,
    ignoreEncryption: boolean,
    updateMetadata: boolean,
  ) => PDFDocument;
  return new Document(context, false, false);
}
