/**
 * Paragraph anchors reviewers can cite. Every paragraph-like block in a chapter (headings,
 * paragraphs, list items, captions) gets an id made of the chapter file and a hash of its
 * normalized text, so it survives edits elsewhere; identical paragraphs in one chapter are told
 * apart by their order. Each also gets a number («2.7») for reading aloud in a meeting.
 */
import { createHash } from 'node:crypto';
import { hasClass, textOf, walkElements, type ElementNode, type TreeNode } from './html-tree.ts';

/** What the preview knows about each chapter section of the page. */
export interface ChapterInfo {
  /** The section id in the page (k1, k2, …). */
  id: string;
  /** Path relative to content/ (chapters/02-status.md). */
  ref: string;
  /** The label in paragraph numbers: the chapter number («1», «V1») or, for unnumbered chapters, its title. */
  label: string;
  title: string;
}

/** One paragraph of the draft. */
export interface Paragraph {
  anchor: string;
  /** The chapter file it is in. */
  chapter: string;
  /** «1.7» */
  number: string;
  /** Normalized text (what the diff and the comments compare). */
  text: string;
  tag: string;
}

/** A paragraph in the page tree (the element is annotated in place). */
export interface PlacedParagraph extends Paragraph {
  element: ElementNode;
  sectionId: string;
}

const unitTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'li', 'figcaption', 'caption', 'dt', 'dd']);
const blockInside = new Set(['p', 'ul', 'ol', 'div', 'table', 'blockquote', 'figure', 'section', 'dl', 'pre']);

/** Finds the paragraphs in the chapter sections and gives each an id, a number and data attributes. */
export function annotateParagraphs(tree: TreeNode[], chapters: readonly ChapterInfo[]): PlacedParagraph[] {
  const byId = new Map(chapters.map((c) => [c.id, c]));
  const found: PlacedParagraph[] = [];
  const counters = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const { node, ancestors } of walkElements(tree)) {
    if (!unitTags.has(node.name)) continue;
    const section = ancestors.find((a) => a.name === 'section' && hasClass(a, 'chapter'));
    const chapter = section && byId.get(section.attrs.get('id') ?? '');
    if (!section || !chapter) continue;
    // Only the innermost block counts, and nothing inside tables (but their captions), charts or the TOC.
    if (
      ancestors.some(
        (a) =>
          (unitTags.has(a.name) && a.name !== 'li') ||
          a.name === 'svg' ||
          a.name === 'nav' ||
          (a.name === 'table' && node.name !== 'caption'),
      )
    )
      continue;
    if (node.name === 'li' && containsBlock(node)) continue;
    const text = textOf(node);
    if (!text) continue;
    const base = `a-${slug(chapter.ref)}-${hash(text)}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const anchor = count === 1 ? base : `${base}-${count}`;
    const n = (counters.get(chapter.id) ?? 0) + 1;
    counters.set(chapter.id, n);
    const number = `${chapter.label}.${n}`;
    node.extra.set('data-avsnitt', anchor);
    node.extra.set('data-nr', number);
    // Headings keep their own ids (the TOC links to them); other blocks get the anchor as id.
    if (!node.attrs.has('id')) node.extra.set('id', anchor);
    found.push({ anchor, chapter: chapter.ref, number, text, tag: node.name, element: node, sectionId: chapter.id });
  }
  return found;
}

/** A stable short hash of a paragraph's normalized text. */
export function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 8);
}

/** The chapter file name as an id part: chapters/02-status.md → 02-status. */
export function slug(ref: string): string {
  const base = ref.split('/').pop() ?? ref;
  return (
    base
      .replace(/\.md$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9æøå]+/g, '-')
      .replace(/^-|-$/g, '') || 'kapittel'
  );
}

function containsBlock(node: ElementNode): boolean {
  return node.children.some((c) => c.kind === 'element' && (blockInside.has(c.name) || containsBlock(c)));
}

/** Strips the tree references: what a round snapshot stores. */
export function plainParagraphs(paragraphs: readonly PlacedParagraph[]): Paragraph[] {
  return paragraphs.map(({ anchor, chapter, number, text, tag }) => ({ anchor, chapter, number, text, tag }));
}
