/**
 * Heading rules: the chapter title comes from the front matter, so the text starts at `##`;
 * levels may not be skipped (## then ####), which would break the PDF's bookmarks and tags.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail, warn } from '../context.ts';

/** Checks heading levels. */
export default function remarkHeadingRules() {
  return (tree: Root, file: VFile) => {
    let previous = 1;
    visit(tree, 'heading', (node) => {
      if (node.depth === 1) {
        fail(file, 'Overskrift på nivå 1 (#) i kapittelteksten', node.position, 'heading-level', 'Kapittelets tittel står i front matter (title:); bruk ## for avsnittsoverskrifter');
      } else if (node.depth > previous + 1) {
        warn(file, `Overskriften hopper fra nivå ${previous} til nivå ${node.depth}`, node.position, 'heading-order', `Bruk ${'#'.repeat(previous + 1)} her`);
      } else if (node.depth > 3) {
        warn(file, `Overskrift på nivå ${node.depth} kommer ikke med i innholdsfortegnelsen`, node.position, 'heading-depth', 'Rapporten bruker nivå ## og ###');
      }
      previous = node.depth;
    });
  };
}
