/**
 * Reviewers' files for the tests, made with the libraries a viewer's output can be made with:
 * pdf-lib writes annotations into the real draft PDF as Acrobat, Edge and Preview do (sticky
 * note, highlight with QuadPoints and a Popup, free text, a reply with IRT), and docx writes a
 * Word document with comments and tracked changes.
 */
import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFString, type PDFDict, type PDFRef } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A phrase's place on a page: its page (1-based) and box in PDF units. */
export interface Found {
  page: number;
  left: number;
  right: number;
  bottom: number;
  top: number;
}

/** Finds `phrase` in the PDF's text layer (inside one text item), as a viewer's text selection would. */
export async function findText(bytes: Uint8Array, phrase: string): Promise<Found> {
  const task = getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
  const doc = await task.promise;
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const at = item.str.indexOf(phrase);
        if (at === -1) continue;
        const perChar = item.width / item.str.length;
        const height = item.height || Math.abs(item.transform[3]);
        const left = item.transform[4] + at * perChar;
        const bottom = item.transform[5] - height * 0.2;
        return { page: n, left, right: left + phrase.length * perChar, bottom, top: bottom + height * 1.2 };
      }
    }
  } finally {
    await task.destroy();
  }
  throw new Error(`findText: «${phrase}» is not in the PDF`);
}

/** One annotation to add. */
export type Annotation =
  | { kind: 'Text'; at: Found; author: string; text: string; date?: string; replyTo?: number }
  | { kind: 'Highlight'; at: Found; author: string; text: string; date?: string; popup?: boolean }
  | { kind: 'FreeText'; at: Found; author: string; text: string; date?: string };

/**
 * Adds annotations and returns the new PDF. `replyTo` is the index of an earlier annotation in
 * the list (a reply: a Text annotation with IRT and RT /R, as Acrobat writes replies).
 */
export async function annotate(bytes: Uint8Array, annotations: readonly Annotation[]): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const refs: PDFRef[] = [];
  for (const a of annotations) {
    const page = doc.getPage(a.at.page - 1);
    const date = PDFString.of(a.date ?? "D:20261201103000+01'00'");
    const common = {
      Type: 'Annot',
      Subtype: a.kind,
      Contents: PDFHexString.fromText(a.text),
      T: PDFHexString.fromText(a.author),
      M: date,
      CreationDate: date,
      NM: PDFString.of(`test-${refs.length}`),
      F: 4,
      C: [1, 0.9, 0],
    };
    let dict: PDFDict;
    if (a.kind === 'Highlight') {
      const { left, right, top, bottom } = a.at;
      dict = doc.context.obj({
        ...common,
        Rect: [left, bottom, right, top],
        QuadPoints: [left, top, right, top, left, bottom, right, bottom],
      });
    } else if (a.kind === 'FreeText') {
      // Edge and Acrobat put a text box where it is clicked: here in the right margin, beside the line.
      dict = doc.context.obj({
        ...common,
        Rect: [a.at.right + 4, a.at.bottom - 20, a.at.right + 120, a.at.top],
        DA: PDFString.of('/Helv 10 Tf 0 0 0 rg'),
      });
    } else {
      const x = a.at.left;
      dict = doc.context.obj({ ...common, Rect: [x, a.at.top - 20, x + 20, a.at.top], Name: 'Comment', Open: false });
      if (a.replyTo !== undefined) {
        dict.set(PDFName.of('IRT'), refs[a.replyTo]!);
        dict.set(PDFName.of('RT'), PDFName.of('R'));
      }
    }
    const ref = doc.context.register(dict);
    refs.push(ref);
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? doc.context.obj([]);
    annots.push(ref);
    if (a.kind === 'Highlight' && a.popup) {
      const popup = doc.context.obj({
        Type: 'Annot',
        Subtype: 'Popup',
        Parent: ref,
        Rect: [a.at.right + 10, a.at.bottom - 80, a.at.right + 180, a.at.top],
        Open: PDFName.of('false'),
      });
      const popupRef = doc.context.register(popup);
      dict.set(PDFName.of('Popup'), popupRef);
      annots.push(popupRef);
    }
    page.node.set(PDFName.of('Annots'), annots);
  }
  return doc.save({ useObjectStreams: false });
}

/** A Word comment on paragraph `on` (index in `paragraphs`); `range` is the part of its text it marks. */
export interface WordComment {
  on: number;
  range: string;
  author: string;
  text: string;
  date: string;
  /** Index of the comment it answers (a reply in the thread; on the same range, as Word puts it). */
  replyTo?: number;
  /** The thread is marked as resolved. */
  resolved?: boolean;
}

/** A tracked change at the end of paragraph `on`: text deleted and/or inserted. */
export interface WordChange {
  on: number;
  author: string;
  date: string;
  deleted?: string;
  inserted?: string;
}

/**
 * The reviewer's copy of the Word draft, as Word saves it: the paragraphs as they were sent
 * (read back from utkast.docx, «¶ 3.7» and all), with comments on a marked range and tracked
 * changes, and the round still in the keywords (Word keeps the document properties).
 */
export async function commentedDocx(options: {
  paragraphs: readonly string[];
  comments?: readonly WordComment[];
  changes?: readonly WordChange[];
  keywords?: string;
}): Promise<Buffer> {
  const docx = await import('docx');
  const {
    CommentRangeEnd,
    CommentRangeStart,
    CommentReference,
    DeletedTextRun,
    Document,
    InsertedTextRun,
    Packer,
    Paragraph,
    TextRun,
  } = docx;
  const comments = options.comments ?? [];
  const changes = options.changes ?? [];
  let revision = 100;
  const children = options.paragraphs.map((text, i) => {
    const runs: InstanceType<
      | typeof TextRun
      | typeof CommentRangeStart
      | typeof CommentRangeEnd
      | typeof InsertedTextRun
      | typeof DeletedTextRun
    >[] = [];
    const all = comments.map((c, id) => ({ ...c, id }));
    const mine = all.filter((c) => c.on === i && c.replyTo === undefined);
    let rest = text;
    for (const c of mine) {
      const at = rest.indexOf(c.range);
      if (at === -1) throw new Error(`commentedDocx: «${c.range}» is not in paragraph ${i}`);
      const thread = [c, ...all.filter((r) => r.replyTo === c.id)];
      runs.push(
        new TextRun(rest.slice(0, at)),
        ...thread.map((t) => new CommentRangeStart(t.id)),
        new TextRun(c.range),
        ...thread.map((t) => new CommentRangeEnd(t.id)),
        ...thread.map((t) => new TextRun({ children: [new CommentReference(t.id)] })),
      );
      rest = rest.slice(at + c.range.length);
    }
    // A deletion takes its words out where they stand; an insertion goes in there (or at the end).
    for (const change of changes.filter((c) => c.on === i)) {
      const at = change.deleted ? rest.indexOf(change.deleted) : rest.length;
      if (at === -1) throw new Error(`commentedDocx: «${change.deleted}» is not in paragraph ${i}`);
      runs.push(new TextRun(rest.slice(0, at)));
      if (change.deleted)
        runs.push(
          new DeletedTextRun({ text: change.deleted, id: revision++, author: change.author, date: change.date }),
        );
      if (change.inserted)
        runs.push(
          new InsertedTextRun({ text: change.inserted, id: revision++, author: change.author, date: change.date }),
        );
      rest = rest.slice(at + (change.deleted?.length ?? 0));
    }
    runs.push(new TextRun(rest));
    return new Paragraph({ children: runs });
  });
  const doc = new Document({
    keywords: options.keywords,
    comments: {
      children: comments.map((c, id) => ({
        id,
        author: c.author,
        initials: c.author.slice(0, 2),
        date: new Date(c.date),
        ...(c.replyTo !== undefined ? { parentId: c.replyTo } : {}),
        ...(c.resolved ? { resolved: true } : {}),
        children: [new Paragraph({ children: [new TextRun(c.text)] })],
      })),
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
