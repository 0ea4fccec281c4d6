/**
 * «Endringer siden runde N»: compares the draft's paragraphs with the ones a round was sent out
 * with, chapter by chapter. Paragraphs are aligned by their text; an unmatched old and new
 * paragraph that are similar enough count as one changed paragraph, marked word by word.
 */
import { diffArrays, diffWordsWithSpace } from 'diff';
import { escapeHtml } from '../core/escape-html.ts';
import type { Paragraph, PlacedParagraph } from './paragraphs.ts';

/** What happened to the paragraphs since the round. */
export interface RoundDiff {
  added: number;
  changed: number;
  removed: number;
}

/** Below this similarity an old and a new paragraph are a removal and an addition, not an edit. */
const sameParagraph = 0.4;

/** Marks the draft's paragraphs (in the page tree) with the changes since `old`. */
export function markChanges(current: readonly PlacedParagraph[], old: readonly Paragraph[]): RoundDiff {
  const summary: RoundDiff = { added: 0, changed: 0, removed: 0 };
  const chapters = [...new Set([...current.map((p) => p.chapter), ...old.map((p) => p.chapter)])];
  for (const chapter of chapters) {
    const now = current.filter((p) => p.chapter === chapter);
    const then = old.filter((p) => p.chapter === chapter);
    if (now.length === 0) {
      summary.removed += then.length;
      continue;
    }
    const parts = diffArrays(
      then.map((p) => p.text),
      now.map((p) => p.text),
    );
    let i = 0; // index in `then`
    let j = 0; // index in `now`
    let removedRun: Paragraph[] = [];
    let addedRun: PlacedParagraph[] = [];
    const flush = (next: PlacedParagraph | undefined) => {
      pairRuns(removedRun, addedRun, now[now.length - 1]!, next, summary);
      removedRun = [];
      addedRun = [];
    };
    for (const part of parts) {
      const count = part.count ?? part.value.length;
      if (part.removed) {
        removedRun.push(...then.slice(i, i + count));
        i += count;
      } else if (part.added) {
        addedRun.push(...now.slice(j, j + count));
        j += count;
      } else {
        flush(now[j]);
        i += count;
        j += count;
      }
    }
    flush(undefined);
  }
  return summary;
}

/** Within one gap between unchanged paragraphs: pairs similar old/new ones as edits, the rest are added or removed. */
function pairRuns(
  removed: Paragraph[],
  added: PlacedParagraph[],
  last: PlacedParagraph,
  next: PlacedParagraph | undefined,
  summary: RoundDiff,
): void {
  const pairedWith = new Map<PlacedParagraph, Paragraph>();
  let from = 0;
  for (const old of removed) {
    let best = -1;
    let bestScore = sameParagraph;
    for (let k = from; k < added.length; k++) {
      const score = similarity(old.text, added[k]!.text);
      if (score >= bestScore) {
        best = k;
        bestScore = score;
      }
    }
    if (best >= 0) {
      pairedWith.set(added[best]!, old);
      from = best + 1;
    }
  }
  const pairedOld = new Set(pairedWith.values());
  // Removed paragraphs are shown where they were: before the next paragraph that is still there.
  let pending: Paragraph[] = [];
  const place = (before: PlacedParagraph | undefined) => {
    if (!pending.length) return;
    const html = pending
      .map((p) => `<div class="forh-fjernet" data-endring="fjernet"><del>${escapeHtml(p.text)}</del></div>`)
      .join('');
    if (before) before.element.before = (before.element.before ?? '') + html;
    else appendAfter(last, html);
    pending = [];
  };
  let r = 0;
  for (const now of added) {
    const old = pairedWith.get(now);
    if (old) {
      while (r < removed.length && removed[r] !== old) {
        if (!pairedOld.has(removed[r]!)) pending.push(removed[r]!);
        r++;
      }
      r++;
      place(now);
      now.element.extra.set('data-endring', 'endret');
      now.element.replaceInner = inlineDiff(old.text, now.text);
      summary.changed++;
    } else {
      place(now);
      now.element.extra.set('data-endring', 'ny');
      summary.added++;
    }
  }
  for (; r < removed.length; r++) if (!pairedOld.has(removed[r]!)) pending.push(removed[r]!);
  summary.removed += pending.length;
  place(next);
}

/** Puts HTML right after a paragraph (removed paragraphs at the end of a chapter). */
function appendAfter(paragraph: PlacedParagraph, html: string): void {
  paragraph.element.after = (paragraph.element.after ?? '') + html;
}

/** Word-level diff of two paragraph texts as HTML (<ins>/<del>), everything escaped. */
export function inlineDiff(before: string, after: string): string {
  return diffWordsWithSpace(before, after)
    .map((part) =>
      part.added
        ? `<ins>${escapeHtml(part.value)}</ins>`
        : part.removed
          ? `<del>${escapeHtml(part.value)}</del>`
          : escapeHtml(part.value),
    )
    .join('');
}

/** 0…1: how much of two texts is shared, counted in characters of common words. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  let common = 0;
  for (const part of diffWordsWithSpace(a, b)) if (!part.added && !part.removed) common += part.value.length;
  return (2 * common) / (a.length + b.length);
}
