/**
 * build/.cache/: chapters, measure texts and citations of an earlier run are reused only while
 * every input is the same, and a cached chapter reports exactly the problems a fresh one would.
 * The cache is proven to be read by planting a marker in a stored chapter.
 */
import { access, readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

const slot = 'build/.cache/kapittel-chapters_01-sammendrag_md.json';
const marker = '<p>FRA-MELLOMLAGERET</p>';
let project: TempProject | undefined;

afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function htmlBuild(p: TempProject): Promise<string> {
  const result = await runCli(['report', '--html-only', '--root', p.root]);
  expect(result.code, result.stderr).toBe(0);
  return p.read('build/report.html');
}

/** Adds the marker to the stored chapter, keeping its key: only a build that reads the cache shows it. */
async function plantMarker(p: TempProject): Promise<void> {
  const stored = JSON.parse(await readFile(p.file(slot), 'utf8')) as { key: string; value: { html: string } };
  stored.value.html += marker;
  await writeFile(p.file(slot), JSON.stringify(stored));
}

describe('the build cache', () => {
  it('reuses a chapter while its inputs are unchanged, and renders it again when one changes', async () => {
    project = await tempProject('mini');
    await htmlBuild(project);
    await plantMarker(project);
    expect(await htmlBuild(project)).toContain(marker);

    // Another file the chapter depends on: a measure it mentions gets a new title.
    await project.edit('content/measures.yaml', 'title: Brev til nye velgere', 'title: Brev til alle nye velgere');
    const afterMeasure = await htmlBuild(project);
    expect(afterMeasure).not.toContain(marker);
    expect(afterMeasure).toContain('Brev til alle nye velgere');

    // The chapter's own text.
    await plantMarker(project);
    await project.edit('content/chapters/01-sammendrag.md', 'IMDi anbefaler', 'IMDi tilrår');
    const afterText = await htmlBuild(project);
    expect(afterText).not.toContain(marker);
    expect(afterText).toContain('IMDi tilrår');

    // A source it cites.
    await plantMarker(project);
    await project.edit('content/references.yaml', 'issued: {date-parts: [[2020]]}', 'issued: {date-parts: [[2019]]}');
    expect(await htmlBuild(project)).not.toContain(marker);
  });

  it('reports the same problems, at the same places, from a cached chapter', async () => {
    project = await tempProject('mini');
    await project.edit('content/chapters/01-sammendrag.md', 'IMDi anbefaler', 'Andelen var 45 prosent i 2021. IMDi anbefaler');
    // vfile-reporter: the file on one line, then «line:column  warning  message».
    const warning = /content\/chapters\/01-sammendrag\.md\n\d+:\d+\S*\s+warning\s+[^\n]*45 prosent/;
    const first = await runCli(['report', '--html-only', '--root', project.root]);
    expect(first.stderr).toMatch(warning);
    await plantMarker(project);
    const second = await runCli(['report', '--html-only', '--root', project.root]);
    expect(await project.read('build/report.html')).toContain(marker);
    expect(second.stderr.match(warning)?.[0]).toBe(first.stderr.match(warning)?.[0]);
    const check = await runCli(['check', '--strict', '--root', project.root]);
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toMatch(warning);
  });

  it('is never written by check', async () => {
    project = await tempProject('mini');
    const result = await runCli(['check', '--root', project.root]);
    expect(result.code, result.stderr).toBe(0);
    await expect(access(project.file('build'))).rejects.toThrow();
  });

  it('ignores a damaged entry', async () => {
    project = await tempProject('mini');
    const clean = await htmlBuild(project);
    await writeFile(project.file(slot), '{"key": "abc", "value": {');
    await writeFile(project.file('build/.cache/citations.json'), 'ikke json');
    expect(await htmlBuild(project)).toBe(clean);
  });
});
