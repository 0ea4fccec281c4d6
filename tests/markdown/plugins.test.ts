/**
 * Fixture tests for the Markdown plugins: each folder in tests/fixtures/markdown/ holds an
 * input.md; its HTML and its messages are compared with output.html and messages.txt
 * (update them on purpose with `npx vitest -u`, then read the diff).
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import remarkNoLiteralAutolinks, { mayHoldLiteralAutolink } from '../../src/markdown/plugins/remark-no-literal-autolinks.ts';
import { createChapterProcessor, renderChapter } from '../../src/markdown/processor.ts';
import type { FrontMatter } from '../../src/load/schemas.ts';
import { testContext } from '../helpers/markdown-context.ts';
import { repoRoot } from '../helpers/project.ts';

const fixtures = path.join(repoRoot, 'tests', 'fixtures', 'markdown');
// Hyphenation off: it adds soft hyphens to every long word, so a change to it would rewrite every
// fixture. It has a fixture of its own (hyphenation/), the only one run with it on.
const processor = createChapterProcessor(testContext(), { hyphenate: false });
const hyphenating = createChapterProcessor(testContext(), { hyphenate: true });

describe('markdown plugins (fixtures)', () => {
  for (const name of readdirSync(fixtures).sort()) {
    it(name, async () => {
      const dir = path.join(fixtures, name);
      const text = await readFile(path.join(dir, 'input.md'), 'utf8');
      const frontMatter: FrontMatter = { title: name, numbered: true, appendix: false };
      const chapter = await renderChapter(
        name === 'hyphenation' ? hyphenating : processor,
        { file: path.join(dir, 'input.md'), display: `chapters/${name}.md`, ref: `chapters/${name}.md`, text, frontMatter },
        { idPrefix: 'k3-', number: '3' },
      );
      const messages = chapter.file.messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.reason} [${m.ruleId}]`).join('\n');
      await expect(chapter.html + '\n').toMatchFileSnapshot(path.join(dir, 'output.html'));
      await expect(messages + '\n').toMatchFileSnapshot(path.join(dir, 'messages.txt'));
    });
  }
});

describe('literal autolinks (GFM), turned off where no text can hold one', () => {
  const html = (text: string, off: boolean) =>
    String(
      unified()
        .use(remarkParse)
        .use(remarkGfm)
        .use(off ? [remarkNoLiteralAutolinks] : [])
        .use(remarkRehype)
        .use(rehypeStringify)
        .processSync(text),
    );
  const addresses = ['Se www.valg.no.', 'Se https://www.ssb.no/valg.', 'Skriv til post@imdi.no.', 'Se WWW.VALG.NO og HTTP://SSB.NO.', 'mailto:post@imdi.no', 'xmpp:post@imdi.no/valg'];

  it('are off with the plugin, and on without it', () => {
    for (const text of addresses) {
      expect(html(text, false), text).toContain('<a href=');
      expect(html(text, true), text).not.toContain('<a href=');
    }
  });

  it('are kept for every text that could hold one, so the output never changes', async () => {
    const others = ['ftp://ssb.no og a.b@c', 'Valget i 2023: 48,2 %', 'a_b@c-d.e', 'x+y@z.no', 'a@b', 'www.x', '(post@imdi.no)', 'æ@ø.no', 'Å@imdi.no', 'ola.nordmann@imdi.no.', 'Se [@nessa2019] og [-@ssb2023, s. 4; @imdi2024].'];
    for (const text of [...addresses, ...others]) {
      if (html(text, false) !== html(text, true)) expect(mayHoldLiteralAutolink(text), text).toBe(true);
    }
    // Random texts from the pieces addresses are made of (a fixed seed: the same texts every run).
    const pieces = ['a', 'Z', '9', '_', '.', '-', '+', '@', 'www', 'WWW', 'http', 'https', '://', ':', '/', '[', ']', ' ', ';', 'æ', 'mailto:', 'xmpp:', '(', ')', '*', 'no', 'x.y'];
    let seed = 2025;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 4000; i++) {
      let text = '';
      for (let k = 0; k < 3 + (i % 12); k++) text += pieces[Math.floor(next() * pieces.length)];
      if (!mayHoldLiteralAutolink(text)) expect(html(text, true), text).toBe(html(text, false));
    }
    // Citations alone do not count as addresses.
    expect(mayHoldLiteralAutolink('Se [@nessa2019] og [-@ssb2023, s. 4; @imdi2024].')).toBe(false);
    // The real chapters: the same HTML either way.
    for (const file of readdirSync(path.join(repoRoot, 'content', 'chapters'))) {
      const text = await readFile(path.join(repoRoot, 'content', 'chapters', file), 'utf8');
      expect(html(text, true), file).toBe(html(text, false));
    }
  });

  it('still make links in a chapter that has an address', async () => {
    const text = 'Valgresultatene står på www.valg.no.\n';
    const frontMatter: FrontMatter = { title: 'Lenker', numbered: true, appendix: false };
    const chapter = await renderChapter(processor, { file: 'lenker.md', display: 'chapters/lenker.md', ref: 'chapters/lenker.md', text, frontMatter }, { idPrefix: 'k3-', number: '3' });
    expect(chapter.html).toContain('<a href="http://www.valg.no">');
  });
});
