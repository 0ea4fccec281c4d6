/**
 * Directive syntax the report does not know. `:word` inside a sentence («Status:ok») is almost
 * always ordinary text, so text directives we do not use are turned back into text; an unknown
 * block directive (`::foo`, `:::foo`) is an error, since it can only be a typo.
 */
import type { Root, Text } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import { visit, SKIP } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { closest } from '../../core/closest.ts';
import { addProblem } from '../../core/rules.ts';
import { blockNames } from './remark-blocks.ts';

const knownText = ['tiltak', 'ref', 'lang'];
/** The generated blocks (remark-blocks.ts) and figures. */
const knownLeaf = [...Object.keys(blockNames), 'figur'];
const knownContainer = ['uferdig', 'hovedpunkter'];

/** Restores unknown text directives as text and reports unknown block directives. */
export default function remarkUnknownDirectives() {
  return (tree: Root, file: VFile) => {
    visit(tree, (node, index, parent) => {
      if (node.type === 'textDirective' && !knownText.includes(node.name) && parent && index !== undefined) {
        const directive = node as TextDirective;
        const label = directive.children.length ? `[${toString(directive)}]` : '';
        const text: Text = { type: 'text', value: `:${directive.name}${label}`, position: directive.position };
        parent.children.splice(index, 1, text as never);
        return SKIP;
      }
      if (
        (node.type === 'leafDirective' && !knownLeaf.includes(node.name)) ||
        (node.type === 'containerDirective' && !knownContainer.includes(node.name))
      ) {
        const known = node.type === 'leafDirective' ? knownLeaf : knownContainer;
        const colons = node.type === 'leafDirective' ? '::' : ':::';
        const suggestion = closest(node.name, known);
        addProblem(
          file,
          'unknown-directive',
          {
            directive: colons + node.name,
            suggestion: suggestion && colons + suggestion,
            known: known.map((k) => colons + k),
          },
          node.position,
        );
        return SKIP;
      }
      return undefined;
    });
  };
}
