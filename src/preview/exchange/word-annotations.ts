/**
 * Reviewers' comments and tracked changes in the round's Word draft. The import's own reader
 * checks the file and reads it (`readDocx`: a real .docx, not encrypted, not too big; the
 * comments' authors and dates) and mammoth gives each comment's text and the block it is in
 * (`convertDocx`); what mammoth leaves out, the comment's marked range and the tracked changes
 * (w:ins, w:del), is read from word/document.xml. Each is placed on the paragraph whose
 * «¶ 3.7» starts the Word paragraph (or, when the reviewer removed the number, the round's
 * paragraph with the same text).
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { convertDocx, markersIn } from '../../import/docx-to-markdown.ts';
import { decodeXml, readDocx } from '../../import/read-docx.ts';
import { normalizeText } from '../html-tree.ts';
import type { Paragraph } from '../paragraphs.ts';
import { similarity } from '../round-diff.ts';
import { leadingNumber } from './draft-docx.ts';
import { suggestionText } from './messages.ts';

/** A comment or tracked change found in the Word file. */
export interface WordItem {
  key: string;
  kind: 'kommentar' | 'forslag';
  author: string;
  date: string | undefined;
  text: string;
  selection?: string;
  paragraph?: Paragraph;
  /** The key of the comment it answers (a reply in a Word comment thread). */
  replyToKey?: string;
  /** The thread is marked as resolved in Word. */
  resolved?: boolean;
}

/** What the Word file says. */
export interface WordReading {
  /** The round in the document's keywords (utkast-runde-N), when there. */
  round: number | undefined;
  items: WordItem[];
}

/** Reads the Word file's comments and tracked changes and places them on `paragraphs`. Throws ImportRefused for a file that is not a readable .docx. */
export async function readWordComments(
  file: string,
  shown: string,
  paragraphs: readonly Paragraph[],
): Promise<WordReading> {
  const docx = await readDocx(file, shown);
  const zip = await JSZip.loadAsync(docx.bytes);
  const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  const roundMatch = /utkast-runde-(\d+)/.exec(core);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const scan = scanDocument(xml);
  const byNumber = new Map(paragraphs.map((p) => [p.number, p]));
  const findParagraph = (text: string | undefined): Paragraph | undefined => {
    if (!text) return undefined;
    const lead = leadingNumber(text);
    const own = lead && byNumber.get(lead.number);
    if (own) return own;
    // No number (the reviewer removed it): the round's paragraph with the same text, if one is close.
    const wanted = normalizeText(lead?.rest ?? text);
    let best: Paragraph | undefined;
    let score = 0.6;
    for (const p of paragraphs) {
      const s = similarity(wanted, p.text);
      if (s > score) [best, score] = [p, s];
    }
    return best;
  };

  const items: WordItem[] = [];
  if (docx.comments.size > 0) {
    const converted = await convertDocx(docx.bytes);
    const blockOfMarker = markerBlocks(converted.tree);
    const threads = await readThreads(zip);
    const keyOfId = new Map<string, string>();
    const itemOfId = new Map<string, WordItem>();
    for (const comment of converted.comments) {
      const info = docx.comments.get(comment.wordId);
      const range = scan.ranges.get(comment.wordId);
      const paragraph = findParagraph(range?.startParagraph) ?? findParagraph(blockOfMarker.get(comment.marker));
      const author = info?.author ?? 'Ukjent';
      const selection = range?.text ? normalizeText(range.text.replace(/^¶\s*\S+\.\d+\s*/, '')) : undefined;
      const item: WordItem = {
        key: wordKey(['kommentar', author, info?.date ?? '', comment.text, paragraph?.number ?? '', selection ?? '']),
        kind: 'kommentar',
        author,
        date: info?.date,
        text: comment.text,
        ...(selection ? { selection } : {}),
        ...(paragraph ? { paragraph } : {}),
      };
      keyOfId.set(comment.wordId, item.key);
      itemOfId.set(comment.wordId, item);
      items.push(item);
    }
    // Threads: a reply is about what the comment it answers is about; «Løs tråd» in Word resolves it.
    for (const [id, item] of itemOfId) {
      const thread = threads.get(id);
      if (!thread) continue;
      if (thread.done) item.resolved = true;
      const parent = thread.parent !== undefined ? itemOfId.get(thread.parent) : undefined;
      if (parent) {
        item.replyToKey = keyOfId.get(thread.parent!);
        if (parent.paragraph) item.paragraph = parent.paragraph;
      }
    }
  }
  for (const change of scan.changes) {
    const paragraph = findParagraph(change.paragraph);
    const text =
      change.removed && change.added
        ? suggestionText.replace(change.removed, change.added)
        : change.added
          ? suggestionText.insert(change.added)
          : suggestionText.delete(change.removed);
    items.push({
      key: wordKey([
        'forslag',
        change.author,
        change.date ?? '',
        change.removed,
        change.added,
        paragraph?.number ?? '',
      ]),
      kind: 'forslag',
      author: change.author,
      date: change.date,
      text,
      selection: change.removed || undefined,
      ...(paragraph ? { paragraph } : {}),
    });
  }
  return { round: roundMatch ? Number(roundMatch[1]) : undefined, items };
}

/**
 * Word's comment threads (word/commentsExtended.xml): for each comment id, the comment it answers
 * and whether the thread is resolved. A comment is named there by the paraId of its last paragraph
 * in word/comments.xml.
 */
async function readThreads(zip: JSZip): Promise<Map<string, { parent?: string; done: boolean }>> {
  const threads = new Map<string, { parent?: string; done: boolean }>();
  const extended = await zip.file('word/commentsExtended.xml')?.async('string');
  const comments = await zip.file('word/comments.xml')?.async('string');
  if (!extended || !comments) return threads;
  const idOfPara = new Map<string, string>();
  for (const m of comments.matchAll(/<w:comment\b([^>]*)>([\s\S]*?)<\/w:comment>/g)) {
    const id = /w:id="([^"]*)"/.exec(m[1]!)?.[1];
    const paras = [...m[2]!.matchAll(/<w:p\b[^>]*\bw14:paraId="([^"]*)"/g)].map((p) => p[1]!);
    if (id !== undefined && paras.length) idOfPara.set(paras[paras.length - 1]!, id);
  }
  for (const m of extended.matchAll(/<w15:commentEx\b([^>]*)\/?>/g)) {
    const attr = (name: string) => new RegExp(`w15:${name}="([^"]*)"`).exec(m[1]!)?.[1];
    const id = idOfPara.get(attr('paraId') ?? '');
    if (id === undefined) continue;
    const parentPara = attr('paraIdParent');
    const done = attr('done');
    threads.set(id, {
      ...(parentPara && idOfPara.has(parentPara) ? { parent: idOfPara.get(parentPara)! } : {}),
      done: done === '1' || done === 'true',
    });
  }
  return threads;
}

function wordKey(parts: string[]): string {
  return 'word:' + createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24);
}

/** The text of the block each comment mark is in; a mark in a table cell or list takes the numbered block before it. */
function markerBlocks(tree: Root): Map<number, string> {
  const found = new Map<number, string>();
  let lastNumbered: string | undefined;
  const visit = (nodes: readonly RootContent[]) => {
    for (const node of nodes) {
      if (node.type === 'paragraph' || node.type === 'heading') {
        const text = toString(node);
        if (leadingNumber(text)) lastNumbered = text;
        for (const marker of markersIn(text)) found.set(marker, leadingNumber(text) ? text : (lastNumbered ?? text));
      } else if ('children' in node) visit(node.children as RootContent[]);
    }
  };
  visit(tree.children);
  return found;
}

/** A tracked change: what was taken out and put in, in one paragraph, by one author. */
interface Change {
  author: string;
  date: string | undefined;
  removed: string;
  added: string;
  /** The paragraph's text as it was sent out (deletions in, insertions out). */
  paragraph: string;
}

/** A comment's range: its text, and the text of the paragraph it starts in. */
interface Range {
  text: string;
  startParagraph: string;
}

/**
 * One pass over word/document.xml: each paragraph's text as sent (w:t outside insertions, and
 * w:delText), the tracked changes in it (a deletion followed at once by an insertion from the
 * same author is one replacement), and the comments' ranges.
 */
function scanDocument(xml: string): { changes: Change[]; ranges: Map<string, Range> } {
  const changes: Change[] = [];
  const ranges = new Map<string, Range>();
  const open = new Map<string, { text: string; paragraphIndex: number }>();
  const found: { id: string; text: string; paragraphIndex: number }[] = [];
  const paragraphTexts: string[] = [];
  let paragraph = '';
  let inParagraph = false;
  let revision: { kind: 'ins' | 'del'; author: string; date: string | undefined } | undefined;
  let pending: Change[] = [];
  let current: Change | undefined;
  let lastKind: 'ins' | 'del' | undefined;
  let textTag: 't' | 'delText' | undefined;
  for (const m of xml.matchAll(/<(\/?)(w:[A-Za-z]+)([^>]*?)(\/?)>|([^<]+)/g)) {
    const [, closing, name, attrs = '', selfClosing, text] = m;
    if (text !== undefined) {
      if (!textTag || !inParagraph) continue;
      const value = decodeXml(text);
      if (textTag === 'delText' || !(revision?.kind === 'ins')) paragraph += value;
      for (const range of open.values()) if (textTag === 't') range.text += value;
      if (revision && current) {
        if (revision.kind === 'ins' && textTag === 't') current.added += value;
        if (revision.kind === 'del' && textTag === 'delText') current.removed += value;
      }
      continue;
    }
    const attr = (key: string) => new RegExp(`${key}="([^"]*)"`).exec(attrs)?.[1];
    if (name === 'w:p') {
      if (!closing) {
        inParagraph = true;
        paragraph = '';
        pending = [];
        current = undefined;
        lastKind = undefined;
        if (selfClosing) inParagraph = false;
      } else {
        inParagraph = false;
        paragraphTexts.push(paragraph);
        for (const change of pending) changes.push({ ...change, paragraph });
      }
    } else if (name === 'w:ins' || name === 'w:del') {
      if (closing) {
        revision = undefined;
      } else if (!selfClosing && inParagraph) {
        const kind = name === 'w:ins' ? 'ins' : 'del';
        const author = decodeXml(attr('w:author') ?? '') || 'Ukjent';
        const rawDate = attr('w:date');
        const date = rawDate && !Number.isNaN(Date.parse(rawDate)) ? new Date(rawDate).toISOString() : undefined;
        revision = { kind, author, date };
        // A deletion followed by an insertion from the same author: one replacement.
        if (kind === 'ins' && lastKind === 'del' && current && current.author === author && !current.added) {
          lastKind = kind;
          continue;
        }
        current = { author, date, removed: '', added: '', paragraph: '' };
        pending.push(current);
        lastKind = kind;
      }
    } else if (name === 'w:tab' && inParagraph && textTag === undefined && !attrs.includes('w:val')) {
      // A tab in the text (not a tab stop in the paragraph's properties).
      if (revision?.kind !== 'ins') paragraph += '\t';
    } else if (name === 'w:t' || name === 'w:delText') {
      textTag = closing || selfClosing ? undefined : name === 'w:t' ? 't' : 'delText';
    } else if (name === 'w:r' && !closing && !revision) {
      // Plain text between two changes ends a replacement.
      lastKind = undefined;
    } else if (name === 'w:commentRangeStart') {
      const id = attr('w:id');
      // The paragraph it is in, or the next one: its text is known when the scan is done.
      if (id !== undefined) open.set(id, { text: '', paragraphIndex: paragraphTexts.length });
    } else if (name === 'w:commentRangeEnd') {
      const id = attr('w:id');
      const range = id !== undefined ? open.get(id) : undefined;
      if (id !== undefined && range) {
        open.delete(id);
        found.push({ id, ...range });
      }
    }
  }
  for (const range of found)
    ranges.set(range.id, { text: range.text, startParagraph: paragraphTexts[range.paragraphIndex] ?? '' });
  return { changes: changes.filter((c) => c.added.trim() || c.removed.trim()), ranges };
}
