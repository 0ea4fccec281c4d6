/**
 * How often a PDF comment finds its paragraph, on the report's own draft: a highlight and a
 * sticky note (in the right margin, beside the line) on every seventh piece of body text, read
 * back and checked against the round's paragraph map. The numbers are in the README.
 */
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Paragraph } from '../../src/preview/paragraphs.ts';
import { readPdfComments } from '../../src/preview/exchange/pdf-annotations.ts';
import { latestRound, startRound } from '../../src/preview/rounds.ts';
import { annotate, type Annotation, type Found } from '../helpers/annotate.ts';
import { tempProject, type TempProject } from '../helpers/project.ts';

let project: TempProject;
beforeAll(async () => {
  project = await tempProject('real');
});
afterAll(async () => {
  await project?.remove();
});

/** Text compared as the reader compares it: no spaces, hyphens or soft hyphens, lower case. */
const comparable = (text: string) => text.replace(/[\u00ad\s-]/g, '').toLowerCase();

it('places highlights by their text and notes by the margin numbers on the real report', async () => {
  await startRound(project.root, { date: '2026-12-01' });
  const pdf = new Uint8Array(await readFile(project.file('build/runde-1/utkast.pdf')));
  const paragraphs: Paragraph[] = (await latestRound(project.root))!.paragraphs;

  // The middle third of every seventh text item of 25 characters or more in the body of a page.
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
  const doc = await task.promise;
  const pieces: { at: Found; text: string }[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    for (const item of (await (await doc.getPage(n)).getTextContent()).items) {
      if (
        !('str' in item) ||
        item.str.length < 25 ||
        item.str.startsWith('¶') ||
        item.transform[5] > 780 ||
        item.transform[5] < 60
      )
        continue;
      const perChar = item.width / item.str.length;
      const from = Math.floor(item.str.length / 3);
      const to = Math.floor((2 * item.str.length) / 3);
      const left = item.transform[4] + from * perChar;
      pieces.push({
        text: item.str.slice(from, to),
        at: {
          page: n,
          left,
          right: left + (to - from) * perChar,
          bottom: item.transform[5] - item.height * 0.2,
          top: item.transform[5] + item.height,
        },
      });
    }
  }
  await task.destroy();
  const chosen = pieces.filter((_, i) => i % 7 === 0);
  const annotations = chosen.flatMap((piece, i): Annotation[] => [
    { kind: 'Highlight', at: piece.at, author: 'H', text: `h${i}` },
    { kind: 'Text', at: { ...piece.at, left: 530 }, author: 'T', text: `t${i}` },
  ]);
  const reading = await readPdfComments(await annotate(pdf, annotations), paragraphs);
  expect(reading.comments).toHaveLength(annotations.length);

  // Scored where the answer is sure: the piece is in the text of exactly one paragraph.
  let sure = 0;
  const right = { h: 0, t: 0 };
  chosen.forEach((piece, i) => {
    const owners = paragraphs.filter((p) => comparable(p.text).includes(comparable(piece.text)));
    if (owners.length !== 1) return;
    sure++;
    for (const kind of ['h', 't'] as const) {
      const comment = reading.comments.find((c) => c.text === `${kind}${i}`)!;
      if (comment.paragraph?.anchor === owners[0]!.anchor) right[kind]++;
    }
  });
  expect(sure).toBeGreaterThan(100);
  expect(right.h / sure).toBeGreaterThanOrEqual(0.98);
  expect(right.t / sure).toBeGreaterThanOrEqual(0.9);
});
