/**
 * `npm run round -- hent <fil>`: the comments in a reviewer's copy of the round's draft (a PDF
 * annotated in a PDF viewer, or the Word edition with comments and tracked changes) are filed in
 * the comment log, each on the paragraph of the round it points at. All of the file's comments
 * are checked and placed first and then written in one append; a comment fetched before (same
 * key) is not added again, and one that cannot be placed is kept as «uten plassering».
 */
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ImportRefused } from '../../import/read-docx.ts';
import { CommentStore, type ImportedComment } from '../comments.ts';
import type { ReviewComment } from '../messages.ts';
import type { Paragraph } from '../paragraphs.ts';
import { latestRound } from '../rounds.ts';
import { fetchRefusals, highlightOnly } from './messages.ts';
import { PdfEncrypted, readPdfComments } from './pdf-annotations.ts';
import { readWordComments } from './word-annotations.ts';

export { ImportRefused } from '../../import/read-docx.ts';

/** What a fetch filed. */
export interface FetchResult {
  source: 'pdf' | 'word';
  round: number;
  /** Comments added to the log now. */
  filed: ReviewComment[];
  /** Comments in the file that were in the log already. */
  known: number;
  /** Of those filed: the ones without a paragraph. */
  unplaced: ReviewComment[];
  /** How the filed ones were placed (tekst, posisjon, svar, nummer), for the summary and the tests. */
  placedBy: Record<string, number>;
  log: string;
}

/** Fetches the comments in `file` into the log of the project at `root`. Throws ImportRefused (nothing filed). */
export async function fetchComments(root: string, file: string, options: { now?: Date } = {}): Promise<FetchResult> {
  const name = path.basename(file);
  const shown = path.relative(process.cwd(), path.resolve(file)) || name;
  const info = await stat(file).catch(() => undefined);
  if (!info || !info.isFile()) throw new ImportRefused(fetchRefusals.notFound(shown));
  const round = await latestRound(root);
  if (!round) throw new ImportRefused(fetchRefusals.noRound());
  const now = (options.now ?? new Date()).toISOString();
  const head = Buffer.alloc(5);
  const handle = await open(file, 'r');
  await handle.read(head, 0, 5, 0).finally(() => handle.close());

  const items: (ImportedComment & { how?: string })[] = [];
  const base = (paragraph: Paragraph | undefined) =>
    paragraph
      ? { anchor: paragraph.anchor, chapter: paragraph.chapter, paragraphText: paragraph.text }
      : { anchor: '', chapter: '', paragraphText: '', unplaced: true };
  let source: 'pdf' | 'word';
  if (head.toString('latin1') === '%PDF-') {
    source = 'pdf';
    const bytes = await readFile(file);
    let reading;
    try {
      reading = await readPdfComments(bytes, round.paragraphs);
    } catch (error) {
      if (error instanceof PdfEncrypted) throw new ImportRefused(fetchRefusals.encrypted(shown), 1, { cause: error });
      throw new ImportRefused(fetchRefusals.damagedPdf(shown, (error as Error).message ?? String(error)), 1, {
        cause: error,
      });
    }
    if (reading.round === undefined) throw new ImportRefused(fetchRefusals.notOurPdf(shown));
    if (reading.round !== round.number)
      throw new ImportRefused(fetchRefusals.otherRound(shown, reading.round, round.number));
    if (reading.comments.length === 0) throw new ImportRefused(fetchRefusals.noAnnotations(shown));
    for (const c of reading.comments) {
      items.push({
        ...base(c.paragraph),
        name: c.author,
        text: c.text || highlightOnly,
        created: c.date ?? now,
        importedFrom: name,
        importSource: 'pdf',
        importKey: c.key,
        ...(c.replyToKey ? { replyToKey: c.replyToKey } : {}),
        ...(c.selection ? { selection: c.selection } : {}),
        page: c.page,
        how: c.how,
      });
    }
  } else {
    source = 'word';
    const reading = await readWordComments(file, shown, round.paragraphs);
    if (reading.round !== undefined && reading.round !== round.number)
      throw new ImportRefused(fetchRefusals.otherRoundWord(shown, reading.round, round.number));
    if (reading.items.length === 0) throw new ImportRefused(fetchRefusals.noWordComments(shown));
    for (const c of reading.items) {
      items.push({
        ...base(c.paragraph),
        name: c.author,
        text: c.text,
        created: c.date ?? now,
        importedFrom: name,
        importSource: 'word',
        importKey: c.key,
        ...(c.replyToKey ? { replyToKey: c.replyToKey } : {}),
        ...(c.resolved ? { resolved: true } : {}),
        ...(c.selection ? { selection: c.selection } : {}),
        how: c.replyToKey && c.paragraph ? 'svar' : c.paragraph ? 'nummer' : undefined,
      });
    }
  }

  const store = await CommentStore.open(root);
  const logged = new Set(
    store
      .list()
      .map((c) => c.importKey)
      .filter(Boolean),
  );
  const fresh = items.filter((item) => !logged.has(item.importKey!));
  // A reply goes after the comment it answers.
  fresh.sort((a, b) => Number(Boolean(a.replyToKey)) - Number(Boolean(b.replyToKey)));
  const filed = await store.addImported(fresh, round.number);
  const placedBy: Record<string, number> = {};
  for (const item of fresh)
    placedBy[item.how ?? 'uten plassering'] = (placedBy[item.how ?? 'uten plassering'] ?? 0) + 1;
  return {
    source,
    round: round.number,
    filed,
    known: items.length - fresh.length,
    unplaced: filed.filter((c) => c.unplaced),
    placedBy,
    log: path.relative(root, store.file),
  };
}
