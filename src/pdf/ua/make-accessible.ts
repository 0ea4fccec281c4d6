/**
 * What Chromium's tagged PDF lacks for PDF/UA-1, added after printing (finish-pdf.ts appends
 * every changed object as an incremental update):
 * - content: what it leaves untagged (@page margin boxes: running heads and page numbers; the
 *   cover's background; borders, rules, leader dots) becomes /Artifact, and so do the rules it
 *   tags as part of a heading, table or cell (content_stream.ts);
 * - structure: LI holds only Lbl and LBody (7.2-20); footnotes are Note with an /ID (7.9),
 *   and the references in the text link to them; the table of contents is TOC/TOCI; a
 *   `figure` wrapper (caption + image) is a Div, so Figure is only the image with its Alt
 *   (7.3-1); Strong and Em are role-mapped to Span, Aside (PDF 2.0) to Sect (7.1-5);
 * - links: every link annotation gets a description in /Contents (7.18.5-2), the link's text.
 */
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';
import { runArtifactJob, type ArtifactJob } from './page-artifacts.ts';
import { streamBytes } from './rules.ts';
import { elementKids, readStructure, textOf, type StructNode } from './structure.ts';

/** What the page knows that the PDF does not. */
export interface PageFacts {
  /** Every link in document order: its href and its text (what a reader announces). */
  links: { href: string; text: string }[];
  /** The ids the table of contents links to. */
  tocTargets: string[];
  /** The targets of the footnotes' links back to their references (each footnote has one). */
  footnoteBackrefs?: string[];
  /** The `lang` of every printed passage in another language than its surroundings. */
  langs?: string[];
}

/** A link annotation and its reference. */
interface Annotation {
  ref: PDFRef;
  dict: PDFDict;
}

/** Non-standard types Chromium writes, and the standard type each means. */
const roles: Record<string, string> = { Strong: 'Span', Em: 'Span', Aside: 'Sect' };

/** Applies the fixes to `doc`; every object it changes or adds is put in `changed` (object number → object). */
export function makeAccessible(
  doc: PDFDocument,
  facts: PageFacts,
  changed: Map<number, PDFObject>,
): { artifacts: number; lists: number; links: number; lostLangs: string[] } {
  const mark = (ref: PDFRef | undefined, object: PDFObject | undefined) => {
    if (ref && object) changed.set(ref.objectNumber, object);
  };
  const pages = doc.getPages();
  const pageNumbers = new Map(pages.map((p, i) => [p.ref.toString(), i + 1]));

  // 1. Structure, read before the content changes.
  const structure = readStructure(doc);
  const root = structure.root;
  // A table header Chromium repeats on a continuation page is tagged again under the same cell:
  // keep the first page's, and make the repeats artifacts (they are read once).
  const repeated = new Map<number, number[]>();
  for (const node of structure.all) {
    if (!insideHeaderCell(node)) continue;
    const first = node.kids.find((k) => k.kind === 'mcid')?.page;
    for (const kid of node.kids) {
      if (kid.kind === 'mcid' && kid.page !== first)
        (repeated.get(kid.page) ?? repeated.set(kid.page, []).get(kid.page)!).push(kid.mcid);
    }
  }
  // 2. Content: untagged marks and tagged decorations become artifacts.
  const results = pages.map((page, index) =>
    runArtifactJob({ ...contentJob(doc, page.node, index), repeated: repeated.get(index + 1) ?? [] }),
  );
  const decorations = new Map<number, Set<number>>(); // page number → MCIDs no longer in the content
  let artifacts = 0;
  for (const result of results) {
    if (!result.data) continue;
    const page = pages[result.index]!;
    artifacts += result.wrapped;
    decorations.set(result.index + 1, new Set(result.untagged));
    const data = Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength);
    const stream = PDFRawStream.of(doc.context.obj({ Filter: 'FlateDecode', Length: data.length }), data);
    const contents = page.node.get(PDFName.of('Contents'));
    if (contents instanceof PDFRef && doc.context.lookup(contents) instanceof PDFRawStream) {
      doc.context.assign(contents, stream);
      mark(contents, stream);
    } else {
      const ref = doc.context.register(stream);
      page.node.set(PDFName.of('Contents'), ref);
      mark(ref, stream);
      mark(page.ref, page.node);
    }
  }

  if (!root) return { artifacts, lists: 0, links: 0, lostLangs: facts.langs ?? [] };
  const touch = (node: StructNode) => mark(node.ref, node.dict);
  // MCIDs now inside artifacts leave the elements that held them.
  for (const node of structure.all) {
    if (!node.kids.some((k) => k.kind === 'mcid' && decorations.get(k.page)?.has(k.mcid))) continue;
    const gone = decorations.get(node.ownPage);
    const keep = (object: PDFObject | undefined): boolean => {
      if (object instanceof PDFNumber) return !gone?.has(object.asNumber());
      // A marked-content reference (MCR) names its own page.
      const mcr = object instanceof PDFRef ? doc.context.lookup(object) : object;
      if (!(mcr instanceof PDFDict) || textOf(mcr.get(PDFName.of('Type'))) !== 'MCR') return true;
      const pg = mcr.get(PDFName.of('Pg'));
      const page = pg instanceof PDFRef ? pageNumbers.get(pg.toString()) : node.ownPage;
      const mcid = mcr.get(PDFName.of('MCID'));
      return !(mcid instanceof PDFNumber && page && decorations.get(page)?.has(mcid.asNumber()));
    };
    const k = node.dict.get(PDFName.of('K'));
    if (k instanceof PDFNumber && !keep(k)) node.dict.set(PDFName.of('K'), doc.context.obj([]));
    else if (k instanceof PDFArray) node.dict.set(PDFName.of('K'), doc.context.obj(k.asArray().filter(keep)));
    touch(node);
  }
  // Role map.
  const roleMap = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict) ?? doc.context.obj({});
  for (const [from, to] of Object.entries(roles))
    if (structure.all.some((n) => n.type === from)) roleMap.set(PDFName.of(from), PDFName.of(to));
  if (roleMap.entries().length) {
    if (!(root.get(PDFName.of('RoleMap')) instanceof PDFRef)) root.set(PDFName.of('RoleMap'), roleMap);
    else mark(root.get(PDFName.of('RoleMap')) as PDFRef, roleMap);
    mark(doc.catalog.get(PDFName.of('StructTreeRoot')) as PDFRef, root);
  }
  // Figure wrappers: a Figure without alternative text that holds other elements (caption, image).
  for (const node of structure.all) {
    if (
      node.type === 'Figure' &&
      !node.dict.get(PDFName.of('Alt')) &&
      !node.dict.get(PDFName.of('ActualText')) &&
      elementKids(node).length
    ) {
      node.dict.set(PDFName.of('S'), PDFName.of('Div'));
      touch(node);
    }
  }
  // Which annotation each Link element holds.
  const annotation = (node: StructNode): Annotation[] =>
    node.kids.flatMap((k) => {
      const dict = k.kind === 'objr' ? doc.context.lookup(k.ref) : undefined;
      return dict instanceof PDFDict && k.kind === 'objr' ? [{ ref: k.ref, dict }] : [];
    });
  const linkNodes = structure.all.filter((n) => n.type === 'Link');
  // Table of contents: the first list whose every link goes to a TOC target.
  const toc = new Set(facts.tocTargets);
  const tocList = toc.size
    ? structure.all.find(
        (n) =>
          n.type === 'L' &&
          elementKids(n).length >= Math.min(2, toc.size) &&
          elementKids(n).every(
            (li) =>
              li.type === 'LI' &&
              linksIn(li).length > 0 &&
              linksIn(li).every((l) => annotation(l).every((a) => toc.has(destinationOf(a.dict)))),
          ),
      )
    : undefined;
  if (tocList) {
    tocList.dict.set(PDFName.of('S'), PDFName.of('TOC'));
    touch(tocList);
    for (const li of elementKids(tocList)) {
      li.dict.set(PDFName.of('S'), PDFName.of('TOCI'));
      touch(li);
    }
  }
  // Footnotes: each is a Note (with a unique /ID, 7.9-1/2) in a Div instead of an LI in an L.
  const backrefs = new Set(facts.footnoteBackrefs ?? []);
  const noteLists = new Set<StructNode>();
  const noteIds: [string, PDFRef][] = [];
  if (backrefs.size) {
    for (const list of structure.all) {
      const items = elementKids(list);
      if (
        list.type !== 'L' ||
        !items.length ||
        !items.every(
          (li) =>
            li.type === 'LI' && linksIn(li).some((l) => annotation(l).some((a) => backrefs.has(destinationOf(a.dict)))),
        )
      )
        continue;
      noteLists.add(list);
      list.dict.set(PDFName.of('S'), PDFName.of('Div'));
      list.dict.delete(PDFName.of('A')); // the list's numbering attribute (/O /List) does not belong on a Div
      touch(list);
      for (const li of items) {
        const id = `fn-${String(noteIds.length + 1).padStart(4, '0')}`;
        li.dict.set(PDFName.of('S'), PDFName.of('Note'));
        li.dict.set(PDFName.of('ID'), PDFString.of(id));
        touch(li);
        if (li.ref) noteIds.push([id, li.ref]);
      }
    }
    addIds(doc, root, noteIds, mark);
  }
  // LI: only Lbl and LBody. The LI becomes the LBody of a new LI that also takes its Lbl, so the
  // marked content and the parent tree keep pointing at the same element.
  let lists = 0;
  for (const li of structure.all) {
    if (
      li.type !== 'LI' ||
      li.parent === tocList ||
      (li.parent && noteLists.has(li.parent)) ||
      !li.ref ||
      !li.parent?.ref
    )
      continue;
    const kids = elementKids(li);
    if (kids.every((k) => k.type === 'Lbl' || k.type === 'LBody') && !li.kids.some((k) => k.kind !== 'element'))
      continue;
    const labels = kids.filter((k) => k.type === 'Lbl' && k.ref);
    const newLi = doc.context.obj({
      Type: 'StructElem',
      S: 'LI',
      P: li.parent.ref,
      K: [...labels.map((l) => l.ref!), li.ref],
    });
    const pg = li.dict.get(PDFName.of('Pg'));
    if (pg) newLi.set(PDFName.of('Pg'), pg);
    const newRef = doc.context.register(newLi);
    mark(newRef, newLi);
    for (const label of labels) {
      label.dict.set(PDFName.of('P'), newRef);
      touch(label);
    }
    const labelRefs = new Set(labels.map((l) => l.ref!.toString()));
    const k = li.dict.get(PDFName.of('K'));
    if (k instanceof PDFArray)
      li.dict.set(
        PDFName.of('K'),
        doc.context.obj(k.asArray().filter((x) => !(x instanceof PDFRef && labelRefs.has(x.toString())))),
      );
    else if (k instanceof PDFRef && labelRefs.has(k.toString())) li.dict.set(PDFName.of('K'), doc.context.obj([]));
    li.dict.set(PDFName.of('S'), PDFName.of('LBody'));
    li.dict.set(PDFName.of('P'), newRef);
    touch(li);
    replaceKid(doc, li.parent, li.ref, newRef);
    touch(li.parent);
    lists++;
  }
  // Links: a description for every annotation, from the link's text in the page.
  const described = describeLinks(
    linkNodes.map((n) => annotation(n)),
    facts.links,
  );
  let links = 0;
  for (const [annot, text] of described) {
    annot.dict.set(PDFName.of('Contents'), PDFHexString.fromText(text));
    mark(annot.ref, annot.dict);
    links++;
  }
  // Every page with annotations tabs in structure order (Chromium sets it; keep it so).
  for (const page of pages) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annots?.size() && textOf(page.node.get(PDFName.of('Tabs'))) !== 'S') {
      page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
      mark(page.ref, page.node);
    }
  }
  // Every passage in another language reached the PDF as a structure element with /Lang.
  const found = new Map<string, number>();
  for (const node of structure.all) {
    const lang = textOf(node.dict.get(PDFName.of('Lang')))?.toLowerCase();
    if (lang && node.parent) found.set(lang, (found.get(lang) ?? 0) + 1);
  }
  const lostLangs: string[] = [];
  for (const lang of facts.langs ?? []) {
    const left = found.get(lang.toLowerCase()) ?? 0;
    if (left > 0) found.set(lang.toLowerCase(), left - 1);
    else lostLangs.push(lang);
  }
  return { artifacts, lists, links, lostLangs };
}

/**
 * Adds element ids to the structure tree's /IDTree (a name tree, sorted). Ours start «fn-»,
 * before Chromium's «node…», so they go first in the first leaf, and the limits on the way
 * down move with them.
 */
function addIds(
  doc: PDFDocument,
  root: PDFDict,
  ids: [string, PDFRef][],
  mark: (ref: PDFRef | undefined, object: PDFObject | undefined) => void,
) {
  if (!ids.length) return;
  const entries = ids.flatMap(([id, ref]) => [PDFString.of(id), ref]);
  const treeRef = root.get(PDFName.of('IDTree'));
  let node: PDFObject | undefined = treeRef instanceof PDFRef ? doc.context.lookup(treeRef) : treeRef;
  if (!(node instanceof PDFDict)) {
    root.set(PDFName.of('IDTree'), doc.context.obj({ Names: entries }));
    return;
  }
  let ref = treeRef instanceof PDFRef ? treeRef : undefined;
  for (let depth = 0; depth < 32; depth++) {
    const limits = node.lookupMaybe(PDFName.of('Limits'), PDFArray);
    if (limits) limits.set(0, PDFString.of(ids[0]![0]));
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    if (names) {
      node.set(PDFName.of('Names'), doc.context.obj([...entries, ...names.asArray()]));
      mark(ref, node);
      return;
    }
    mark(ref, node);
    const kids: PDFArray | undefined = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    const first: PDFObject | undefined = kids?.get(0);
    ref = first instanceof PDFRef ? first : undefined;
    node = first instanceof PDFRef ? doc.context.lookup(first) : first;
    if (!(node instanceof PDFDict)) return;
  }
}

/** A page's content streams as a job: Flate bytes as they are (inflated with zlib), others decoded with pdf-lib. */
function contentJob(doc: PDFDocument, page: PDFDict, index: number): ArtifactJob {
  const contents = page.get(PDFName.of('Contents'));
  const resolved = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
  const streams = (
    resolved instanceof PDFArray ? resolved.asArray().map((r) => doc.context.lookup(r)) : [resolved]
  ).filter((x) => x !== undefined);
  const plainFlate = streams.every(
    (x) =>
      x instanceof PDFRawStream &&
      textOf(x.dict.get(PDFName.of('Filter'))) === 'FlateDecode' &&
      !x.dict.has(PDFName.of('DecodeParms')),
  );
  return {
    index,
    streams: streams.map((x) => (plainFlate ? (x as PDFRawStream).contents : streamBytes(x))),
    decoded: !plainFlate,
    repeated: [],
  };
}

function insideHeaderCell(node: StructNode): boolean {
  for (let n: StructNode | undefined = node; n; n = n.parent)
    if (n.standardType === 'TH' || n.standardType === 'THead') return true;
  return false;
}

function linksIn(node: StructNode): StructNode[] {
  return elementKids(node).flatMap((k) => (k.type === 'Link' ? [k] : linksIn(k)));
}

/** The named destination or URI an annotation leads to (decoded as the page's ids are). */
export function destinationOf(annot: PDFDict): string {
  const dest = annot.get(PDFName.of('Dest'));
  const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
  const target = dest ?? action?.get(PDFName.of('D'));
  if (target) {
    const name = textOf(target) ?? '';
    try {
      return decodeURIComponent(name);
    } catch {
      return name;
    }
  }
  return textOf(action?.get(PDFName.of('URI'))) ?? '';
}

/**
 * Pairs each Link element's annotations with the page's links. Chromium writes the Link
 * elements in document order, one per `a[href]` that prints, so the n-th element is the n-th
 * link when their targets agree; a link whose target does not agree is described by its target.
 */
function describeLinks(linkAnnots: Annotation[][], links: PageFacts['links']): [Annotation, string][] {
  const out: [Annotation, string][] = [];
  let cursor = 0;
  for (const annots of linkAnnots) {
    if (!annots.length) continue;
    const target = destinationOf(annots[0]!.dict);
    // Find the next page link with this target (links that do not print are skipped).
    let found = -1;
    for (let j = cursor; j < links.length && j < cursor + 20; j++) {
      if (hrefTarget(links[j]!.href) === target) {
        found = j;
        break;
      }
    }
    let text: string;
    if (found >= 0) {
      cursor = found + 1;
      const link = links[found]!;
      const external = !link.href.startsWith('#');
      text =
        link.text && !(external && link.text.includes(link.href))
          ? external
            ? `${link.text} (${link.href})`
            : link.text
          : link.href;
    } else {
      text = target.startsWith('http') || target.startsWith('mailto:') ? target : `Lenke til ${target}`;
    }
    for (const annot of annots) out.push([annot, text]);
  }
  return out;
}

function hrefTarget(href: string): string {
  if (!href.startsWith('#')) return href;
  try {
    return decodeURIComponent(href.slice(1));
  } catch {
    return href.slice(1);
  }
}

function replaceKid(doc: PDFDocument, parent: StructNode, old: PDFRef, replacement: PDFRef) {
  const k = parent.dict.get(PDFName.of('K'));
  if (k instanceof PDFArray) {
    parent.dict.set(
      PDFName.of('K'),
      doc.context.obj(
        k.asArray().map((x) => (x instanceof PDFRef && x.objectNumber === old.objectNumber ? replacement : x)),
      ),
    );
  } else if (k instanceof PDFRef && k.objectNumber === old.objectNumber) {
    parent.dict.set(PDFName.of('K'), replacement);
  }
}
