/**
 * Stage 2, markdown: one frozen unified processor turns each chapter into HTML.
 * remark-parse → front matter → GFM → directives → our plugins → remark-rehype → slugs → HTML.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkRehype from 'remark-rehype';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import { VFile } from 'vfile';
import type { ChapterSource } from '../load/load-project.ts';
import type { ChapterData, MarkdownContext } from './context.ts';
import remarkUnknownDirectives from './plugins/remark-unknown-directives.ts';
import remarkFontCoverage from './plugins/remark-font-coverage.ts';
import remarkLang from './plugins/remark-lang.ts';
import remarkNoRawHtml from './plugins/remark-no-raw-html.ts';
import remarkHeadingRules from './plugins/remark-heading-rules.ts';
import remarkInternalLinks from './plugins/remark-internal-links.ts';
import remarkUncitedNumbers from './plugins/remark-uncited-numbers.ts';
import remarkEmptyCells from './plugins/remark-empty-cells.ts';
import remarkReadability from './plugins/remark-readability.ts';
import remarkMeasureRef from './plugins/remark-measure-ref.ts';
import remarkCitations from './plugins/remark-citations.ts';
import remarkCrossRef from './plugins/remark-cross-ref.ts';
import remarkFigure from './plugins/remark-figure.ts';
import remarkBlocks from './plugins/remark-blocks.ts';
import remarkImages from './plugins/remark-images.ts';
import remarkUnfinished from './plugins/remark-unfinished.ts';
import rehypeTableCaption from './plugins/rehype-table-caption.ts';
import rehypePrefixIds from './plugins/rehype-prefix-ids.ts';
import rehypeHeadingNumbers from './plugins/rehype-heading-numbers.ts';
import rehypeHyphenate from './plugins/rehype-hyphenate.ts';

/** A chapter after the markdown stage. */
export interface RenderedChapter {
  source: ChapterSource;
  /** The chapter body as HTML (without its title, which the template draws); cross-references are filled in by the build. */
  html: string;
  data: ChapterData;
  file: VFile;
}

/** Builds the processor once for a report; reuse it for every chapter (and every rebuild). */
export function createChapterProcessor(context: MarkdownContext, options: { hyphenate?: boolean } = {}) {
  return (
    unified()
      .use(remarkParse)
      .use(remarkFrontmatter, ['yaml'])
      .use(remarkGfm)
      .use(remarkDirective)
      .use(remarkUnknownDirectives)
      // Before remarkLang splits text nodes: each character is found at its place in the source.
      .use(remarkFontCoverage)
      .use(remarkLang)
      .use(remarkNoRawHtml)
      .use(remarkHeadingRules)
      .use(remarkInternalLinks)
      .use(remarkUncitedNumbers)
      .use(remarkEmptyCells)
      .use(remarkReadability)
      .use(remarkMeasureRef, context)
      .use(remarkCitations, context)
      .use(remarkCrossRef)
      .use(remarkFigure, context)
      .use(remarkBlocks)
      .use(remarkImages, context)
      .use(remarkUnfinished)
      .use(remarkRehype, {
        footnoteLabel: 'Fotnoter',
        footnoteLabelTagName: 'h2',
        footnoteLabelProperties: { className: ['footnotes-title'] },
        footnoteBackLabel: (i: number) => `Tilbake til henvisning ${i + 1}`,
        // ↑ (U+2191) is in the report's fonts; the default ↩ is not.
        footnoteBackContent: '↑',
        clobberPrefix: '',
      })
      .use(rehypeSlug)
      .use(rehypeTableCaption)
      .use(rehypePrefixIds)
      .use(rehypeHeadingNumbers)
      // Hyphenation only shapes the printed page; checking the text does not need it.
      .use(rehypeHyphenate, { enabled: options.hyphenate ?? true })
      .use(rehypeStringify)
      .freeze()
  );
}

/** The processor type, for callers that keep one warm. */
export type ChapterProcessor = ReturnType<typeof createChapterProcessor>;

/** Runs one chapter through the processor. Problems are on `file.messages`. */
export async function renderChapter(
  processor: ChapterProcessor,
  source: ChapterSource,
  position: { idPrefix: string; number: string },
): Promise<RenderedChapter> {
  const data = newChapterData(source.ref, position.idPrefix, position.number, new Set());
  const file = new VFile({ path: source.display, value: source.text, data: { chapter: data } });
  const result = await processor.process(file);
  return { source, html: String(result.value), data, file };
}

/** Renders a Markdown snippet from a YAML field (a measure's description), reporting problems at that field. */
export async function renderSnippet(
  processor: ChapterProcessor,
  text: string,
  where: { display: string; ref: string; line: number },
  cited: Set<string>,
): Promise<{ html: string; file: VFile }> {
  const data = newChapterData(where.ref, 'tiltak-', '', cited);
  const file = new VFile({ path: where.display, value: text, data: { chapter: data } });
  const result = await processor.process(file);
  // Folded YAML text does not keep its line breaks: messages point at the field's first line.
  for (const message of file.messages) {
    const line = where.line + Math.max(0, (message.line ?? 1) - 1);
    message.line = line;
    message.place = { line, column: message.column ?? 1 };
  }
  const html = String(result.value)
    .trim()
    .replace(/^<p>([\s\S]*)<\/p>$/, (whole, inner: string) => (inner.includes('<p>') ? whole : inner));
  return { html, file };
}

/** What a chapter (or a measure's text) starts with before the plugins fill it in. */
function newChapterData(ref: string, idPrefix: string, number: string, citedKeys: Set<string>): ChapterData {
  return {
    ref,
    idPrefix,
    number,
    citedKeys,
    measureRefs: new Set(),
    assets: new Set(),
    headings: [],
    figureCount: 0,
    tableCount: 0,
    labels: [],
    crossRefs: [],
    internalLinks: [],
    imageUses: [],
  };
}
