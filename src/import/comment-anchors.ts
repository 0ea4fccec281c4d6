/**
 * Which paragraph each Word comment belongs to, as the preview will name it: the chapter is
 * rendered to HTML and numbered with the preview's own paragraph code (`annotateParagraphs`), so
 * an imported comment has the anchor the reviewers' comments have. The Markdown still holds the
 * comment marks here; they are taken out of each paragraph's text before its anchor is made.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { parseHtml, normalizeText, walkElements, type ElementNode } from '../preview/html-tree.ts';
import { annotateParagraphs, hash, slug } from '../preview/paragraphs.ts';
import { markersIn } from './docx-to-markdown.ts';

/** Where a comment mark landed. */
export interface CommentAnchor {
  anchor: string;
  /** The paragraph's text (what the comment log compares when the text changes). */
  text: string;
  /** False when the mark was not in a paragraph (a table cell): it is on the paragraph before. */
  exact: boolean;
}

// The parts of the report's processor that shape a paragraph's text; the report's own plugins
// (citations, measures) do not apply to a freshly imported chapter. Footnotes as in processor.ts.
const renderer = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(remarkDirective)
  .use(remarkRehype, {
    footnoteLabel: 'Fotnoter',
    footnoteLabelTagName: 'h2',
    footnoteBackContent: '↑',
    clobberPrefix: '',
  })
  .use(rehypeStringify)
  .freeze();

/** The anchor of each comment mark (by its number) in a chapter `ref` (chapters/05-navn.md); -1 is the first paragraph. */
export async function anchorMarkers(markedMarkdown: string, ref: string): Promise<Map<number, CommentAnchor>> {
  const html = String(await renderer.process(markedMarkdown));
  const tree = parseHtml(`<section class="chapter" id="k1">${html}</section>`);
  const placed = annotateParagraphs(tree, [{ id: 'k1', ref, label: '1', title: '' }]);
  // The anchors as they will be without the marks (same rule as annotateParagraphs: text hash,
  // numbered when the same text occurs again in the chapter).
  const seen = new Map<string, number>();
  const clean = new Map<ElementNode, { anchor: string; text: string }>();
  for (const p of placed) {
    const text = normalizeText(p.text.replace(/\uE000\d+\uE001/g, ''));
    if (!text) continue;
    const base = `a-${slug(ref)}-${hash(text)}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    clean.set(p.element, { anchor: count === 1 ? base : `${base}-${count}`, text });
  }
  const anchors = new Map<number, CommentAnchor>();
  let last: { anchor: string; text: string } | undefined;
  let first: { anchor: string; text: string } | undefined;
  const pending: number[] = [];
  for (const { node } of walkElements(tree)) {
    const paragraph = clean.get(node);
    if (paragraph) {
      last = paragraph;
      first ??= paragraph;
      for (const marker of markersIn(allText(node))) anchors.set(marker, { ...paragraph, exact: true });
      continue;
    }
    // A mark outside any paragraph (a table cell) goes to the paragraph before it.
    for (const marker of markersIn(ownText(node))) {
      if (anchors.has(marker)) continue;
      if (last) anchors.set(marker, { ...last, exact: false });
      else pending.push(marker);
    }
  }
  for (const marker of pending) if (first && !anchors.has(marker)) anchors.set(marker, { ...first, exact: false });
  // A comment whose mark is not in the text at all (Word lets one sit in a header) goes on the first paragraph.
  if (first) anchors.set(-1, { ...first, exact: false });
  return anchors;
}

/** All text inside an element. */
function allText(node: ElementNode): string {
  return node.children.map((c) => (c.kind === 'raw' ? (c.text ? c.raw : '') : allText(c))).join('');
}

/** The element's own text, without its child elements'. */
function ownText(node: ElementNode): string {
  return node.children.map((c) => (c.kind === 'raw' && c.text ? c.raw : '')).join('');
}
