/**
 * The comments as a list for the writers: Markdown (to read or paste into an issue) or CSV
 * (semicolon-separated with a BOM, as Norwegian Excel expects). Reviewers' text is escaped in
 * both: no HTML or Markdown from a comment is ever interpreted, and no cell starts a formula.
 * The Markdown is built as a tree of text nodes and written by mdast-util-to-markdown, which
 * escapes whatever would otherwise read as Markdown (a `===` line, an indented line, `<b>`).
 */
import type { BlockContent, ListItem, Paragraph, PhrasingContent, Root } from 'mdast';
import { toMarkdown } from 'mdast-util-to-markdown';
import type { PlacedComment } from './messages.ts';

/** What the export needs to know about the chapters (file → title shown). */
export type ChapterTitles = ReadonlyMap<string, string>;

const status = (c: PlacedComment) => (c.resolved ? 'Løst' : 'Åpen');
/** Where an imported comment came from: «PDF (fil.pdf, side 4)» or «Word (fil.docx)»; empty for one written in the preview. */
const source = (c: PlacedComment) =>
  !c.importedFrom
    ? ''
    : c.importSource === 'pdf'
      ? `PDF (${c.importedFrom}${c.page ? `, side ${c.page}` : ''})`
      : `Word (${c.importedFrom})`;
const origin = (c: PlacedComment) => (c.importedFrom ? `, fra ${source(c)}` : '');
const where = (c: PlacedComment) =>
  c.placement === 'unplaced'
    ? 'uten plassering'
    : c.placement === 'orphaned'
      ? 'avsnittet finnes ikke lenger'
      : `avsnitt ${c.number ?? ''}`;

/** Markdown: one section per chapter, one bullet per comment, with the paragraph it is about. */
export function commentsToMarkdown(comments: readonly PlacedComment[], titles: ChapterTitles, heading: string): string {
  const tree: Root = { type: 'root', children: [{ type: 'heading', depth: 1, children: [text(heading)] }] };
  if (comments.length === 0) tree.children.push(paragraph([text('Ingen kommentarer.')]));
  for (const chapter of new Set(comments.map((c) => c.chapter))) {
    tree.children.push(
      {
        type: 'heading',
        depth: 2,
        children: [text(chapter === '' ? 'Uten plassering' : (titles.get(chapter) ?? chapter))],
      },
      {
        type: 'list',
        ordered: false,
        spread: true,
        children: comments.filter((c) => c.chapter === chapter).map(commentItem),
      },
    );
  }
  return toMarkdown(tree, { bullet: '-', listItemIndent: 'one' });
}

/** One comment: who, when and where; the quoted paragraph; the comment's own text. */
function commentItem(c: PlacedComment): ListItem {
  const resolvedBy = c.resolved && c.resolvedBy ? `: ${c.resolvedBy}` : '';
  const about = paragraph([
    { type: 'strong', children: [text(c.name)] },
    text(`, ${formatTime(c.created)}, runde ${c.round}${origin(c)}, ${where(c)} (${status(c)}${resolvedBy})`),
  ]);
  // What the comment is about: the text a reviewer marked, else the paragraph.
  const quoted = c.selection || c.quote;
  const quote: BlockContent[] = quoted
    ? [{ type: 'blockquote', children: [paragraph([text(shorten(quoted, 200))])] }]
    : [];
  // Paragraphs stay paragraphs; a single line break stays a line break.
  const body = c.text
    .split(/\n\s*\n/)
    .filter((block) => block.trim() !== '')
    .map((block) =>
      paragraph(
        block
          .split('\n')
          .flatMap((line, i): PhrasingContent[] => (i === 0 ? [text(line)] : [{ type: 'break' }, text(line)])),
      ),
    );
  return { type: 'listItem', spread: true, children: [about, ...quote, ...body] };
}

function paragraph(children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children };
}

function text(value: string): PhrasingContent {
  return { type: 'text', value };
}

/** CSV: one row per comment. */
export function commentsToCsv(comments: readonly PlacedComment[], titles: ChapterTitles): string {
  const header = [
    'Kapittel',
    'Avsnitt',
    'Sitat',
    'Navn',
    'Kommentar',
    'Skrevet',
    'Runde',
    'Status',
    'Løst av',
    'Kilde',
    'Markert tekst',
  ];
  const rows = comments.map((c) => [
    titles.get(c.chapter) ?? c.chapter,
    c.placement === 'unplaced'
      ? '(uten plassering)'
      : c.placement === 'orphaned'
        ? '(finnes ikke lenger)'
        : (c.number ?? ''),
    c.quote,
    c.name,
    c.text,
    formatTime(c.created),
    String(c.round),
    status(c),
    c.resolvedBy ?? '',
    source(c),
    c.selection ?? '',
  ]);
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

/** A CSV cell: quoted, quotes doubled, and a leading = + - @ defused so spreadsheets never run it. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
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
