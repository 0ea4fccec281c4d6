/**
 * Generated blocks placed by the writers: `::tiltaksmatrise`, `::tiltakstabell`
 * (`::tiltakstabell{anbefalt}` for IMDi's recommended measures only) and `::kilder`.
 * Each becomes an <imdi-block> marker that the render stage fills from its Handlebars partial.
 */
import type { Root } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addProblem } from '../../core/rules.ts';

/** Directive name → the block the render stage draws. */
export const blockNames = {
  tiltaksmatrise: 'measures-matrix',
  tiltakstabell: 'measures-table',
  kilder: 'bibliography',
} as const;

/** The name of a generated block, as it appears in the marker. */
export type BlockName = (typeof blockNames)[keyof typeof blockNames];

/** Turns the block directives into markers, rejecting options the block does not know. */
export default function remarkBlocks() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'leafDirective', (node: LeafDirective) => {
      if (!(node.name in blockNames)) return;
      const block = blockNames[node.name as keyof typeof blockNames];
      const attributes = Object.keys(node.attributes ?? {});
      const allowed = block === 'measures-table' ? ['anbefalt'] : [];
      for (const attribute of attributes) {
        if (!allowed.includes(attribute)) {
          addProblem(file, 'block-option', { block: node.name, option: attribute, allowed }, node.position);
        }
      }
      node.data = {
        hName: 'imdi-block',
        hProperties: { dataName: block, dataFilter: attributes.includes('anbefalt') ? 'recommended' : 'all' },
        hChildren: [],
      };
    });
  };
}
