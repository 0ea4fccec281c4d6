/** The preview's two audiences for a failed build (src/preview/build-failure.ts): the overlay's data and the terminal's text. */
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/pipeline.ts';
import { internalErrorTitle } from '../../src/core/problems.ts';
import { describeFailure } from '../../src/preview/build-failure.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject | undefined;
afterEach(() => project?.remove());

describe('a failed build in the preview', () => {
  it('gives the overlay the hint apart from the reason, with the place and a code frame', async () => {
    project = await tempProject('mini');
    await project.edit('content/chapters/01-sammendrag.md', '[@bergh-2020;', '[@bergh-2002;');
    const error = await build({ root: project.root, checkOnly: true }).catch((e: unknown) => e);
    const { failure, terminal } = await describeFailure(error, project.root);
    expect(failure.problems).toHaveLength(1);
    const [problem] = failure.problems;
    expect(problem).toMatchObject({
      file: 'content/chapters/01-sammendrag.md',
      line: 6,
      reason: 'Ukjent kilde «bergh-2002»',
      hint: 'Mente du «bergh-2020»? Kildene står i content/references.yaml',
      ruleId: 'unknown-citation',
    });
    expect(problem?.frame).toContain('> 6 |');
    expect(terminal).toMatch(/Ukjent kilde «bergh-2002».*\n\s+Slik retter du: Mente du «bergh-2020»\?/);
  });

  it('calls only a real bug «Intern feil», with the stack in the terminal', async () => {
    const { failure, terminal } = await describeFailure(new TypeError('x is undefined'), '/');
    expect(failure.title).toBe(internalErrorTitle);
    expect(terminal.startsWith(internalErrorTitle)).toBe(true);
    expect(terminal).toContain('TypeError: x is undefined');
  });
});
