/** What the Markdown plugins know about the whole report, and what each chapter reports back. */
import type { VFile } from 'vfile';
// Brings in the hName/hProperties/hChildren fields plugins use to steer the mdast → hast step.
import type {} from 'mdast-util-to-hast';
import type {} from 'mdast-util-directive';
import type { Position } from 'unist';
import type { CitationEngine } from '../cite/citation-engine.ts';
import type { ChartData, Measure } from '../load/schemas.ts';
import type { Lix } from './readability.ts';

/** Report-wide facts the plugins need (read-only). */
export interface MarkdownContext {
  measures: ReadonlyMap<string, Measure>;
  charts: ReadonlyMap<string, ChartData>;
  citations: CitationEngine;
  referenceIds: ReadonlySet<string>;
  /** Measures and sources that exist but have errors of their own: not reported again as unknown. */
  idsInError: ReadonlySet<string>;
  /** Every file under content/, relative to content/. */
  contentFiles: ReadonlySet<string>;
}

/** A heading as it lands in the report (for the table of contents and the outline). */
export interface HeadingInfo {
  level: number;
  id: string;
  /** «3.1», or '' for unnumbered headings. */
  number: string;
  text: string;
}

/** Per-chapter input and output, kept on `file.data`. */
export interface ChapterData {
  /** Path of the chapter relative to content/ (e.g. chapters/03-status.md). */
  ref: string;
  /** Prefix for every id in this chapter, so ids are unique in the whole report (e.g. `k3-`). */
  idPrefix: string;
  /** «3» for chapter 3, «V1» for appendix 1, '' for unnumbered chapters. */
  number: string;
  citedKeys: Set<string>;
  measureRefs: Set<string>;
  /** Images used, relative to content/ (copied to build/assets/). */
  assets: Set<string>;
  /** Where each image is used, so that problems found when it is prepared for print point there. */
  imageUses: { image: string; place: Position | undefined }[];
  headings: HeadingInfo[];
  figureCount: number;
  tableCount: number;
  /** Numbered figures and tables with a label, for `:ref[label]` anywhere in the report. */
  labels: { label: string; kind: 'figur' | 'tabell'; number: string; id: string; place: Position | undefined }[];
  /** The writers' links to anchors (`#…`), checked by the build against every id in the report. */
  internalLinks: { target: string; place: Position | undefined }[];
  /** Readability of the running text (LIX). */
  readability?: Lix;
  /** `:ref[label]` uses in this chapter, resolved by the build once all labels are known. */
  crossRefs: { label: string; place: Position | undefined }[];
}

declare module 'vfile' {
  interface DataMap {
    chapter: ChapterData;
  }
}

/** The chapter data of a file (set by the markdown stage before processing). */
export function chapterOf(file: VFile): ChapterData {
  const data = file.data.chapter;
  if (!data) throw new Error(`chapterOf: ${file.path} has no chapter data (set it before processing)`);
  return data;
}
