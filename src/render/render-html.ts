/**
 * Stage 3, render: places the chapters, the measures and the bibliography in the Handlebars
 * layout and returns the report as one HTML page.
 */
import type { CitationEngine } from '../cite/citation-engine.ts';
import type { LoadedReport } from '../load/load-project.ts';
import type { ReportConfig } from '../load/schemas.ts';
import type { RenderedChapter } from '../markdown/processor.ts';
import type { BlockName } from '../markdown/plugins/remark-blocks.ts';
import type { TemplateSet } from './templates.ts';
import {
  cssString,
  highlightsView,
  matrixView,
  measureLabels,
  measureView,
  reportMeta,
  type ChapterView,
  type MeasureHtml,
  type ReportView,
  type Segment,
} from './view-model.ts';

const blockMarker = /<imdi-block data-name="([a-z-]+)" data-filter="([a-z-]+)"><\/imdi-block>/g;

/** Blocks that draw one numbered table (their number follows the chapter's Markdown tables before them). */
const tableBlocks = new Set(['measures-matrix', 'measures-table:recommended', 'measures-table:decision']);

/** Builds the view and renders the layout. */
export function renderReport(input: {
  config: ReportConfig;
  loaded: LoadedReport;
  chapters: RenderedChapter[];
  measureHtml: Map<string, MeasureHtml>;
  citations: CitationEngine;
  templates: TemplateSet;
}): { html: string; view: ReportView } {
  const { loaded, chapters, measureHtml, citations, templates } = input;
  const measures = loaded.measures.map((m) =>
    measureView(m, measureHtml.get(m.id) ?? { description: '', costNote: '' }, (key) => citations.citeOne(key)),
  );
  const recommended = measures
    .filter((m) => m.priority !== undefined)
    .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.id.localeCompare(b.id));
  const chapterViews = chapters.map((chapter, i) => chapterView(chapter, i));
  const view: ReportView = {
    report: reportMeta(input.config),
    chapters: chapterViews,
    toc: chapterViews.flatMap((c) => [
      { id: `${c.id}-title`, level: 1, number: c.label, text: c.title },
      ...c.headings
        .filter((h) => h.level === 2 && !c.appendix)
        .map((h) => ({ id: h.id, level: h.level, number: h.number, text: h.text })),
    ]),
    measures,
    recommended,
    matrix: matrixView(measures, loaded.measures),
    highlights: highlightsView(recommended, loaded.measures),
    criteria: Object.values(measureLabels.criteria),
    bibliography: citations.bibliography().map((entry) => ({ ...entry, html: linkify(entry.html) })),
    pageCss: chapterViews
      .map((c) => `@page ${c.pageName} { @top-left { content: ${cssString(c.runningHead)}; } }`)
      .join('\n'),
  };
  return { html: templates.render(view), view };
}

function chapterView(chapter: RenderedChapter, index: number): ChapterView {
  const { frontMatter } = chapter.source;
  const label = chapter.data.number.startsWith('V') ? `Vedlegg ${chapter.data.number.slice(1)}` : chapter.data.number;
  return {
    id: chapter.data.idPrefix.replace(/-$/, ''),
    label,
    title: frontMatter.title,
    runningHead: label ? `${label} ${frontMatter.title}` : frontMatter.title,
    pageName: `kapittel-${index + 1}`,
    appendix: frontMatter.appendix,
    segments: splitSegments(chapter.html, chapter.data.number),
    headings: chapter.data.headings,
  };
}

/**
 * Splits chapter HTML at the generated-block markers. A block that draws a table gets the next
 * table number of its chapter (counting the Markdown tables before it; place such blocks after
 * the chapter's Markdown tables so the numbers stay in order).
 */
function splitSegments(html: string, chapterNumber: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  let tables = 0;
  const countTables = (part: string) => (tables += (part.match(/<span class="table-label">/g) ?? []).length);
  for (const match of html.matchAll(blockMarker)) {
    if (match.index > last) {
      segments.push({ html: html.slice(last, match.index) });
      countTables(html.slice(last, match.index));
    }
    const block = match[1] as BlockName;
    const filter = match[2]!;
    const numbered = tableBlocks.has(block) || tableBlocks.has(`${block}:${filter}`);
    const tableNumber = numbered ? (chapterNumber ? `${chapterNumber}.${++tables}` : String(++tables)) : '';
    segments.push({ block, recommendedOnly: filter === 'recommended', filter, only: { [filter]: true }, tableNumber });
    last = match.index + match[0].length;
  }
  if (last < html.length) segments.push({ html: html.slice(last) });
  return segments;
}

/** Makes the URLs in a bibliography entry clickable (they are already HTML-escaped by citeproc). */
function linkify(html: string): string {
  return html.replace(/https?:\/\/[^\s<]+[^\s<.,;)]/g, (url) => `<a href="${url}">${url}</a>`);
}
