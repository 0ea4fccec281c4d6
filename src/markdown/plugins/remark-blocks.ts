/**
 * Generated blocks placed by the writers: `::tiltaksmatrise`, `::tiltakstabell` (the full list
 * of measure cards; `{anbefalt}` the priority table with the score per criterion, `{beslutning}`
 * the decision table, `{utenfor}` the measures outside
 * the assignment), `::hovedpunkter` (the top five, the new money and the decisions before
 * 8 September 2025, for the sammendrag) and `::kilder`.
 * Each becomes an <imdi-block> marker that the render stage fills from its Handlebars partial.
 */
import type { Root } from 'mdast';
import type { ContainerDirective, LeafDirective } from 'mdast-util-directive';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addProblem } from '../../core/rules.ts';

/** Directive name → the block the render stage draws. */
export const blockNames = {
  tiltaksmatrise: 'measures-matrix',
  tiltakstabell: 'measures-table',
  hovedpunkter: 'measures-highlights',
  kilder: 'bibliography',
} as const;

/** The name of a generated block, as it appears in the marker. */
export type BlockName = (typeof blockNames)[keyof typeof blockNames];

/** The options of ::tiltakstabell and the filter each one sets. */
const tableOptions: Record<string, string> = { anbefalt: 'recommended', beslutning: 'decision', utenfor: 'outside' };

/** Turns the block directives into markers, rejecting options the block does not know. */
export default function remarkBlocks() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'containerDirective', (node: ContainerDirective) => {
      if (node.name !== 'hovedpunkter') return;
      node.data = { hName: 'aside', hProperties: { className: ['highlights'], ariaLabel: 'Hovedpunkter' } };
      node.children.unshift({
        type: 'paragraph',
        data: { hProperties: { className: ['highlights-title'] } },
        children: [{ type: 'text', value: 'Hovedpunkter' }],
      });
      const generated: LeafDirective = {
        type: 'leafDirective',
        name: 'hovedpunkter',
        attributes: {},
        children: [],
        data: {
          hName: 'imdi-block',
          hProperties: { dataName: blockNames.hovedpunkter, dataFilter: 'inner' },
          hChildren: [],
        },
      };
      node.children.push(generated);
    });
    visit(tree, 'leafDirective', (node: LeafDirective) => {
      if (node.data?.hName === 'imdi-block') return;
      if (!(node.name in blockNames)) return;
      const block = blockNames[node.name as keyof typeof blockNames];
      const attributes = Object.keys(node.attributes ?? {});
      const allowed = block === 'measures-table' ? Object.keys(tableOptions) : [];
      for (const attribute of attributes) {
        if (!allowed.includes(attribute)) {
          addProblem(file, 'block-option', { block: node.name, option: attribute, allowed }, node.position);
        }
      }
      const known = attributes.filter((a) => allowed.includes(a));
      if (known.length > 1) {
        addProblem(file, 'block-options', { block: node.name, options: known }, node.position);
      }
      node.data = {
        hName: 'imdi-block',
        hProperties: { dataName: block, dataFilter: known.length ? tableOptions[known[0]!]! : 'all' },
        hChildren: [],
      };
    });
  };
}
