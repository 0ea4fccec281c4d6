/**
 * `:::uferdig` … `:::` marks text that is not finished. It is shown in the PDF as a clearly
 * marked box (never as if it were final text), and every such block is a warning.
 */
import type { Root } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addProblem } from '../../core/rules.ts';

/** Renders unfinished blocks as a labelled box and warns about each. */
export default function remarkUnfinished() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'containerDirective', (node: ContainerDirective) => {
      if (node.name !== 'uferdig') return;
      addProblem(file, 'unfinished', {}, node.position);
      node.data = {
        hName: 'aside',
        hProperties: { className: ['uferdig'], role: 'note', ariaLabel: 'Ikke ferdig skrevet' },
      };
      node.children.unshift({
        type: 'paragraph',
        data: { hProperties: { className: ['uferdig-label'] } },
        children: [{ type: 'text', value: 'Ikke ferdig skrevet' }],
      });
    });
  };
}
