/**
 * `:ref[label]` refers to a numbered figure or table anywhere in the report («figur 3.1»,
 * «Tabell 4.2» at the start of a sentence). Labels are given as `::figur{#label data=…}` and as
 * `Tabell: … {#label}`. Numbers are known only when every chapter is done, so this plugin
 * leaves a placeholder that the build fills in (and reports unknown labels at their place).
 */
import type { Root, Text } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import { visit, SKIP } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { addProblem } from '../../core/rules.ts';
import { chapterOf } from '../context.ts';

/** The href a placeholder carries until the build resolves it. */
export const crossRefPrefix = '#__xref-';

/** The class a placeholder carries when it starts a sentence (it stays with it wherever remark-rehype moves it). */
export const sentenceStartClass = 'xref-start';

/** Turns `:ref[label]` into placeholders and records them for the build. */
export default function remarkCrossRef() {
  return (tree: Root, file: VFile) => {
    const chapter = chapterOf(file);
    visit(tree, 'textDirective', (node: TextDirective, index, parent) => {
      if (node.name !== 'ref' || !parent || index === undefined) return;
      const label = toString(node).trim();
      if (!/^[a-z0-9][a-z0-9-]*$/.test(label)) {
        addProblem(file, 'xref-syntax', { label }, node.position);
        const text: Text = { type: 'text', value: `:ref[${label}]` };
        parent.children.splice(index, 1, text);
        return SKIP;
      }
      const before = parent.children[index - 1];
      const startsSentence =
        index === 0 || (before?.type === 'text' && /(^|[.!?:]\s+)$/.test(before.value) && parent.type === 'paragraph');
      chapter.crossRefs.push({ label, place: node.position });
      parent.children.splice(index, 1, {
        type: 'link',
        url: `${crossRefPrefix}${label}`,
        children: [{ type: 'text', value: label }],
        data: { hProperties: { className: startsSentence ? ['xref', sentenceStartClass] : ['xref'] } },
      });
      return SKIP;
    });
  };
}

/** Reads and removes a trailing `{#label}` from a caption paragraph. */
export function takeLabel(paragraph: { children: readonly unknown[] }): string | undefined {
  const last = paragraph.children.at(-1) as { type?: string; value?: unknown } | undefined;
  if (last?.type !== 'text' || typeof last.value !== 'string') return undefined;
  const match = /\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$/.exec(last.value);
  if (!match) return undefined;
  last.value = last.value.slice(0, match.index);
  return match[1];
}
