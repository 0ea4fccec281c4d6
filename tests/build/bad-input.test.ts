/**
 * Broken input through the real command line: each case gives a message with file:line:col,
 * a non-zero exit, and leaves the previous build/report.pdf exactly as it was.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  /** Each expected line fragment must appear in the output (file:line:col and message). */
  expect: (string | RegExp)[];
}

const cases: Case[] = [
  {
    name: 'broken YAML',
    break: (p) => p.edit('content/measures.yaml', '  title: Brev til nye velgere\n', '  title: Brev til nye velgere\n description: feil innrykk\n'),
    expect: [/content\/measures\.yaml\s*\n\s*3:\d+(-\d+:\d+)?\s+error\s+YAML-feil/],
  },
  {
    name: 'wrong enum value',
    break: (p) => p.edit('content/measures.yaml', 'period: long\n  group: within', 'period: lang\n  group: within'),
    expect: [/38:11(-\d+:\d+)?\s+error\s+Feltet «period» i T03 har verdien «lang», som ikke er tillatt/, 'Tillatte verdier: 2025, 2027, long'],
  },
  {
    name: 'recommended measure not ready for a decision',
    break: (p) => p.edit('content/measures.yaml', '    effect: +3,3 prosentpoeng [@bergh-2020].\n', ''),
    expect: [/14:5(-\d+:\d+)?\s+error\s+Anbefalt tiltak T01 mangler forventet effekt/, 'fyll inn feltene under decision:'],
  },
  {
    name: 'missing required field',
    break: (p) => p.edit('content/measures.yaml', '  actors: [Stortinget]\n', ''),
    expect: [/error\s+Mangler feltet «actors» i T04/],
  },
  {
    name: 'duplicate ID',
    break: (p) => p.edit('content/measures.yaml', 'id: T03', 'id: T02'),
    expect: [/35:7(-\d+:\d+)?\s+error\s+Samme tiltaks-ID «T02» er brukt to ganger/],
  },
  {
    name: 'unknown measure',
    break: (p) => p.edit('content/chapters/01-sammendrag.md', ':tiltak[T03]', ':tiltak[T33]'),
    expect: ['content/chapters/01-sammendrag.md', /8:32(-\d+:\d+)?\s+error\s+Ukjent tiltak «T33»/, 'Mente du T03'],
  },
  {
    name: 'unknown citation',
    break: (p) => p.edit('content/chapters/01-sammendrag.md', '[@bergh-2020;', '[@bergh-2002;'),
    expect: [/6:\d+\s+error\s+Ukjent kilde «bergh-2002».*\n\s+Slik retter du: Mente du «bergh-2020»\?/],
  },
  {
    name: 'missing image',
    break: (p) => p.edit('content/chapters/02-status.md', '../images/prikk.png', '../images/prikken.png'),
    expect: [/content\/chapters\/02-status\.md[\s\S]*?20:1(-\d+:\d+)?\s+error\s+Finner ikke bildet «\.\.\/images\/prikken\.png»/],
  },
  {
    name: 'unknown cross-reference label',
    break: (p) => p.edit('content/chapters/02-status.md', ':ref[kst-tabell]', ':ref[kst-tabel]'),
    expect: [/error\s+Ukjent merke «kst-tabel» i :ref\[kst-tabel\].*\n\s+Slik retter du: Mente du :ref\[kst-tabell\]\?/],
  },
  {
    name: 'Handlebars syntax error',
    break: (p) => p.edit('templates/partials/cover.hbs', '{{#if report.subtitle}}', '{{#if report.subtitle}'),
    expect: ['templates/partials/cover.hbs', /5:\d+\s+error\s+Syntaksfeil i malen/],
  },
  {
    name: 'missing partial',
    break: (p) => p.edit('templates/layout.hbs', '{{> colophon}}', '{{> kolofon}}'),
    expect: ['templates/layout.hbs', /error\s+Malen bruker delmalen «kolofon», som ikke finnes/],
  },
  {
    name: 'unknown field in a template (strict mode)',
    break: (p) => p.edit('templates/partials/cover.hbs', '{{report.title}}', '{{report.titel}}'),
    expect: ['templates/partials/cover.hbs', /4:\d+\s+error\s+Malen bruker feltet «report\.titel», som ikke finnes.*\n\s+Slik retter du: Mente du «report\.title»\?/],
  },
  {
    name: 'missing helper in a template',
    break: (p) => p.edit('templates/partials/cover.hbs', '{{report.title}}', '{{formatKr report.title}}'),
    expect: ['templates/partials/cover.hbs', /4:\d+(-\d+:\d+)?\s+error\s+Malen kaller hjelpefunksjonen «formatKr», som ikke finnes/],
  },
  {
    name: 'wrong type',
    break: (p) => p.edit('content/measures.yaml', 'actors: [Valgdirektoratet]', 'actors: Valgdirektoratet'),
    expect: [/7:\d+(-\d+:\d+)?\s+error\s+Feltet «actors» i T01 skal være en liste, men er «Valgdirektoratet»/],
  },
  {
    name: 'unknown key (a typo)',
    break: (p) => p.edit('content/measures.yaml', '  evidenceLevel: strong\n', '  evidenceLevel: strong\n  prioritet: 2\n'),
    expect: [/error\s+Ukjent felt «prioritet» i T01.*\n\s+Slik retter du: Mente du «priority»\?/],
  },
  {
    name: 'duplicate source key',
    break: (p) => p.edit('content/references.yaml', 'id: ssb-lavere-2023', 'id: bergh-2020'),
    expect: ['content/references.yaml', /error\s+Samme kilde-ID «bergh-2020» er brukt to ganger/],
  },
  {
    name: 'unknown source in measures.yaml',
    break: (p) => p.edit('content/measures.yaml', 'evidence: [bergh-2020]', 'evidence: [bergh-2021]'),
    expect: [/9:\d+(-\d+:\d+)?\s+error\s+Ukjent kilde «bergh-2021»/],
  },
  {
    name: 'broken front matter (not closed)',
    break: (p) => p.write('content/chapters/03-kilder.md', '---\ntitle: Referanser\nnumbered: false\n\n::kilder\n'),
    expect: ['content/chapters/03-kilder.md', /1:1\s+error\s+Kapittelet mangler front matter med tittel/],
  },
  {
    name: 'unknown key in front matter',
    break: (p) => p.edit('content/chapters/03-kilder.md', 'title: Referanser', 'titel: Referanser'),
    expect: ['content/chapters/03-kilder.md', /2:1(-\d+:\d+)?\s+error\s+Ukjent felt «titel»/, /Mangler feltet «title»/],
  },
  {
    name: 'empty chapter',
    break: (p) => p.write('content/chapters/03-kilder.md', ''),
    expect: ['content/chapters/03-kilder.md', /1:1\s+error\s+Kapittelfilen er tom/],
  },
  {
    name: 'chapter not saved as UTF-8',
    break: (p) => p.write('content/chapters/03-kilder.md', Buffer.from('---\ntitle: Referanser\nnumbered: false\n---\n\nS\xf8rlandet og \xe6re\n', 'latin1')),
    expect: ['content/chapters/03-kilder.md', /6:2\s+error\s+Filen er ikke lagret som UTF-8/],
  },
  {
    name: 'chapter listed in report.yaml but missing',
    break: (p) => p.edit('content/report.yaml', 'chapters/03-kilder.md', 'chapters/03-kildene.md'),
    expect: ['content/chapters/03-kildene.md', /error\s+Filen finnes ikke/],
  },
  {
    name: 'date in the wrong form',
    break: (p) => p.edit('content/report.yaml', 'date: 2025-05-30', 'date: 30.05.2025'),
    expect: [/5:7(-\d+:\d+)?\s+error\s+Feltet «date» har feil format.*\n\s+Slik retter du: .*ÅÅÅÅ-MM-DD/],
  },
  {
    name: 'image path that escapes content/',
    break: (p) => p.edit('content/chapters/02-status.md', '../images/prikk.png', '../../../../../etc/passwd'),
    expect: [/20:1(-\d+:\d+)?\s+error\s+Bildet «\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd» ligger utenfor content\//],
  },
  {
    name: 'remote image URL',
    break: (p) => p.edit('content/chapters/02-status.md', '../images/prikk.png', 'https://example.org/prikk.png'),
    expect: [/20:1(-\d+:\d+)?\s+error\s+Bildet «https:\/\/example\.org\/prikk\.png» ligger på nettet/],
  },
  {
    name: 'raw <script> in Markdown',
    break: (p) => p.edit('content/chapters/01-sammendrag.md', '::tiltaksmatrise', '<script>alert(1)</script>\n\n::tiltaksmatrise'),
    expect: [/10:1(-\d+:\d+)?\s+error\s+HTML-koden <script> er ikke tillatt/],
  },
  {
    name: 'event-handler HTML in Markdown',
    break: (p) => p.edit('content/chapters/01-sammendrag.md', 'IMDi anbefaler', '<img src=x onerror="alert(1)"> IMDi anbefaler'),
    expect: [/8:1(-\d+:\d+)?\s+error\s+HTML-koden <img> er ikke tillatt/],
  },
  {
    name: 'chart data with too few values',
    break: (p) => p.edit('content/data/kst-2023.yaml', 'values: [38, 36]', 'values: [38]'),
    expect: ['content/data/kst-2023.yaml', /error\s+Serien «2023» har 1 verdier, men det er 2 kategorier/],
  },
  {
    name: 'huge chapter',
    break: (p) => p.write('content/chapters/03-kilder.md', '---\ntitle: Referanser\nnumbered: false\n---\n\n::kilder\n\n' + 'Valgdeltakelse og tiltak. '.repeat(120_000)),
    expect: ['content/chapters/03-kilder.md', /1:1\s+error\s+Kapittelet er på 3,\d MB; grensen er 2 MB/],
  },
  {
    name: 'several problems in several files, reported together',
    break: async (p) => {
      await p.edit('content/measures.yaml', 'sector: voluntary', 'sector: frivillig');
      await p.edit('content/chapters/02-status.md', ':tiltak[T02]', ':tiltak[T22]');
      await p.edit('content/report.yaml', 'lang: nb', 'lang: nn');
    },
    expect: ['content/measures.yaml', 'content/chapters/02-status.md', 'content/report.yaml', /3 feil må rettes/],
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

describe('bad input', () => {
  it('has a corpus of at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  for (const c of cases) {
    it(c.name, async () => {
      const project = await tempProject('mini', good.root);
      try {
        const before = await stat(project.file('build/report.pdf'));
        await c.break(project);
        const tree = await snapshot(project.root);
        const result = await runCli(['report', '--root', project.root]);
        const output = result.stdout + result.stderr;
        expect(result.code, output).toBe(1);
        for (const expected of c.expect) {
          if (typeof expected === 'string') expect(output).toContain(expected);
          else expect(output).toMatch(expected);
        }
        expect(output).toContain('Den forrige build/report.pdf er urørt');
        const after = await readFile(project.file('build/report.pdf'));
        expect(after.equals(goodPdf)).toBe(true);
        expect((await stat(project.file('build/report.pdf'))).mtimeMs).toBe(before.mtimeMs);
        // Nothing was written anywhere, in build/ or outside it.
        expect(await snapshot(project.root)).toEqual(tree);
      } finally {
        await project.remove();
      }
    });
  }
});
