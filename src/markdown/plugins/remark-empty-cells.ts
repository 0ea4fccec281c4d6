/**
 * An empty table cell is a warning: a reader cannot tell a missing figure from a forgotten one,
 * and Chromium leaves an empty cell out of the PDF's tags, so the row is a column short for a
 * screen reader (PDF/UA 7.2-42). Writers mark a figure that is not published with «..», as SSB does.
 */
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addProblem } from '../../core/rules.ts';

/** Warns about every table cell with no text. */
export default function remarkEmptyCells() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'tableCell', (node) => {
      if (toString(node).trim() === '' && !node.children.some((child) => child.type === 'image'))
        addProblem(file, 'table-empty-cell', {}, node.position);
    });
  };
}
