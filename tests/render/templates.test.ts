/**
 * Templates in strict mode (src/render/templates.ts): a field the view does not have, or a helper
 * that does not exist, is a content error at its place in the template, and nothing is written.
 */
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/pipeline.ts';
import { ContentError } from '../../src/core/problems.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject | undefined;
afterEach(() => project?.remove());

/** The problems of an HTML-only build that must fail, and whether build/ was written. */
async function failedBuild(p: TempProject) {
  const error = await build({ root: p.root, pdf: false }).then(
    () => expect.fail('the build should have stopped'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContentError);
  const messages = (error as ContentError).problems.all().filter((m) => m.fatal);
  const written = await readdir(p.file('build')).catch(() => []);
  return { messages, written };
}

describe('templates in strict mode', () => {
  it('report an unknown field at its line in the template that uses it, with the closest known field', async () => {
    project = await tempProject('mini');
    await project.edit('templates/partials/cover.hbs', '{{report.title}}', '{{report.titel}}');
    const { messages, written } = await failedBuild(project);
    expect(messages.map((m) => [m.file, m.line, m.column, m.ruleId, m.reason, m.note])).toEqual([
      [
        'templates/partials/cover.hbs',
        4,
        31,
        'template-field',
        'Malen bruker feltet «report.titel», som ikke finnes',
        'Mente du «report.title»?',
      ],
    ]);
    expect(written).toEqual([]);
  });

  it('report a helper that does not exist before rendering, at its place', async () => {
    project = await tempProject('mini');
    await project.edit('templates/partials/colophon.hbs', '{{report.dateLong}}', '{{formatDato report.dateLong}}');
    const { messages, written } = await failedBuild(project);
    expect(messages.map((m) => [m.file, m.line, m.column, m.ruleId, m.reason])).toEqual([
      [
        'templates/partials/colophon.hbs',
        7,
        26,
        'template-helper',
        'Malen kaller hjelpefunksjonen «formatDato», som ikke finnes',
      ],
    ]);
    expect(written).toEqual([]);
  });

  it('render the optional fields the templates test with {{#if}} when they are absent', async () => {
    project = await tempProject('mini');
    await project.edit('content/report.yaml', /\nsubtitle: .*\n/, '\n');
    const result = await build({ root: project.root, checkOnly: true });
    expect(result.html).toContain('class="cover-title"');
    expect(result.html).not.toContain('cover-subtitle');
  });
});
