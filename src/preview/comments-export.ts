/**
 * The comments as a list for the writers: Markdown (to read or paste into an issue) or CSV
 * (semicolon-separated with a BOM, as Norwegian Excel expects). Reviewers' text is escaped in
 * both: no HTML or Markdown from a comment is ever interpreted, and no cell starts a formula.
 */
import type { PlacedComment } from './messages.ts';

/** What the export needs to know about the chapters (file → title shown). */
export type ChapterTitles = ReadonlyMap<string, string>;

const status = (c: PlacedComment) => (c.resolved ? 'Løst' : 'Åpen');
const origin = (c: PlacedComment) => (c.importedFrom ? `, fra Word (${c.importedFrom})` : '');
const where = (c: PlacedComment) => (c.placement === 'orphaned' ? 'avsnittet finnes ikke lenger' : `avsnitt ${c.number ?? ''}`);

/** Markdown: one section per chapter, one bullet per comment, with the paragraph it is about. */
export function commentsToMarkdown(comments: readonly PlacedComment[], titles: ChapterTitles, heading: string): string {
  const lines = [`# ${markdownText(heading)}`, ''];
  if (comments.length === 0) lines.push('Ingen kommentarer.');
  const chapters = [...new Set(comments.map((c) => c.chapter))];
  for (const chapter of chapters) {
    lines.push(`## ${markdownText(titles.get(chapter) ?? chapter)}`, '');
    for (const c of comments.filter((x) => x.chapter === chapter)) {
      lines.push(`- **${markdownText(c.name)}**, ${formatTime(c.created)}, runde ${c.round}${markdownText(origin(c))}, ${where(c)} (${status(c)}${c.resolved && c.resolvedBy ? `: ${markdownText(c.resolvedBy)}` : ''})`);
      lines.push(`  > ${markdownText(shorten(c.quote, 200))}`);
      lines.push('');
      for (const line of c.text.split('\n')) lines.push(`  ${markdownText(line)}`);
      lines.push('');
    }
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** CSV: one row per comment. */
export function commentsToCsv(comments: readonly PlacedComment[], titles: ChapterTitles): string {
  const header = ['Kapittel', 'Avsnitt', 'Sitat', 'Navn', 'Kommentar', 'Skrevet', 'Runde', 'Status', 'Løst av'];
  const rows = comments.map((c) => [
    titles.get(c.chapter) ?? c.chapter,
    c.placement === 'orphaned' ? '(finnes ikke lenger)' : (c.number ?? ''),
    c.quote,
    c.name,
    c.text,
    formatTime(c.created),
    String(c.round),
    status(c),
    c.resolvedBy ?? '',
  ]);
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

/** A CSV cell: quoted, quotes doubled, and a leading = + - @ defused so spreadsheets never run it. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Text that Markdown renders literally: HTML characters as entities, Markdown punctuation escaped. */
export function markdownText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}\[\]()#+!|~])/g, '\\$1')
    .replace(/^(\s*)(\d+)\./, '$1$2\\.')
    .replace(/^(\s*)-/, '$1\\-');
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
