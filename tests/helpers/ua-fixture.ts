/**
 * Small tagged PDFs made with pdf-lib for the PDF/UA checker's tests: a base that meets every
 * rule the checker has, and the hooks to break one rule at a time. No text is shown (no font is
 * needed); every element's content is a small filled rectangle.
 */
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFPage } from 'pdf-lib';

/** One structure element of the fixture. */
export interface El {
  S: string;
  kids?: El[];
  /** Gets marked content (one MCID) on page 1; `page2` adds one on page 2 (an MCR). */
  content?: boolean;
  page2?: boolean;
  alt?: string;
  actualText?: string;
  scope?: string;
  id?: string;
  lang?: string;
  /** Holds a link annotation (OBJR); `contents: null` leaves out its description. */
  link?: { contents?: string | null };
  /** Leave out /P. */
  noParent?: boolean;
}

/** What to build; every field defaults to the conforming base. */
export interface Spec {
  tree?: El[];
  roleMap?: Record<string, string>;
  xmp?: (xmp: string) => string;
  /** Content added to page 1, after the tagged content. */
  extraContent?: string;
  /** Changes to the built document before it is saved. */
  tweak?: (doc: PDFDocument, page: PDFPage) => void;
  /** Changes to the saved bytes. */
  bytes?: (bytes: Uint8Array) => Uint8Array;
}

const title = 'Testdokument';

export const baseXmp = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${title}</rdf:li></rdf:Alt></dc:title>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="r"?>`;

/** A conforming document: headings, a paragraph, a list, a table, a figure, a link, a note, a TOC. */
export const baseTree: El[] = [
  {
    S: 'Document',
    kids: [
      { S: 'H1', content: true },
      { S: 'TOC', kids: [{ S: 'TOCI', kids: [{ S: 'Link', content: true, link: {} }] }] },
      { S: 'P', content: true, kids: [{ S: 'Strong', content: true }] },
      { S: 'H2', content: true },
      {
        S: 'L',
        kids: [
          {
            S: 'LI',
            kids: [
              { S: 'Lbl', content: true },
              { S: 'LBody', content: true },
            ],
          },
        ],
      },
      {
        S: 'Table',
        kids: [
          { S: 'Caption', content: true },
          {
            S: 'TR',
            kids: [
              { S: 'TH', scope: 'Column', content: true },
              { S: 'TH', scope: 'Column', content: true },
            ],
          },
          {
            S: 'TR',
            kids: [
              { S: 'TH', scope: 'Row', content: true },
              { S: 'TD', content: true },
            ],
          },
        ],
      },
      { S: 'Figure', alt: 'Et rektangel', content: true },
      {
        S: 'P',
        content: true,
        kids: [
          { S: 'Link', content: true, link: {} },
          { S: 'Span', lang: 'en', content: true },
        ],
      },
      { S: 'Note', id: 'note-1', content: true },
    ],
  },
];

/** Builds the PDF. */
export async function makeFixture(spec: Spec = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(title);
  const page = doc.addPage([300, 300]);
  const page2 = doc.addPage([300, 300]);
  const context = doc.context;
  let mcid = 0;
  let mcid2 = 0;
  const content: string[] = [];
  const content2: string[] = [];
  const annots: PDFRef[] = [];
  const rootRef = context.nextRef();
  const build = (el: El, parent: PDFRef): PDFRef => {
    const ref = context.nextRef();
    const kids: unknown[] = [];
    const dict = context.obj({ Type: 'StructElem', S: el.S, Pg: page.ref }) as PDFDict;
    if (!el.noParent) dict.set(PDFName.of('P'), parent);
    if (el.content) {
      kids.push(mcid);
      content.push(`/${el.S} <</MCID ${mcid} >>BDC ${10 + mcid} 10 1 1 re f EMC`);
      mcid++;
    }
    if (el.page2) {
      kids.push(context.obj({ Type: 'MCR', Pg: page2.ref, MCID: mcid2 }));
      content2.push(`/${el.S} <</MCID ${mcid2} >>BDC ${10 + mcid2} 10 1 1 re f EMC`);
      mcid2++;
    }
    for (const kid of el.kids ?? []) kids.push(build(kid, ref));
    if (el.link) {
      const annot = context.obj({
        Type: 'Annot',
        Subtype: 'Link',
        Rect: [10, 10, 50, 20],
        Border: [0, 0, 0],
        A: { S: 'URI', URI: PDFString.of('https://www.imdi.no/') },
      }) as PDFDict;
      if (el.link.contents !== null)
        annot.set(PDFName.of('Contents'), PDFHexString.fromText(el.link.contents ?? 'IMDis nettsted'));
      const annotRef = context.register(annot);
      annots.push(annotRef);
      kids.push(context.obj({ Type: 'OBJR', Obj: annotRef, Pg: page.ref }));
    }
    dict.set(PDFName.of('K'), context.obj(kids as never));
    if (el.alt) dict.set(PDFName.of('Alt'), PDFHexString.fromText(el.alt));
    if (el.actualText) dict.set(PDFName.of('ActualText'), PDFHexString.fromText(el.actualText));
    if (el.id) dict.set(PDFName.of('ID'), PDFString.of(el.id));
    if (el.lang) dict.set(PDFName.of('Lang'), PDFString.of(el.lang));
    if (el.scope) dict.set(PDFName.of('A'), context.obj([{ O: 'Table', Scope: el.scope }]));
    context.assign(ref, dict);
    return ref;
  };
  const top = (spec.tree ?? baseTree).map((el) => build(el, rootRef));
  context.assign(rootRef, context.obj({ Type: 'StructTreeRoot', K: top, RoleMap: spec.roleMap ?? { Strong: 'Span' } }));
  // An artifact, as running heads and page numbers are.
  content.push('/Artifact BMC 0 290 300 1 re f EMC');
  if (spec.extraContent) content.push(spec.extraContent);
  page.node.set(PDFName.of('Contents'), context.register(context.flateStream(content.join('\n'))));
  page2.node.set(
    PDFName.of('Contents'),
    context.register(context.flateStream(content2.join('\n') || '/Artifact BMC 0 0 1 1 re f EMC')),
  );
  if (annots.length) {
    page.node.set(PDFName.of('Annots'), context.obj(annots));
    page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
  }
  const xmp = (spec.xmp ?? ((x) => x))(baseXmp);
  const metadata = context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
  const outlineItem = context.nextRef();
  const outlines = context.register(context.obj({ Type: 'Outlines', First: outlineItem, Last: outlineItem, Count: 1 }));
  context.assign(
    outlineItem,
    context.obj({ Title: PDFHexString.fromText('Overskrift'), Parent: outlines, Dest: [page.ref, 'Fit'] }),
  );
  doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  doc.catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  doc.catalog.set(PDFName.of('Lang'), PDFString.of('nb'));
  doc.catalog.set(PDFName.of('ViewerPreferences'), context.obj({ DisplayDocTitle: true }));
  doc.catalog.set(PDFName.of('Metadata'), context.register(metadata));
  doc.catalog.set(PDFName.of('Outlines'), outlines);
  spec.tweak?.(doc, page);
  const bytes = await doc.save({ useObjectStreams: false });
  return spec.bytes ? spec.bytes(bytes) : bytes;
}

/** A deep copy of the base tree with `change` applied to the Document element's kids. */
export function withTree(change: (kids: El[]) => El[]): El[] {
  const copy = structuredClone(baseTree);
  copy[0]!.kids = change(copy[0]!.kids!);
  return copy;
}
