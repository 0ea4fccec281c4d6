/** `:tiltak[T03]` → a link to measure T03 showing its ID and title. */
import type { Root, Link, Text } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import { visit, SKIP } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { closest } from '../../core/closest.ts';
import { addProblem } from '../../core/rules.ts';
import { chapterOf, type MarkdownContext } from '../context.ts';

/** Replaces every `:tiltak[ID]` with a link; an unknown ID is an error at its exact place. */
export default function remarkMeasureRef(context: MarkdownContext) {
  return (tree: Root, file: VFile) => {
    const chapter = chapterOf(file);
    visit(tree, 'textDirective', (node: TextDirective, index, parent) => {
      if (node.name !== 'tiltak' || !parent || index === undefined) return;
      const id = toString(node).trim();
      const measure = context.measures.get(id);
      if (!measure) {
        if (context.idsInError.has(id)) return SKIP;
        const suggestion = closest(id, [...context.measures.keys()]);
        const suggested = suggestion ? context.measures.get(suggestion) : undefined;
        addProblem(
          file,
          'unknown-measure',
          { id, suggestion: suggested && { id: suggested.id, title: suggested.title } },
          node.position,
        );
        const text: Text = { type: 'text', value: `:tiltak[${id}]` };
        parent.children.splice(index, 1, text);
        return SKIP;
      }
      chapter.measureRefs.add(id);
      const link: Link = {
        type: 'link',
        url: `#tiltak-${id}`,
        children: [{ type: 'text', value: `${id} ${measure.title}` }],
        data: { hProperties: { className: ['tiltak-ref'] } },
      };
      parent.children.splice(index, 1, link);
      return SKIP;
    });
  };
}
