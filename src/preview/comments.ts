/**
 * Reviewers' comments, stored durably in review/kommentarer.jsonl: an append-only log, one JSON
 * event per line, each write flushed to disk (fsync) before the reviewer is told it is saved.
 * A crash can at worst leave a torn last line, which is skipped on reading (and reported).
 * The log merges well in git, and keeps who resolved what.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { limits, type PlacedComment, type ReviewComment } from './messages.ts';
import type { Paragraph } from './paragraphs.ts';
import { similarity } from './round-diff.ts';

/** One line of the log. */
type CommentEvent =
  | { op: 'add'; comment: ReviewComment }
  | { op: 'resolve'; id: string; resolved: boolean; by: string; at: string }
  | { op: 'move'; id: string; anchor: string; anchorText: string; at: string };

/** A comment from a Word document, placed on a paragraph of the imported chapter. */
export interface ImportedComment {
  anchor: string;
  /** The chapter file, content-relative (chapters/05-navn.md). */
  chapter: string;
  paragraphText: string;
  /** Word's author name. */
  name: string;
  text: string;
  /** ISO date from Word (or the import's time when Word recorded none). */
  created: string;
  /** The Word file's name. */
  importedFrom: string;
  /** For `npm run round -- hent`: the file's kind, the annotation's stable key, the key of the one it answers, the marked text, the page, and whether it has no paragraph. */
  importSource?: 'word' | 'pdf';
  importKey?: string;
  replyToKey?: string;
  selection?: string;
  page?: number;
  unplaced?: boolean;
  /** Resolved in the file already (a thread marked as resolved in Word). */
  resolved?: boolean;
}

/** A reviewer's mistake in a request (shown to them as is). */
export class CommentInputError extends Error {
  readonly status: number;

  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
    this.name = 'CommentInputError';
  }
}

/** A moved paragraph is still «the same» when its text is at least this similar. */
const reattachThreshold = 0.5;

/** The comments of one project. Writes are serialized; the in-memory state follows the disk. */
export class CommentStore {
  private readonly comments = new Map<string, ReviewComment>();
  private queue: Promise<unknown> = Promise.resolve();
  private needsNewline = false;
  /** How many bytes of the log are applied (the log only grows: another process, `hent`, appends to it). */
  private applied = 0;
  /** Lines that could not be read (a torn write after a crash). */
  readonly skipped: number[] = [];

  readonly file: string;

  private constructor(file: string) {
    this.file = file;
  }

  /** Opens the log at `<root>/review/kommentarer.jsonl` (created on the first comment). */
  static async open(root: string): Promise<CommentStore> {
    const store = new CommentStore(path.join(root, 'review', 'kommentarer.jsonl'));
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    this.needsNewline = text.length > 0 && !text.endsWith('\n');
    this.applied = Buffer.byteLength(text);
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        this.apply(JSON.parse(line) as CommentEvent);
      } catch {
        this.skipped.push(i + 1);
      }
    });
  }

  private apply(event: CommentEvent): void {
    if (event.op === 'add') {
      this.comments.set(event.comment.id, { ...event.comment });
      return;
    }
    const comment = this.comments.get(event.id);
    if (!comment) return;
    if (event.op === 'resolve') {
      comment.resolved = event.resolved;
      comment.resolvedBy = event.resolved ? event.by : undefined;
      comment.resolvedAt = event.resolved ? event.at : undefined;
    } else {
      comment.anchor = event.anchor;
      comment.anchorText = event.anchorText;
    }
  }

  /** Appends events and flushes them to disk, then applies them. Serialized with every other write. */
  private write(events: CommentEvent[]): Promise<void> {
    const run = this.queue.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const handle = await open(this.file, 'a');
      try {
        const lines = events.map((e) => JSON.stringify(e) + '\n').join('');
        // What others appended first; a torn last line (a crash) is closed with a newline and left behind.
        await this.readNew();
        const text = (this.needsNewline ? '\n' : '') + lines;
        const size = (await handle.stat()).size;
        await handle.appendFile(text, 'utf8');
        await handle.sync();
        this.needsNewline = false;
        this.applied = size + Buffer.byteLength(text);
      } finally {
        await handle.close();
      }
      await syncDirectory(path.dirname(this.file));
      events.forEach((e) => this.apply(e));
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Reads what another process appended to the log since this store last read or wrote it
   * (`npm run round -- hent` while the preview runs). True when there was something.
   */
  refresh(): Promise<boolean> {
    const run = this.queue.then(() => this.readNew());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readNew(): Promise<boolean> {
    const size = await stat(this.file)
      .then((s) => s.size)
      .catch(() => 0);
    if (size <= this.applied) return false;
    const handle = await open(this.file, 'r');
    let text: string;
    try {
      const buffer = Buffer.alloc(size - this.applied);
      await handle.read(buffer, 0, buffer.length, this.applied);
      // Only whole lines: a line still being written is read next time.
      const end = buffer.lastIndexOf(0x0a);
      this.needsNewline = end + 1 < buffer.length;
      if (end === -1) return false;
      text = buffer.subarray(0, end + 1).toString('utf8');
      this.applied += end + 1;
    } finally {
      await handle.close();
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        this.apply(JSON.parse(line) as CommentEvent);
      } catch {
        // A torn line from a crash elsewhere: skipped, as on loading.
      }
    }
    return true;
  }

  /** Every comment, oldest first. */
  list(): ReviewComment[] {
    return [...this.comments.values()].sort((a, b) => a.created.localeCompare(b.created));
  }

  /** Adds a comment to a paragraph of the current draft, or an answer to a comment (`replyTo`: on the same paragraph, or with it «uten plassering»). */
  async add(
    input: { anchor: unknown; name: unknown; text: unknown; replyTo?: unknown },
    paragraphs: readonly Paragraph[],
    round: number,
  ): Promise<ReviewComment> {
    const name = cleanField(input.name, 'Navn', limits.name);
    const text = cleanField(input.text, 'Kommentar', limits.text, true);
    let parent: ReviewComment | undefined;
    if (input.replyTo !== undefined) {
      parent = typeof input.replyTo === 'string' ? this.comments.get(input.replyTo) : undefined;
      if (!parent) throw new CommentInputError('Kommentaren det svares på, finnes ikke', 404);
    }
    const base = parent?.unplaced
      ? { anchor: '', chapter: '', quote: '', anchorText: '', unplaced: true as const }
      : (() => {
          const anchor = input.anchor ?? parent?.anchor;
          if (typeof anchor !== 'string') throw new CommentInputError('Avsnittet mangler');
          const paragraph = paragraphs.find((p) => p.anchor === anchor);
          if (!paragraph)
            throw new CommentInputError(
              'Avsnittet finnes ikke (lenger) i utkastet. Last siden på nytt og prøv igjen',
              409,
            );
          return {
            anchor: paragraph.anchor,
            chapter: paragraph.chapter,
            quote: paragraph.text,
            anchorText: paragraph.text,
          };
        })();
    const comment: ReviewComment = {
      id: randomUUID(),
      ...base,
      name,
      text,
      created: new Date().toISOString(),
      round,
      resolved: false,
      ...(parent ? { replyTo: parent.id } : {}),
    };
    await this.write([{ op: 'add', comment }]);
    return comment;
  }

  /**
   * Adds comments carried over from a Word document (`npm run import`), all in one write: the
   * author and date are Word's, the anchor is the imported chapter's paragraph, and each is
   * marked with the document's file name. Over-long fields are shortened, not refused: the
   * writer cannot edit them in Word's place.
   */
  async addImported(items: readonly ImportedComment[], round: number): Promise<ReviewComment[]> {
    // Replies name their parent by its key: in this batch, or fetched before.
    const idOfKey = new Map(
      this.list()
        .filter((c) => c.importKey)
        .map((c) => [c.importKey!, c.id]),
    );
    const ids = items.map((item) => {
      const id = randomUUID();
      if (item.importKey) idOfKey.set(item.importKey, id);
      return id;
    });
    const comments = items.map((item, i): ReviewComment => ({
      id: ids[i]!,
      anchor: item.anchor,
      chapter: item.chapter,
      quote: item.paragraphText,
      anchorText: item.paragraphText,
      name: shortenField(item.name.replace(/\s+/g, ' '), limits.name) || 'Ukjent',
      text: shortenField(item.text.replace(/\r\n?/g, '\n'), limits.text) || '(tom kommentar i Word)',
      created: item.created,
      round,
      resolved: item.resolved === true,
      ...(item.resolved ? { resolvedBy: item.importSource === 'word' ? 'Word' : item.importedFrom } : {}),
      importedFrom: item.importedFrom,
      ...(item.importSource ? { importSource: item.importSource } : {}),
      ...(item.importKey ? { importKey: item.importKey } : {}),
      ...(item.replyToKey && idOfKey.has(item.replyToKey) ? { replyTo: idOfKey.get(item.replyToKey)! } : {}),
      ...(item.selection ? { selection: shortenField(item.selection.replace(/\s+/g, ' '), limits.text) } : {}),
      ...(item.page ? { page: item.page } : {}),
      ...(item.unplaced ? { unplaced: true } : {}),
    }));
    if (comments.length) await this.write(comments.map((comment) => ({ op: 'add', comment })));
    return comments;
  }

  /** Marks a comment as resolved (or open again). */
  async resolve(id: string, resolved: unknown, by: unknown): Promise<ReviewComment> {
    if (!this.comments.has(id)) throw new CommentInputError('Kommentaren finnes ikke', 404);
    if (typeof resolved !== 'boolean') throw new CommentInputError('«resolved» skal være true eller false');
    const name = typeof by === 'string' ? by.trim().slice(0, limits.name) : '';
    await this.write([{ op: 'resolve', id, resolved, by: name, at: new Date().toISOString() }]);
    return this.comments.get(id)!;
  }

  /**
   * Where each comment sits in the current draft. A comment whose paragraph text changed is
   * moved to the most similar paragraph (its own chapter first); the move is saved, so the
   * next edit is compared with the text as it is now and comments follow a paragraph through
   * many small edits.
   */
  async place(paragraphs: readonly Paragraph[]): Promise<PlacedComment[]> {
    const byAnchor = new Map(paragraphs.map((p) => [p.anchor, p]));
    const placed: PlacedComment[] = [];
    const moves: CommentEvent[] = [];
    for (const comment of this.list()) {
      if (comment.unplaced) {
        placed.push({ ...comment, placement: 'unplaced' });
        continue;
      }
      const exact = byAnchor.get(comment.anchor);
      if (exact) {
        placed.push({ ...comment, placement: 'exact', currentAnchor: exact.anchor, number: exact.number });
        continue;
      }
      const best = closestParagraph(comment, paragraphs);
      if (best) {
        moves.push({
          op: 'move',
          id: comment.id,
          anchor: best.anchor,
          anchorText: best.text,
          at: new Date().toISOString(),
        });
        placed.push({
          ...comment,
          anchor: best.anchor,
          anchorText: best.text,
          placement: 'moved',
          currentAnchor: best.anchor,
          number: best.number,
        });
      } else {
        placed.push({ ...comment, placement: 'orphaned' });
      }
    }
    if (moves.length) await this.write(moves);
    return placed;
  }
}

function closestParagraph(comment: ReviewComment, paragraphs: readonly Paragraph[]): Paragraph | undefined {
  let best: Paragraph | undefined;
  let bestScore = reattachThreshold;
  for (const sameChapter of [true, false]) {
    for (const p of paragraphs) {
      if ((p.chapter === comment.chapter) !== sameChapter) continue;
      const score = Math.max(similarity(comment.anchorText, p.text), similarity(comment.quote, p.text));
      if (score > bestScore) {
        best = p;
        bestScore = score;
      }
    }
    if (best) return best;
  }
  return undefined;
}

function shortenField(value: string, max: number): string {
  const text = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function cleanField(value: unknown, label: string, max: number, multiline = false): string {
  if (typeof value !== 'string') throw new CommentInputError(`${label} mangler`);
  const text = (multiline ? value.replace(/\r\n?/g, '\n') : value.replace(/\s+/g, ' '))
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();
  if (!text) throw new CommentInputError(`${label} kan ikke være tom`);
  if (text.length > max) throw new CommentInputError(`${label} er for lang (høyst ${max} tegn)`, 413);
  return text;
}

/** Flushes a directory entry (a new file's name) to disk; not possible on every platform, so best effort. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
