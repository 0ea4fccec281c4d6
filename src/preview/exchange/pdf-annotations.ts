/**
 * Reviewers' comments in a draft PDF, read with pdf.js (`getAnnotations()`): sticky notes
 * (Text), highlights and other text markup with a note, free text, and replies (IRT), each with
 * its author (T) and date (CreationDate, or M). Each is placed on a paragraph of the round from
 * where it is on the page: the text under a highlight (the text layer's items inside its
 * QuadPoints) is looked up in the round's paragraphs, and the «¶ 3.7» numbers in the margin say
 * which paragraph a note or a highlight is in.
 */
import { createHash } from 'node:crypto';
import type { Paragraph } from '../paragraphs.ts';
import { normalizeText } from '../html-tree.ts';
import { roundOfInfo } from './draft-pdf-file.ts';

/** A comment found in the PDF, placed or not. */
export interface PdfComment {
  key: string;
  /** The key of the comment it answers. */
  replyToKey?: string;
  kind: string;
  author: string;
  /** ISO date, when the viewer wrote one. */
  date: string | undefined;
  text: string;
  page: number;
  /** The text under a highlight. */
  selection?: string;
  /** The paragraph it is on, and how that was found. */
  paragraph?: Paragraph;
  how?: 'tekst' | 'posisjon' | 'svar';
}

/** What the PDF says about itself and its comments. */
export interface PdfReading {
  round: number | undefined;
  comments: PdfComment[];
}

/** The PDF needs a password to be opened. */
export class PdfEncrypted extends Error {}

/** The markup annotations that carry a reviewer's comment (Popup, Link and form fields do not). */
const commentKinds = new Set([
  'Text',
  'FreeText',
  'Highlight',
  'Underline',
  'StrikeOut',
  'Squiggly',
  'Caret',
  'Square',
  'Circle',
  'Line',
  'Polygon',
  'PolyLine',
  'Ink',
  'Stamp',
]);
const textMarkup = new Set(['Highlight', 'Underline', 'StrikeOut', 'Squiggly']);

interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface MarginNumber {
  page: number;
  /** The number's baseline (PDF units, from the bottom of the page). */
  baseline: number;
  number: string;
}

interface RawAnnotation {
  id: string;
  subtype: string;
  rect: number[];
  quadPoints?: ArrayLike<number> | { x: number; y: number }[][];
  contentsObj?: { str?: string };
  titleObj?: { str?: string };
  creationDate?: string | null;
  modificationDate?: string | null;
  inReplyTo?: string | null;
  replyType?: string;
}

/** Reads the PDF's comments and places them on `paragraphs` (the round's paragraph map). Throws PdfEncrypted. */
export async function readPdfComments(bytes: Uint8Array, paragraphs: readonly Paragraph[]): Promise<PdfReading> {
  const { getDocument, PasswordException } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({ data: new Uint8Array(bytes), verbosity: 0, useSystemFonts: false, stopAtErrors: false });
  let doc;
  try {
    doc = await task.promise;
  } catch (error) {
    if (error instanceof PasswordException || (error as Error)?.name === 'PasswordException')
      throw new PdfEncrypted((error as Error).message);
    throw error;
  }
  try {
    const meta = await doc.getMetadata();
    const info = meta.info as Record<string, unknown>;
    const custom = info.Custom instanceof Map ? Object.fromEntries(info.Custom) : info.Custom;
    const round = roundOfInfo({ ...info, Custom: custom });
    const byNumber = new Map(paragraphs.map((p) => [p.number, p]));
    const numbers: MarginNumber[] = [];
    const pages: { items: TextItem[]; annotations: RawAnnotation[] }[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items: TextItem[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        items.push({
          str: item.str,
          x: item.transform[4],
          y: item.transform[5],
          width: item.width,
          height: item.height || Math.abs(item.transform[3]),
        });
      }
      numbers.push(...marginNumbers(items, n, byNumber));
      pages.push({ items, annotations: (await page.getAnnotations({ intent: 'display' })) as RawAnnotation[] });
    }
    const comments: PdfComment[] = [];
    const keyOfId = new Map<string, string>();
    const found: { raw: RawAnnotation; comment: PdfComment }[] = [];
    pages.forEach(({ items, annotations }, index) => {
      const page = index + 1;
      for (const raw of annotations) {
        if (!commentKinds.has(raw.subtype) || raw.replyType === 'Group') continue;
        const text = (raw.contentsObj?.str ?? '').replace(/\r\n?/g, '\n').trim();
        const author = (raw.titleObj?.str ?? '').trim() || 'Ukjent';
        const date = pdfDate(raw.creationDate) ?? pdfDate(raw.modificationDate);
        const boxes = textMarkup.has(raw.subtype) ? quadBoxes(raw.quadPoints) : [];
        const selection = boxes.length ? textIn(items, boxes) : undefined;
        // Free text and shapes with nothing written in them are drawings, not comments.
        if (!text && !textMarkup.has(raw.subtype)) continue;
        const rect = raw.rect.map((v) => Math.round(v));
        const key =
          'pdf:' +
          createHash('sha256')
            .update(JSON.stringify([raw.subtype, author, date ?? '', text, page, selection ?? '', rect]))
            .digest('hex')
            .slice(0, 24);
        keyOfId.set(raw.id, key);
        const comment: PdfComment = {
          key,
          kind: raw.subtype,
          author,
          date,
          text,
          page,
          ...(selection ? { selection } : {}),
        };
        // Where it points: the middle of a highlight's first line; a little below the top of a note's icon or a text box.
        const first = boxes.length ? boxes.reduce((a, b) => (b.top > a.top ? b : a)) : undefined;
        const y = first ? (first.top + first.bottom) / 2 : raw.rect[3]! - 6;
        const placed = place(selection, page, y, numbers, paragraphs, byNumber);
        if (placed) Object.assign(comment, placed);
        found.push({ raw, comment });
      }
    });
    for (const { raw, comment } of found) {
      if (raw.inReplyTo && keyOfId.has(raw.inReplyTo)) {
        comment.replyToKey = keyOfId.get(raw.inReplyTo);
        const parent = found.find((f) => f.comment.key === comment.replyToKey)?.comment;
        // A reply is about what its parent is about.
        if (parent?.paragraph) Object.assign(comment, { paragraph: parent.paragraph, how: 'svar' as const });
      }
      comments.push(comment);
    }
    return { round, comments };
  } finally {
    await task.destroy();
  }
}

/** The «¶ 3.7» numbers in the margin: the text items that are a number of the round (one item, or «¶» and the number apart). */
function marginNumbers(
  items: readonly TextItem[],
  page: number,
  byNumber: ReadonlyMap<string, Paragraph>,
): MarginNumber[] {
  const found: MarginNumber[] = [];
  items.forEach((item, i) => {
    const whole = /^¶\s*(\S+\.\d+)$/.exec(item.str.trim());
    let number = whole?.[1];
    if (!number && item.str.trim() === '¶') {
      const next = items.slice(i + 1, i + 3).find((n) => n.str.trim());
      if (next && Math.abs(next.y - item.y) < 2 && /^\S+\.\d+$/.test(next.str.trim())) number = next.str.trim();
    }
    if (number && byNumber.has(number)) found.push({ page, baseline: item.y, number });
  });
  return found;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The highlight's boxes from its QuadPoints (pdf.js gives a flat list of 8 numbers per quad, or points in older versions). */
function quadBoxes(quads: RawAnnotation['quadPoints']): Box[] {
  if (!quads) return [];
  const points: { x: number; y: number }[][] = [];
  if (Array.isArray(quads) && Array.isArray(quads[0])) points.push(...(quads as { x: number; y: number }[][]));
  else {
    const flat = Array.from(quads as ArrayLike<number>);
    for (let i = 0; i + 7 < flat.length; i += 8)
      points.push([0, 2, 4, 6].map((j) => ({ x: flat[i + j]!, y: flat[i + j + 1]! })));
  }
  return points.map((quad) => ({
    left: Math.min(...quad.map((p) => p.x)),
    right: Math.max(...quad.map((p) => p.x)),
    top: Math.max(...quad.map((p) => p.y)),
    bottom: Math.min(...quad.map((p) => p.y)),
  }));
}

/**
 * The text under the boxes: each text item whose middle line is inside a box, cut to the part of
 * it inside (by its width per character, which is close enough to pick whole words).
 */
function textIn(items: readonly TextItem[], boxes: readonly Box[]): string | undefined {
  const parts: string[] = [];
  for (const box of boxes) {
    const line: string[] = [];
    for (const item of items) {
      const middle = item.y + item.height / 2;
      if (middle < box.bottom || middle > box.top || !item.str) continue;
      if (item.x + item.width < box.left || item.x > box.right) continue;
      const perChar = item.width / Math.max(1, item.str.length);
      const from = Math.max(0, Math.round((box.left - item.x) / perChar));
      const to = Math.min(item.str.length, Math.round((box.right - item.x) / perChar));
      line.push(item.str.slice(from, to));
    }
    parts.push(line.join(''));
  }
  const text = normalizeText(
    parts
      .join(' ')
      .replace(/\u00ad\s*/g, '')
      .replace(/^¶\s*\S+\.\d+\s*/, ''),
  );
  return text || undefined;
}

/**
 * The paragraph a comment is on. The margin numbers say which paragraph the place is in (the
 * last number at or above it, on this page or an earlier one); the text under a highlight must
 * be in that paragraph or a neighbour, or else the one paragraph of the round that has it wins.
 */
function place(
  selection: string | undefined,
  page: number,
  y: number,
  numbers: readonly MarginNumber[],
  paragraphs: readonly Paragraph[],
  byNumber: ReadonlyMap<string, Paragraph>,
): { paragraph: Paragraph; how: 'tekst' | 'posisjon' } | undefined {
  // The paragraph the place is in: the nearest number at or above it on the page (a number's baseline is a little above
  // its paragraph's first line's middle, so a few points of slack); above the first number, the last one of an earlier page.
  const lowest = (list: MarginNumber[]) =>
    list.reduce<MarginNumber | undefined>((a, b) => (!a || b.baseline < a.baseline ? b : a), undefined);
  let at = lowest(numbers.filter((n) => n.page === page && n.baseline >= y - 6));
  for (let p = page - 1; !at && p >= 1; p--) at = lowest(numbers.filter((n) => n.page === p));
  const byPosition = at ? byNumber.get(at.number) : undefined;
  if (selection) {
    const wanted = comparable(selection);
    const having = paragraphs.filter((p) => comparable(p.text).includes(wanted));
    if (byPosition && having.includes(byPosition)) return { paragraph: byPosition, how: 'tekst' };
    // A highlight at the top of a paragraph can stand above the paragraph's number by a line's fraction.
    const index = byPosition ? paragraphs.indexOf(byPosition) : -1;
    const near = having.filter((p) => Math.abs(paragraphs.indexOf(p) - index) <= 2);
    if (index >= 0 && near.length) return { paragraph: near[0]!, how: 'tekst' };
    if (having.length === 1) return { paragraph: having[0]!, how: 'tekst' };
  }
  // On a page with paragraph numbers, a note belongs to the paragraph it stands by.
  if (byPosition && numbers.some((n) => n.page === page)) return { paragraph: byPosition, how: 'posisjon' };
  return undefined;
}

/** Text compared without spaces, soft hyphens and hyphens at line ends, in lower case. */
function comparable(text: string): string {
  return text.replace(/[\u00ad\s-]/g, '').toLowerCase();
}

/** A PDF date (D:20251201103000+01'00') as ISO, or undefined. */
export function pdfDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz]|[+-]\d{2}'?\d{2}'?)?/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone] = m;
  let offset = 'Z';
  if (zone && !/^[Zz]$/.test(zone)) {
    const z = zone.replace(/'/g, '');
    offset = `${z.slice(0, 3)}:${z.slice(3, 5) || '00'}`;
  }
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
