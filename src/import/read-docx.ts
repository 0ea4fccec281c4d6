/**
 * Reads a Word file for the import and refuses what is not a readable .docx: a .doc, a PDF with
 * a .docx name, a password-protected document, a file too large. The bytes decide, not the name.
 */
import { readFile, stat } from 'node:fs/promises';
import JSZip from 'jszip';
import { maxDocxBytes, maxUnpackedBytes, refusals, type RefusalText } from './messages.ts';

/** The import was refused before anything was written. `content` problems exit with 1, others with 2. */
export class ImportRefused extends Error {
  readonly hint: string;
  readonly exitCode: 1 | 2;

  constructor(text: RefusalText, exitCode: 1 | 2 = 1, options?: { cause?: unknown }) {
    super(text.reason, options);
    this.hint = text.hint;
    this.exitCode = exitCode;
    this.name = 'ImportRefused';
  }
}

/** A comment as Word stores it (word/comments.xml); its text comes from mammoth. */
export interface WordCommentInfo {
  id: string;
  author: string;
  initials: string;
  /** ISO date, when Word recorded one. */
  date: string | undefined;
}

/** A .docx that passed the checks. */
export interface DocxFile {
  bytes: Buffer;
  /** The comments' authors and dates, by Word's comment id. */
  comments: Map<string, WordCommentInfo>;
}

const zipSignature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const compoundFileSignature = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Checks and reads `file` (shown as `shown` in messages). Throws ImportRefused. */
export async function readDocx(
  file: string,
  shown: string,
  limit = maxDocxBytes,
  unpackedLimit = maxUnpackedBytes,
): Promise<DocxFile> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new ImportRefused(refusals.notFound(shown), 1, { cause: error });
  });
  if (info.isDirectory()) throw new ImportRefused(refusals.notAFile(shown));
  if (info.size > limit) throw new ImportRefused(refusals.tooLarge(shown, info.size));
  if (info.size === 0) throw new ImportRefused(refusals.empty(shown));
  const bytes = await readFile(file);
  refuseByContent(bytes, shown);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw new ImportRefused(refusals.damaged(shown, (error as Error).message), 1, { cause: error });
  }
  await refuseOtherZip(zip, shown);
  await refuseHugeContent(zip, shown, unpackedLimit);
  return { bytes, comments: await readCommentInfo(zip) };
}

/** Refuses files whose first bytes say they are something else than a zip (docx is a zip). */
function refuseByContent(bytes: Buffer, shown: string): void {
  if (bytes.subarray(0, 8).equals(compoundFileSignature)) {
    // Word encrypts a .docx by wrapping it in an OLE compound file with these streams; a plain
    // compound file is an old .doc. The stream names are stored in UTF-16 in the directory.
    const utf16 = (name: string) => Buffer.from(name, 'utf16le');
    if (bytes.includes(utf16('EncryptionInfo')) || bytes.includes(utf16('EncryptedPackage')))
      throw new ImportRefused(refusals.encrypted(shown));
    throw new ImportRefused(refusals.oldWord(shown));
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') throw new ImportRefused(refusals.pdf(shown));
  if (!bytes.subarray(0, 4).equals(zipSignature)) {
    // Word keeps «~$name.docx» beside an open document; it is easy to pick by mistake.
    throw new ImportRefused(/(^|[\\/])~\$[^\\/]*$/.test(shown) ? refusals.lockFile(shown) : refusals.notDocx(shown));
  }
}

/** A zip that is not a Word document: OpenDocument, Excel, PowerPoint, or any other zip. */
async function refuseOtherZip(zip: JSZip, shown: string): Promise<void> {
  if (zip.file('word/document.xml')) return;
  const mimetype = await zip.file('mimetype')?.async('string');
  if (mimetype?.startsWith('application/vnd.oasis.opendocument')) throw new ImportRefused(refusals.openDocument(shown));
  if (zip.file('xl/workbook.xml')) throw new ImportRefused(refusals.otherOffice(shown, 'et Excel-regneark'));
  if (zip.file('ppt/presentation.xml'))
    throw new ImportRefused(refusals.otherOffice(shown, 'en PowerPoint-presentasjon'));
  throw new ImportRefused(refusals.notDocx(shown));
}

/**
 * A small file can unpack into a huge one (by accident in a damaged file, or on purpose): the
 * parts are unpacked once, counting, and the import stops before mammoth reads them all into memory.
 */
async function refuseHugeContent(zip: JSZip, shown: string, unpackedLimit: number): Promise<void> {
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > unpackedLimit) {
          (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
          reject(new ImportRefused(refusals.unpacksTooLarge(shown, unpackedLimit)));
        }
      });
      stream.on('end', () => resolve());
      stream.on('error', (error: Error) =>
        reject(new ImportRefused(refusals.damaged(shown, error.message), 1, { cause: error })),
      );
    });
  }
}

/** Authors and dates of the comments: mammoth's HTML has only the initials. */
async function readCommentInfo(zip: JSZip): Promise<Map<string, WordCommentInfo>> {
  const found = new Map<string, WordCommentInfo>();
  const xml = await zip.file('word/comments.xml')?.async('string');
  if (!xml) return found;
  for (const match of xml.matchAll(/<w:comment\b([^>]*)>/g)) {
    const attrs = attributes(match[1] ?? '');
    const id = attrs.get('w:id');
    if (id === undefined) continue;
    const date = attrs.get('w:date');
    found.set(id, {
      id,
      author: attrs.get('w:author')?.trim() || 'Ukjent',
      initials: attrs.get('w:initials') ?? '',
      date: date && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString() : undefined,
    });
  }
  return found;
}

function attributes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of text.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    map.set(m[1]!, decodeXml(m[2] ?? m[3] ?? ''));
  return map;
}

/** Decodes the entities in Word's XML text and attributes. */
export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (all, entity: string) => {
    const e = entity.toLowerCase();
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : all;
  });
}
