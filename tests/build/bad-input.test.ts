/**
 * Broken input: each case is reported as problems with file:line:col and a rule id, the build
 * stops, and the previous build (build/report.pdf, build/.cache/) is left exactly as it was.
 * The cases run in-process through the build API, as `report --html-only` builds (no browser
 * starts: the content errors stop the build before the print); a few also go through the real
 * command line for its exit code and its output.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/core/problems.ts';
import { build } from '../helpers/build-api.ts';
import { builtProject, runCli } from '../helpers/cli.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let good: TempProject;
let goodPdf: Buffer;

beforeAll(async () => {
  ({ project: good, pdf: goodPdf } = await builtProject());
});
afterAll(() => good?.remove());

interface Case {
  name: string;
  break(project: TempProject): Promise<void>;
  /** Each fragment must appear in the printed report of problems (file, line:col and message). */
  expect: (string | RegExp)[];
  /** Every message, as `file line:col severity ruleId` (`-` for no place), in the reported order. */
  problems: string[];
  /** false: `problems` is the start of the list, not all of it. */
  only?: boolean;
  /** Set for the cases that also go through the real command line: what only it prints. */
  cli?: (string | RegExp)[];
}

const cases: Case[] = [
  {
    name: 'broken YAML',
    break: (p) => p.edit('content/measures.yaml', '  title: Brev til nye velgere\n', '  title: Brev til nye velgere\n description: feil innrykk\n'),
    expect: [/content\/measures\.yaml\s*\n\s*3:\d+(-\d+:\d+)?\s+error\s+YAML-feil/],
    // The first of several: each line after the broken indentation is reported as well.
    problems: ['content/measures.yaml 3:1 error yaml-syntax'],
    only: false,
  },
  {
    name: 'wrong enum value',
    break: (p) => p.edit('content/measures.yaml', 'period: long\n  group: within', 'period: lang\n  group: within'),
    expect: [/38:11(-\d+:\d+)?\s+error\s+Feltet «period» i T03 har verdien «lang», som ikke er tillatt/, 'Tillatte verdier: 2025, 2027, long'],
    problems: ['content/measures.yaml 38:11 error schema-invalid-value'],
  },
  {
    name: 'missing required field',
    break: (p) => p.edit('content/measures.yaml', '  actors: [Stortinget]\n', ''),
    expect: [/error\s+Mangler feltet «actors» i T04/],
    problems: ['content/measures.yaml 43:3 error schema-invalid-type'],
  },
  {
    name: 'duplicate ID',
    break: (p) => p.edit('content/measures.yaml', 'id: T03', 'id: T02'),
    expect: [/35:7(-\d+:\d+)?\s+error\s+Samme tiltaks-ID «T02» er brukt to ganger/],
    problems: ['content/measures.yaml 35:7 error duplicate-id', 'content/chapters/01-sammendrag.md 8:32 error unknown-measure'],
  },
  {
    name: 'unknown measure',
    break: (p) => p.edit('content/chapters/01-sammendrag.md', ':tiltak[T03]', ':tiltak[T33]'),
    expect: ['content/chapters/01-sammendrag.md', /8:32(-\d+:\d+)?\s+error\s+Ukjent tiltak «T33»/, 'Mente du T03'],
    problems: ['content/measures.yaml 35:7 warning measure-unused', 'content/chapters/01-sammendrag.md 8:32 error unknown-measure'],
  },
  {
    name: 'unknown citation',
    break: (p) => p.edit('content/chapters/01-sammendrag.md', '[@bergh-2020;', '[@bergh-2002;'),
    expect: [/6:\d+\s+error\s+Ukjent kilde «bergh-2002»\s.*\n\s+Slik retter du: Mente du «bergh-2020»\?/],
    problems: ['content/chapters/01-sammendrag.md 6:103 error unknown-citation'],
  },
  {
    name: 'missing image',
    break: (p) => p.edit('content/chapters/02-status.md', '../images/prikk.png', '../images/prikken.png'),
    expect: [/content\/chapters\/02-status\.md[\s\S]*?20:1(-\d+:\d+)?\s+error\s+Finner ikke bildet «\.\.\/images\/prikken\.png»/],
    problems: ['content/chapters/02-status.md 20:1 error image-missing'],
  },
  {
    name: 'unknown cross-reference label',
    break: (p) => p.edit('content/chapters/02-status.md', ':ref[kst-tabell]', ':ref[kst-tabel]'),
    expect: [/error\s+Ukjent merke «kst-tabel» i :ref\[kst-tabel\]\s.*\n\s+Slik retter du: Mente du :ref\[kst-tabell\]\?/],
    problems: ['content/chapters/02-status.md 32:35 error xref-unknown'],
  },
  {
    name: 'Handlebars syntax error',
    break: (p) => p.edit('templates/partials/cover.hbs', '{{#if report.subtitle}}', '{{#if report.subtitle}'),
    expect: ['templates/partials/cover.hbs', /5:\d+\s+error\s+Syntaksfeil i malen/],
    cli: [/1 feil må rettes/],
    problems: ['templates/partials/cover.hbs 5:1 error template-syntax'],
  },
  {
    name: 'missing partial',
    break: (p) => p.edit('templates/layout.hbs', '{{> colophon}}', '{{> kolofon}}'),
    expect: ['templates/layout.hbs', /error\s+Malen bruker delmalen «kolofon», som ikke finnes/],
    problems: ['templates/layout.hbs 24:1 error template-partial'],
  },
  {
    name: 'wrong type',
    break: (p) => p.edit('content/measures.yaml', 'actors: [Valgdirektoratet]', 'actors: Valgdirektoratet'),
    expect: [/7:\d+(-\d+:\d+)?\s+error\s+Feltet «actors» i T01 skal være en liste, men er «Valgdirektoratet»/],
    problems: ['content/measures.yaml 7:11 error schema-invalid-type'],
  },
  {
    name: 'unknown key (a typo)',
    break: (p) => p.edit('content/measures.yaml', '  evidenceLevel: strong\n', '  evidenceLevel: strong\n  prioritet: 2\n'),
    expect: [/error\s+Ukjent felt «prioritet» i T01\s.*\n\s+Slik retter du: Mente du «priority»\?/],
    problems: ['content/measures.yaml 11:3 error schema-unrecognized-keys'],
  },
  {
    name: 'duplicate source key',
    break: (p) => p.edit('content/references.yaml', 'id: ssb-lavere-2023', 'id: bergh-2020'),
    expect: ['content/references.yaml', /error\s+Samme kilde-ID «bergh-2020» er brukt to ganger/],
    problems: [
      'content/measures.yaml 34:41 error unknown-citation',
      'content/references.yaml - error duplicate-id',
      'content/data/kst-2023.yaml 5:10 error unknown-citation',
      'content/chapters/01-sammendrag.md 6:58 error unknown-citation',
      'content/chapters/01-sammendrag.md 6:116 error unknown-citation',
      'content/chapters/02-status.md 7:47 error unknown-citation',
    ],
  },
  {
    name: 'unknown source in measures.yaml',
    break: (p) => p.edit('content/measures.yaml', 'evidence: [bergh-2020]', 'evidence: [bergh-2021]'),
    expect: [/9:\d+(-\d+:\d+)?\s+error\s+Ukjent kilde «bergh-2021»/],
    problems: ['content/measures.yaml 9:14 error unknown-citation'],
  },
  {
    name: 'broken front matter (not closed)',
    break: (p) => p.write('content/chapters/03-kilder.md', '---\ntitle: Referanser\nnumbered: false\n\n::kilder\n'),
    expect: ['content/chapters/03-kilder.md', /1:1\s+error\s+Kapittelet mangler front matter med tittel/],
    problems: ['content/report.yaml - error bibliography-missing', 'content/chapters/03-kilder.md 1:1 error front-matter-missing'],
  },
  {
    name: 'unknown key in front matter',
    break: (p) => p.edit('content/chapters/03-kilder.md', 'title: Referanser', 'titel: Referanser'),
    expect: ['content/chapters/03-kilder.md', /2:1(-\d+:\d+)?\s+error\s+Ukjent felt «titel»/, /Mangler feltet «title»/],
    problems: [
      'content/report.yaml - error bibliography-missing',
      'content/chapters/03-kilder.md 2:1 error schema-invalid-type',
      'content/chapters/03-kilder.md 2:1 error schema-unrecognized-keys',
    ],
  },
  {
    name: 'empty chapter',
    break: (p) => p.write('content/chapters/03-kilder.md', ''),
    expect: ['content/chapters/03-kilder.md', /1:1\s+error\s+Kapittelfilen er tom/],
    problems: ['content/report.yaml - error bibliography-missing', 'content/chapters/03-kilder.md 1:1 error empty-chapter'],
  },
  {
    name: 'chapter not saved as UTF-8',
    break: (p) => p.write('content/chapters/03-kilder.md', Buffer.from('---\ntitle: Referanser\nnumbered: false\n---\n\nS\xf8rlandet og \xe6re\n', 'latin1')),
    expect: ['content/chapters/03-kilder.md', /6:2\s+error\s+Filen er ikke lagret som UTF-8/],
    problems: ['content/report.yaml - error bibliography-missing', 'content/chapters/03-kilder.md 6:2 error encoding'],
  },
  {
    name: 'chapter listed in report.yaml but missing',
    break: (p) => p.edit('content/report.yaml', 'chapters/03-kilder.md', 'chapters/03-kildene.md'),
    expect: ['content/chapters/03-kildene.md', /error\s+Filen finnes ikke/],
    problems: ['content/report.yaml - error bibliography-missing', 'content/chapters/03-kildene.md - error file-missing'],
  },
  {
    name: 'date in the wrong form',
    break: (p) => p.edit('content/report.yaml', 'date: 2025-05-30', 'date: 30.05.2025'),
    expect: [/5:7(-\d+:\d+)?\s+error\s+.*\n.*ÅÅÅÅ-MM-DD/],
    problems: ['content/report.yaml 5:7 error schema-invalid-format'],
  },
  {
    name: 'image path that escapes content/',
    break: (p) => p.edit('content/chapters/02-status.md', '../images/prikk.png', '../../../../../etc/passwd'),
    expect: [/20:1(-\d+:\d+)?\s+error\s+Bildet «\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd» ligger utenfor content\//],
    problems: ['content/chapters/02-status.md 20:1 error image-outside'],
  },
  {
    name: 'remote image URL',
    break: (p) => p.edit('content/chapters/02-status.md', '../images/prikk.png', 'https://example.org/prikk.png'),
    expect: [/20:1(-\d+:\d+)?\s+error\s+Bildet «https:\/\/example\.org\/prikk\.png» ligger på nettet/],
    problems: ['content/chapters/02-status.md 20:1 error image-remote'],
  },
  {
    name: 'raw <script> in Markdown',
    break: (p) => p.edit('content/chapters/01-sammendrag.md', '::tiltaksmatrise', '<script>alert(1)</script>\n\n::tiltaksmatrise'),
    expect: [/10:1(-\d+:\d+)?\s+error\s+HTML-koden <script> er ikke tillatt/],
    problems: ['content/chapters/01-sammendrag.md 10:1 error raw-html'],
  },
  {
    name: 'event-handler HTML in Markdown',
    break: (p) => p.edit('content/chapters/01-sammendrag.md', 'IMDi anbefaler', '<img src=x onerror="alert(1)"> IMDi anbefaler'),
    expect: [/8:1(-\d+:\d+)?\s+error\s+HTML-koden <img> er ikke tillatt/],
    problems: ['content/chapters/01-sammendrag.md 8:1 error raw-html'],
  },
  {
    name: 'chart data with too few values',
    break: (p) => p.edit('content/data/kst-2023.yaml', 'values: [38, 36]', 'values: [38]'),
    expect: ['content/data/kst-2023.yaml', /error\s+Serien «2023» har 1 verdier, men det er 2 kategorier/],
    problems: ['content/data/kst-2023.yaml 9:13 error chart-length'],
  },
  {
    name: 'huge chapter',
    break: (p) => p.write('content/chapters/03-kilder.md', '---\ntitle: Referanser\nnumbered: false\n---\n\n::kilder\n\n' + 'Valgdeltakelse og tiltak. '.repeat(120_000)),
    expect: ['content/chapters/03-kilder.md', /1:1\s+error\s+Kapittelet er på 3,\d MB; grensen er 2 MB/],
    problems: ['content/report.yaml - error bibliography-missing', 'content/chapters/03-kilder.md 1:1 error chapter-size'],
  },
  {
    name: 'several problems in several files, reported together',
    break: async (p) => {
      await p.edit('content/measures.yaml', 'sector: voluntary', 'sector: frivillig');
      await p.edit('content/chapters/02-status.md', ':tiltak[T02]', ':tiltak[T22]');
      await p.edit('content/report.yaml', 'lang: nb', 'lang: nn');
    },
    expect: ['content/measures.yaml', 'content/chapters/02-status.md', 'content/report.yaml'],
    cli: [/3 feil må rettes/],
    problems: [
      'content/report.yaml 9:7 error schema-invalid-value',
      'content/measures.yaml 28:11 error schema-invalid-value',
      'content/chapters/02-status.md 18:30 error unknown-measure',
    ],
  },
];

/** Every file under `root` with its size and modification time. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const out: Record<string, string> = {};
  for (const e of entries.filter((x) => x.isFile())) {
    const file = path.join(e.parentPath, e.name);
    const s = await stat(file);
    out[path.relative(root, file)] = `${s.size}:${s.mtimeMs}`;
  }
  return out;
}

const describeMessage = (m: VFileMessage) => `${m.file} ${m.line === undefined ? '-' : `${m.line}:${m.column}`} ${m.fatal ? 'error' : 'warning'} ${m.ruleId}`;

function expectFragments(output: string, fragments: (string | RegExp)[]): void {
  for (const expected of fragments) {
    if (typeof expected === 'string') expect(output).toContain(expected);
    else expect(output).toMatch(expected);
  }
}

/** A copy of the good build, broken by `c`; runs `check` on it and then that nothing in it changed. */
async function withBrokenCopy(c: Case, check: (project: TempProject) => Promise<void>): Promise<void> {
  const project = await tempProject('mini', good.root);
  try {
    const before = await stat(project.file('build/report.pdf'));
    await c.break(project);
    const tree = await snapshot(project.root);
    await check(project);
    expect((await readFile(project.file('build/report.pdf'))).equals(goodPdf)).toBe(true);
    expect((await stat(project.file('build/report.pdf'))).mtimeMs).toBe(before.mtimeMs);
    // Nothing was written anywhere, in build/ (its cache included) or outside it.
    expect(await snapshot(project.root)).toEqual(tree);
  } finally {
    await project.remove();
  }
}

describe('bad input, through the build API', () => {
  for (const c of cases) {
    it(c.name, () =>
      withBrokenCopy(c, async (project) => {
        // As `report --html-only` builds: the same steps and cache as `report`, without the print.
        const error = await build({ root: project.root, pdf: false, diskCache: true }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ContentError);
        const problems = (error as ContentError).problems;
        const messages = problems.all().map(describeMessage);
        if (c.only === false) expect(messages.slice(0, c.problems.length)).toEqual(c.problems);
        else expect(messages).toEqual(c.problems);
        expectFragments(problems.report(), c.expect);
      }),
    );
  }
});

describe('bad input, through the command line', () => {
  for (const c of cases.filter((x) => x.cli)) {
    it(`${c.name}: exit code 1, the problems printed, the last PDF kept`, () =>
      withBrokenCopy(c, async (project) => {
        const result = await runCli(['report', '--root', project.root]);
        const output = result.stdout + result.stderr;
        expect(result.code, output).toBe(1);
        expectFragments(output, [...c.expect, ...c.cli!]);
        expect(output).toContain('Den forrige build/report.pdf er urørt');
      }),
    );
  }
});
