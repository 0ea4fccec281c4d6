/** The preview's pieces without a browser: the page tree, anchors, the round diff, the comment log, exports and guards. */
import { appendFile, readFile } from 'node:fs/promises';
import type { List } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../helpers/build-api.ts';
import { CommentStore } from '../../src/preview/comments.ts';
import { commentsToCsv, commentsToMarkdown, csvCell } from '../../src/preview/comments-export.ts';
import { parseHtml, serializeHtml } from '../../src/preview/html-tree.ts';
import type { PlacedComment } from '../../src/preview/messages.ts';
import { chapterInfos, decoratePage } from '../../src/preview/page.ts';
import type { ChapterInfo, Paragraph } from '../../src/preview/paragraphs.ts';
import { hostAllowed, safePathname } from '../../src/preview/security.ts';
import { classifyChanges } from '../../src/preview/watcher.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject;
beforeAll(async () => {
  project = await tempProject('mini');
});
afterAll(() => project?.remove());

const chapter: ChapterInfo[] = [{ id: 'k1', ref: 'chapters/01-a.md', label: '1', title: '1 A' }];
const page = (...paragraphs: string[]) =>
  `<!DOCTYPE html><html><head><title>T</title></head><body><main><section class="chapter" id="k1"><h1 id="k1-title">A</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</section></main></body></html>`;
const draft = (html: string) => decoratePage(html, chapter, { mode: 'utkast', client: false, version: 1 });

describe('page tree and anchors', () => {
  it('writes the built page back byte for byte', async () => {
    const result = await build({ root: project.root, checkOnly: true });
    expect(serializeHtml(parseHtml(result.html!))).toBe(result.html);
  });

  it('keeps paragraph anchors when other paragraphs are edited', async () => {
    const before = await build({ root: project.root, checkOnly: true });
    const first = decoratePage(before.html!, chapterInfos(before), {
      mode: 'utkast',
      client: false,
      version: 1,
    }).paragraphs;
    await project.edit('content/chapters/02-status.md', 'En grunnlovsendring', 'En endring i Grunnloven');
    const after = await build({ root: project.root, checkOnly: true });
    const second = decoratePage(after.html!, chapterInfos(after), {
      mode: 'utkast',
      client: false,
      version: 2,
    }).paragraphs;
    const edited = first.find((p) => p.text.includes('En grunnlovsendring'))!;
    expect(second.map((p) => p.anchor)).not.toContain(edited.anchor);
    const untouched = first.filter((p) => p !== edited).map((p) => p.anchor);
    expect(second.map((p) => p.anchor)).toEqual(expect.arrayContaining(untouched));
    expect(second.length).toBe(first.length);
  });

  it('tells identical paragraphs apart and numbers paragraphs per chapter', () => {
    const { paragraphs } = draft(page('Samme.', 'Samme.', 'Annet.'));
    expect(paragraphs.map((p) => p.number)).toEqual(['1.1', '1.2', '1.3', '1.4']);
    expect(paragraphs[1]!.anchor).not.toBe(paragraphs[2]!.anchor);
    expect(paragraphs[2]!.anchor).toBe(`${paragraphs[1]!.anchor}-2`);
  });

  it('escapes everything it adds', () => {
    const { html } = decoratePage(page('x'), chapter, { mode: 'utkast', client: true, version: 1 });
    expect(html).toMatch(/<script type="application\/json" id="forh-tilstand">\{[^<]*\}<\/script>/);
  });
});

describe('changes since the last round', () => {
  const round = (html: string): { number: number; date: string; paragraphs: Paragraph[] } => ({
    number: 2,
    date: '2025-05-01',
    paragraphs: draft(html).paragraphs,
  });

  it('marks added, changed (word by word) and removed paragraphs', () => {
    const old = round(
      page(
        'Første avsnitt står som før.',
        'Andre avsnitt om valg og deltakelse i kommunene.',
        'Tredje avsnitt skal bort helt.',
      ),
    );
    const now = decoratePage(
      page(
        'Første avsnitt står som før.',
        'Andre avsnitt om valg og høy deltakelse i alle kommunene.',
        'Et nytt avsnitt.',
      ),
      chapter,
      { mode: 'endringer', round: old, client: false, version: 2 },
    );
    expect(now.diff).toEqual({ added: 1, changed: 1, removed: 1 });
    expect(now.html).toMatch(
      /data-endring="endret"[^>]*>Andre avsnitt om valg og <ins>høy <\/ins>deltakelse i <ins>alle <\/ins>kommunene\./,
    );
    expect(now.html).toMatch(/<p data-endring="ny"|data-endring="ny"[^>]*>Et nytt avsnitt\./);
    expect(now.html).toContain(
      '<div class="forh-fjernet" data-endring="fjernet"><del>Tredje avsnitt skal bort helt.</del></div>',
    );
    expect(now.html).toContain('UTKAST – runde 2');
  });

  it('escapes text in the marks', () => {
    const old = round(page('Tekst med &lt;b&gt; i seg og mer tekst.'));
    const now = decoratePage(page('Tekst med &lt;b&gt; i seg og enda mer tekst.'), chapter, {
      mode: 'endringer',
      round: old,
      client: false,
      version: 2,
    });
    expect(now.html).toContain('Tekst med &lt;b&gt; i seg og <ins>enda </ins>mer tekst.');
  });
});

describe('comment log', () => {
  const paragraphs = (texts: string[]) => draft(page(...texts)).paragraphs;

  it('keeps comments across reopening, survives a torn last line, re-attaches after edits and records resolution', async () => {
    const root = project.root;
    const first = paragraphs(['Valgdeltakelsen var lav i 2023 blant innvandrere i Oslo.', 'Noe annet.']);
    const store = await CommentStore.open(root);
    const added = await Promise.all(
      [1, 2, 3].map((i) =>
        store.add({ anchor: first[1]!.anchor, name: `Leser ${i}`, text: `Kommentar ${i}` }, first, 1),
      ),
    );
    await expect(store.add({ anchor: 'a-finnes-ikke', name: 'X', text: 'Y' }, first, 1)).rejects.toThrow(/finnes ikke/);
    await expect(store.add({ anchor: first[1]!.anchor, name: '  ', text: 'Y' }, first, 1)).rejects.toThrow(
      /Navn kan ikke være tom/,
    );

    // A crash in the middle of a write leaves half a line.
    await appendFile(store.file, '{"op":"add","comment":{"id":"halv');
    const reopened = await CommentStore.open(root);
    expect(reopened.skipped).toHaveLength(1);
    expect(
      reopened
        .list()
        .map((c) => c.text)
        .sort(),
    ).toEqual(['Kommentar 1', 'Kommentar 2', 'Kommentar 3']);

    // The paragraph is edited: the comments follow it; a later write starts on a fresh line.
    const edited = paragraphs(['Valgdeltakelsen var svært lav i 2023 blant innvandrere i Oslo.', 'Noe annet.']);
    const placed = await reopened.place(edited);
    expect(placed.every((c) => c.placement === 'moved' && c.currentAnchor === edited[1]!.anchor)).toBe(true);
    await reopened.resolve(added[0]!.id, true, 'Skribent');
    const again = await CommentStore.open(root);
    expect(again.skipped).toHaveLength(1);
    expect((await again.place(edited)).every((c) => c.placement === 'exact')).toBe(true);
    expect(again.list().find((c) => c.id === added[0]!.id)).toMatchObject({ resolved: true, resolvedBy: 'Skribent' });

    // Deleted paragraph: the comment is kept, but orphaned.
    const gone = await again.place(paragraphs(['Helt annen tekst her.']));
    expect(gone.every((c) => c.placement === 'orphaned')).toBe(true);
    const lines = (await readFile(again.file, 'utf8')).split('\n').filter(Boolean);
    expect(
      lines.filter((l) => {
        try {
          JSON.parse(l);
          return true;
        } catch {
          return false;
        }
      }),
    ).toHaveLength(lines.length - 1);
  });
});

describe('export', () => {
  const comment: PlacedComment = {
    id: '1',
    anchor: 'a',
    chapter: 'chapters/01-a.md',
    quote: 'Sitat *med* <b>',
    anchorText: '',
    name: '=HYPERLINK("x")',
    text: 'Linje 1 <script>\n# Linje 2',
    created: '2025-05-02T10:00:00Z',
    round: 1,
    resolved: false,
    placement: 'exact',
    currentAnchor: 'a',
    number: '1.2',
  };
  it('writes CSV that spreadsheets read as text', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    const csv = commentsToCsv([comment], new Map([['chapters/01-a.md', '1 A']]));
    expect(csv.startsWith('\uFEFF"Kapittel";')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
  it('writes Markdown where nothing a reviewer wrote is interpreted', () => {
    const text =
      'Linje 1 <script>\n===\n    innrykket\n# Linje 2\n1. liste\n- punkt\n> sitat\n[lenke](http://x) *uthevet*';
    const md = commentsToMarkdown([{ ...comment, text }], new Map([['chapters/01-a.md', '1 A']]), 'Kommentarer');
    // Read back as Markdown: two headings of ours, one list item, and the reviewer's text as plain text.
    const tree = unified().use(remarkParse).parse(md);
    const types = new Set<string>();
    visit(tree, (node) => void types.add(node.type));
    expect([...types].sort()).toEqual([
      'blockquote',
      'break',
      'heading',
      'list',
      'listItem',
      'paragraph',
      'root',
      'strong',
      'text',
    ]);
    expect(tree.children.filter((n) => n.type === 'heading')).toHaveLength(2);
    const item = (tree.children[2] as List).children[0]!;
    expect(toString(item.children[1])).toBe('Sitat *med* <b>');
    expect(
      item.children
        .slice(2)
        .map((p) => toString(p))
        .join(''),
    ).toBe(text.replaceAll('\n', ''));
    expect(toString(item.children[0])).toMatch(
      /^=HYPERLINK\("x"\), 02\.05\.2025 \d\d:00, runde 1, avsnitt 1\.2 \(Åpen\)$/,
    );
  });
});

describe('guards and change classes', () => {
  it('accepts only our host names on our port', () => {
    const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
    expect(hostAllowed('127.0.0.1:4321', names, 4321)).toBe(true);
    expect(hostAllowed('LOCALHOST:4321', names, 4321)).toBe(true);
    expect(hostAllowed('[::1]:4321', names, 4321)).toBe(true);
    expect(hostAllowed('evil.example:4321', names, 4321)).toBe(false);
    expect(hostAllowed('localhost', names, 4321)).toBe(false);
    expect(hostAllowed(undefined, names, 4321)).toBe(false);
    expect(hostAllowed('localhost:4321@evil', names, 4321)).toBe(false);
  });
  it('refuses paths that climb, in any spelling', () => {
    for (const p of ['/../x', '/a/%2e%2e/x', '/a/..%2fx', '/a\\..\\x', '/a%00', 'x', '/%E0%A4%A'])
      expect(safePathname(p), p).toBeUndefined();
    expect(safePathname('/assets/report.css?v=1')?.pathname).toBe('/assets/report.css');
  });
  it('decides the work from what changed', () => {
    expect(classifyChanges([{ event: 'change', file: 'templates/styles/report.css' }])).toBe('css');
    expect(
      classifyChanges([
        { event: 'change', file: 'content/chapters/02-status.md' },
        { event: 'change', file: 'templates/styles/report.css' },
      ]),
    ).toBe('chapters');
    expect(classifyChanges([{ event: 'change', file: 'content/report.yaml' }])).toBe('all');
    expect(classifyChanges([{ event: 'change', file: 'templates/layout.hbs' }])).toBe('all');
    expect(classifyChanges([{ event: 'add', file: 'content/chapters/05-ny.md' }])).toBe('all');
  });
});
