/** `npm run import`: Word documents (made with the docx library) into chapters, images, comments and report.yaml. */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  EndnoteReferenceRun,
  FootnoteReferenceRun,
  InsertedTextRun,
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalMergeType,
} from 'docx';
import JSZip from 'jszip';
import { importWord, ImportRefused, type ImportOptions } from '../../src/import/import-word.ts';
import { findCitations, summarizeReferences } from '../../src/import/citations.ts';
import { build } from '../../src/pipeline/pipeline.ts';
import { chapterInfos, decoratePage } from '../../src/preview/page.ts';
import { CommentStore } from '../../src/preview/comments.ts';
import { runCli } from '../helpers/cli.ts';
import { repoRoot, tempProject, type TempProject } from '../helpers/project.ts';
import { commented, docxFile, dotPng, fullDocument, picture, writerDraft } from '../helpers/word.ts';

const wordFixtures = path.join(repoRoot, 'tests', 'fixtures', 'word');

let project: TempProject;
/** Where the tests put their Word files: beside the project, not in it (so «nothing written» can be checked). */
let drafts: string;
beforeEach(async () => {
  project = await tempProject('mini');
  drafts = await mkdtemp(path.join(os.tmpdir(), 'imdi-word-'));
});
afterEach(async () => {
  await project?.remove();
  await rm(drafts, { recursive: true, force: true });
});

/** Writes a .docx into the drafts folder and imports it. */
async function importBytes(bytes: Buffer, name: string, options: Partial<ImportOptions> = {}) {
  const file = path.join(drafts, name);
  await writeFile(file, bytes);
  return importWord({ root: project.root, docx: file, ...options });
}

/** Every file under the project with a hash of its content: what «nothing written» is checked against. */
async function snapshot(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else
        files.set(
          path.relative(root, full),
          createHash('sha1')
            .update(await readFile(full))
            .digest('hex'),
        );
    }
  };
  await walk(root);
  return files;
}

describe('a Word document becomes a chapter', () => {
  it('carries over headings, lists, a table, a footnote, bold, italic, a link and an image with its alt text', async () => {
    const result = await importBytes(await fullDocument(), 'Valg i kommunene.docx', { chapter: '05-valg.md' });
    expect(result.ref).toBe('chapters/05-valg.md');
    const markdown = await project.read('content/chapters/05-valg.md');
    expect(markdown).toBe(
      [
        '---',
        'title: Valgdeltakelse i kommunene',
        '---',
        '',
        '## Bakgrunn',
        '',
        'Deltakelsen var **lavere** enn i *resten* av befolkningen. Se [SSBs valgstatistikk](https://www.ssb.no/valg).[^1]',
        '',
        'Dette avsnittet har en kommentar fra leseren.',
        '',
        '### Tiltak',
        '',
        '- Brev til nye velgere',
        '  - På flere språk',
        '- Informasjon i skolen',
        '',
        '1. Først dette',
        '2. Så dette',
        '',
        '| Gruppe      | Prosent |',
        '| ----------- | ------- |',
        '| Innvandrere | 38      |',
        '',
        '![En rød prikk på hvit bunn](../images/05-valg-1.png)',
        '',
        '[^1]: Tallene gjelder kommunestyrevalget.',
        '',
      ].join('\n'),
    );
    expect(await readFile(project.file('content/images/05-valg-1.png'))).toEqual(dotPng);
    expect(result.problems.all()).toEqual([]);
    // Not asked to: report.yaml is untouched.
    expect(result.report).toBe('not-asked');
    expect(await project.read('content/report.yaml')).not.toContain('05-valg');
  });

  it('puts the comments into the review log, with author, date and file, on the paragraph the preview will show', async () => {
    const result = await importBytes(await fullDocument(), 'utkast.docx', { chapter: '05-valg.md', addToReport: true });
    expect(result.comments).toBe(1);
    const store = await CommentStore.open(project.root);
    const [comment] = store.list();
    expect(comment).toMatchObject({
      chapter: 'chapters/05-valg.md',
      name: 'Kari Nordmann',
      text: 'Trenger vi en kilde her?',
      created: '2025-03-04T09:30:00.000Z',
      quote: 'Dette avsnittet har en kommentar fra leseren.',
      importedFrom: 'utkast.docx',
      resolved: false,
      round: 0,
    });
    // The anchor is the one the preview gives that paragraph in the real build.
    const built = await build({ root: project.root, checkOnly: true });
    const page = decoratePage(built.html!, chapterInfos(built), { mode: 'utkast', client: false, version: 1 });
    const paragraph = page.paragraphs.find((p) => p.text === 'Dette avsnittet har en kommentar fra leseren.');
    expect(paragraph?.anchor).toBe(comment!.anchor);
    const placed = await store.place(page.paragraphs);
    expect(placed[0]!.placement).toBe('exact');
  });

  it('finds the chapter of an earlier import of the same draft, and logs its comments once', async () => {
    const first = await importBytes(await fullDocument(), 'Utkast valg.docx');
    expect(path.basename(first.chapterFile)).toBe('05-utkast-valg.md');
    const refused = await importBytes(await fullDocument(), 'Utkast valg.docx').catch((e: unknown) => e);
    expect((refused as ImportRefused).message).toMatch(/finnes allerede/);
    const again = await importBytes(await fullDocument(), 'Utkast valg.docx', { overwrite: true });
    expect(again.chapterFile).toBe(first.chapterFile);
    expect(again).toMatchObject({ comments: 0, commentsAlreadyLogged: 1 });
    expect((await CommentStore.open(project.root)).list()).toHaveLength(1);
  });

  it("drops the bold a writer put on a table's first row (it is the header)", async () => {
    const bold = (t: string) =>
      new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: t, bold: true })] })] });
    const table = new Table({
      rows: [
        new TableRow({ children: [bold('Gruppe'), bold('Andel')] }),
        new TableRow({
          children: [
            new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: 'Alle', bold: true })] })] }),
            new TableCell({ children: [new Paragraph('50')] }),
          ],
        }),
      ],
    });
    await importBytes(
      await docxFile([new Paragraph({ text: 'T', heading: HeadingLevel.HEADING_1 }), table]),
      'b.docx',
      { chapter: '05-b.md' },
    );
    expect(await project.read('content/chapters/05-b.md')).toContain(
      '| Gruppe   | Andel |\n| -------- | ----- |\n| **Alle** | 50    |',
    );
  });

  it("makes Word's Quote style a block quote, leaves out Word's table of contents, and names an unknown style in Norwegian", async () => {
    const bytes = await docxFile([
      new Paragraph({ text: 'Sitater', heading: HeadingLevel.HEADING_1 }),
      new Paragraph({ text: 'Innhold', style: 'TOCHeading' }),
      new Paragraph({ text: 'Sitater\t1', style: 'TOC1' }),
      new Paragraph({ text: 'Et sitat\t2', style: 'TOC2' }),
      new Paragraph({ text: 'Jeg stemte for første gang.', style: 'Quote' }),
      new Paragraph({ text: 'Egen stil.', style: 'MinStil' }),
    ]);
    const result = await importBytes(bytes, 's.docx', { chapter: '05-s.md' });
    expect(await project.read('content/chapters/05-s.md')).toBe(
      '---\ntitle: Sitater\n---\n\n> Jeg stemte for første gang.\n\nEgen stil.\n',
    );
    expect(result.problems.all().map((m) => m.reason.split('. ')[0])).toEqual([
      'Word-stilen «Min stil» er ukjent for importen; avsnittene med den er tatt med som vanlig tekst',
    ]);
  });

  it('numbers footnotes and endnotes together in the order they are referred to, and keeps strikethrough', async () => {
    const bytes = await docxFile(
      [
        new Paragraph({ text: 'Noter', heading: HeadingLevel.HEADING_1 }),
        new Paragraph({
          children: [
            new TextRun('Først en sluttnote.'),
            new EndnoteReferenceRun({ children: [new Paragraph('Sluttnoten.')] }),
            new TextRun(' Så en fotnote.'),
            new FootnoteReferenceRun(1),
          ],
        }),
        new Paragraph({ children: [new TextRun({ text: 'strøket', strike: true }), new TextRun(' tekst.')] }),
      ],
      { footnotes: { 1: 'Fotnoten.' } },
    );
    await importBytes(bytes, 'n.docx', { chapter: '05-n.md' });
    expect(await project.read('content/chapters/05-n.md')).toContain(
      'Først en sluttnote.[^1] Så en fotnote.[^2]\n\n~~strøket~~ tekst.\n\n[^1]: Sluttnoten.\n\n[^2]: Fotnoten.\n',
    );
  });

  it('keeps text that looks like Markdown or HTML as the same text', async () => {
    const tricky = [
      '<span>HTML</span> & <b>fet</b>',
      '# ikke en overskrift',
      '1. ikke en liste',
      '- ikke et punkt',
      'Stjerne*her* og _under_strek_ og `kode`',
      'Klammer [sic] og [@ikke-en-nøkkel-før-import og :tiltak uten klammer',
      'Kl. 10:30, 50 % og a|b',
      'https://www.imdi.no står som tekst',
    ];
    await importBytes(
      await docxFile([
        new Paragraph({ text: 'Tekst', heading: HeadingLevel.HEADING_1 }),
        ...tricky.map((t) => new Paragraph(t)),
      ]),
      'x.docx',
      { chapter: '05-x.md', addToReport: true },
    );
    const markdown = await project.read('content/chapters/05-x.md');
    const { unified } = await import('unified');
    const { default: remarkParse } = await import('remark-parse');
    const { default: remarkGfm } = await import('remark-gfm');
    const { default: remarkDirective } = await import('remark-directive');
    const { default: remarkFrontmatter } = await import('remark-frontmatter');
    const { toString } = await import('mdast-util-to-string');
    const tree = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm).use(remarkDirective).parse(markdown);
    const paragraphs = tree.children.filter((n) => n.type === 'paragraph').map((n) => toString(n));
    expect(paragraphs).toEqual(tricky);
    // The build reads it as text too: no raw HTML, no unknown directive or citation.
    const built = await build({ root: project.root, checkOnly: true });
    expect(built.problems.errorCount).toBe(0);
  });

  it('reads a .docx that LibreOffice wrote (its own styles and footnote numbers)', async () => {
    const result = await importBytes(await readFile(path.join(wordFixtures, 'utkast-libreoffice.docx')), 'lo.docx', {
      chapter: '05-lo.md',
    });
    const markdown = await project.read('content/chapters/05-lo.md');
    expect(markdown).toMatch(/^---\ntitle: Unge velgere med innvandrerbakgrunn\n---\n\n## Innledning\n/);
    expect(markdown).toContain('velgerne (Bergh mfl. 2020). Effekten');
    expect(markdown).toContain('førstegangsvelgere[^1] stemmer');
    expect(markdown).toContain('(SSB 2023).[^2]');
    // LibreOffice moved the second footnote's text to the first and left the second empty (see the fixtures' README).
    expect(markdown).toMatch(/\n\[\^1\]: Tallene for 2023 er foreløpige\.\n\n\[\^2\]:\s*$/);
    expect(markdown).toContain('| Innvandrere, norske statsborgere | 40   | 38   |');
    expect(markdown).toContain('- Informasjon på flere språk\n  - Særlig arabisk, somali og tigrinja\n');
    expect(result.comments).toBe(3);
    expect(result.problems.all().map((m) => m.ruleId)).not.toContain('import-word-style');
  });

  it('logs a reply in a Word comment thread as a comment of its own, on the same paragraph', async () => {
    const paragraph = new Paragraph({
      children: [
        new CommentRangeStart(0),
        new CommentRangeStart(1),
        new TextRun('Omstridt avsnitt.'),
        new CommentRangeEnd(0),
        new CommentRangeEnd(1),
        new TextRun({ children: [new CommentReference(0)] }),
        new TextRun({ children: [new CommentReference(1)] }),
      ],
    });
    const bytes = await docxFile([new Paragraph({ text: 'Tråd', heading: HeadingLevel.HEADING_1 }), paragraph], {
      comments: [
        { id: 0, author: 'Kari', date: new Date('2025-03-01T10:00:00Z'), children: [new Paragraph('Stemmer dette?')] },
        {
          id: 1,
          author: 'Ola',
          date: new Date('2025-03-02T10:00:00Z'),
          parentId: 0,
          children: [new Paragraph('Ja, se SSB.')],
        },
      ],
    });
    await importBytes(bytes, 't.docx', { chapter: '05-t.md' });
    const comments = (await CommentStore.open(project.root)).list();
    expect(comments.map((c) => [c.name, c.text, c.quote])).toEqual([
      ['Kari', 'Stemmer dette?', 'Omstridt avsnitt.'],
      ['Ola', 'Ja, se SSB.', 'Omstridt avsnitt.'],
    ]);
  });

  it('takes tracked changes as if they were accepted', async () => {
    const change = { author: 'Per', date: '2025-02-01T10:00:00Z' };
    const bytes = await docxFile([
      new Paragraph({ text: 'Endringer', heading: HeadingLevel.HEADING_1 }),
      new Paragraph({
        children: [
          new TextRun('Valgdeltakelsen var '),
          new DeletedTextRun({ id: 1, ...change, text: 'høy' }),
          new InsertedTextRun({ id: 2, ...change, text: 'lav' }),
          new TextRun('.'),
        ],
      }),
    ]);
    await importBytes(bytes, 'e.docx', { chapter: '05-e.md' });
    expect(await project.read('content/chapters/05-e.md')).toBe(
      '---\ntitle: Endringer\n---\n\nValgdeltakelsen var lav.\n',
    );
  });

  it('puts a comment in a table cell on the paragraph before the table, and says so', async () => {
    const table = new Table({
      rows: [
        new TableRow({ children: [new TableCell({ children: [new Paragraph('Gruppe')] })] }),
        new TableRow({ children: [new TableCell({ children: [commented(7, 'Innvandrere')] })] }),
      ],
    });
    const result = await importBytes(
      await docxFile(
        [
          new Paragraph({ text: 'T', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('Tabellen viser gruppene.'),
          table,
        ],
        {
          comments: [{ id: 7, author: 'Per', children: [new Paragraph('Riktig gruppe?')] }],
        },
      ),
      'c.docx',
      { chapter: '05-c.md', now: new Date('2025-05-01T12:00:00Z') },
    );
    const [comment] = (await CommentStore.open(project.root)).list();
    expect(comment).toMatchObject({ quote: 'Tabellen viser gruppene.', name: 'Per', text: 'Riktig gruppe?' });
    expect(result.problems.all().map((m) => m.ruleId)).toEqual(['import-comment-anchor']);
    // It points at the table row the comment was in.
    const line = result.problems.all()[0]!.line!;
    expect((await project.read('content/chapters/05-c.md')).split('\n')[line - 1]).toMatch(/^\| Innvandrere/);
  });

  it('takes the title from the file name when the document starts without a heading, and says so', async () => {
    const bytes = await docxFile([
      new Paragraph('Bare tekst.'),
      new Paragraph({ text: 'Underoverskrift', heading: HeadingLevel.HEADING_2 }),
    ]);
    const result = await importBytes(bytes, 'valg_i_bydelene.docx');
    const name = path.basename(result.chapterFile);
    expect(name).toBe('05-valg-i-bydelene.md');
    const markdown = await readFile(result.chapterFile, 'utf8');
    expect(markdown).toBe('---\ntitle: Valg i bydelene\n---\n\nBare tekst.\n\n## Underoverskrift\n');
    expect(result.problems.all().map((m) => m.ruleId)).toEqual(['import-title']);
  });

  it('marks an image without alt text with a TODO and a warning, and the build still refuses it', async () => {
    const result = await importBytes(
      await docxFile([new Paragraph({ text: 'Figurer', heading: HeadingLevel.HEADING_1 }), picture(dotPng)]),
      'figur.docx',
      { chapter: '05-figur.md', addToReport: true },
    );
    const markdown = await project.read('content/chapters/05-figur.md');
    expect(markdown).toContain('<!-- TODO: Skriv alternativ tekst for bildet under');
    expect(markdown).toContain('![](../images/05-figur-1.png)');
    const warning = result.problems.all().find((m) => m.ruleId === 'import-image-alt');
    expect(warning?.line).toBe(markdown.split('\n').findIndex((l) => l.startsWith('![')) + 1);
    await expect(build({ root: project.root, checkOnly: true })).rejects.toMatchObject({ name: 'ContentError' });
  });

  it('never overwrites a different image, and reuses the same one', async () => {
    await mkdir(project.file('content/images'), { recursive: true });
    await project.write('content/images/05-a-1.png', Buffer.from('et annet bilde'));
    const first = await importBytes(
      await docxFile([picture(dotPng, 'Prikk'), picture(dotPng, 'Prikk igjen'), picture(dotPng)]),
      'a.docx',
      { chapter: '05-a.md' },
    );
    expect(await project.read('content/images/05-a-1.png')).toBe('et annet bilde');
    expect(await readFile(project.file('content/images/05-a-2.png'))).toEqual(dotPng);
    // The same picture twice is one file.
    expect(new Set(first.images.map((i) => i.file)).size).toBe(1);
    // The warning points at the use without alt text, not at the first use of the file.
    const markdown = await project.read('content/chapters/05-a.md');
    const missing = first.problems.all().filter((m) => m.ruleId === 'import-image-alt');
    expect(missing.map((m) => markdown.split('\n')[m.line! - 1])).toEqual(['![](../images/05-a-2.png)']);
    const again = await importBytes(await docxFile([picture(dotPng, 'Prikk')]), 'a.docx', {
      chapter: '05-a.md',
      overwrite: true,
    });
    expect(again.images).toEqual([{ file: project.file('content/images/05-a-2.png'), reused: true }]);
  });

  it('warns about merged table cells at the table', async () => {
    const table = new Table({
      rows: [
        new TableRow({ children: [new TableCell({ children: [new Paragraph('Gruppe')], columnSpan: 2 })] }),
        new TableRow({
          children: [
            new TableCell({ children: [new Paragraph('A')], verticalMerge: VerticalMergeType.RESTART }),
            new TableCell({ children: [new Paragraph('1')] }),
          ],
        }),
        new TableRow({
          children: [
            new TableCell({ children: [], verticalMerge: VerticalMergeType.CONTINUE }),
            new TableCell({ children: [new Paragraph('2')] }),
          ],
        }),
      ],
    });
    const result = await importBytes(
      await docxFile([
        new Paragraph({ text: 'Tabell', heading: HeadingLevel.HEADING_1 }),
        new Paragraph('Tekst før.'),
        table,
      ]),
      't.docx',
      { chapter: '05-t.md' },
    );
    const markdown = await project.read('content/chapters/05-t.md');
    const warning = result.problems.all().find((m) => m.ruleId === 'import-merged-cells');
    expect(warning).toBeDefined();
    expect(markdown.split('\n')[warning!.line! - 1]).toMatch(/^\| Gruppe/);
  });

  it('lists each text citation with its line and suggests the key from references.yaml', async () => {
    const bytes = await docxFile([
      new Paragraph({ text: 'Kilder', heading: HeadingLevel.HEADING_1 }),
      new Paragraph('Brev økte valgdeltakelsen (Bergh mfl. 2020).'),
      new Paragraph('Ifølge Bergh mfl. (2020) virket det best for nye velgere.'),
      new Paragraph('Andelen var 38 prosent (SSB 2023), som for øvrig (Ukjent 1999) sier.'),
      new Paragraph('Allerede riktig: [@bergh-2020]. Ikke en kilde: (oppdrag 2024-26).'),
    ]);
    const result = await importBytes(bytes, 'k.docx', { chapter: '05-k.md' });
    const markdown = await project.read('content/chapters/05-k.md');
    expect(markdown).toContain('Allerede riktig: [@bergh-2020].');
    const found = result.problems.all().filter((m) => m.ruleId === 'import-citation');
    const lines = markdown.split('\n');
    expect(found.map((m) => m.reason.match(/«(.*)»/)![1])).toEqual([
      '(Bergh mfl. 2020)',
      'Ifølge Bergh mfl. (2020)',
      '(SSB 2023)',
      '(Ukjent 1999)',
    ]);
    expect(found[0]!.note).toContain('[@bergh-2020]');
    expect(found[1]!.note).toContain('[@bergh-2020]');
    expect(found[1]!.note).toContain('skriv setningen om');
    expect(found[2]!.note).toContain('@ssb-lavere-2023');
    expect(found[3]!.note).toContain('[@nøkkel]');
    expect(result.citations).toBe(4);
    for (const m of found) expect(lines[m.line! - 1]!.slice(m.column! - 1)).toMatch(/^(\(|Ifølge)/);
  });

  it('finds citations with several parts and page numbers', () => {
    const references = summarizeReferences(
      '- id: kleven-2019\n  author: [{family: Kleven}]\n  issued: {date-parts: [[2019]]}\n- id: bergh-2020\n  author: [{family: Bergh}]\n  issued: {date-parts: [[2020]]}\n',
    );
    const [c] = findCitations('Tekst (Bergh, Christensen og Matland 2020; Kleven 2019, s. 12).', references);
    expect(c).toMatchObject({ line: 1, column: 7, suggestion: '[@bergh-2020; @kleven-2019]' });
  });
});

describe('as a writer uses it', () => {
  it('imports a two-page draft into the real report; after the suggested fixes the check passes and the comments sit on their paragraphs', async () => {
    const real = await tempProject('real');
    try {
      const file = path.join(drafts, 'Utkast unge velgere.docx');
      await writeFile(file, await writerDraft());
      // The next number after the real report's chapters (read here, so that writers can add chapters).
      const numbers = [...(await real.read('content/report.yaml')).matchAll(/chapters\/(\d+)-/g)].map((m) =>
        Number(m[1]),
      );
      const result = await importWord({ root: real.root, docx: file, addToReport: true });
      expect(result.ref).toBe(`chapters/${String(Math.max(...numbers) + 1).padStart(2, '0')}-utkast-unge-velgere.md`);
      expect(result.reportBefore).toBe('chapters/08-referanser.md');
      expect(result.comments).toBe(3);
      const rules = result.problems.all().map((m) => m.ruleId);
      expect(rules.filter((r) => r === 'import-citation')).toHaveLength(5);
      expect(rules).toContain('import-image-alt');
      expect(rules).toContain('import-comment-anchor');

      // As imported, the build refuses the picture without alt text, and nothing else.
      const first = await build({ root: real.root, checkOnly: true }).catch(
        (e: { problems: { all(): { ruleId?: string | null; fatal?: boolean | null }[] } }) => e,
      );
      expect(
        'problems' in first &&
          first.problems
            .all()
            .filter((m) => m.fatal)
            .map((m) => m.ruleId),
      ).toEqual(['image-alt']);

      // The writer does what the warnings say: alt text, and [@key] where a key was suggested or listed.
      let text = await readFile(result.chapterFile, 'utf8');
      text = text.replace(/<!-- TODO:.*-->\n\n/, '').replace('![](', '![Kart over bydelene](');
      for (const m of result.problems.all().filter((m) => m.ruleId === 'import-citation')) {
        const cited = m.reason.match(/«(.*)»/)![1]!;
        const listed = m.message.match(/passer: (@[\w-]+)/)?.[1];
        const key = listed ? `[${listed}]` : m.message.match(/Skriv den som (\[@[^\]]+\]) \(nøkkelen/)?.[1];
        text = text.replace(cited, key ? cited.replace(/\(.*\)/, key) : '');
      }
      await writeFile(result.chapterFile, text);
      const built = await build({ root: real.root, checkOnly: true }).catch(
        (e: { problems?: { report(): string } }) => {
          throw new Error(`${e.problems?.report()}\n${text}`);
        },
      );
      expect(built.problems.errorCount).toBe(0);
      expect(built.chapters.map((c) => c.source.ref)).toContain(result.ref);

      // The imported comments are on their paragraphs (or followed them through the writer's edits).
      const page = decoratePage(built.html!, chapterInfos(built), { mode: 'utkast', client: false, version: 1 });
      const placed = await (await CommentStore.open(real.root)).place(page.paragraphs);
      expect(placed.map((c) => c.placement)).not.toContain('orphaned');
      expect(placed.find((c) => c.name === 'Per Olsen' && c.text.startsWith('Kan vi'))?.anchorText).toMatch(
        /^Forskningen viser/,
      );
    } finally {
      await real.remove();
    }
  });
});

describe('report.yaml', () => {
  it('gets the chapter only with --legg-til, in file-name order, with its comments and layout kept', async () => {
    const before = (await project.read('content/report.yaml')).replace(
      'chapters:\n',
      '# Kapitlene i rekkefølge\nchapters:  # se skriveveiledningen\n',
    );
    await project.write('content/report.yaml', before);
    const result = await importBytes(await fullDocument(), 'u.docx', { chapter: '03b-nytt.md', addToReport: true });
    expect(result.report).toBe('added');
    const after = await project.read('content/report.yaml');
    expect(after).toBe(
      before.replace('  - chapters/04-vedlegg.md\n', '  - chapters/03b-nytt.md\n  - chapters/04-vedlegg.md\n'),
    );
    const again = await importBytes(await fullDocument(), 'u.docx', {
      chapter: '03b-nytt.md',
      addToReport: true,
      overwrite: true,
    });
    expect(again.report).toBe('already-listed');
    expect(await project.read('content/report.yaml')).toBe(after);
  });

  it('puts a chapter that sorts last before the references and appendices at the end', async () => {
    // In the mini report, 03-kilder is unnumbered and 04-vedlegg an appendix.
    await importBytes(await fullDocument(), 'u.docx', { chapter: '09-nytt.md', addToReport: true });
    expect(await project.read('content/report.yaml')).toContain(
      '  - chapters/02-status.md\n  - chapters/09-nytt.md\n  - chapters/03-kilder.md\n',
    );
  });
});

describe('bad input: a clear refusal, and nothing written', () => {
  const compound = (streams: string[]) => {
    const bytes = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes);
    let at = 1024;
    for (const name of streams) at += Buffer.from(name, 'utf16le').copy(bytes, at) + 64;
    return bytes;
  };
  const cases: [string, () => Promise<Buffer>, Partial<ImportOptions>, RegExp, RegExp][] = [
    [
      'an old .doc',
      async () => compound(['WordDocument', '1Table']),
      {},
      /gammelt Word-dokument \(\.doc/,
      /Lagre som → Word-dokument/,
    ],
    [
      'a password-protected document',
      async () => compound(['EncryptionInfo', 'EncryptedPackage']),
      {},
      /passordbeskyttet/,
      /fjern passordet/,
    ],
    [
      'a PDF named .docx',
      async () => Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'),
      {},
      /er en PDF/,
      /Word-filen/,
    ],
    ['a text file', async () => Buffer.from('Bare tekst'), {}, /ikke et Word-dokument/, /lagre den som Word-dokument/],
    [
      'an Excel workbook',
      async () => {
        const zip = new JSZip();
        zip.file('xl/workbook.xml', '<workbook/>');
        return zip.generateAsync({ type: 'nodebuffer' });
      },
      {},
      /Excel-regneark/,
      /Word-fil/,
    ],
    [
      'a real Word 97–2003 file (from LibreOffice)',
      () => readFile(path.join(wordFixtures, 'utkast-word97.doc')),
      {},
      /gammelt Word-dokument/,
      /Word-dokument \(\*\.docx\)/,
    ],
    [
      'a real OpenDocument file (from LibreOffice)',
      () => readFile(path.join(wordFixtures, 'utkast.odt')),
      {},
      /OpenDocument/,
      /lagre det som Word-dokument/,
    ],
    ['a file over the size limit', fullDocument, { maxBytes: 1000 }, /for stor .*grensen er/, /Komprimer bilder/],
    [
      'a file that unpacks to more than the limit',
      fullDocument,
      { maxUnpackedBytes: 20_000 },
      /pakkes ut til mer enn/,
      /lagre den på nytt/,
    ],
    [
      'a chapter name with a folder',
      fullDocument,
      { chapter: '../05-ut.md' },
      /kan ikke brukes som kapittelfil/,
      /05-navn\.md/,
    ],
  ];
  for (const [what, make, options, reason, hint] of cases) {
    it(`refuses ${what}`, async () => {
      const before = await snapshot(project.root);
      const error = await importBytes(await make(), 'utkast.docx', { addToReport: true, ...options }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ImportRefused);
      expect((error as ImportRefused).message).toMatch(reason);
      expect((error as ImportRefused).hint).toMatch(hint);
      expect((error as ImportRefused).exitCode).toBe(1);
      expect(await snapshot(project.root)).toEqual(before);
    });
  }

  it("names Word's lock file (~$…) when it is picked by mistake", async () => {
    const lock = path.join(drafts, '~$tkast.docx');
    await writeFile(lock, Buffer.alloc(162, 0x20));
    const error = await importWord({ root: project.root, docx: lock }).catch((e: unknown) => e);
    expect((error as ImportRefused).message).toMatch(/låsefil/);
  });

  it('refuses to replace an existing chapter unless told to (--overskriv)', async () => {
    const before = await snapshot(project.root);
    const error = await importBytes(await fullDocument(), 'u.docx', {
      chapter: '02-status.md',
      addToReport: true,
    }).catch((e: unknown) => e);
    expect((error as ImportRefused).message).toMatch(/content\/chapters\/02-status\.md finnes allerede/);
    expect((error as ImportRefused).hint).toMatch(/--overskriv/);
    expect(await snapshot(project.root)).toEqual(before);
    await importBytes(await fullDocument(), 'u.docx', { chapter: '02-status.md', overwrite: true });
    expect(await project.read('content/chapters/02-status.md')).toContain('title: Valgdeltakelse i kommunene');
  });

  it('takes back what it wrote when a later write fails', async () => {
    // review/ is a file, so the comment log cannot be written: the last step fails.
    await project.write('review', 'ikke en mappe');
    const before = await snapshot(project.root);
    await expect(
      importBytes(await fullDocument(), 'u.docx', { chapter: '05-valg.md', addToReport: true }),
    ).rejects.toThrow();
    expect(await snapshot(project.root)).toEqual(before);
  });
});

describe('the command line', () => {
  it('imports and says what it wrote', async () => {
    const file = path.join(drafts, 'kli.docx');
    await writeFile(
      file,
      await docxFile(
        [
          new Paragraph({ text: 'Nytt kapittel', heading: HeadingLevel.HEADING_1 }),
          commented(3, 'Et avsnitt (Bergh mfl. 2020).'),
          new Paragraph({ children: [new TextRun('Slutt.')] }),
        ],
        {
          comments: [
            { id: 3, author: 'Ola', date: new Date('2025-01-02T03:04:05Z'), children: [new Paragraph('Ok?')] },
          ],
        },
      ),
    );
    const run = await runCli(['import', file, '--root', project.root, '--kapittel', '05-nytt.md', '--legg-til']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('content/chapters/05-nytt.md');
    expect(run.stdout).toContain('La 1 kommentar fra Word inn i review/kommentarer.jsonl');
    expect(run.stdout).toContain(
      'La chapters/05-nytt.md til i content/report.yaml (chapters:), foran chapters/03-kilder.md',
    );
    expect(run.stderr).toMatch(
      /content\/chapters\/05-nytt\.md\n\s*5:12.*warning.*«\(Bergh mfl\. 2020\)».*import-citation.*\n.*\[@bergh-2020\]/,
    );
  });

  it('refuses a renamed PDF with exit code 1 and a Norwegian message', async () => {
    const file = path.join(drafts, 'rapport.docx');
    await writeFile(file, '%PDF-1.4\n');
    const before = await snapshot(project.root);
    const run = await runCli(['import', file, '--root', project.root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Feil: .*rapport\.docx er en PDF/);
    expect(run.stderr).toContain('Løsning: ');
    expect(run.stderr).toContain('Ingenting ble skrevet.');
    expect(await snapshot(project.root)).toEqual(before);
  });

  it('finds the file from the folder the writer is in (npm runs scripts in the project folder)', async () => {
    await mkdir(project.file('utkast'), { recursive: true });
    await writeFile(project.file('utkast/kap.docx'), await fullDocument());
    const run = await runCli(['import', 'kap.docx', '--root', project.root, '--kapittel', '05-kap.md'], {
      INIT_CWD: project.file('utkast'),
    });
    expect(run.code).toBe(0);
    expect(await project.read('content/chapters/05-kap.md')).toContain('title: Valgdeltakelse i kommunene');
  });

  it('asks for the file (exit code 2)', async () => {
    const run = await runCli(['import', '--root', project.root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Oppgi Word-filen');
  });
});
