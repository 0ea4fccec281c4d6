/** Real .docx files for the Word import tests, made with the docx library (as Word would save them). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  type FileChild,
  type ICommentOptions,
} from 'docx';
import { repoRoot } from './project.ts';

/** A small PNG (the mini fixture's dot). */
export const dotPng = readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'mini', 'content', 'images', 'prikk.png'));

/** Word's numbered-list definition (1. then a)). */
const numbering = {
  config: [
    {
      reference: 'tall',
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
        { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2)', alignment: AlignmentType.START },
      ],
    },
  ],
};

/** Builds a .docx from body blocks, with optional comments and footnotes. */
export function docxFile(children: FileChild[], extra: { comments?: ICommentOptions[]; footnotes?: Record<number, string> } = {}): Promise<Buffer> {
  const footnotes = Object.fromEntries(Object.entries(extra.footnotes ?? {}).map(([id, text]) => [id, { children: [new Paragraph(text)] }]));
  const doc = new Document({
    creator: 'Test',
    numbering,
    // Styles a writer's template has: Word's Quote, and one of the writer's own.
    styles: { paragraphStyles: [{ id: 'Quote', name: 'Quote', run: { italics: true } }, { id: 'MinStil', name: 'Min stil' }] },
    comments: extra.comments ? { children: extra.comments } : undefined,
    footnotes,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

/** A paragraph with a Word comment around it. */
export function commented(id: number, text: string): Paragraph {
  return new Paragraph({ children: [new CommentRangeStart(id), new TextRun(text), new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })] });
}

/** An image paragraph; `alt` is Word's «alternative text» (description), or none. */
export function picture(data: Buffer, alt?: string): Paragraph {
  return new Paragraph({
    children: [new ImageRun({ type: 'png', data, transformation: { width: 40, height: 40 }, altText: alt === undefined ? undefined : { name: 'Bilde', title: '', description: alt } })],
  });
}

/** The document every part of the import is tested on: headings, lists, a table, a footnote, bold/italic, a link, an image and a comment. */
export function fullDocument(): Promise<Buffer> {
  return docxFile(
    [
      new Paragraph({ text: 'Valgdeltakelse i kommunene', heading: HeadingLevel.HEADING_1 }),
      new Paragraph({ text: 'Bakgrunn', heading: HeadingLevel.HEADING_2 }),
      new Paragraph({
        children: [
          new TextRun('Deltakelsen var '),
          new TextRun({ text: 'lavere', bold: true }),
          new TextRun(' enn i '),
          new TextRun({ text: 'resten', italics: true }),
          new TextRun(' av befolkningen. Se '),
          new ExternalHyperlink({ link: 'https://www.ssb.no/valg', children: [new TextRun({ text: 'SSBs valgstatistikk', style: 'Hyperlink' })] }),
          new TextRun('.'),
          new FootnoteReferenceRun(1),
        ],
      }),
      commented(0, 'Dette avsnittet har en kommentar fra leseren.'),
      new Paragraph({ text: 'Tiltak', heading: HeadingLevel.HEADING_3 }),
      new Paragraph({ text: 'Brev til nye velgere', bullet: { level: 0 } }),
      new Paragraph({ text: 'På flere språk', bullet: { level: 1 } }),
      new Paragraph({ text: 'Informasjon i skolen', bullet: { level: 0 } }),
      new Paragraph({ text: 'Først dette', numbering: { reference: 'tall', level: 0 } }),
      new Paragraph({ text: 'Så dette', numbering: { reference: 'tall', level: 0 } }),
      new Table({
        rows: [
          new TableRow({ children: [new TableCell({ children: [new Paragraph('Gruppe')] }), new TableCell({ children: [new Paragraph('Prosent')] })] }),
          new TableRow({ children: [new TableCell({ children: [new Paragraph('Innvandrere')] }), new TableCell({ children: [new Paragraph('38')] })] }),
        ],
      }),
      picture(dotPng, 'En rød prikk på hvit bunn'),
    ],
    {
      comments: [{ id: 0, author: 'Kari Nordmann', initials: 'KN', date: new Date('2025-03-04T09:30:00Z'), children: [new Paragraph('Trenger vi en kilde her?')] }],
      footnotes: { 1: 'Tallene gjelder kommunestyrevalget.' },
    },
  );
}
