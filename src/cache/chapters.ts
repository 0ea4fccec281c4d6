/**
 * A rendered chapter as plain JSON, for the cache in build/.cache/ (see disk-cache.ts):
 * its HTML, what it found (headings, citations, labels …) and its problems, which come back
 * with their places so a cached chapter reports exactly what a fresh one would.
 */
import { VFile } from 'vfile';
import { restoreMessages, storeMessages, type StoredMessage } from './stored-messages.ts';
import type { ChapterSource } from '../load/load-project.ts';
import type { ChapterData } from '../markdown/context.ts';
import type { RenderedChapter } from '../markdown/processor.ts';

/** A chapter, as stored. */
export interface StoredChapter {
  html: string;
  data: Omit<ChapterData, 'citedKeys' | 'measureRefs' | 'assets'> & {
    citedKeys: string[];
    measureRefs: string[];
    assets: string[];
  };
  messages: StoredMessage[];
}

/** The plain-JSON form of a chapter just rendered (a copy: later steps may not change it). */
export function storeChapter(chapter: RenderedChapter): StoredChapter {
  const { citedKeys, measureRefs, assets, ...rest } = chapter.data;
  return {
    html: chapter.html,
    data: structuredClone({ ...rest, citedKeys: [...citedKeys], measureRefs: [...measureRefs], assets: [...assets] }),
    messages: storeMessages(chapter.file),
  };
}

/** The chapter again, for the current source (its text is the one the stored chapter was made from). */
export function restoreChapter(stored: StoredChapter, source: ChapterSource): RenderedChapter {
  const data: ChapterData = {
    ...stored.data,
    citedKeys: new Set(stored.data.citedKeys),
    measureRefs: new Set(stored.data.measureRefs),
    assets: new Set(stored.data.assets),
  };
  const file = new VFile({ path: source.display, value: source.text, data: { chapter: data } });
  restoreMessages(file, stored.messages);
  return { source, html: stored.html, data, file };
}
