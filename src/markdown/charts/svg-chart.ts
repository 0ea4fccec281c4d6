/**
 * Draws the report's charts as inline SVG at build time: horizontal grouped bars (categories
 * with long labels) and lines (a time series). Text in the SVG uses the report's fonts; the
 * SVG carries its text alternative (role="img" + aria-label) for the tag tree.
 */
import { s } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import { formatNumber } from '../../core/norwegian.ts';
import type { ChartData } from '../../load/schemas.ts';

/** Colours with at least 3:1 contrast against white and against each other in print. */
const palette = ['#1d4f7a', '#d0632b', '#4f7f3b', '#6b6b6b', '#8c3f8c'];
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

function legend(chart: ChartData, y: number, x: number): ElementContent[] {
  if (chart.series.length < 2) return [];
  let cursor = x;
  return chart.series.flatMap((series, i) => {
    const item = [
      s('rect', { x: cursor, y: y - 9, width: 12, height: 12, fill: palette[i % palette.length] }),
      s('text', { x: cursor + 17, y, className: ['chart-legend'] }, series.name),
    ];
    cursor += 30 + series.name.length * 7;
    return item;
  });
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
    children.push(s('text', { x: x(v), y: top + plotHeight + 16, textAnchor: 'middle', className: ['chart-axis'] }, valueLabel(v, chart.unit)));
  }
  chart.categories.forEach((category, c) => {
    const groupTop = top + c * groupHeight;
    const lines = wrap(category, 32);
    const middle = groupTop + (chart.series.length * barHeight) / 2;
    lines.forEach((line, l) => {
      children.push(s('text', { x: labelWidth, y: middle + 4 + (l - (lines.length - 1) / 2) * 14, textAnchor: 'end', className: ['chart-label'] }, line));
    });
    chart.series.forEach((series, i) => {
      const value = series.values[c];
      const y = groupTop + i * barHeight;
      if (value === null || value === undefined) {
        children.push(s('text', { x: plotLeft + 4, y: y + barHeight - 4, className: ['chart-value', 'chart-missing'] }, 'ingen tall'));
        return;
      }
      children.push(s('rect', { x: plotLeft, y: y + 1, width: Math.max(0, x(value) - plotLeft), height: barHeight - 2, fill: palette[i % palette.length] }));
      children.push(s('text', { x: x(value) + 4, y: y + barHeight - 4, className: ['chart-value'] }, valueLabel(value, chart.unit)));
    });
  });
  children.push(s('line', { x1: plotLeft, x2: plotLeft, y1: top - 4, y2: top + plotHeight, className: ['chart-axis-line'] }));
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
    children.push(s('text', { x: left - 6, y: y(v) + 4, textAnchor: 'end', className: ['chart-axis'] }, valueLabel(v, chart.unit)));
  }
  chart.categories.forEach((category, i) => {
    children.push(s('text', { x: x(i), y: top + plotHeight + 18, textAnchor: 'middle', className: ['chart-label'] }, category));
  });
  chart.series.forEach((series, k) => {
    const colour = palette[k % palette.length];
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
      if (points.length > 1) children.push(s('polyline', { points: points.join(' '), fill: 'none', stroke: colour, strokeWidth: 2.5 }));
    }
    series.values.forEach((value, i) => {
      if (value === null || value === undefined) return;
      children.push(s('circle', { cx: x(i), cy: y(value), r: 3.5, fill: colour }));
      const above = k % 2 === 0;
      children.push(s('text', { x: x(i), y: y(value) + (above ? -8 : 16), textAnchor: 'middle', className: ['chart-value'] }, valueLabel(value, chart.unit)));
    });
  });
  return { height: top + plotHeight + 28, children };
}
