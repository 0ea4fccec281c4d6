/** Measures each chapter's readability (LIX) on its running text: paragraphs and lists, not tables. */
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { chapterOf } from '../context.ts';
import { lix } from '../readability.ts';

/** Stores the chapter's LIX on its data. */
export default function remarkReadability() {
  return (tree: Root, file: VFile) => {
    const parts: string[] = [];
    visit(tree, (node) => {
      if (node.type === 'table' || node.type === 'code' || node.type === 'yaml' || node.type === 'heading') return SKIP;
      if (node.type === 'paragraph') {
        parts.push(toString(node).replace(/\[@[^\]]*\]/g, ''));
        return SKIP;
      }
      return undefined;
    });
    chapterOf(file).readability = lix(parts.join('\n'));
  };
}
