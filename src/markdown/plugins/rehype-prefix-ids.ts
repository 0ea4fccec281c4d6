/**
 * Chapters are processed one by one but end up in one HTML page: every id (headings, footnotes,
 * figures) gets the chapter's prefix, and links to them follow. Links to measures (#tiltak-…)
 * and references (#ref-…) are report-wide and left alone.
 */
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { chapterOf } from '../context.ts';
import { crossRefPrefix } from './remark-cross-ref.ts';

const global = new RegExp(`^(#tiltak-|#ref-|${crossRefPrefix})`);

/** Prefixes ids and same-chapter links. */
export default function rehypePrefixIds() {
  return (tree: Root, file: VFile) => {
    const prefix = chapterOf(file).idPrefix;
    visit(tree, 'element', (node) => {
      const id = node.properties.id;
      if (typeof id === 'string' && id) node.properties.id = prefix + id;
      const href = node.properties.href;
      if (typeof href === 'string' && href.startsWith('#') && href.length > 1 && !global.test(href))
        node.properties.href = `#${prefix}${href.slice(1)}`;
      for (const name of ['ariaDescribedBy', 'ariaLabelledBy'] as const) {
        const value = node.properties[name];
        if (Array.isArray(value)) node.properties[name] = value.map((v) => prefix + String(v));
      }
    });
  };
}
