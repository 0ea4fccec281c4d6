/**
 * Heading rules: the chapter title comes from the front matter, so the text starts at `##`;
 * levels may not be skipped (## then ####), which would break the PDF's bookmarks and tags.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addProblem } from '../../core/rules.ts';

/** Checks heading levels. */
export default function remarkHeadingRules() {
  return (tree: Root, file: VFile) => {
    let previous = 1;
    visit(tree, 'heading', (node) => {
      if (node.depth === 1) {
        addProblem(file, 'heading-level', {}, node.position);
      } else if (node.depth > previous + 1) {
        addProblem(file, 'heading-order', { previous, depth: node.depth }, node.position);
      } else if (node.depth > 3) {
        addProblem(file, 'heading-depth', { depth: node.depth }, node.position);
      }
      previous = node.depth;
    });
  };
}
