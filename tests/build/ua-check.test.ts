/** The PDF/UA-1 checker: silent on a conforming fixture, and each rule fires on a fixture with one fault. */
import { describe, expect, it } from 'vitest';
import { PDFArray, PDFName, PDFString } from 'pdf-lib';
import { checkPdfBytes, formatFinding, ruleList } from '../../src/pdf/ua-check.ts';
import { makeFixture, withTree, type Spec } from '../helpers/ua-fixture.ts';

const replaceBytes = (from: string, to: string) => (bytes: Uint8Array) => {
  const text = Buffer.from(bytes).toString('latin1');
  if (!text.includes(from)) throw new Error(`fixture has no «${from}»`);
  return Buffer.from(text.replace(from, to), 'latin1');
};

const p = { S: 'P', content: true };

/** One fault per rule. */
const faults: Record<string, Spec> = {
  '5-1': { xmp: (x) => x.replace('<pdfuaid:part>1</pdfuaid:part>', '') },
  '5-2': { xmp: (x) => x.replace('<pdfuaid:part>1<', '<pdfuaid:part>2<') },
  '6.1-1': { bytes: replaceBytes('%PDF-1.7', '%PDF-2.0') },
  '6.2-1': { tweak: (doc) => doc.catalog.set(PDFName.of('MarkInfo'), doc.context.obj({ Marked: false })) },
  '7.1-1': { extraContent: '/P <</MCID 99 >>BDC /Artifact BMC 0 0 1 1 re f EMC EMC' },
  '7.1-2': { extraContent: '/Artifact BMC /P <</MCID 98 >>BDC 0 0 1 1 re f EMC EMC' },
  '7.1-3': { extraContent: '0 280 300 1 re f' },
  '7.1-4': { tweak: (doc) => doc.catalog.set(PDFName.of('MarkInfo'), doc.context.obj({ Marked: true, Suspects: true })) },
  '7.1-5': { roleMap: {} },
  '7.1-6': { roleMap: { Strong: 'Fet', Fet: 'Sterk', Sterk: 'Fet' } },
  '7.1-7': { roleMap: { Strong: 'Span', P: 'Span' } },
  '7.1-8': { tweak: (doc) => doc.catalog.delete(PDFName.of('Metadata')) },
  '7.1-9': { xmp: (x) => x.replace(/<dc:title>.*<\/dc:title>/, '') },
  '7.1-10': { tweak: (doc) => doc.catalog.delete(PDFName.of('ViewerPreferences')) },
  '7.1-11': { tweak: (doc) => doc.catalog.delete(PDFName.of('StructTreeRoot')) },
  '7.1-12': { tree: withTree((kids) => [...kids, { ...p, noParent: true }]) },
  '7.2-3': { tree: withTree((kids) => [...kids, { S: 'Table', content: true, kids: [{ S: 'TR', kids: [{ S: 'TD', content: true }] }] }]) },
  '7.2-4': { tree: withTree((kids) => [...kids, { S: 'Div', kids: [{ S: 'TR', kids: [{ S: 'TD', content: true }] }] }]) },
  '7.2-5': { tree: withTree((kids) => [...kids, { S: 'Div', kids: [{ S: 'THead', kids: [] }] }]) },
  '7.2-6': { tree: withTree((kids) => [...kids, { S: 'Div', kids: [{ S: 'TBody', kids: [] }] }]) },
  '7.2-7': { tree: withTree((kids) => [...kids, { S: 'Div', kids: [{ S: 'TFoot', kids: [] }] }]) },
  '7.2-8': { tree: withTree((kids) => [...kids, { S: 'Div', kids: [{ S: 'TH', scope: 'Row', content: true }] }]) },
  '7.2-9': { tree: withTree((kids) => [...kids, { S: 'Div', kids: [{ S: 'TD', content: true }] }]) },
  '7.2-10': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'TR', kids: [p] }] }]) },
  '7.2-11': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'THead', kids: [] }, { S: 'THead', kids: [] }, { S: 'TBody', kids: [] }] }]) },
  '7.2-12': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'TBody', kids: [] }, { S: 'TFoot', kids: [] }, { S: 'TFoot', kids: [] }] }]) },
  '7.2-13': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'TR', kids: [] }, { S: 'TFoot', kids: [] }] }]) },
  '7.2-14': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'THead', kids: [] }, { S: 'TR', kids: [] }] }]) },
  '7.2-16': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'TR', kids: [] }, { S: 'Caption', content: true }, { S: 'TR', kids: [] }] }]) },
  '7.2-17': { tree: withTree((kids) => [...kids, { S: 'Div', kids: [{ S: 'LI', kids: [{ S: 'LBody', content: true }] }] }]) },
  '7.2-18': { tree: withTree((kids) => [...kids, { S: 'Div', kids: [{ S: 'LBody', content: true }] }]) },
  '7.2-19': { tree: withTree((kids) => [...kids, { S: 'L', kids: [p] }]) },
  '7.2-20': { tree: withTree((kids) => [...kids, { S: 'L', kids: [{ S: 'LI', kids: [{ S: 'Link', content: true, link: {} }] }] }]) },
  '7.2-26': { tree: withTree((kids) => [...kids, { S: 'Div', kids: [{ S: 'TOCI', content: true }] }]) },
  '7.2-27': { tree: withTree((kids) => [...kids, { S: 'TOC', kids: [p] }]) },
  '7.2-28': { tree: withTree((kids) => [...kids, { S: 'TOC', kids: [{ S: 'TOCI', content: true }, { S: 'Caption', content: true }] }]) },
  '7.2-42': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'TR', kids: [{ S: 'TH', scope: 'Column', content: true }, { S: 'TH', scope: 'Column', content: true }] }, { S: 'TR', kids: [{ S: 'TD', content: true }] }] }]) },
  '7.2-21': { tweak: (doc) => doc.catalog.delete(PDFName.of('Lang')), tree: withTree((kids) => [...kids, { S: 'Span', actualText: 'tekst', content: true }]) },
  '7.2-22': { tweak: (doc) => doc.catalog.delete(PDFName.of('Lang')) },
  '7.2-24': { tweak: (doc) => doc.catalog.delete(PDFName.of('Lang')) },
  '7.2-29': { tree: withTree((kids) => [...kids, { S: 'Span', lang: 'norsk bokmål', content: true }]) },
  '7.2-34': { tweak: (doc) => doc.catalog.delete(PDFName.of('Lang')) },
  '7.2-36': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'THead', kids: [p] }, { S: 'TBody', kids: [] }] }]) },
  '7.2-37': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'TBody', kids: [p] }] }]) },
  '7.2-38': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'TBody', kids: [] }, { S: 'TFoot', kids: [p] }] }]) },
  '7.2-39': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'Caption', content: true }, { S: 'TR', kids: [] }, { S: 'Caption', content: true }] }]) },
  '7.2-40': { tree: withTree((kids) => [...kids, { S: 'L', kids: [{ S: 'LI', kids: [{ S: 'LBody', content: true }] }, { S: 'Caption', content: true }] }]) },
  '7.3-1': { tree: withTree((kids) => [...kids, { S: 'Figure', content: true }]) },
  '7.4.2-1': { tree: withTree((kids) => [...kids, { S: 'H4', content: true }]) },
  '7.4.4-1': { tree: withTree((kids) => [...kids, { S: 'Sect', kids: [{ S: 'H', content: true }, { S: 'H', content: true }] }]) },
  '7.4.4-2': { tree: withTree((kids) => [...kids, { S: 'H', content: true }]) },
  '7.5-1': { tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'TR', kids: [{ S: 'TH', content: true }] }] }]) },
  '7.9-1': { tree: withTree((kids) => [...kids, { S: 'Note', content: true }]) },
  '7.9-2': { tree: withTree((kids) => [...kids, { S: 'Note', id: 'note-1', content: true }]) },
  '7.18.1-2': {
    tweak: (doc, page) => {
      const note = doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [0, 0, 10, 10] }));
      page.node.lookup(PDFName.of('Annots'), PDFArray).push(note);
    },
  },
  '7.18.1-1': {
    tweak: (doc, page) => {
      const note = doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [0, 0, 10, 10], Contents: PDFString.of('En merknad') }));
      page.node.lookup(PDFName.of('Annots'), PDFArray).push(note);
    },
  },
  '7.18.3-1': { tweak: (_doc, page) => page.node.delete(PDFName.of('Tabs')) },
  '7.18.5-1': {
    tweak: (doc, page) => {
      const link = doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], Contents: PDFString.of('Utenfor strukturen') }));
      page.node.lookup(PDFName.of('Annots'), PDFArray).push(link);
    },
  },
  '7.18.5-2': { tree: withTree((kids) => [...kids, { S: 'P', kids: [{ S: 'Link', content: true, link: { contents: null } }] }]) },
  '7.21.3.2-1': { tweak: (doc, page) => useCidFont(doc, page, 'Identity-H', false) },
  '7.21.3.3-1': { tweak: (doc, page) => useCidFont(doc, page, 'Min-CMap', true) },
  '7.21.4.1-1': { tweak: useStandardFont },
  '7.21.7-1': { tweak: useStandardFont },
  'egen:xmp-info': { tweak: (doc) => doc.setTitle('En annen tittel') },
  'egen:bokmerker': { tweak: (doc) => doc.catalog.delete(PDFName.of('Outlines')) },
  'egen:tabell-gjentatt': {
    tree: withTree((kids) => [...kids, { S: 'Table', kids: [{ S: 'TR', kids: [{ S: 'TH', scope: 'Column', content: true, page2: true }] }, { S: 'TR', kids: [{ S: 'TD', content: true }] }] }]),
  },
};

/** Helvetica, one of the standard 14: neither embedded nor with ToUnicode. */
function useStandardFont(doc: Parameters<NonNullable<Spec['tweak']>>[0], page: Parameters<NonNullable<Spec['tweak']>>[1]) {
  const font = doc.context.register(doc.context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica' }));
  page.node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: font } }));
}

/** A Type0 font over an embedded CIDFontType2, with the given CMap and with or without CIDToGIDMap. */
function useCidFont(doc: Parameters<NonNullable<Spec['tweak']>>[0], page: Parameters<NonNullable<Spec['tweak']>>[1], cmap: string, withMap: boolean) {
  const context = doc.context;
  const file = context.register(context.flateStream('not a real font program'));
  const descriptor = context.register(context.obj({ Type: 'FontDescriptor', FontName: 'ABCDEF+Test', Flags: 4, FontBBox: [0, 0, 1000, 1000], ItalicAngle: 0, Ascent: 800, Descent: -200, CapHeight: 700, StemV: 80, FontFile2: file }));
  const cidFont = context.register(context.obj({ Type: 'Font', Subtype: 'CIDFontType2', BaseFont: 'ABCDEF+Test', CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 }, FontDescriptor: descriptor, ...(withMap ? { CIDToGIDMap: 'Identity' } : {}) }));
  const toUnicode = context.register(context.flateStream('/CIDInit /ProcSet findresource begin 12 dict begin begincmap endcmap end end'));
  const font = context.register(context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'ABCDEF+Test', Encoding: cmap, DescendantFonts: [cidFont], ToUnicode: toUnicode }));
  page.node.set(PDFName.of('Resources'), context.obj({ Font: { F1: font } }));
}

describe('PDF/UA-1 checker', () => {
  it('finds nothing wrong with the conforming fixture', async () => {
    const findings = await checkPdfBytes(await makeFixture());
    expect(findings.map(formatFinding)).toEqual([]);
  });

  it('has a fixture with a fault for every rule it checks', () => {
    expect(Object.keys(faults).sort()).toEqual(ruleList.map((r) => r.rule).sort());
  });

  for (const [rule, spec] of Object.entries(faults)) {
    it(`rule ${rule} fires on a fixture with that one fault`, async () => {
      const findings = await checkPdfBytes(await makeFixture(spec));
      expect(findings.map((f) => f.rule), findings.map(formatFinding).join('\n')).toContain(rule);
    });
  }

  it('names the Matterhorn condition, the page and the structure path', async () => {
    const findings = await checkPdfBytes(await makeFixture(faults['7.2-20']!));
    const finding = findings.find((f) => f.rule === '7.2-20')!;
    expect(finding.matterhorn).toBe('09-005');
    expect(finding.page).toBe(1);
    expect(finding.path).toBe('Document/L[2]/LI[1]');
    expect(formatFinding(finding)).toMatch(/^7\.2-20 \(Matterhorn 09-005\) s\. 1 Document\/L\[2\]\/LI\[1\]: LI inneholder Link/);
  });
});
