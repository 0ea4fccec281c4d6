/**
 * Numbers the sections of a numbered chapter (3.1, 3.1.1) and records every heading for the
 * table of contents and the PDF outline.
 */
import type { Root } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { chapterOf } from '../context.ts';

/** Adds section numbers and collects headings (levels 2 and 3). */
export default function rehypeHeadingNumbers() {
  return (tree: Root, file: VFile) => {
    const chapter = chapterOf(file);
    const counters = [0, 0, 0, 0, 0, 0, 0];
    visit(tree, 'element', (node) => {
      const rank = headingRank(node);
      if (!rank || rank < 2) return;
      // The footnotes' own heading (from remark-rehype) is not a section of the chapter.
      const className = node.properties.className;
      if (Array.isArray(className) && className.includes('footnotes-title')) return;
      counters[rank] = (counters[rank] ?? 0) + 1;
      for (let deeper = rank + 1; deeper < counters.length; deeper++) counters[deeper] = 0;
      const text = toString(node).trim();
      // Appendices and unnumbered chapters keep plain headings; numbers go two levels deep.
      const numbered = /^\d+$/.test(chapter.number) && rank <= 3;
      const number = numbered ? [chapter.number, ...counters.slice(2, rank + 1)].join('.') : '';
      if (number) node.children.unshift(h('span.heading-number', number), { type: 'text', value: ' ' });
      if (rank <= 3) chapter.headings.push({ level: rank, id: String(node.properties.id ?? ''), number, text });
    });
  };
}
