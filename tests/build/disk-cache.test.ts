/**
 * build/.cache/: chapters, measure texts and citations of an earlier run are reused only while
 * every input is the same, and a cached chapter reports exactly the problems a fresh one would.
 * The cache is proven to be read by planting a marker in a stored chapter.
 */
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../helpers/build-api.ts';
import { runCli } from '../helpers/cli.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

const slot = 'build/.cache/chapter-chapters_01-sammendrag_md.json';
const marker = '<p>FRA-MELLOMLAGERET</p>';
let project: TempProject | undefined;

afterEach(async () => {
  await project?.remove();
  project = undefined;
});

/** `npm run report -- --html-only`, in this process: the command line's build options. */
async function htmlBuild(p: TempProject): Promise<string> {
  await build({ root: p.root, pdf: false, diskCache: true });
  return p.read('build/report.html');
}

/** The same through the command line, in a process of its own (for what lives in a module between builds). */
async function htmlBuildInNewProcess(p: TempProject): Promise<string> {
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
    // With its hint on the next line: a cached chapter keeps the hint apart too.
    const warning = /content\/chapters\/01-sammendrag\.md\n\d+:\d+\S*\s+warning\s+[^\n]*45 prosent[^\n]*\n\s+Slik retter du: [^\n]+/;
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

/** Reads a stored slot, lets `change` alter its value, and writes it back under the same key. */
async function alterStored<T>(p: TempProject, slotName: string, change: (value: T) => void): Promise<void> {
  const file = p.file(`build/.cache/${slotName}.json`);
  const stored = JSON.parse(await readFile(file, 'utf8')) as { key: string; value: T };
  change(stored.value);
  await writeFile(file, JSON.stringify(stored));
}

describe('the build cache of the YAML sources and the hyphenation', () => {
  it('reuses what it made of report.yaml, measures.yaml and references.yaml until one of them changes', async () => {
    project = await tempProject('mini');
    await htmlBuild(project);
    await alterStored<{ measures: { title: string }[] }>(project, 'content', (value) => {
      value.measures[0]!.title = 'TILTAK-FRA-MELLOMLAGERET';
    });
    expect(await htmlBuild(project)).toContain('TILTAK-FRA-MELLOMLAGERET');
    await project.edit('content/references.yaml', 'issued: {date-parts: [[2020]]}', 'issued: {date-parts: [[2019]]}');
    const after = await htmlBuild(project);
    expect(after).not.toContain('TILTAK-FRA-MELLOMLAGERET');
    expect(after).toContain('Brev til nye velgere');
  });

  it('reports the same problems in the YAML sources, at the same places, when they come from the cache', async () => {
    project = await tempProject('mini');
    // An unknown YAML tag: a warning (the value is still read as text).
    await project.edit('content/report.yaml', 'subtitle: En liten', 'subtitle: !ukjent En liten');
    const warning = /content\/report\.yaml\n\d+:\d+\S*\s+warning\s+YAML-advarsel[^\n]*/;
    const first = await runCli(['report', '--html-only', '--root', project.root]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(warning);
    await alterStored<{ config: { subtitle: string } }>(project, 'content', (value) => {
      value.config.subtitle = 'UNDERTITTEL-FRA-MELLOMLAGERET';
    });
    const second = await runCli(['report', '--html-only', '--root', project.root]);
    expect(await project.read('build/report.html')).toContain('UNDERTITTEL-FRA-MELLOMLAGERET');
    expect(second.stderr.match(warning)?.[0]).toBe(first.stderr.match(warning)?.[0]);
  });

  it('hyphenates from the words of earlier runs, and ignores a stored word that is not its own', async () => {
    project = await tempProject('mini');
    const clean = await htmlBuildInNewProcess(project);
    const soft = '\u00ad';
    const fresh = /øker (\S+)/.exec(clean)?.[1] ?? '';
    expect(fresh).toContain(soft); // «deltakelsen», hyphenated by the patterns
    await alterStored<[string, string][]>(project, 'hyphenation', (words) => {
      const known = (word: string) => words.find(([w]) => w === word) ?? expect.fail(`«${word}» is not stored`);
      known('Valgdeltakelsen')[1] = `Val${soft}gdeltakelsen`;
      known('deltakelsen')[1] = `FEIL${soft}deltakelsen`;
    });
    // The chapter must be rendered again (not taken whole from the cache) to hyphenate at all.
    await project.edit('content/chapters/01-sammendrag.md', /\n$/, '\n\nEn ny setning.\n');
    const html = await htmlBuildInNewProcess(project);
    expect(html).toContain(`Val${soft}gdeltakelsen`);
    expect(html).not.toContain('FEIL');
    expect(html).toContain(`øker ${fresh}`);
  });
});

describe('the files beside the HTML (fonts, stylesheet, images)', () => {
  it('are copied at every build, so a damaged or missing copy comes back', async () => {
    project = await tempProject('mini');
    await htmlBuild(project);
    const css = 'build/assets/report.css';
    const font = 'build/assets/fonts/source-serif-4-latin-400-normal.woff2';
    await writeFile(project.file(css), 'M');
    await rm(project.file(font));
    await htmlBuild(project);
    expect(await project.read(css)).toBe(await project.read('templates/styles/report.css'));
    const original = await readFile(path.join(path.dirname(createRequire(import.meta.url).resolve('@fontsource/source-serif-4/package.json')), 'files', 'source-serif-4-latin-400-normal.woff2'));
    expect((await readFile(project.file(font))).equals(original)).toBe(true);
  });
});
