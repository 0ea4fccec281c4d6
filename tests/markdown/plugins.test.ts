/**
 * Fixture tests for the Markdown plugins: each folder in tests/fixtures/markdown/ holds an
 * input.md; its HTML and its messages are compared with output.html and messages.txt
 * (update them on purpose with `npx vitest -u`, then read the diff).
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
        {
          file: path.join(dir, 'input.md'),
          display: `chapters/${name}.md`,
          ref: `chapters/${name}.md`,
          text,
          frontMatter,
        },
        { idPrefix: 'k3-', number: '3' },
      );
      const messages = chapter.file.messages
        .map(
          (m) =>
            `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.reason} [${m.ruleId}]${m.note ? `\n    ${m.note}` : ''}`,
        )
        .join('\n');
      await expect(chapter.html + '\n').toMatchFileSnapshot(path.join(dir, 'output.html'));
      await expect(messages + '\n').toMatchFileSnapshot(path.join(dir, 'messages.txt'));
    });
  }
});

describe('literal autolinks (GFM)', () => {
  it('make a bare address a link', async () => {
    const text = 'Valgresultatene står på www.valg.no.\n';
    const frontMatter: FrontMatter = { title: 'Lenker', numbered: true, appendix: false };
    const chapter = await renderChapter(
      processor,
      { file: 'lenker.md', display: 'chapters/lenker.md', ref: 'chapters/lenker.md', text, frontMatter },
      { idPrefix: 'k3-', number: '3' },
    );
    expect(chapter.html).toContain('<a href="http://www.valg.no">');
  });
});
