/**
 * The round's draft goes out (utkast.pdf, utkast.docx) and the comments come back
 * (`npm run round -- hent`): real drafts of the mini fixture, annotated with pdf-lib and written
 * with docx the way the viewers and Word write them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CommentStore } from '../../src/preview/comments.ts';
import { commentsToCsv, commentsToMarkdown } from '../../src/preview/comments-export.ts';
import { fetchComments, ImportRefused } from '../../src/preview/exchange/fetch-comments.ts';
import { latestRound, startRound } from '../../src/preview/rounds.ts';
import { startPreview } from '../../src/preview/server.ts';
import { annotate, commentedDocx, findText } from '../helpers/annotate.ts';
import { runCli } from '../helpers/cli.ts';
import { pdfInfo, pdfText } from '../helpers/pdf.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject;
/** The reviewers' files: beside the project, not in it. */
let inbox: string;
let draftPdf: Uint8Array;
let draftDocx: string;
/** The Word draft's paragraphs as Word shows them («¶ 1.8<tab>Frivilligheten …»). */
let wordParagraphs: string[];

beforeAll(async () => {
  project = await tempProject('mini');
  inbox = await mkdtemp(path.join(os.tmpdir(), 'imdi-hent-'));
  await startRound(project.root, { date: '2026-12-01' });
  draftPdf = new Uint8Array(await readFile(project.file('build/runde-1/utkast.pdf')));
  draftDocx = project.file('build/runde-1/utkast.docx');
  wordParagraphs = (await mammoth.extractRawText({ path: draftDocx })).value.split(/\n+/).filter(Boolean);
});
afterAll(async () => {
  await project?.remove();
  await rm(inbox, { recursive: true, force: true });
});
beforeEach(async () => {
  await rm(project.file('review/kommentarer.jsonl'), { force: true });
});

async function inboxFile(name: string, bytes: Uint8Array | Buffer): Promise<string> {
  const file = path.join(inbox, name);
  await writeFile(file, bytes);
  return file;
}

async function logText(): Promise<string> {
  return readFile(project.file('review/kommentarer.jsonl'), 'utf8').catch(() => '');
}

describe('the draft goes out', () => {
  it('writes utkast.pdf: tagged, marked with the round, with the paragraph numbers in the margin outside the tag tree', async () => {
    const file = project.file('build/runde-1/utkast.pdf');
    const info = pdfInfo(file);
    expect(info.Tagged).toBe('yes');
    expect(info.Subject).toContain('UTKAST – runde 1');
    expect(info.Keywords).toContain('utkast-runde-1');
    const text = pdfText(file);
    expect(text).toContain('UTKAST – runde 1');
    expect(text).toMatch(/¶ 1\.8 +Frivilligheten/);
    // The numbers are text (search, copy, pdf.js), marked as artifacts (PDF/UA finishing): never
    // in marked content the structure tree points at.
    const task = getDocument({ data: new Uint8Array(draftPdf), verbosity: 0 });
    const doc = await task.promise;
    const round = await latestRound(project.root);
    let numbers = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent({ includeMarkedContent: true });
      const open: string[] = [];
      for (const item of content.items) {
        if ('type' in item) {
          if (item.type === 'endMarkedContent') open.pop();
          else
            open.push(
              item.type === 'beginMarkedContentProps' && item.id ? 'tagged' : ((item as { tag?: string }).tag ?? ''),
            );
        } else if (/^¶ /.test(item.str)) {
          expect(open, `«${item.str}» on page ${n}`).toEqual(['Artifact']);
          numbers++;
        }
      }
    }
    await task.destroy();
    // Every paragraph outside tables' cells and definition lists has its number printed.
    expect(numbers).toBeGreaterThanOrEqual(round!.paragraphs.filter((p) => p.tag !== 'dt' && p.tag !== 'dd').length);
  });

  it('writes utkast.docx from the same page: headings, lists, a table, figures with alt text, a footnote, the paragraph numbers', async () => {
    const { value: html } = await mammoth.convertToHtml({ path: draftDocx });
    expect(html).toMatch(/<h1>¶ 1\.1\s+1 Status<\/h1>/);
    expect(html).toMatch(/<h2>¶ 1\.2\s+1\.1 Valgdeltakelse over tid<\/h2>/);
    expect(html).toMatch(/<h3>¶ 1\.7\s+1\.1\.1 Etter botid<\/h3>/);
    expect(html).toContain('<table>');
    expect(html).toContain('<td><p>Innvandrere</p></td>');
    expect(html).toMatch(
      /<img alt="Stolpediagram\. Innvandrere med norsk statsborgerskap 38 prosent[^"]*" src="data:image\/png/,
    );
    expect(html).toMatch(/<img alt="Et lite testbilde" src="data:image\/png/);
    // The footnote: its mark in the text and its text at the end.
    expect(html).toMatch(/oppdraget\.<sup><a href="#footnote-1"/);
    expect(html).toMatch(/<li id="footnote-1"><p>¶ 1\.15\s+Grunnloven § 50\./);
    expect(html).toMatch(/<ul><li>/);
    const round = await latestRound(project.root);
    // Every paragraph of the round is in the Word edition with its number (but the footnotes' heading: Word has its own place for them).
    for (const p of round!.paragraphs.filter((p) => p.text !== 'Fotnoter'))
      expect(html, p.number).toContain(`¶ ${p.number}\t`);
  });
});

describe('the comments come back from a PDF', () => {
  it('reads a sticky note, a highlight with a note and a popup, free text and a reply, with authors and dates, and places them', async () => {
    const highlight = await findText(draftPdf, 'Frivilligheten kan bidra');
    const note = await findText(draftPdf, 'Valgdeltakelsen blant innvandrere var');
    const toc = await findText(draftPdf, 'Valgdeltakelse over tid');
    const free = await findText(draftPdf, 'Kilde:');
    const file = await inboxFile(
      'utkast kommentert.pdf',
      await annotate(draftPdf, [
        {
          kind: 'Highlight',
          at: highlight,
          author: 'Kari Nordmann (AID)',
          text: 'Hvilke frivillige?',
          popup: true,
          date: "D:20261202093000+01'00'",
        },
        { kind: 'Text', at: note, author: 'Ola Hansen', text: 'Hvorfor ikke T02?' },
        { kind: 'FreeText', at: free, author: 'Kari Nordmann (AID)', text: 'Kilden trenger årstall' },
        { kind: 'Text', at: highlight, author: 'Per Olsen', text: 'Enig, nevn dem.', replyTo: 0 },
        // In the table of contents: no paragraph of the round is there.
        { kind: 'FreeText', at: toc, author: 'Ola Hansen', text: 'Mangler 2019-tallene' },
      ]),
    );
    const result = await fetchComments(project.root, file);
    expect(result.source).toBe('pdf');
    expect(result.filed).toHaveLength(5);
    const round = (await latestRound(project.root))!;
    const numberOf = (anchor: string) => round.paragraphs.find((p) => p.anchor === anchor)?.number;
    const byText = new Map(result.filed.map((c) => [c.text, c]));
    const hl = byText.get('Hvilke frivillige?')!;
    expect(hl).toMatchObject({
      name: 'Kari Nordmann (AID)',
      created: '2026-12-02T08:30:00.000Z',
      importSource: 'pdf',
      importedFrom: 'utkast kommentert.pdf',
      selection: 'Frivilligheten kan bidra',
      round: 1,
    });
    expect(numberOf(hl.anchor)).toBe('1.8');
    expect(numberOf(byText.get('Hvorfor ikke T02?')!.anchor)).toBe('Sammendrag.2');
    expect(numberOf(byText.get('Kilden trenger årstall')!.anchor)).toBe('1.6');
    const reply = byText.get('Enig, nevn dem.')!;
    expect(reply.replyTo).toBe(hl.id);
    expect(reply.anchor).toBe(hl.anchor);
    const unplaced = byText.get('Mangler 2019-tallene')!;
    expect(unplaced.unplaced).toBe(true);
    expect(result.unplaced).toEqual([unplaced]);
    expect(result.placedBy).toEqual({ tekst: 1, posisjon: 2, svar: 1, 'uten plassering': 1 });

    // The same file again adds nothing; the log is read back as written.
    const again = await fetchComments(project.root, file);
    expect(again.filed).toHaveLength(0);
    expect(again.known).toBe(5);
    const store = await CommentStore.open(project.root);
    expect(store.list()).toHaveLength(5);
    const placed = await store.place(round.paragraphs);
    expect(placed.find((c) => c.id === unplaced.id)?.placement).toBe('unplaced');
    expect(placed.find((c) => c.id === hl.id)?.placement).toBe('exact');

    // They are exported as before, with their source and the marked text.
    const csv = commentsToCsv(placed, new Map());
    expect(csv).toContain('"Kilde";"Markert tekst"');
    expect(csv).toMatch(
      /"Hvilke frivillige\?";[^\n]*"PDF \(utkast kommentert\.pdf, side \d+\)";"Frivilligheten kan bidra"/,
    );
    expect(csv).toContain('"(uten plassering)"');
    const markdown = commentsToMarkdown(placed, new Map(), 'Kommentarer');
    expect(markdown).toContain('## Uten plassering');
    expect(markdown).toMatch(
      /\*\*Ola Hansen\*\*, [^\n]*, fra PDF \(utkast kommentert\.pdf, side \d+\), uten plassering \(Åpen\)/,
    );

    // In the preview they can be answered (on the same paragraph, or «uten plassering» with it) and resolved.
    const answer = await store.add(
      { anchor: undefined, name: 'Skribent', text: 'Rettet.', replyTo: hl.id },
      round.paragraphs,
      1,
    );
    expect(answer).toMatchObject({ anchor: hl.anchor, replyTo: hl.id });
    const answerUnplaced = await store.add(
      { anchor: undefined, name: 'Skribent', text: 'Lagt til.', replyTo: unplaced.id },
      round.paragraphs,
      1,
    );
    expect(answerUnplaced).toMatchObject({ unplaced: true, replyTo: unplaced.id });
    await store.resolve(unplaced.id, true, 'Skribent');
    const reopened = await CommentStore.open(project.root);
    expect(reopened.list().find((c) => c.id === unplaced.id)).toMatchObject({
      resolved: true,
      resolvedBy: 'Skribent',
      importSource: 'pdf',
    });
  });

  it('the command prints what it filed and lists the comments it could not place', async () => {
    const toc = await findText(draftPdf, 'Valgdeltakelse over tid');
    const file = await inboxFile(
      'innholdsliste.pdf',
      await annotate(draftPdf, [{ kind: 'Text', at: toc, author: 'Ola Hansen', text: 'Hva med 2019?' }]),
    );
    const run = await runCli(['round', 'hent', file, '--root', project.root]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('La 1 kommentar fra innholdsliste.pdf inn i review/kommentarer.jsonl');
    expect(run.stdout).toContain('står som «uten plassering»');
    expect(run.stdout).toMatch(/Ola Hansen, side \d+: «Hva med 2019\?»/);
  });
});

describe('the preview shows comments fetched while it runs', () => {
  it('reads what hent appended, places it, and takes an answer to it', async () => {
    const server = await startPreview({
      root: project.root,
      port: 0,
      log: () => undefined,
      logError: () => undefined,
      debounceMs: 10,
    });
    try {
      const get = async (p: string) => (await fetch(`${server.url.replace(/\/$/, '')}${p}`)).text();
      expect(await get('/__forhandsvisning/kommentarer.md')).toContain('Ingen kommentarer.');
      const highlight = await findText(draftPdf, 'Frivilligheten kan bidra');
      const file = await inboxFile(
        'mens forhåndsvisningen går.pdf',
        await annotate(draftPdf, [{ kind: 'Highlight', at: highlight, author: 'Kari Nordmann', text: 'Hvem?' }]),
      );
      const { filed } = await fetchComments(project.root, file);
      let markdown = '';
      for (let i = 0; i < 100 && !markdown.includes('Hvem?'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        markdown = await get('/__forhandsvisning/kommentarer.md');
      }
      expect(markdown).toMatch(
        /\*\*Kari Nordmann\*\*, [^\n]*fra PDF \(mens forhåndsvisningen går\.pdf, side \d+\), avsnitt 1\.8 \(Åpen\)/,
      );
      const origin = server.url.replace(/\/$/, '');
      const answer = await fetch(`${origin}/__forhandsvisning/api/kommentarer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ replyTo: filed[0]!.id, name: 'Skribent', text: 'Frivillighetssentralene.' }),
      });
      expect(answer.status).toBe(201);
      expect(await answer.json()).toMatchObject({ replyTo: filed[0]!.id, anchor: filed[0]!.anchor, number: '1.8' });
      // The store the server writes with and a fresh one agree on the log.
      expect(
        (await CommentStore.open(project.root))
          .list()
          .map((c) => c.text)
          .sort(),
      ).toEqual(['Frivillighetssentralene.', 'Hvem?']);
    } finally {
      await server.close();
    }
  });
});

describe('the comments come back from Word', () => {
  it('reads comments with their range and tracked changes as suggestions, on the paragraphs their ¶ numbers name', async () => {
    const at = (start: string) => wordParagraphs.findIndex((p) => p.includes(start));
    const file = await inboxFile(
      'utkast runde 1 KN.docx',
      await commentedDocx({
        paragraphs: wordParagraphs,
        keywords: 'utkast-runde-1',
        comments: [
          {
            on: at('Frivilligheten kan'),
            range: 'Demokratiguider i bydelene',
            author: 'Kari Nordmann',
            text: 'Hvilke bydeler?',
            date: '2026-12-02T09:00:00Z',
          },
          {
            on: at('Valgdeltakelsen blant innvandrere var'),
            range: '38 prosent',
            author: 'Ola Hansen',
            text: 'Kilde for 38?',
            date: '2026-12-02T09:05:00Z',
          },
        ],
        changes: [
          {
            on: at('IMDi anbefaler'),
            author: 'Kari Nordmann',
            date: '2026-12-02T09:10:00Z',
            deleted: 'anbefaler',
            inserted: 'foreslår',
          },
          {
            on: at('Valgdeltakelsen blant innvandrere med norsk'),
            author: 'Ola Hansen',
            date: '2026-12-02T09:12:00Z',
            inserted: ' Tallene er fra SSB.',
          },
        ],
      }),
    );
    const result = await fetchComments(project.root, file);
    expect(result.source).toBe('word');
    const round = (await latestRound(project.root))!;
    const numberOf = (anchor: string) => round.paragraphs.find((p) => p.anchor === anchor)?.number;
    const got = result.filed.map((c) => [c.name, c.text, numberOf(c.anchor), c.selection, c.created]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['Kari Nordmann', 'Hvilke bydeler?', '1.8', 'Demokratiguider i bydelene', '2026-12-02T09:00:00.000Z'],
        ['Ola Hansen', 'Kilde for 38?', 'Sammendrag.2', '38 prosent', '2026-12-02T09:05:00.000Z'],
        [
          'Kari Nordmann',
          'Forslag (sporet endring): bytt «anbefaler» med «foreslår»',
          'Sammendrag.3',
          'anbefaler',
          '2026-12-02T09:10:00.000Z',
        ],
        [
          'Ola Hansen',
          'Forslag (sporet endring): sett inn « Tallene er fra SSB.»',
          '1.12',
          undefined,
          '2026-12-02T09:12:00.000Z',
        ],
      ]),
    );
    expect(result.filed).toHaveLength(4);
    expect(result.filed.every((c) => c.importSource === 'word' && c.importedFrom === 'utkast runde 1 KN.docx')).toBe(
      true,
    );
    expect((await fetchComments(project.root, file)).filed).toHaveLength(0);
  });

  it('a reply in a Word thread answers its comment, and a thread resolved in Word comes in resolved', async () => {
    const on = wordParagraphs.findIndex((p) => p.includes('Frivilligheten kan'));
    const file = await inboxFile(
      'tråd.docx',
      await commentedDocx({
        paragraphs: wordParagraphs,
        comments: [
          {
            on,
            range: 'Frivilligheten',
            author: 'Kari Nordmann',
            text: 'Hvem?',
            date: '2026-12-02T10:00:00Z',
            resolved: true,
          },
          {
            on,
            range: 'Frivilligheten',
            author: 'Skribent',
            text: 'Frivillighetssentralene.',
            date: '2026-12-02T11:00:00Z',
            replyTo: 0,
            resolved: true,
          },
        ],
      }),
    );
    const { filed, placedBy } = await fetchComments(project.root, file);
    const [first, reply] = [
      filed.find((c) => c.text === 'Hvem?')!,
      filed.find((c) => c.text === 'Frivillighetssentralene.')!,
    ];
    expect(reply.replyTo).toBe(first.id);
    expect(reply.anchor).toBe(first.anchor);
    expect(first).toMatchObject({ resolved: true, resolvedBy: 'Word' });
    expect(placedBy).toEqual({ nummer: 1, svar: 1 });
  });

  it('a comment whose paragraph lost its number is placed by its text', async () => {
    const i = wordParagraphs.findIndex((p) => p.includes('Frivilligheten kan'));
    const paragraphs = wordParagraphs.map((p, n) => (n === i ? p.replace(/^¶ \S+\t/, '') : p));
    const file = await inboxFile(
      'uten nummer.docx',
      await commentedDocx({
        paragraphs,
        comments: [{ on: i, range: 'Frivilligheten', author: 'K', text: 'Hvem?', date: '2026-12-02T10:00:00Z' }],
      }),
    );
    const [comment] = (await fetchComments(project.root, file)).filed;
    const round = (await latestRound(project.root))!;
    expect(round.paragraphs.find((p) => p.anchor === comment!.anchor)?.number).toBe('1.8');
  });
});

describe('bad input gets a clear message, and nothing is filed', () => {
  async function refused(file: string): Promise<ImportRefused> {
    const before = await logText();
    const error = await fetchComments(project.root, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRefused);
    expect(await logText()).toBe(before);
    return error as ImportRefused;
  }

  it('an encrypted PDF', async () => {
    const highlight = await findText(draftPdf, 'Frivilligheten kan bidra');
    const plain = await inboxFile(
      'plain.pdf',
      await annotate(draftPdf, [{ kind: 'Text', at: highlight, author: 'A', text: 'B' }]),
    );
    const locked = path.join(inbox, 'låst.pdf');
    execFileSync('qpdf', ['--encrypt', 'hemmelig', 'eier', '256', '--', plain, locked]);
    const error = await refused(locked);
    expect(error.message).toBe(
      `${path.relative(process.cwd(), locked)} er passordbeskyttet (kryptert), så kommentarene kan ikke leses`,
    );
    expect(error.hint).toContain('uten passord');
  });

  it('a PDF from another round, and a PDF that is no draft', async () => {
    const highlight = await findText(draftPdf, 'Frivilligheten kan bidra');
    const { PDFDocument, PDFName, PDFString } = await import('pdf-lib');
    const doc = await PDFDocument.load(
      await annotate(draftPdf, [{ kind: 'Text', at: highlight, author: 'A', text: 'B' }]),
      { updateMetadata: false },
    );
    const info = doc.context.lookup(doc.context.trailerInfo.Info) as import('pdf-lib').PDFDict;
    info.set(PDFName.of('ImdiRunde'), PDFString.of('7'));
    const old = await refused(await inboxFile('gammel.pdf', await doc.save()));
    expect(old.message).toContain('er utkastet fra runde 7, men runde 1 er den som pågår');
    info.delete(PDFName.of('ImdiRunde'));
    doc.setKeywords(['valgdeltakelse']);
    const foreign = await refused(await inboxFile('annen.pdf', await doc.save()));
    expect(foreign.message).toContain('er ikke et utkast fra en kommentarrunde');
  });

  it('a PDF without comments', async () => {
    const error = await refused(await inboxFile('urørt.pdf', draftPdf));
    expect(error.message).toContain('har ingen kommentarer');
  });

  it('a file that is not a .docx', async () => {
    const odt = await refused(await inboxFile('notat.docx', Buffer.from('Dette er bare tekst')));
    expect(odt.message).toContain('er ikke et Word-dokument (.docx)');
    const doc = await refused(
      await inboxFile(
        'gammel.doc',
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]),
      ),
    );
    expect(doc.message).toContain('er et gammelt Word-dokument (.doc');
  });

  it('a Word file with no comments, and a Word draft from another round', async () => {
    const none = await refused(draftDocx);
    expect(none.message).toBe(
      `${path.relative(process.cwd(), draftDocx)} har ingen kommentarer og ingen sporede endringer`,
    );
    const other = await refused(
      await inboxFile(
        'runde 3.docx',
        await commentedDocx({
          paragraphs: wordParagraphs,
          keywords: 'utkast-runde-3',
          comments: [{ on: 5, range: '¶', author: 'A', text: 'B', date: '2026-12-02T10:00:00Z' }],
        }),
      ),
    );
    expect(other.message).toContain('er Word-utkastet fra runde 3, men runde 1 er den som pågår');
  });

  it('the command exits with 1 and says what to do', async () => {
    const run = await runCli(['round', 'hent', path.join(inbox, 'finnes-ikke.pdf'), '--root', project.root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Feil: Finner ikke filen');
    expect(run.stderr).toContain('Løsning:');
    expect(run.stderr).toContain('Ingenting ble lagt inn.');
  });
});
