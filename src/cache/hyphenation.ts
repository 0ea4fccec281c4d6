/**
 * The hyphenated long words, kept in build/.cache/ between runs (see disk-cache.ts). After
 * an edit, the changed chapter is hyphenated from the words earlier runs already split, and
 * the 570 KB of patterns (40 ms to load) are needed only for words never seen before.
 */
import { cacheKey, type DiskCache } from './disk-cache.ts';
import { hyphenatedWords, rememberHyphenatedWords } from '../markdown/plugins/rehype-hyphenate.ts';

const slot = 'hyphenation';
/** At most this many words are kept (the report has about 6 000 long words); the newest stay. */
const maxWords = 50_000;

/** Makes the words of earlier runs known to the hyphenation. */
export async function restoreHyphenation(disk: DiskCache): Promise<void> {
  rememberHyphenatedWords(await disk.get<unknown>(slot, cacheKey(slot)));
}

/** Stores the words known at the end of this build, when the build writes its output. */
export function storeHyphenation(disk: DiskCache): void {
  disk.set(slot, cacheKey(slot), () => [...hyphenatedWords()].slice(-maxWords));
}
