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
import { cssString, matrixView, measureView, reportMeta, type ChapterView, type MeasureHtml, type ReportView, type Segment } from './view-model.ts';

const blockMarker = /<imdi-block data-name="([a-z-]+)" data-filter="(all|recommended)"><\/imdi-block>/g;

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
  const measures = loaded.measures.map((m) => measureView(m, measureHtml.get(m.id) ?? { description: '', costNote: '' }, (key) => citations.citeOne(key)));
  const recommended = measures.filter((m) => m.priority !== undefined).sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.id.localeCompare(b.id));
  const chapterViews = chapters.map((chapter, i) => chapterView(chapter, i));
  const view: ReportView = {
    report: reportMeta(input.config),
    chapters: chapterViews,
    toc: chapterViews.flatMap((c) => [
      { id: `${c.id}-title`, level: 1, number: c.label, text: c.title },
      ...c.headings.filter((h) => h.level === 2 && !c.appendix).map((h) => ({ id: h.id, level: h.level, number: h.number, text: h.text })),
    ]),
    measures,
    recommended,
    matrix: matrixView(measures, loaded.measures),
    bibliography: citations.bibliography().map((entry) => ({ ...entry, html: linkify(entry.html) })),
    pageCss: chapterViews.map((c) => `@page ${c.pageName} { @top-left { content: ${cssString(c.runningHead)}; } }`).join('\n'),
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
    segments: splitSegments(chapter.html),
    headings: chapter.data.headings,
  };
}

/** Splits chapter HTML at the generated-block markers. */
function splitSegments(html: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of html.matchAll(blockMarker)) {
    if (match.index > last) segments.push({ html: html.slice(last, match.index) });
    segments.push({ block: match[1] as BlockName, recommendedOnly: match[2] === 'recommended' });
    last = match.index + match[0].length;
  }
  if (last < html.length) segments.push({ html: html.slice(last) });
  return segments;
}

/** Makes the URLs in a bibliography entry clickable (they are already HTML-escaped by citeproc). */
function linkify(html: string): string {
  return html.replace(/https?:\/\/[^\s<]+[^\s<.,;)]/g, (url) => `<a href="${url}">${url}</a>`);
}
