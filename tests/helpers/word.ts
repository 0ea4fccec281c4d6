/** Real .docx files for the Word import tests, made with the docx library (as Word would save them). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AlignmentType,
  WidthType,
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
export function docxFile(
  children: FileChild[],
  extra: { comments?: ICommentOptions[]; footnotes?: Record<number, string> } = {},
): Promise<Buffer> {
  const footnotes = Object.fromEntries(
    Object.entries(extra.footnotes ?? {}).map(([id, text]) => [id, { children: [new Paragraph(text)] }]),
  );
  const doc = new Document({
    creator: 'Test',
    numbering,
    // Styles a writer's template has: Word's Quote, and one of the writer's own.
    styles: {
      paragraphStyles: [
        { id: 'Quote', name: 'Quote', run: { italics: true } },
        { id: 'MinStil', name: 'Min stil' },
        { id: 'TOCHeading', name: 'TOC Heading' },
        { id: 'TOC1', name: 'toc 1' },
        { id: 'TOC2', name: 'toc 2' },
      ],
    },
    comments: extra.comments ? { children: extra.comments } : undefined,
    footnotes,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

/** A paragraph with a Word comment around it. */
export function commented(id: number, text: string): Paragraph {
  return new Paragraph({
    children: [
      new CommentRangeStart(id),
      new TextRun(text),
      new CommentRangeEnd(id),
      new TextRun({ children: [new CommentReference(id)] }),
    ],
  });
}

/** An image paragraph; `alt` is Word's «alternative text» (description), or none. */
export function picture(data: Buffer, alt?: string): Paragraph {
  return new Paragraph({
    children: [
      new ImageRun({
        type: 'png',
        data,
        transformation: { width: 40, height: 40 },
        altText: alt === undefined ? undefined : { name: 'Bilde', title: '', description: alt },
      }),
    ],
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
          new ExternalHyperlink({
            link: 'https://www.ssb.no/valg',
            children: [new TextRun({ text: 'SSBs valgstatistikk', style: 'Hyperlink' })],
          }),
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
          new TableRow({
            children: [
              new TableCell({ children: [new Paragraph('Gruppe')] }),
              new TableCell({ children: [new Paragraph('Prosent')] }),
            ],
          }),
          new TableRow({
            children: [
              new TableCell({ children: [new Paragraph('Innvandrere')] }),
              new TableCell({ children: [new Paragraph('38')] }),
            ],
          }),
        ],
      }),
      picture(dotPng, 'En rød prikk på hvit bunn'),
    ],
    {
      comments: [
        {
          id: 0,
          author: 'Kari Nordmann',
          initials: 'KN',
          date: new Date('2025-03-04T09:30:00Z'),
          children: [new Paragraph('Trenger vi en kilde her?')],
        },
      ],
      footnotes: { 1: 'Tallene gjelder kommunestyrevalget.' },
    },
  );
}

/**
 * A writer's two-page draft in Norwegian, as it comes out of Word: a title, sections, citations
 * written as text, figures in a sentence, lists, a table, footnotes, pictures (one without alt
 * text), a link, a measure written in the report's syntax, and three comments (one in the table).
 */
export function writerDraft(): Promise<Buffer> {
  const png = dotPng;
  const p = (...runs: (string | TextRun | ExternalHyperlink | FootnoteReferenceRun)[]) =>
    new Paragraph({ children: runs.map((r) => (typeof r === 'string' ? new TextRun(r) : r)) });
  const c = (id: number, text: string) => [
    new CommentRangeStart(id),
    new TextRun(text),
    new CommentRangeEnd(id),
    new TextRun({ children: [new CommentReference(id)] }),
  ];
  const cell = (t: string, bold = false) =>
    new TableCell({
      children: [new Paragraph({ children: [new TextRun({ text: t, bold })] })],
      width: { size: 3000, type: WidthType.DXA },
    });
  const doc = new Document({
    creator: 'Ingrid Haugen',
    title: 'Utkast kapittel – unge velgere',
    comments: {
      children: [
        {
          id: 1,
          author: 'Per Olsen',
          initials: 'PO',
          date: new Date('2025-02-10T13:15:00Z'),
          children: [new Paragraph('Kan vi si «sterkest»? Bergh mfl. sier vel «størst» for de yngste.')],
        },
        {
          id: 2,
          author: 'Ingrid Haugen',
          initials: 'IH',
          date: new Date('2025-02-11T08:02:00Z'),
          children: [
            new Paragraph('Tallene må sjekkes mot SSB-tabellen før runde 2.'),
            new Paragraph('Se også tabell 3.'),
          ],
        },
        {
          id: 3,
          author: 'Per Olsen',
          initials: 'PO',
          date: new Date('2025-02-12T10:00:00Z'),
          children: [new Paragraph('Kommentar i tabellen.')],
        },
      ],
    },
    footnotes: {
      1: {
        children: [new Paragraph('Førstegangsvelgere er personer som har stemmerett for første gang ved et valg.')],
      },
      2: { children: [new Paragraph('Tallene for 2023 er foreløpige.')] },
    },
    numbering: {
      config: [
        {
          reference: 'nr',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Unge velgere med innvandrerbakgrunn', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Innledning', heading: HeadingLevel.HEADING_1 }),
          p(
            'Dette kapittelet handler om unge velgere med innvandrerbakgrunn, og om hvordan de kan nås før kommunestyre- og fylkestingsvalget. Unge førstegangsvelgere',
            new FootnoteReferenceRun(1),
            ' stemmer sjeldnere enn eldre velgere, og forskjellen er størst blant norskfødte med innvandrerforeldre (SSB 2023).',
          ),
          new Paragraph({
            children: c(
              1,
              'Forskningen viser at personlige brev har sterkest effekt på de yngste velgerne (Bergh mfl. 2020). Effekten var størst der brevet var skrevet på velgerens eget språk.',
            ),
          }),
          p(
            'Kleven (2019) fant at valgdeltakelsen blant innvandrere økte fra 2013 til 2017, men at den fortsatt var mer enn 20 prosentpoeng lavere enn i befolkningen ellers.',
          ),
          new Paragraph({ text: 'Hva vi vet', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Deltakelse etter alder', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({
            children: [
              ...c(
                2,
                'Ved valget i 2023 stemte 38 prosent av innvandrerne med norsk statsborgerskap, mot 69 prosent av velgerne uten innvandrerbakgrunn (SSB 2023).',
              ),
              new FootnoteReferenceRun(2),
            ],
          }),
          p('Tabellen under viser valgdeltakelsen etter gruppe.'),
          new Table({
            rows: [
              new TableRow({ children: [cell('Gruppe', true), cell('2019', true), cell('2023', true)] }),
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph({ children: c(3, 'Innvandrere, norske statsborgere') })] }),
                  cell('40'),
                  cell('38'),
                ],
              }),
              new TableRow({ children: [cell('Uten innvandrerbakgrunn'), cell('67'), cell('69')] }),
            ],
          }),
          new Paragraph({ text: 'Hva som virker', heading: HeadingLevel.HEADING_2 }),
          p('Vi har sett på tre typer tiltak:'),
          new Paragraph({
            children: [
              new TextRun({ text: 'Brev og SMS', bold: true }),
              new TextRun(' til nye velgere, som i :tiltak[T01].'),
            ],
            bullet: { level: 0 },
          }),
          new Paragraph({ text: 'Informasjon på flere språk', bullet: { level: 0 } }),
          new Paragraph({ text: 'Særlig arabisk, somali og tigrinja', bullet: { level: 1 } }),
          new Paragraph({
            children: [
              new TextRun('Samarbeid med '),
              new TextRun({ text: 'frivillige organisasjoner', italics: true }),
            ],
            bullet: { level: 0 },
          }),
          p('Rekkefølgen vi anbefaler:'),
          new Paragraph({ text: 'Send brev til alle førstegangsvelgere.', numbering: { reference: 'nr', level: 0 } }),
          new Paragraph({ text: 'Følg opp med SMS dagen før valget.', numbering: { reference: 'nr', level: 0 } }),
          new Paragraph({ text: 'Evaluer effekten etter valget.', numbering: { reference: 'nr', level: 0 } }),
          p('Figuren under viser andelen som stemte.'),
          new Paragraph({
            children: [
              new ImageRun({
                type: 'png',
                data: png,
                transformation: { width: 300, height: 200 },
                altText: {
                  name: 'Figur 1',
                  title: '',
                  description:
                    'Stolpediagram: 38 prosent av innvandrerne stemte i 2023, mot 69 prosent i befolkningen ellers.',
                },
              }),
            ],
          }),
          new Paragraph({
            children: [
              new ImageRun({ type: 'png', data: Buffer.concat([png]), transformation: { width: 100, height: 100 } }),
            ],
          }),
          new Paragraph({ text: 'Oppsummering', heading: HeadingLevel.HEADING_1 }),
          p(
            'Mer om statistikken finnes hos ',
            new ExternalHyperlink({
              link: 'https://www.ssb.no/valg',
              children: [new TextRun({ text: 'Statistisk sentralbyrå', style: 'Hyperlink' })],
            }),
            '. Vi viser også til [@kleven-2017] og til «Valg\u00a02025» (Valgdirektoratet 2024).',
          ),
          p('Tre av fire kommuner har ikke egne tiltak\u00a0– det bør endres* før neste valg.'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
