/**
 * The structure tree (ISO 32000-1 § 14.7) as plain objects: each element's type, the standard
 * type it maps to, its attributes, its kids (elements, marked content on a page, annotations)
 * and a readable path («Document/Sect[3]/Table[1]/TR[2]») for messages.
 */
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';

/** The standard structure types of PDF 1.7 (ISO 32000-1 § 14.8.4). */
export const standardTypes = new Set([
  'Document',
  'Part',
  'Art',
  'Sect',
  'Div',
  'BlockQuote',
  'Caption',
  'TOC',
  'TOCI',
  'Index',
  'NonStruct',
  'Private',
  'P',
  'H',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'L',
  'LI',
  'Lbl',
  'LBody',
  'Table',
  'TR',
  'TH',
  'TD',
  'THead',
  'TBody',
  'TFoot',
  'Span',
  'Quote',
  'Note',
  'Reference',
  'BibEntry',
  'Code',
  'Link',
  'Annot',
  'Ruby',
  'RB',
  'RT',
  'RP',
  'Warichu',
  'WT',
  'WP',
  'Figure',
  'Formula',
  'Form',
]);

/** A kid that is marked content on a page. */
export interface ContentKid {
  kind: 'mcid';
  mcid: number;
  /** 1-based page number (0: unknown). */
  page: number;
}

/** A kid that is an object, usually an annotation. */
export interface ObjectKid {
  kind: 'objr';
  ref: PDFRef;
  page: number;
}

/** One structure element. */
export interface StructNode {
  kind: 'element';
  ref?: PDFRef;
  dict: PDFDict;
  type: string;
  /** Its type after the role map (the type itself when standard or unmapped). */
  standardType: string;
  parent?: StructNode;
  kids: (StructNode | ContentKid | ObjectKid)[];
  path: string;
  /** First page with content of this element or its descendants (0: none). */
  page: number;
  /** The page of its own /Pg (inherited from its parent; 0: none): where its MCIDs are. */
  ownPage: number;
}

/** The tree, the role map and lookups. */
export interface Structure {
  root?: PDFDict;
  roleMap: Map<string, string>;
  /** Top-level elements (usually one Document). */
  elements: StructNode[];
  /** Every element, depth first. */
  all: StructNode[];
}

/** Text of a PDF string or name object. */
export function textOf(object: PDFObject | undefined): string | undefined {
  if (object instanceof PDFString || object instanceof PDFHexString) return object.decodeText();
  if (object instanceof PDFName) return object.decodeText();
  return undefined;
}

/** Reads the structure tree. */
export function readStructure(doc: PDFDocument): Structure {
  const pageNumbers = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const roleMap = new Map<string, string>();
  const structure: Structure = { root, roleMap, elements: [], all: [] };
  if (!root) return structure;
  const map = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
  for (const [key, value] of map?.entries() ?? []) {
    if (value instanceof PDFName) roleMap.set(key.decodeText(), value.decodeText());
  }
  const seen = new Set<string>();
  const pageOf = (dict: PDFDict | undefined, inherited: number) => {
    const pg = dict?.get(PDFName.of('Pg'));
    return pg instanceof PDFRef ? (pageNumbers.get(pg.toString()) ?? inherited) : inherited;
  };
  const visit = (
    object: PDFObject | undefined,
    parent: StructNode | undefined,
    page: number,
    siblings: Map<string, number>,
    out: StructNode['kids'],
  ) => {
    if (object === undefined) return;
    if (object instanceof PDFNumber) {
      out.push({ kind: 'mcid', mcid: object.asNumber(), page });
      return;
    }
    if (object instanceof PDFArray) {
      for (let i = 0; i < object.size(); i++) visit(object.get(i), parent, page, siblings, out);
      return;
    }
    const ref = object instanceof PDFRef ? object : undefined;
    if (ref) {
      if (seen.has(ref.toString())) return;
      seen.add(ref.toString());
    }
    const dict = ref ? doc.context.lookup(ref) : object;
    if (!(dict instanceof PDFDict)) return;
    const type = textOf(dict.get(PDFName.of('Type')));
    if (type === 'MCR') {
      const mcid = dict.get(PDFName.of('MCID'));
      if (mcid instanceof PDFNumber) out.push({ kind: 'mcid', mcid: mcid.asNumber(), page: pageOf(dict, page) });
      return;
    }
    if (type === 'OBJR') {
      const obj = dict.get(PDFName.of('Obj'));
      if (obj instanceof PDFRef) out.push({ kind: 'objr', ref: obj, page: pageOf(dict, page) });
      return;
    }
    const s = textOf(dict.get(PDFName.of('S'))) ?? '';
    let standardType = s;
    for (let hops = 0; hops < 10 && !standardTypes.has(standardType) && roleMap.has(standardType); hops++)
      standardType = roleMap.get(standardType)!;
    const index = (siblings.get(s) ?? 0) + 1;
    siblings.set(s, index);
    const own = pageOf(dict, page);
    const node: StructNode = {
      kind: 'element',
      ref,
      dict,
      type: s,
      standardType,
      parent,
      kids: [],
      path: `${parent ? `${parent.path}/` : ''}${s}[${index}]`,
      page: 0,
      ownPage: own,
    };
    out.push(node);
    structure.all.push(node);
    visit(dict.get(PDFName.of('K')), node, own, new Map(), node.kids);
    node.page = firstPage(node);
  };
  visit(root.get(PDFName.of('K')), undefined, 0, new Map(), structure.elements as StructNode['kids']);
  // The usual single root drops its index: «Document/…», not «Document[1]/…».
  for (const node of structure.all) node.path = node.path.replace(/^([A-Za-z0-9]+)\[1\](?=\/|$)/, '$1');
  return structure;
}

function firstPage(node: StructNode): number {
  for (const kid of node.kids) {
    const page = kid.kind === 'element' ? kid.page : kid.page;
    if (page) return page;
  }
  return 0;
}

/** The element's kids that are elements. */
export function elementKids(node: StructNode): StructNode[] {
  return node.kids.filter((k): k is StructNode => k.kind === 'element');
}
