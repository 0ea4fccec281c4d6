/**
 * Raw HTML in a chapter is not allowed: it would bypass the report's structure and its
 * accessibility, and could run scripts in the preview. HTML comments are allowed (they are
 * notes to fellow writers) and are dropped from the output.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addProblem } from '../../core/rules.ts';

/** Reports raw HTML (anything but comments) at its place. */
export default function remarkNoRawHtml() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'html', (node) => {
      // Comments are notes between writers; a closing tag was reported with its opening tag.
      if (/^\s*<!--[\s\S]*-->\s*$/.test(node.value) || /^\s*<\//.test(node.value)) return;
      const tag = /<\/?([a-zA-Z][\w-]*)/.exec(node.value)?.[1];
      addProblem(file, 'raw-html', { tag }, node.position);
    });
  };
}
