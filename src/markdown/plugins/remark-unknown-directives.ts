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
import { fail } from '../context.ts';

const knownText = ['tiltak', 'ref', 'lang'];
const knownLeaf = ['tiltaksmatrise', 'tiltakstabell', 'kilder', 'figur'];
const knownContainer = ['uferdig'];

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
      if ((node.type === 'leafDirective' && !knownLeaf.includes(node.name)) || (node.type === 'containerDirective' && !knownContainer.includes(node.name))) {
        const known = node.type === 'leafDirective' ? knownLeaf : knownContainer;
        const colons = node.type === 'leafDirective' ? '::' : ':::';
        const suggestion = closest(node.name, known);
        fail(file, `Ukjent blokk ${colons}${node.name}`, node.position, 'unknown-directive', suggestion ? `Mente du ${colons}${suggestion}?` : `Kjente blokker: ${known.map((k) => colons + k).join(', ')}`);
        return SKIP;
      }
      return undefined;
    });
  };
}
