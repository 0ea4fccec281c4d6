/**
 * Draws the report's charts as inline SVG at build time: horizontal grouped bars (categories
 * with long labels) and lines (a time series). Text in the SVG uses the report's fonts; the
 * SVG carries its short text alternative (role="img" + aria-label) for the tag tree, and
 * `chartTable` gives the figure's numbers as a table, its full text alternative.
 */
import { h, s } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import { formatNumber } from '../../core/norwegian.ts';
import type { ChartData } from '../../load/schemas.ts';

/**
 * Series colours: dark and mid-tone in turn, so that every colour contrasts at least 3:1 with
 * the white page and with the series next to it (WCAG 1.4.11; tests/markdown/chart-palette.test.ts
 * computes the ratios). Dark navy is IMDi's accent, darkened. An even count keeps the rule
 * when the colours come round again.
 */
export const palette = ['#0f3354', '#de6e1f', '#17401a', '#3a91d2', '#4a1f5c', '#b98a1c'] as const;
/** The page behind the charts. */
export const chartBackground = '#ffffff';
/** Line series differ by more than colour (WCAG 1.4.1): each has its own dash pattern and marker. */
export const lineDashes = ['', '7 4', '2 3', '10 3 2 3', '4 4', '1 2'] as const;
export const lineMarkers = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'cross'] as const;
type Marker = (typeof lineMarkers)[number];

const colourOf = (i: number) => palette[i % palette.length]!;
const width = 640;

/** The chart as an SVG element with its text alternative. */
export function drawChart(chart: ChartData, id: string): Element {
  const body = chart.type === 'bar' ? barChart(chart) : lineChart(chart);
  return s(
    'svg',
    {
      viewBox: `0 0 ${width} ${body.height}`,
      width: '100%',
      role: 'img',
      ariaLabel: chart.alt,
      id,
      className: ['chart', `chart-${chart.type}`],
      preserveAspectRatio: 'xMidYMid meet',
    },
    body.children,
  );
}

function valueLabel(value: number, unit: string): string {
  const n = formatNumber(value);
  return unit === '%' ? `${n}\u00a0%` : unit ? `${n}\u00a0${unit}` : n;
}

/** A round axis maximum: percentages up to 100, other values to a «nice» step. */
function axisMax(chart: ChartData): { max: number; step: number } {
  const values = chart.series.flatMap((series) => series.values).filter((v): v is number => v !== null);
  const top = Math.max(0, ...values);
  if (chart.unit === '%' && top > 50) return { max: 100, step: 20 };
  const magnitude = 10 ** Math.floor(Math.log10(top || 1));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((st) => top / st <= 5) ?? magnitude * 10;
  return { max: Math.ceil(top / step) * step || step, step };
}

function wrap(label: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && (line + ' ' + word).length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A series' marker centred on (x, y): a shape, not only a colour, tells the lines apart. */
function marker(shape: Marker, x: number, y: number, fill: string): Element {
  const r = 3.8;
  const polygon = (points: [number, number][]) =>
    s('polygon', { points: points.map(([px, py]) => `${(x + px).toFixed(1)},${(y + py).toFixed(1)}`).join(' '), fill });
  switch (shape) {
    case 'circle':
      return s('circle', { cx: x, cy: y, r: 3.5, fill });
    case 'square':
      return s('rect', { x: x - 3.2, y: y - 3.2, width: 6.4, height: 6.4, fill });
    case 'triangle':
      return polygon([
        [0, -r - 0.6],
        [r + 0.4, r - 0.6],
        [-r - 0.4, r - 0.6],
      ]);
    case 'triangle-down':
      return polygon([
        [0, r + 0.6],
        [r + 0.4, -r + 0.6],
        [-r - 0.4, -r + 0.6],
      ]);
    case 'diamond':
      return polygon([
        [0, -r - 0.4],
        [r + 0.4, 0],
        [0, r + 0.4],
        [-r - 0.4, 0],
      ]);
    case 'cross':
      return s('path', {
        d: `M${x - 3},${y - 3}L${x + 3},${y + 3}M${x - 3},${y + 3}L${x + 3},${y - 3}`,
        stroke: fill,
        strokeWidth: 2,
      });
  }
}

function legend(chart: ChartData, y: number, x: number): ElementContent[] {
  if (chart.series.length < 2) return [];
  let cursor = x;
  return chart.series.flatMap((series, i) => {
    const colour = colourOf(i);
    // A line chart's key shows the line as drawn: its dash pattern and marker.
    const key =
      chart.type === 'line'
        ? [
            s('line', {
              x1: cursor,
              x2: cursor + 22,
              y1: y - 3,
              y2: y - 3,
              stroke: colour,
              strokeWidth: 2.5,
              strokeDasharray: lineDashes[i % lineDashes.length] || undefined,
            }),
            marker(lineMarkers[i % lineMarkers.length]!, cursor + 11, y - 3, colour),
          ]
        : [s('rect', { x: cursor, y: y - 9, width: 12, height: 12, fill: colour })];
    const keyWidth = chart.type === 'line' ? 28 : 17;
    const item = [...key, s('text', { x: cursor + keyWidth, y, className: ['chart-legend'] }, series.name)];
    cursor += keyWidth + 13 + series.name.length * 7;
    return item;
  });
}

/** The figure's numbers as a table (categories down, series across): the chart's full text alternative. */
export function chartTable(chart: ChartData, caption: string): Element {
  return h('table', { className: ['chart-data'] }, [
    h('caption', caption),
    h('thead', [
      h('tr', [
        h('th', { scope: 'col' }, chart.categoryLabel),
        ...chart.series.map((series) => h('th', { scope: 'col' }, series.name)),
      ]),
    ]),
    h(
      'tbody',
      chart.categories.map((category, c) =>
        h('tr', [
          h('th', { scope: 'row' }, category),
          ...chart.series.map((series) => {
            const value = series.values[c];
            return value === null || value === undefined
              ? h('td', { className: ['chart-data-missing'] }, 'ingen tall')
              : h('td', valueLabel(value, chart.unit));
          }),
        ]),
      ),
    ),
  ]);
}

function barChart(chart: ChartData) {
  const labelWidth = 210;
  const plotLeft = labelWidth + 10;
  const plotWidth = width - plotLeft - 60;
  const barHeight = 16;
  const groupGap = 14;
  const top = chart.series.length > 1 ? 34 : 12;
  const { max, step } = axisMax(chart);
  const x = (v: number) => plotLeft + (v / max) * plotWidth;
  const groupHeight = chart.series.length * barHeight + groupGap;
  const plotHeight = chart.categories.length * groupHeight;
  const children: ElementContent[] = [...legend(chart, 16, plotLeft)];

  for (let v = 0; v <= max + 1e-9; v += step) {
    children.push(s('line', { x1: x(v), x2: x(v), y1: top - 4, y2: top + plotHeight, className: ['chart-grid'] }));
    children.push(
      s(
        'text',
        { x: x(v), y: top + plotHeight + 16, textAnchor: 'middle', className: ['chart-axis'] },
        valueLabel(v, chart.unit),
      ),
    );
  }
  chart.categories.forEach((category, c) => {
    const groupTop = top + c * groupHeight;
    const lines = wrap(category, 32);
    const middle = groupTop + (chart.series.length * barHeight) / 2;
    lines.forEach((line, l) => {
      children.push(
        s(
          'text',
          {
            x: labelWidth,
            y: middle + 4 + (l - (lines.length - 1) / 2) * 14,
            textAnchor: 'end',
            className: ['chart-label'],
          },
          line,
        ),
      );
    });
    chart.series.forEach((series, i) => {
      const value = series.values[c];
      const y = groupTop + i * barHeight;
      if (value === null || value === undefined) {
        children.push(
          s(
            'text',
            { x: plotLeft + 4, y: y + barHeight - 4, className: ['chart-value', 'chart-missing'] },
            'ingen tall',
          ),
        );
        return;
      }
      children.push(
        s('rect', {
          x: plotLeft,
          y: y + 1,
          width: Math.max(0, x(value) - plotLeft),
          height: barHeight - 2,
          fill: colourOf(i),
        }),
      );
      children.push(
        s('text', { x: x(value) + 4, y: y + barHeight - 4, className: ['chart-value'] }, valueLabel(value, chart.unit)),
      );
    });
  });
  children.push(
    s('line', { x1: plotLeft, x2: plotLeft, y1: top - 4, y2: top + plotHeight, className: ['chart-axis-line'] }),
  );
  return { height: top + plotHeight + 26, children };
}

function lineChart(chart: ChartData) {
  const left = 48;
  const right = 24;
  const top = chart.series.length > 1 ? 40 : 16;
  const plotHeight = 240;
  const plotWidth = width - left - right;
  const { max, step } = axisMax(chart);
  const n = chart.categories.length;
  const x = (i: number) => left + (n === 1 ? plotWidth / 2 : (i / (n - 1)) * plotWidth);
  const y = (v: number) => top + plotHeight - (v / max) * plotHeight;
  const children: ElementContent[] = [...legend(chart, 18, left)];

  for (let v = 0; v <= max + 1e-9; v += step) {
    children.push(s('line', { x1: left, x2: left + plotWidth, y1: y(v), y2: y(v), className: ['chart-grid'] }));
    children.push(
      s('text', { x: left - 6, y: y(v) + 4, textAnchor: 'end', className: ['chart-axis'] }, valueLabel(v, chart.unit)),
    );
  }
  chart.categories.forEach((category, i) => {
    children.push(
      s('text', { x: x(i), y: top + plotHeight + 18, textAnchor: 'middle', className: ['chart-label'] }, category),
    );
  });
  chart.series.forEach((series, k) => {
    const colour = colourOf(k);
    const dash = lineDashes[k % lineDashes.length] || undefined;
    const shape = lineMarkers[k % lineMarkers.length]!;
    // Missing values break the line rather than pretending to know the value in between.
    let segment: string[] = [];
    const segments: string[][] = [];
    series.values.forEach((value, i) => {
      if (value === null || value === undefined) {
        if (segment.length) segments.push(segment);
        segment = [];
      } else segment.push(`${x(i).toFixed(1)},${y(value).toFixed(1)}`);
    });
    if (segment.length) segments.push(segment);
    for (const points of segments) {
      if (points.length > 1)
        children.push(
          s('polyline', {
            points: points.join(' '),
            fill: 'none',
            stroke: colour,
            strokeWidth: 2.5,
            strokeDasharray: dash,
          }),
        );
    }
    series.values.forEach((value, i) => {
      if (value === null || value === undefined) return;
      children.push(marker(shape, x(i), y(value), colour));
      const above = k % 2 === 0;
      children.push(
        s(
          'text',
          { x: x(i), y: y(value) + (above ? -8 : 16), textAnchor: 'middle', className: ['chart-value'] },
          valueLabel(value, chart.unit),
        ),
      );
    });
  });
  return { height: top + plotHeight + 28, children };
}
