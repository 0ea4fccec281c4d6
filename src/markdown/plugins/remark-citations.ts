/**
 * `[@key]`, `[@a; @b]` and `[@key, s. 12]` → «(Forfatter år; …)» with each part linked to its
 * entry in the bibliography. An unknown key is an error at its exact line and column.
 */
import type { Root, Text, PhrasingContent } from 'mdast';
import type { Point } from 'unist';
import { visit, SKIP } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addProblem } from '../../core/rules.ts';
import { chapterOf, type MarkdownContext } from '../context.ts';

const citationPattern = /\[(@[^\[\]]*)\]/g;
const itemPattern = /^@([a-z0-9][a-z0-9-]*)(?:\s*,\s*(.+))?$/;

/** Turns bracketed citations in text into formatted, linked citations. */
export default function remarkCitations(context: MarkdownContext) {
  return (tree: Root, file: VFile) => {
    const chapter = chapterOf(file);
    visit(tree, 'text', (node: Text, index, parent) => {
      if (!parent || index === undefined || !node.value.includes('[@')) return;
      const out: PhrasingContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(citationPattern)) {
        const start = match.index;
        if (start > last) out.push({ type: 'text', value: node.value.slice(last, start) });
        const parts: PhrasingContent[] = [{ type: 'text', value: '(' }];
        let offset = start + 1;
        const items = (match[1] ?? '').split(';');
        items.forEach((raw, i) => {
          const item = raw.trim();
          const place = pointAt(node, offset + raw.indexOf(item));
          offset += raw.length + 1;
          const parsed = itemPattern.exec(item);
          const key = parsed?.[1];
          if (!parsed || !key) {
            addProblem(file, 'citation-syntax', { item }, place);
            return;
          }
          if (context.idsInError.has(key)) return;
          if (!context.referenceIds.has(key)) {
            addProblem(file, 'unknown-citation', { key, known: context.referenceIds }, place);
            return;
          }
          chapter.citedKeys.add(key);
          if (i > 0 && parts.length > 1) parts.push({ type: 'text', value: '; ' });
          const locator = parsed[2] ? `, ${parsed[2].trim()}` : '';
          parts.push({
            type: 'link',
            url: `#ref-${key}`,
            children: [{ type: 'text', value: context.citations.citeOne(key) + locator }],
          });
        });
        parts.push({ type: 'text', value: ')' });
        last = start + match[0].length;
        if (parts.length === 2) {
          // Nothing could be cited: keep the writer's text as it was (the error says why).
          out.push({ type: 'text', value: match[0] });
          continue;
        }
        // An emphasis node rendered as <span class="citation">: the phrasing wrapper mdast already has.
        out.push({
          type: 'emphasis',
          children: parts,
          data: { hName: 'span', hProperties: { className: ['citation'] } },
        });
      }
      if (last === 0) return;
      if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });
      parent.children.splice(index, 1, ...(out as typeof parent.children));
      return [SKIP, index + out.length];
    });
  };
}

/** The source point `offset` characters into a text node (exact for plain text without escapes). */
function pointAt(node: Text, offset: number): Point | undefined {
  const start = node.position?.start;
  if (!start) return undefined;
  const before = node.value.slice(0, offset);
  const lines = before.split('\n');
  const line = start.line + lines.length - 1;
  const column = lines.length === 1 ? start.column + offset : (lines.at(-1)?.length ?? 0) + 1;
  return { line, column };
}
