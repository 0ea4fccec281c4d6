/**
 * A paragraph «Tabell: …» directly before a table becomes that table's numbered caption
 * (Tabell 3.1), inside the table, where screen readers and the PDF's tags expect it.
 */
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visit, SKIP } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { chapterOf } from '../context.ts';
import { takeLabel } from './remark-cross-ref.ts';

const marker = /^Tabell:\s*/;

/** Moves caption paragraphs into their tables and numbers them. */
export default function rehypeTableCaption() {
  return (tree: Root, file: VFile) => {
    const chapter = chapterOf(file);
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'p' || !parent || index === undefined) return;
      const first = node.children[0];
      if (first?.type !== 'text' || !marker.test(first.value)) return;
      const table = nextElement(parent.children, index);
      if (!table || table.element.tagName !== 'table') return;
      chapter.tableCount += 1;
      const number = chapter.number ? `${chapter.number}.${chapter.tableCount}` : String(chapter.tableCount);
      first.value = first.value.replace(marker, '');
      const label = takeLabel(node);
      if (label)
        chapter.labels.push({
          label,
          kind: 'tabell',
          number,
          id: `${chapter.idPrefix}tabell-${chapter.tableCount}`,
          place: node.position,
        });
      table.element.properties.id = `tabell-${chapter.tableCount}`;
      table.element.children.unshift(h('caption', [h('span.table-label', `Tabell ${number}`), ' ', ...node.children]));
      addContinuationRow(table.element, `Tabell ${number} (forts.)`);
      parent.children.splice(index, 1);
      return [SKIP, index];
    });
  };
}

/**
 * A header row «Tabell 3.1 (forts.)» that repeats with the header on every page the table
 * continues onto. On the table's first page the caption is drawn over it (see report.css),
 * so it shows only where the table continues; screens never show it.
 */
function addContinuationRow(table: Element, text: string): void {
  const thead = table.children.find((c): c is Element => c.type === 'element' && c.tagName === 'thead');
  if (!thead) return;
  const firstRow = thead.children.find((c): c is Element => c.type === 'element' && c.tagName === 'tr');
  const columns = firstRow?.children.filter((c) => c.type === 'element').length ?? 1;
  thead.children.unshift(h('tr.table-continued', { ariaHidden: 'true' }, [h('td', { colSpan: columns }, text)]));
  table.properties.className = ['captioned'];
}

function nextElement(children: Root['children'] | Element['children'], from: number) {
  for (let i = from + 1; i < children.length; i++) {
    const child = children[i];
    if (child?.type === 'element') return { element: child, index: i };
    if (child?.type === 'text' && child.value.trim() === '') continue;
    return undefined;
  }
  return undefined;
}
