/**
 * The preview's copy of the report page: the built HTML with paragraph anchors, the changes
 * since the last round (in that view), the «UTKAST – runde N» marking and the live-reload
 * client. build/report.html itself is never touched: all of this happens on a copy in memory.
 */
import type { BuildResult } from '../pipeline/pipeline.ts';
import { escapeHtml } from '../core/escape-html.ts';
import { hasClass, parseHtml, serializeHtml, walkElements, type ElementNode, type TreeNode } from './html-tree.ts';
import { previewPrefix, type PageState, type ViewMode } from './messages.ts';
import { annotateParagraphs, type ChapterInfo, type Paragraph, type PlacedParagraph } from './paragraphs.ts';
import { markChanges, type RoundDiff } from './round-diff.ts';

/** The chapters of a build, as the page shows them. */
export function chapterInfos(result: Pick<BuildResult, 'chapters' | 'view'>): ChapterInfo[] {
  return result.chapters.map((chapter, i) => {
    const view = result.view?.chapters[i];
    return {
      id: view?.id ?? `k${i + 1}`,
      ref: chapter.source.ref,
      label: chapter.data.number || chapter.source.frontMatter.title,
      title: view ? [view.label, view.title].filter(Boolean).join(' ') : chapter.source.frontMatter.title,
    };
  });
}

/** What to put on the page besides the report. */
export interface PageOptions {
  mode: ViewMode;
  /** The last round, when one has been started. */
  round?: { number: number; date: string; paragraphs: Paragraph[] };
  /** Add the live-reload client and the review tools (not for the PDF). */
  client: boolean;
  version: number;
}

/** A decorated page, split so that a rebuild can tell whether only chapters changed. */
export interface PreviewPage {
  html: string;
  paragraphs: Paragraph[];
  diff?: RoundDiff;
  /** Each chapter section's HTML by section id. */
  sections: Map<string, string>;
  /** The page with every section replaced by a placeholder: equal shells mean only chapters changed. */
  shell: string;
}

/** The marking printed on drafts. */
export function draftMarking(round: number): string {
  return round > 0 ? `UTKAST – runde ${round}` : 'UTKAST';
}

/** Decorates the built page for the preview (or, with `client: false`, for the draft PDF). */
export function decoratePage(html: string, chapters: readonly ChapterInfo[], options: PageOptions): PreviewPage {
  const tree = parseHtml(html);
  const placed = annotateParagraphs(tree, chapters);
  const diff =
    options.mode === 'endringer' && options.round ? markChanges(placed, options.round.paragraphs) : undefined;
  const head = findElement(tree, 'head');
  const body = findElement(tree, 'body');
  const roundNumber = options.round?.number ?? 0;
  const marking = `<div class="forh-utkast" aria-hidden="true">${escapeHtml(draftMarking(roundNumber))}</div>`;
  if (body) body.children.unshift({ kind: 'raw', raw: marking, text: false });
  if (head) {
    const state: PageState = {
      version: options.version,
      mode: options.mode,
      round: roundNumber,
      roundDate: options.round?.date,
    };
    const inject = options.client
      ? `<link rel="stylesheet" href="${previewPrefix}/preview.css">\n<script type="application/json" id="forh-tilstand">${jsonForScript({ ...state, diff })}</script>\n<script type="module" src="${previewPrefix}/client.js"></script>\n`
      : `<style>${markingCss(draftMarking(roundNumber))}</style>\n`;
    head.children.push({ kind: 'raw', raw: inject, text: false });
  }
  const sections = new Map<string, string>();
  const sectionNodes = [...walkElements(tree)]
    .filter(({ node }) => node.name === 'section' && hasClass(node, 'chapter'))
    .map(({ node }) => node);
  for (const node of sectionNodes) sections.set(node.attrs.get('id') ?? '', serializeHtml([node]));
  const full = serializeHtml(tree);
  for (const node of sectionNodes) node.replaceInner = '';
  const shell = serializeHtml(tree).replace(
    /<script type="application\/json" id="forh-tilstand">[\s\S]*?<\/script>/,
    '',
  );
  return { html: full, paragraphs: placed.map(plain), diff, sections, shell };
}

/**
 * The marking in the PDF: in the top margin of every page (between the running head and «IMDi»).
 * The preview's box (fixed at the top right) would cover a line of text on every printed page,
 * and Chromium cut its text short there.
 */
const markingCss = (marking: string) =>
  `.forh-utkast { display: none; }\n@page { @top-center { content: "${marking.replace(/["\\]/g, '')}"; font: 700 8.5pt "Source Sans 3", sans-serif; letter-spacing: 0.08em; color: #b00020; } }`;

function plain(p: PlacedParagraph): Paragraph {
  return { anchor: p.anchor, chapter: p.chapter, number: p.number, text: p.text, tag: p.tag };
}

function findElement(tree: TreeNode[], name: string): ElementNode | undefined {
  for (const { node } of walkElements(tree)) if (node.name === name) return node;
  return undefined;
}

/** JSON that is safe inside a <script> element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
