/**
 * The machine-checkable conditions of PDF/UA-1 (ISO 14289-1) that apply to what this pipeline
 * prints, numbered as veraPDF's rule set numbers them (clause-test, e.g. 7.2-20; folder PDF_UA/1
 * of veraPDF/veraPDF-validation-profiles) and, where the Matterhorn Protocol has a failure
 * condition for it, with its number (e.g. 01-005). Each rule is written from the rule's
 * description; none of veraPDF's code is used.
 */
import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  decodePDFRawStream,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';
import { readMarkedContent } from './content-stream.ts';
import { elementKids, readStructure, standardTypes, textOf, type StructNode, type Structure } from './structure.ts';

/** One failed condition. */
export interface Finding {
  /** veraPDF's rule id (ISO 14289-1 clause and test number), or «egen:…» for our own. */
  rule: string;
  /** The Matterhorn Protocol 1.1 failure condition, when there is one. */
  matterhorn?: string;
  /** 1-based page, when the fault is on one. */
  page?: number;
  /** Structure path, e.g. Document/Sect[3]/Table[1]/TR[2]. */
  path?: string;
  message: string;
}

/** Every rule the checker runs: id, Matterhorn number and what it asks (for the README and the tests). */
export const ruleList: { rule: string; matterhorn?: string; text: string }[] = [];
const rule = (id: string, matterhorn: string | undefined, text: string) => {
  ruleList.push({ rule: id, matterhorn, text });
  return { rule: id, matterhorn };
};

const R = {
  pdfuaid: rule('5-1', '06-002', 'XMP-metadata har PDF/UA-identifikasjon (pdfuaid)'),
  pdfuaPart: rule('5-2', '06-002', 'pdfuaid:part er 1'),
  header: rule('6.1-1', undefined, 'filhodet er %PDF-1.0 … %PDF-1.7'),
  marked: rule('6.2-1', undefined, 'katalogen har MarkInfo med Marked true'),
  artifactInTagged: rule('7.1-1', '01-003', 'ingen artefakt inne i merket innhold'),
  taggedInArtifact: rule('7.1-2', '01-004', 'ikke merket innhold inne i en artefakt'),
  untagged: rule('7.1-3', '01-005', 'alt innhold er merket (tagged) eller en artefakt'),
  suspects: rule('7.1-4', '01-007', 'MarkInfo har ikke Suspects true'),
  roleMapped: rule('7.1-5', '02-001', 'hver ikke-standard strukturtype er rollekartlagt til en standardtype'),
  circular: rule('7.1-6', '02-003', 'ingen sirkulær rollekartlegging'),
  remapped: rule('7.1-7', '02-004', 'standardtyper kartlegges ikke om'),
  metadata: rule('7.1-8', '06-001', 'katalogen har en XMP-metadatastrøm (Type Metadata, Subtype XML)'),
  title: rule('7.1-9', '06-003', 'XMP-metadata har dc:title'),
  displayTitle: rule('7.1-10', '07-001', 'ViewerPreferences har DisplayDocTitle true'),
  structRoot: rule('7.1-11', undefined, 'katalogen har StructTreeRoot'),
  parent: rule('7.1-12', undefined, 'hvert strukturelement har P (forelder)'),
  tableKids: rule('7.2-3', '09-004', 'Table har bare TR, THead, TBody, TFoot og Caption'),
  trParent: rule('7.2-4', '09-004', 'TR står i Table, THead, TBody eller TFoot'),
  theadParent: rule('7.2-5', '09-004', 'THead står i Table'),
  tbodyParent: rule('7.2-6', '09-004', 'TBody står i Table'),
  tfootParent: rule('7.2-7', '09-004', 'TFoot står i Table'),
  thParent: rule('7.2-8', '09-004', 'TH står i TR'),
  tdParent: rule('7.2-9', '09-004', 'TD står i TR'),
  trKids: rule('7.2-10', '09-004', 'TR har bare TH og TD'),
  oneThead: rule('7.2-11', '09-004', 'høyst én THead i en Table'),
  oneTfoot: rule('7.2-12', '09-004', 'høyst én TFoot i en Table'),
  tfootBody: rule('7.2-13', '09-004', 'Table med TFoot har TBody'),
  theadBody: rule('7.2-14', '09-004', 'Table med THead har TBody'),
  captionPlace: rule('7.2-16', '09-004', 'Caption er første eller siste barn i Table'),
  liParent: rule('7.2-17', '09-005', 'LI står i L'),
  lbodyParent: rule('7.2-18', '09-005', 'LBody står i LI'),
  lKids: rule('7.2-19', '09-005', 'L har bare L, LI og Caption'),
  liKids: rule('7.2-20', '09-005', 'LI har bare Lbl og LBody'),
  toclParent: rule('7.2-26', '09-006', 'TOCI står i TOC'),
  tocKids: rule('7.2-27', '09-006', 'TOC har bare TOC, TOCI og Caption'),
  tocCaption: rule('7.2-28', '09-006', 'Caption bare først i TOC'),
  rowWidths: rule('7.2-42', '01-006', 'alle rader i en tabell har like mange kolonner (med ColSpan og RowSpan)'),
  langActualText: rule(
    '7.2-21',
    '11-003',
    'språket for ActualText er angitt (elementets, en forelders eller katalogens /Lang)',
  ),
  langAlt: rule('7.2-22', '11-002', 'språket for Alt er angitt (elementets, en forelders eller katalogens /Lang)'),
  langContents: rule('7.2-24', '11-005', 'språket for merknadenes Contents er angitt (katalogens /Lang)'),
  langValid: rule('7.2-29', '11-001', '/Lang er en gyldig språkkode (BCP 47)'),
  langContent: rule('7.2-34', '11-001', 'språket for innholdet er angitt (katalogens /Lang)'),
  theadKids: rule('7.2-36', '09-004', 'THead har bare TR'),
  tbodyKids: rule('7.2-37', '09-004', 'TBody har bare TR'),
  tfootKids: rule('7.2-38', '09-004', 'TFoot har bare TR'),
  oneCaption: rule('7.2-39', '09-004', 'høyst én Caption i en Table'),
  lCaption: rule('7.2-40', '09-005', 'Caption bare først i L'),
  figureAlt: rule('7.3-1', '13-004', 'Figure har alternativ tekst (Alt eller ActualText)'),
  headingOrder: rule('7.4.2-1', '14-003', 'overskriftene begynner med H1 og hopper ikke over nivåer'),
  oneH: rule('7.4.4-1', '14-006', 'høyst én H per node'),
  hAndHn: rule('7.4.4-2', '14-007', 'ikke både H og H1–H6'),
  thScope: rule('7.5-1', '15-003', 'TH har Scope (Chromium skriver ikke Headers/ID, så Scope er eneste vei)'),
  noteId: rule('7.9-1', '19-003', 'Note har ID'),
  noteIdUnique: rule('7.9-2', '19-004', 'Note-ID-er er unike'),
  annotTagged: rule(
    '7.18.1-1',
    '28-002',
    'merknader (unntatt lenker, skjemafelt og PrinterMark) står i et Annot-element',
  ),
  annotContents: rule('7.18.1-2', '28-004', 'merknader (unntatt lenker og skjemafelt) har Contents'),
  tabs: rule('7.18.3-1', '28-008', 'sider med merknader har /Tabs /S'),
  linkTagged: rule('7.18.5-1', '28-011', 'hver lenkemerknad står i et Link-element (OBJR)'),
  linkContents: rule('7.18.5-2', '28-012', 'hver lenkemerknad har en beskrivelse i Contents'),
  cidToGid: rule('7.21.3.2-1', '31-003', 'innebygde CIDFontType2-skrifter har CIDToGIDMap'),
  cmap: rule(
    '7.21.3.3-1',
    '31-004',
    'Type0-skrifter bruker en forhåndsdefinert CMap (Identity-H/V …) eller en innebygd',
  ),
  fontEmbedded: rule('7.21.4.1-1', '31-009', 'skriftene er innebygd'),
  toUnicode: rule('7.21.7-1', '31-027', 'skriftene har ToUnicode'),
  xmpInfo: rule('egen:xmp-info', undefined, 'XMP (dc:title, dc:creator, xmp:CreateDate) stemmer med /Info'),
  outline: rule('egen:bokmerker', undefined, 'PDF-en har bokmerker (Outlines)'),
  tableDuplicate: rule(
    'egen:tabell-gjentatt',
    '01-001',
    'ingen tabellrad i strukturen to ganger (gjentatt overskrift og «(forts.)» er artefakter)',
  ),
};

/** The text of an XMP property (simple value, rdf:Alt/Seq/Bag first item). */
function xmpValue(xml: string, name: string): string | undefined {
  const element = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  if (element) {
    const li = /<rdf:li(?:\s[^>]*)?>([\s\S]*?)<\/rdf:li>/.exec(element[1]!);
    return decodeXml((li ? li[1]! : element[1]!).trim());
  }
  const attribute = new RegExp(`\\s${name}="([^"]*)"`).exec(xml);
  return attribute ? decodeXml(attribute[1]!) : undefined;
}

const decodeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The decoded bytes of a stream. */
export function streamBytes(stream: PDFObject | undefined): Uint8Array {
  if (stream instanceof PDFRawStream) {
    const filter = stream.dict.get(PDFName.of('Filter'));
    // Plain Flate is by far the most common: zlib is quicker than pdf-lib's decoder.
    if (
      filter instanceof PDFName &&
      filter.decodeText() === 'FlateDecode' &&
      !stream.dict.has(PDFName.of('DecodeParms'))
    )
      return inflateSync(stream.contents);
    return decodePDFRawStream(stream).decode();
  }
  if (stream instanceof PDFStream) return stream.getContents();
  return new Uint8Array();
}

/** The page's content streams joined (they form one stream, ISO 32000-1 § 7.8.2). */
export function pageContent(doc: PDFDocument, page: PDFDict): string {
  const contents = page.get(PDFName.of('Contents'));
  const resolved = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
  const streams = resolved instanceof PDFArray ? resolved.asArray().map((r) => doc.context.lookup(r)) : [resolved];
  return streams.map((s) => Buffer.from(streamBytes(s)).toString('latin1')).join('\n');
}

const bcp47 =
  /^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*(?:-[A-WY-Za-wy-z\d](?:-[A-Za-z\d]{2,8})+)*(?:-[Xx](?:-[A-Za-z\d]{1,8})+)?$|^[Xx](?:-[A-Za-z\d]{1,8})+$/;

/** Checks a parsed PDF; `bytes` are the file (for the header). */
export function checkPdfUa(doc: PDFDocument, bytes: Uint8Array): Finding[] {
  const findings: Finding[] = [];
  const fail = (
    r: { rule: string; matterhorn?: string },
    message: string,
    where: { page?: number; path?: string } = {},
  ) => findings.push({ ...r, ...where, message });
  const catalog = doc.catalog;
  const pages = doc.getPages();

  // --- Document level
  const header =
    Buffer.from(bytes.subarray(0, 16))
      .toString('latin1')
      .split(/\r\n|\r|\n/)[0] ?? '';
  if (!/^%PDF-1\.[0-7]$/.test(header)) fail(R.header, `filhodet er «${header}»`);
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  if (markInfo?.get(PDFName.of('Marked'))?.toString() !== 'true')
    fail(R.marked, 'katalogen mangler MarkInfo << /Marked true >>');
  if (markInfo?.get(PDFName.of('Suspects'))?.toString() === 'true') fail(R.suspects, 'MarkInfo har /Suspects true');
  const viewer = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  if (viewer?.get(PDFName.of('DisplayDocTitle'))?.toString() !== 'true')
    fail(R.displayTitle, 'ViewerPreferences mangler /DisplayDocTitle true (leseren viser filnavnet, ikke tittelen)');
  const lang = textOf(catalog.get(PDFName.of('Lang')));
  if (!lang) fail(R.langContent, 'katalogen mangler /Lang (dokumentets språk)');
  else if (!bcp47.test(lang)) fail(R.langValid, `katalogens /Lang «${lang}» er ikke en språkkode`);
  const outlines = catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines?.get(PDFName.of('First'))) fail(R.outline, 'PDF-en har ingen bokmerker');

  const metadata = catalog.lookup(PDFName.of('Metadata'));
  if (
    !(metadata instanceof PDFStream) ||
    textOf(metadata.dict.get(PDFName.of('Type'))) !== 'Metadata' ||
    textOf(metadata.dict.get(PDFName.of('Subtype'))) !== 'XML'
  ) {
    fail(R.metadata, 'katalogen mangler /Metadata (en XMP-strøm med /Type /Metadata /Subtype /XML)');
  } else {
    const xml = Buffer.from(streamBytes(metadata)).toString('utf8');
    const part = xmpValue(xml, 'pdfuaid:part');
    if (part === undefined) fail(R.pdfuaid, 'XMP-metadata mangler pdfuaid:part (PDF/UA-identifikasjon)');
    else if (part !== '1') fail(R.pdfuaPart, `pdfuaid:part er «${part}», ikke 1`);
    const title = xmpValue(xml, 'dc:title');
    if (!title) fail(R.title, 'XMP-metadata mangler dc:title');
    const info = doc.context.lookup(doc.context.trailerInfo.Info);
    if (info instanceof PDFDict) {
      const infoTitle = textOf(info.get(PDFName.of('Title')));
      const infoAuthor = textOf(info.get(PDFName.of('Author')));
      if (title && infoTitle !== title)
        fail(R.xmpInfo, `dc:title «${title}» og /Info /Title «${infoTitle ?? ''}» er ulike`);
      const creator = xmpValue(xml, 'dc:creator');
      if (infoAuthor && creator !== infoAuthor)
        fail(R.xmpInfo, `dc:creator «${creator ?? ''}» og /Info /Author «${infoAuthor}» er ulike`);
      const created = xmpValue(xml, 'xmp:CreateDate');
      const infoDate = textOf(info.get(PDFName.of('CreationDate')));
      if (infoDate && created && !created.replace(/[-:T]/g, '').startsWith(infoDate.replace(/^D:/, '').slice(0, 14)))
        fail(R.xmpInfo, `xmp:CreateDate «${created}» og /Info /CreationDate «${infoDate}» er ulike`);
    }
  }

  // --- Structure
  const structure = readStructure(doc);
  if (!structure.root) {
    fail(R.structRoot, 'katalogen mangler /StructTreeRoot: PDF-en er ikke merket');
  } else {
    checkRoleMap(structure, fail);
    checkElements(structure, fail, Boolean(lang));
  }

  // --- Pages: content, annotations, fonts
  const annotParents = new Map<string, StructNode>();
  for (const node of structure.all)
    for (const kid of node.kids) if (kid.kind === 'objr') annotParents.set(kid.ref.toString(), node);
  const fontsSeen = new Set<string>();
  pages.forEach((page, index) => {
    const number = index + 1;
    const content = readMarkedContent(pageContent(doc, page.node));
    if (content.bare.length)
      fail(
        R.untagged,
        `${content.bare.length} tegneoperasjoner (første: «${content.bare[0]!.op}») er verken merket eller artefakt`,
        { page: number },
      );
    for (const nest of content.nesting)
      fail(
        nest.rule === '7.1-1' ? R.artifactInTagged : R.taggedInArtifact,
        nest.rule === '7.1-1' ? 'en artefakt står inne i merket innhold' : 'merket innhold står inne i en artefakt',
        { page: number },
      );
    for (const code of content.langs)
      if (!bcp47.test(code)) fail(R.langValid, `/Lang «${code}» i innholdet er ikke en språkkode`, { page: number });
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annots && annots.size() > 0 && textOf(page.node.get(PDFName.of('Tabs'))) !== 'S')
      fail(R.tabs, 'siden har merknader, men ikke /Tabs /S (tabulatorrekkefølge etter strukturen)', { page: number });
    for (const item of annots?.asArray() ?? []) {
      const annot = item instanceof PDFRef ? doc.context.lookup(item) : item;
      if (!(annot instanceof PDFDict)) continue;
      const subtype = textOf(annot.get(PDFName.of('Subtype')));
      const hidden = ((annot.get(PDFName.of('F')) as PDFNumber | undefined)?.asNumber?.() ?? 0) & 2;
      if (hidden || subtype === 'Popup') continue;
      const contents = textOf(annot.get(PDFName.of('Contents')));
      const parent = item instanceof PDFRef ? annotParents.get(item.toString()) : undefined;
      if (contents && !lang && !textOf(annot.get(PDFName.of('Lang'))))
        fail(R.langContents, `språket for merknadens /Contents er ikke angitt`, { page: number, path: parent?.path });
      if (subtype !== 'Link' && subtype !== 'Widget' && subtype !== 'PrinterMark' && parent?.standardType !== 'Annot')
        fail(
          R.annotTagged,
          `merknaden /${subtype} står ${parent ? `i ${parent.type}` : 'ikke i strukturtreet'}, ikke i et Annot-element`,
          { page: number, path: parent?.path },
        );
      if (subtype === 'Link') {
        if (parent?.standardType !== 'Link')
          fail(
            R.linkTagged,
            parent ? `lenken står i ${parent.type}, ikke i Link` : 'lenken står ikke i strukturtreet',
            { page: number, path: parent?.path },
          );
        if (!contents)
          fail(R.linkContents, `lenken ${describeAction(doc, annot)} har ingen beskrivelse (/Contents)`, {
            page: number,
            path: parent?.path,
          });
      } else if (
        subtype !== 'Widget' &&
        subtype !== 'PrinterMark' &&
        !contents &&
        !textOf(parent?.dict.get(PDFName.of('Alt')))
      ) {
        fail(R.annotContents, `merknaden /${subtype} har verken Contents eller Alt`, {
          page: number,
          path: parent?.path,
        });
      }
    }
    checkFonts(doc, page.node.lookupMaybe(PDFName.of('Resources'), PDFDict), fontsSeen, number, fail, 0);
  });
  return findings;
}

function describeAction(doc: PDFDocument, annot: PDFDict): string {
  const dest = annot.get(PDFName.of('Dest'));
  if (dest) return `til ${textOf(dest) ?? dest.toString()}`;
  const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
  const uri = textOf(action?.get(PDFName.of('URI')));
  if (uri) return `til ${uri}`;
  const d = action?.get(PDFName.of('D'));
  return d ? `til ${textOf(d) ?? d.toString()}` : '';
}

type Fail = (
  r: { rule: string; matterhorn?: string },
  message: string,
  where?: { page?: number; path?: string },
) => void;

function checkRoleMap(structure: Structure, fail: Fail) {
  for (const [from, to] of structure.roleMap) {
    if (standardTypes.has(from)) fail(R.remapped, `rollekartet kartlegger standardtypen ${from} om til ${to}`);
    const seen = new Set([from]);
    let type = to;
    while (!standardTypes.has(type) && structure.roleMap.has(type)) {
      if (seen.has(type)) {
        fail(R.circular, `rollekartet går i ring fra ${from}`);
        break;
      }
      seen.add(type);
      type = structure.roleMap.get(type)!;
    }
  }
}

const only = (kids: StructNode[], allowed: string[]) =>
  kids.filter((k) => !allowed.includes(k.standardType)).map((k) => k.type);

function checkElements(structure: Structure, fail: Fail, catalogLang: boolean) {
  const langKnown = (node: StructNode) => {
    if (catalogLang) return true;
    for (let n: StructNode | undefined = node; n; n = n.parent) if (textOf(n.dict.get(PDFName.of('Lang')))) return true;
    return false;
  };
  const reported = new Set<string>();
  const noteIds = new Map<string, StructNode>();
  const headings: StructNode[] = [];
  let usesH = false;
  let usesHn = false;
  for (const node of structure.all) {
    const where = { page: node.page || undefined, path: node.path };
    const kids = elementKids(node);
    const kidTypes = kids.map((k) => k.standardType);
    const parent = node.parent?.standardType ?? '';
    const bare = node.kids.some((k) => k.kind === 'mcid');
    if (!standardTypes.has(node.standardType) && !reported.has(node.type)) {
      reported.add(node.type);
      fail(
        R.roleMapped,
        `strukturtypen ${node.type} er ikke en standardtype i PDF 1.7 og står ikke i rollekartet (/RoleMap)`,
        where,
      );
    }
    if (node.parent && !node.dict.get(PDFName.of('P'))) fail(R.parent, `${node.type} mangler /P`, where);
    switch (node.standardType) {
      case 'Table': {
        const wrong = only(kids, ['TR', 'THead', 'TBody', 'TFoot', 'Caption']);
        if (wrong.length || bare)
          fail(
            R.tableKids,
            `Table inneholder ${[...new Set(wrong)].join(', ')}${bare ? `${wrong.length ? ' og ' : ''}innhold direkte (ikke i en celle)` : ''}`,
            where,
          );
        const count = (t: string) => kidTypes.filter((k) => k === t).length;
        if (count('THead') > 1) fail(R.oneThead, 'Table har mer enn én THead', where);
        if (count('TFoot') > 1) fail(R.oneTfoot, 'Table har mer enn én TFoot', where);
        if (count('TFoot') && !count('TBody')) fail(R.tfootBody, 'Table har TFoot uten TBody', where);
        if (count('THead') && !count('TBody')) fail(R.theadBody, 'Table har THead uten TBody', where);
        if (count('Caption') > 1) fail(R.oneCaption, 'Table har mer enn én Caption', where);
        const captionAt = kidTypes.indexOf('Caption');
        if (captionAt > 0 && captionAt < kidTypes.length - 1) fail(R.captionPlace, 'Caption står midt i Table', where);
        checkTableDuplicates(node, fail);
        checkRowWidths(node, fail);
        break;
      }
      case 'TR':
        if (!['Table', 'THead', 'TBody', 'TFoot'].includes(parent))
          fail(R.trParent, `TR står i ${node.parent?.type ?? 'roten'}`, where);
        if (only(kids, ['TH', 'TD']).length || bare)
          fail(
            R.trKids,
            `TR inneholder ${[...new Set(only(kids, ['TH', 'TD']))].join(', ') || 'innhold direkte'}`,
            where,
          );
        break;
      case 'THead':
      case 'TBody':
      case 'TFoot': {
        const r =
          node.standardType === 'THead'
            ? [R.theadParent, R.theadKids]
            : node.standardType === 'TBody'
              ? [R.tbodyParent, R.tbodyKids]
              : [R.tfootParent, R.tfootKids];
        if (parent !== 'Table') fail(r[0]!, `${node.type} står i ${node.parent?.type ?? 'roten'}`, where);
        if (only(kids, ['TR']).length || bare)
          fail(
            r[1]!,
            `${node.type} inneholder ${[...new Set(only(kids, ['TR']))].join(', ') || 'innhold direkte'}`,
            where,
          );
        break;
      }
      case 'TH':
        if (parent !== 'TR') fail(R.thParent, `TH står i ${node.parent?.type ?? 'roten'}`, where);
        if (!scopeOf(node)) fail(R.thScope, 'TH mangler /Scope (Row, Column eller Both)', where);
        break;
      case 'TD':
        if (parent !== 'TR') fail(R.tdParent, `TD står i ${node.parent?.type ?? 'roten'}`, where);
        break;
      case 'L': {
        const wrong = only(kids, ['L', 'LI', 'Caption']);
        if (wrong.length || bare)
          fail(
            R.lKids,
            `L inneholder ${[...new Set(wrong)].join(', ')}${bare ? `${wrong.length ? ' og ' : ''}innhold direkte` : ''}`,
            where,
          );
        if (kidTypes.indexOf('Caption', 1) > 0) fail(R.lCaption, 'Caption står ikke først i L', where);
        break;
      }
      case 'LI': {
        if (parent !== 'L') fail(R.liParent, `LI står i ${node.parent?.type ?? 'roten'}`, where);
        const wrong = only(kids, ['Lbl', 'LBody']);
        if (wrong.length || bare)
          fail(
            R.liKids,
            `LI inneholder ${[...new Set(wrong)].join(', ')}${bare ? `${wrong.length ? ' og ' : ''}innhold direkte` : ''} (bare Lbl og LBody er lov)`,
            where,
          );
        break;
      }
      case 'LBody':
        if (parent !== 'LI') fail(R.lbodyParent, `LBody står i ${node.parent?.type ?? 'roten'}`, where);
        break;
      case 'TOC': {
        const wrong = only(kids, ['TOC', 'TOCI', 'Caption']);
        if (wrong.length || bare)
          fail(R.tocKids, `TOC inneholder ${[...new Set(wrong)].join(', ') || 'innhold direkte'}`, where);
        if (kidTypes.indexOf('Caption', 1) > 0) fail(R.tocCaption, 'Caption står ikke først i TOC', where);
        break;
      }
      case 'TOCI':
        if (parent !== 'TOC') fail(R.toclParent, `TOCI står i ${node.parent?.type ?? 'roten'}`, where);
        break;
      case 'Figure':
        if (!textOf(node.dict.get(PDFName.of('Alt'))) && !textOf(node.dict.get(PDFName.of('ActualText'))))
          fail(R.figureAlt, 'Figure mangler alternativ tekst (/Alt)', where);
        break;
      case 'Note': {
        const id = textOf(node.dict.get(PDFName.of('ID')));
        if (!id) fail(R.noteId, 'Note mangler /ID', where);
        else if (noteIds.has(id))
          fail(R.noteIdUnique, `Note-ID «${id}» brukes også av ${noteIds.get(id)!.path}`, where);
        else noteIds.set(id, node);
        break;
      }
      case 'H':
        usesH = true;
        if (kidTypes.filter((t) => t === 'H').length > 1) fail(R.oneH, 'mer enn én H i samme node', where);
        break;
    }
    if (/^H[1-6]$/.test(node.standardType)) {
      usesHn = true;
      headings.push(node);
    }
    if (node.standardType !== 'H' && kidTypes.filter((t) => t === 'H').length > 1)
      fail(R.oneH, 'mer enn én H i samme node', where);
    if (textOf(node.dict.get(PDFName.of('Alt'))) !== undefined && !langKnown(node))
      fail(R.langAlt, `språket for ${node.type}s /Alt er ikke angitt`, where);
    if (textOf(node.dict.get(PDFName.of('ActualText'))) !== undefined && !langKnown(node))
      fail(R.langActualText, `språket for ${node.type}s /ActualText er ikke angitt`, where);
    const nodeLang = textOf(node.dict.get(PDFName.of('Lang')));
    if (nodeLang !== undefined && !bcp47.test(nodeLang))
      fail(R.langValid, `/Lang «${nodeLang}» er ikke en språkkode`, where);
  }
  if (usesH && usesHn) fail(R.hAndHn, 'dokumentet bruker både H og H1–H6');
  let level = 0;
  for (const heading of headings) {
    const next = Number(heading.standardType.slice(1));
    if (next > level + 1) {
      fail(
        R.headingOrder,
        level === 0
          ? `første overskrift er ${heading.type}, ikke H1`
          : `${heading.type} følger H${level}: nivå ${level + 1} er hoppet over`,
        { page: heading.page || undefined, path: heading.path },
      );
    }
    level = next;
  }
}

/** A table attribute (/A with /O /Table) of a cell, e.g. ColSpan. */
function tableAttribute(node: StructNode, key: string): PDFObject | undefined {
  const a = node.dict.get(PDFName.of('A'));
  const list = a instanceof PDFArray ? a.asArray() : a ? [a] : [];
  for (const item of list) {
    const dict = item instanceof PDFRef ? node.dict.context.lookup(item) : item;
    if (dict instanceof PDFDict && textOf(dict.get(PDFName.of('O'))) === 'Table' && dict.has(PDFName.of(key)))
      return dict.get(PDFName.of(key));
  }
  return undefined;
}

/** Rows of a table, counting the columns each covers, with row spans carried down. */
function checkRowWidths(table: StructNode, fail: Fail) {
  const rows: StructNode[] = [];
  for (const kid of elementKids(table)) {
    if (kid.standardType === 'TR') rows.push(kid);
    else if (['THead', 'TBody', 'TFoot'].includes(kid.standardType))
      rows.push(...elementKids(kid).filter((r) => r.standardType === 'TR'));
  }
  const carried: number[] = []; // cells from rows above still spanning into row i
  const widths = rows.map((row, i) => {
    let width = carried[i] ?? 0;
    for (const cell of elementKids(row)) {
      if (cell.standardType !== 'TH' && cell.standardType !== 'TD') continue;
      const colSpan = Math.max(1, (tableAttribute(cell, 'ColSpan') as PDFNumber | undefined)?.asNumber?.() ?? 1);
      const rowSpan = Math.max(1, (tableAttribute(cell, 'RowSpan') as PDFNumber | undefined)?.asNumber?.() ?? 1);
      width += colSpan;
      for (let below = 1; below < rowSpan; below++) carried[i + below] = (carried[i + below] ?? 0) + colSpan;
    }
    return width;
  });
  const expected = widths[0];
  const wrong = widths.findIndex((w) => w !== expected);
  if (wrong > 0)
    fail(R.rowWidths, `rad ${wrong + 1} har ${widths[wrong]} kolonner, rad 1 har ${expected}`, {
      page: rows[wrong]!.page || undefined,
      path: rows[wrong]!.path,
    });
}

/** The /Scope of a TH from its attribute objects (/A: a dictionary or an array of them). */
export function scopeOf(node: StructNode): string | undefined {
  const a = node.dict.get(PDFName.of('A'));
  const list = a instanceof PDFArray ? a.asArray() : a ? [a] : [];
  for (const item of list) {
    const dict = item instanceof PDFRef ? node.dict.context.lookup(item) : item;
    if (dict instanceof PDFDict && textOf(dict.get(PDFName.of('O'))) === 'Table') {
      const scope = textOf(dict.get(PDFName.of('Scope')));
      if (scope) return scope;
    }
  }
  return undefined;
}

/**
 * Repeated header rows: Chromium repeats a table's header on every page it continues on, and
 * tags each repeat under the same header cell, so the header would be read once per page. A
 * header cell's marked content lies on one page (rows never break); on more, it is repeated.
 */
function checkTableDuplicates(table: StructNode, fail: Fail) {
  const walk = (node: StructNode, inHeader: boolean) => {
    const header = inHeader || node.standardType === 'TH' || node.standardType === 'THead';
    const pages = new Set(node.kids.flatMap((k) => (k.kind === 'mcid' ? [k.page] : [])));
    if (header && pages.size > 1) {
      fail(
        R.tableDuplicate,
        `overskriftscellen er merket på ${pages.size} sider (${[...pages].join(', ')}): den gjentatte overskriften er ikke en artefakt`,
        { page: [...pages][1], path: node.path },
      );
      return;
    }
    for (const kid of elementKids(node)) if (kid.standardType !== 'Table') walk(kid, header);
  };
  walk(table, false);
}

/** The CMaps every reader has (ISO 32000-1, Table 118): Identity and the CJK ones. */
const predefinedCMap = new RegExp(
  `^((${['GB-EUC', 'GBpc-EUC', 'GBK-EUC', 'GBKp-EUC', 'GBK2K', 'UniGB-UCS2', 'UniGB-UTF16', 'B5pc', 'HKscs-B5', 'ETen-B5', 'ETenms-B5', 'CNS-EUC', 'UniCNS-UCS2', 'UniCNS-UTF16', '90ms-RKSJ', '90msp-RKSJ', 'Add-RKSJ', 'EUC', 'Ext-RKSJ', 'UniJIS-UCS2', 'UniJIS-UCS2-HW', 'UniJIS-UTF16', 'KSC-EUC', 'KSCms-UHC', 'KSCms-UHC-HW', 'UniKS-UCS2', 'UniKS-UTF16', 'Identity'].join('|')})-[HV]|83pv-RKSJ-H|90pv-RKSJ-H|KSCpc-EUC-H|H|V)$`,
);

function checkFonts(
  doc: PDFDocument,
  resources: PDFDict | undefined,
  seen: Set<string>,
  page: number,
  fail: Fail,
  depth: number,
) {
  if (!resources || depth > 8) return;
  const fonts = resources.lookupMaybe(PDFName.of('Font'), PDFDict);
  for (const [, value] of fonts?.entries() ?? []) {
    const key = value.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    const font = value instanceof PDFRef ? doc.context.lookup(value) : value;
    if (!(font instanceof PDFDict)) continue;
    const name = textOf(font.get(PDFName.of('BaseFont'))) ?? '?';
    const subtype = textOf(font.get(PDFName.of('Subtype')));
    if (!font.get(PDFName.of('ToUnicode')))
      fail(R.toUnicode, `skriften ${name} mangler ToUnicode (teksten kan ikke leses ut)`, { page });
    if (subtype === 'Type3') continue;
    let descriptorHolder: PDFDict | undefined = font;
    if (subtype === 'Type0') {
      const descendants = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
      const first = descendants?.get(0);
      descriptorHolder =
        first instanceof PDFRef ? doc.context.lookupMaybe(first, PDFDict) : (first as PDFDict | undefined);
      const encoding = font.get(PDFName.of('Encoding'));
      const encodingName = textOf(encoding);
      const embeddedCMap = encoding instanceof PDFRef && doc.context.lookup(encoding) instanceof PDFStream;
      if (!embeddedCMap && !(encodingName && predefinedCMap.test(encodingName)))
        fail(
          R.cmap,
          `skriften ${name} bruker CMap-en ${encodingName ?? '?'}, som verken er forhåndsdefinert eller innebygd`,
          { page },
        );
    }
    const descriptor = descriptorHolder?.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    if (
      descriptorHolder &&
      textOf(descriptorHolder.get(PDFName.of('Subtype'))) === 'CIDFontType2' &&
      descriptor?.has(PDFName.of('FontFile2'))
    ) {
      const map = descriptorHolder.get(PDFName.of('CIDToGIDMap'));
      const mapStream = map instanceof PDFRef ? doc.context.lookup(map) : map;
      if (!(mapStream instanceof PDFStream) && textOf(map) !== 'Identity')
        fail(R.cidToGid, `skriften ${name} (CIDFontType2) mangler CIDToGIDMap`, { page });
    }
    if (!descriptor || !['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.has(PDFName.of(k))))
      fail(R.fontEmbedded, `skriften ${name} er ikke innebygd`, { page });
  }
  const xobjects = resources.lookupMaybe(PDFName.of('XObject'), PDFDict);
  for (const [, value] of xobjects?.entries() ?? []) {
    const xobject = value instanceof PDFRef ? doc.context.lookup(value) : value;
    if (xobject instanceof PDFStream && textOf(xobject.dict.get(PDFName.of('Subtype'))) === 'Form') {
      checkFonts(doc, xobject.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), seen, page, fail, depth + 1);
    }
  }
}
