/**
 * Cross-references resolved over a chapter (src/markdown/cross-refs.ts): «Kapittel 3» at the
 * start of a sentence and «kapittel 3» inside one, wherever remark-rehype moves the text to.
 */
import { describe, expect, it } from 'vitest';
import { Problems } from '../../src/core/problems.ts';
import type { FrontMatter } from '../../src/load/schemas.ts';
import { resolveCrossRefs } from '../../src/markdown/cross-refs.ts';
import { createChapterProcessor, renderChapter } from '../../src/markdown/processor.ts';
import { testContext } from '../helpers/markdown-context.ts';

const processor = createChapterProcessor(testContext(), { hyphenate: false });

async function resolved(text: string): Promise<string> {
  const frontMatter: FrontMatter = { title: 'Status', numbered: true, appendix: false };
  const chapter = await renderChapter(
    processor,
    { file: 'status.md', display: 'chapters/03-status.md', ref: 'chapters/03-status.md', text, frontMatter },
    { idPrefix: 'k3-', number: '3' },
  );
  const problems = new Problems('/');
  const [done] = resolveCrossRefs([chapter], problems);
  expect(problems.all().map((m) => m.reason)).toEqual([]);
  return done!.html.replace(/<[^>]+>/g, '');
}

describe('cross-references', () => {
  it('start a sentence with a capital letter, and are lower case inside one', async () => {
    const text = await resolved(':ref[status] står først. Så står :ref[status] inne i setningen.\n');
    expect(text).toContain('Kapittel\u00a03 står først. Så står kapittel\u00a03 inne i setningen.');
  });

  it('keep their own case when a footnote written in the middle is moved to the end of the chapter', async () => {
    const text = await resolved(
      'Se :ref[status] her.[^1]\n\n[^1]: Noe om :ref[status].\n\n:ref[status] står først i avsnittet.\n',
    );
    expect(text).toContain('Se kapittel\u00a03 her.');
    expect(text).toContain('Kapittel\u00a03 står først i avsnittet.');
    expect(text).toContain('Noe om kapittel\u00a03.');
  });
});
