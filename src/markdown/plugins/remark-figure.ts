/**
 * `::figur{data="data/x.yaml"}` → a numbered figure (Figur 3.1) with a chart drawn at build
 * time from the data file, its caption, source line and text alternative: the chart's short
 * alt text, and its numbers as a small table under the chart, shown to every reader in the PDF
 * and the HTML alike (no hidden copy that a screen reader alone would find).
 */
import type { Root } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { closest } from '../../core/closest.ts';
import { chartTable, drawChart, palette } from '../charts/svg-chart.ts';
import { addProblem } from '../../core/rules.ts';
import { chapterOf, type MarkdownContext } from '../context.ts';

/** Replaces each figure directive with the drawn, captioned figure. */
export default function remarkFigure(context: MarkdownContext) {
  return (tree: Root, file: VFile) => {
    const chapter = chapterOf(file);
    visit(tree, 'leafDirective', (node: LeafDirective) => {
      if (node.name !== 'figur') return;
      const src = node.attributes?.data ?? '';
      const chart = context.charts.get(src);
      if (!chart) {
        addProblem(file, 'figure-data', { src, suggestion: closest(src, [...context.charts.keys()]) }, node.position);
        return;
      }
      if (chart.series.length > palette.length)
        addProblem(
          file,
          'figure-too-many-series',
          { src, count: chart.series.length, max: palette.length },
          node.position,
        );
      chapter.figureCount += 1;
      const number = chapter.number ? `${chapter.number}.${chapter.figureCount}` : String(chapter.figureCount);
      const id = `figur-${chapter.figureCount}`;
      const label = node.attributes?.id;
      if (label) chapter.labels.push({ label, kind: 'figur', number, id: chapter.idPrefix + id, place: node.position });
      chart.source.forEach((key) => chapter.citedKeys.add(key));
      const sources: ElementContent[] = [];
      chart.source.forEach((key, i) => {
        if (i > 0) sources.push({ type: 'text', value: '; ' });
        sources.push(h('a', { href: `#ref-${key}` }, context.citations.citeOne(key)));
      });
      node.data = {
        hName: 'figure',
        hProperties: { id, className: ['figure', 'chart-figure'] },
        hChildren: [
          h('figcaption', [h('span.figure-label', `Figur ${number}`), ' ', chart.title]),
          drawChart(chart, `${id}-svg`),
          chartTable(chart, `Tallene i figur ${number}`),
          h('p.figure-source', [
            h('span.source-label', 'Kilde: '),
            ...sources,
            ...(chart.note ? [sourceEnd(chart.source, context), h('span.figure-note', `Merk: ${chart.note}`)] : []),
          ]),
        ],
      };
    });
  };
}

/** The separator between the source line and the note: «(…u.å.) Merk» needs no extra full stop, «2017» does. */
function sourceEnd(keys: string[], context: MarkdownContext): string {
  const last = keys.at(-1);
  return last && context.citations.citeOne(last).endsWith('.') ? ' ' : '. ';
}
