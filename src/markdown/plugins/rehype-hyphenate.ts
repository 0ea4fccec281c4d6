/**
 * Norwegian hyphenation at build time. Chromium cannot hyphenate Norwegian offline (its
 * dictionaries are downloaded by the component updater, which our flags and network block), so
 * long words in running text get soft hyphens (U+00AD) from the TeX patterns for bokmål.
 * Headings, links, captions and code are left alone, so bookmarks, the table of contents and
 * link text never carry soft hyphens. Text in another language (`lang`) is left alone too.
 */
import { createRequire } from 'node:module';
import type { Element, Root, Text } from 'hast';
import { visitParents } from 'unist-util-visit-parents';

const require = createRequire(import.meta.url);
type Hyphenate = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;
let hyphenateSync: Hyphenate | undefined;
/** The patterns (570 KB) are loaded on first use, so a check without hyphenation never pays for them. */
function patterns(): Hyphenate {
  hyphenateSync ??= (require('hyphen/nb') as { hyphenateSync: Hyphenate }).hyphenateSync;
  return hyphenateSync;
}

const SOFT = '\u00ad';
/** Elements whose text is running text that may be hyphenated. */
const running = new Set(['p', 'li', 'td', 'dd', 'blockquote']);
/** Elements whose text must stay whole (headings feed the outline; links and code are copied). */
const whole = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'code', 'pre', 'caption', 'figcaption', 'th', 'svg']);
const word = /[\p{L}]{7,}/gu;
const cache = new Map<string, string>();

/** Hyphenates one word, keeping at least 2 letters before and 3 after any break. */
export function hyphenateWord(text: string): string {
  let result = cache.get(text);
  if (result === undefined) {
    const parts = patterns()(text, { hyphenChar: SOFT, minWordLength: 7 }).split(SOFT);
    result = '';
    let done = 0;
    parts.forEach((part, i) => {
      result += part;
      done += part.length;
      if (i < parts.length - 1 && done >= 2 && text.length - done >= 3) result += SOFT;
    });
    cache.set(text, result);
  }
  return result;
}

/** Every word hyphenated in this process (and remembered from earlier runs), oldest first: word → word with soft hyphens. */
export function hyphenatedWords(): ReadonlyMap<string, string> {
  return cache;
}

/**
 * Words hyphenated by earlier runs (markdown/hyphenation-cache.ts): a chapter whose long words
 * are all known is hyphenated without loading the patterns. An entry is taken only if it is
 * its word with soft hyphens added, so a damaged cache cannot change the text.
 */
export function rememberHyphenatedWords(entries: unknown): void {
  if (!Array.isArray(entries)) return;
  for (const entry of entries) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') continue;
    const [text, hyphenated] = entry as [string, string];
    if (!cache.has(text) && hyphenated.replaceAll(SOFT, '') === text) cache.set(text, hyphenated);
  }
}

/** Adds soft hyphens to long words in running text (`enabled: false` turns it off). */
export default function rehypeHyphenate(options: { enabled?: boolean } = {}) {
  const enabled = options.enabled ?? true;
  return (tree: Root) => {
    if (!enabled) return;
    visitParents(tree, 'text', (node: Text, ancestors) => {
      const elements = ancestors.filter((a): a is Element => a.type === 'element');
      if (!elements.some((e) => running.has(e.tagName)) || elements.some((e) => whole.has(e.tagName))) return;
      // A run in another language (remark-lang.ts) is not Norwegian: the patterns are not for it.
      if (elements.some((e) => e.properties.lang !== undefined)) return;
      node.value = node.value.replace(word, hyphenateWord);
    });
  };
}
