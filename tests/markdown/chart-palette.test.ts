/**
 * What axe cannot see in the charts: the palette's contrast computed from the colours in code
 * (WCAG 1.4.11, 3:1 with the page and with the neighbouring series), line series told apart by
 * more than colour (1.4.1), and each chart's numbers given as a table (its text alternative).
 */
import type { Element } from 'hast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { contrastRatio, relativeLuminance } from '../../src/core/contrast.ts';
import {
  chartBackground,
  chartTable,
  drawChart,
  lineDashes,
  lineMarkers,
  palette,
} from '../../src/markdown/charts/svg-chart.ts';
import type { ChartData, FrontMatter } from '../../src/load/schemas.ts';
import { createChapterProcessor, renderChapter } from '../../src/markdown/processor.ts';
import { testContext } from '../helpers/markdown-context.ts';

const toHtml = (node: Element) =>
  unified()
    .use(rehypeStringify)
    .stringify({ type: 'root', children: [node] });

const line: ChartData = {
  title: 'Valgdeltakelse',
  type: 'line',
  unit: '%',
  alt: 'Linjediagram.',
  source: ['ssb'],
  categories: ['2015', '2019', '2023'],
  categoryLabel: 'Valgår',
  series: palette.map((_, i) => ({ name: `Serie ${i + 1}`, values: [30 + i, null, 40 - i] })),
};

describe('contrast (WCAG 2.1 definitions)', () => {
  it('computes relative luminance and ratios as WCAG does', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 6);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#777777')).toBe(contrastRatio('#777777', '#ffffff'));
  });
});

describe('chart palette', () => {
  it.each(palette.map((colour, i) => [i, colour]))(
    'series %i (%s) contrasts at least 3:1 with the page',
    (_, colour) => {
      expect(contrastRatio(colour, chartBackground)).toBeGreaterThanOrEqual(3);
    },
  );

  it.each(palette.map((colour, i) => [i, colour, palette[(i + 1) % palette.length]!]))(
    'series %i (%s) contrasts at least 3:1 with the next series (%s), also when the colours come round again',
    (_, colour, next) => {
      expect(contrastRatio(colour, next)).toBeGreaterThanOrEqual(3);
    },
  );

  it('has an even number of colours, so that the alternation holds across the wrap', () => {
    expect(palette.length % 2).toBe(0);
  });
});

describe('line charts', () => {
  it('give each series its own dash pattern and marker, in the key as in the plot', () => {
    expect(new Set(lineDashes).size).toBe(lineDashes.length);
    expect(new Set(lineMarkers).size).toBe(lineMarkers.length);
    expect(lineDashes.length).toBeGreaterThanOrEqual(palette.length);
    const svg = toHtml(drawChart(line, 'f'));
    for (const dash of lineDashes.filter(Boolean)) expect(svg).toContain(`stroke-dasharray="${dash}"`);
    // Markers of different shapes: circles, squares, polygons (triangles, diamonds) and crosses.
    for (const tag of ['<circle', '<rect', '<polygon', '<path']) expect(svg).toContain(tag);
  });
});

describe('the chart table (text alternative)', () => {
  it('holds every number, with headers for series and categories, and says where a number is missing', () => {
    const html = toHtml(chartTable(line, 'Tallene i figur 2.2'));
    expect(html).toMatch(
      /^<table class="chart-data"><caption>Tallene i figur 2.2<\/caption><thead><tr><th scope="col">Valgår<\/th><th scope="col">Serie 1<\/th>/,
    );
    expect(html).toContain('<th scope="row">2019</th><td class="chart-data-missing">ingen tall</td>');
    expect(html).toContain('<td>30\u00a0%</td>');
    expect(html.match(/<tr>/g)).toHaveLength(1 + line.categories.length);
  });
});

describe('a figure with more series than the palette', () => {
  it('warns the writer, since colours and markers would repeat', async () => {
    const base = testContext();
    const crowded: ChartData = {
      ...line,
      type: 'bar',
      series: [...line.series, { name: 'Serie 7', values: [1, 2, 3] }],
    };
    const context = {
      ...base,
      charts: new Map([...base.charts, ['data/mange.yaml', crowded]]),
      contentFiles: new Set([...base.contentFiles, 'data/mange.yaml']),
    };
    const processor = createChapterProcessor(context, { hyphenate: false });
    const text = '# Figurer\n\n::figur{data="data/mange.yaml"}\n';
    const frontMatter: FrontMatter = { title: 'Figurer', numbered: true, appendix: false };
    const chapter = await renderChapter(
      processor,
      { file: 'mange.md', display: 'chapters/mange.md', ref: 'chapters/mange.md', text, frontMatter },
      { idPrefix: 'k3-', number: '3' },
    );
    const warning = chapter.file.messages.find((m) => m.ruleId === 'figure-too-many-series');
    expect(warning?.reason).toBe(
      'Figuren «data/mange.yaml» har 7 serier, men diagrammet kan skille bare 6 fra hverandre',
    );
    expect(warning?.fatal).toBe(false);
    // The figure is still drawn, with its table.
    expect(chapter.html).toContain('<table class="chart-data">');
  });
});
