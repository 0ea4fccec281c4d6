/**
 * Turns off GFM's literal autolinks (a bare www., http:// or e-mail address becoming a link)
 * after remark-gfm has turned them on: the micromark constructs by name, and the tree pass of
 * mdast-util-gfm-autolink-literal. processor.ts uses this only for text that cannot hold such
 * an address (no «www.», «http://», «https://» or e-mail address): there the output is the same,
 * and a cold process saves about 20 ms per chapter (a check at almost every character, and a
 * pass over the whole tree). Citations (`[@nessa2019]`) do not look like e-mail addresses:
 * nothing stands before their @ (a key with a dot in it only costs the full parse).
 */
import type { Processor } from 'unified';

/** The names micromark-extension-gfm-autolink-literal gives its constructs. */
const constructs = ['wwwAutolink', 'protocolAutolink', 'emailAutolink'];

/** mdast-util-from-markdown extensions (nested lists allowed), as far as this needs to know them. */
type Extensions = Array<{ enter?: Record<string, unknown> } | Extensions>;

/** The mdast extensions without the one that handles literal autolinks. */
function withoutAutolinks(extensions: Extensions): Extensions {
  return extensions.filter((e) => Array.isArray(e) || !(e.enter && 'literalAutolink' in e.enter)).map((e) => (Array.isArray(e) ? withoutAutolinks(e) : e));
}

export default function remarkNoLiteralAutolinks(this: Processor): void {
  const data = this.data();
  data.micromarkExtensions = [...(data.micromarkExtensions ?? []), { disable: { null: constructs } }];
  data.fromMarkdownExtensions = withoutAutolinks((data.fromMarkdownExtensions ?? []) as Extensions) as typeof data.fromMarkdownExtensions;
}

/**
 * Whether `text` could hold a literal autolink. GFM's e-mail address is letters, digits or
 * «._+-», then @, then letters, digits or «._-» with a dot among them; the test asks no more
 * than that, so it never misses one (a fuzz test of random texts found none). mailto: and
 * xmpp: addresses have the same shape.
 */
export function mayHoldLiteralAutolink(text: string): boolean {
  return /[\w.+-]@[\w.-]*\.|www\.|https?:\/\//i.test(text);
}
