/**
 * The round's draft as a Word document (build/runde-N/utkast.docx), for reviewers who comment in
 * Word. It is made from the same decorated page as the PDF (the chapter sections of the report
 * HTML, with the paragraph anchors), so both editions carry the same paragraph numbers: each
 * paragraph starts with a grey «¶ 3.7», which `npm run round -- hent` reads back to find the
 * paragraph a Word comment or tracked change is on.
 */
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import type { Element, ElementContent, Root } from 'hast';
import sharp from 'sharp';
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';
import type { Asset } from '../../render/assets.ts';
import { readFile } from 'node:fs/promises';

/** What the Word edition is made from. */
export interface DraftDocxInput {
  /** The decorated page (paragraphs carry data-nr). */
  html: string;
  /** The page's files (images) by their path in the page. */
  assets: ReadonlyMap<string, Asset>;
  title: string;
  round: number;
  date: string;
  /** The report's stylesheet, for the charts' colours and fonts when they are rasterised. */
  css?: string;
}

/** The prefix of a paragraph number in the Word edition: «¶ 3.7» followed by a tab. */
export const numberPrefix = (nr: string) => `¶ ${nr}`;

/** The paragraph number at the start of a paragraph's text (as mammoth reads it back), if any. */
export function leadingNumber(text: string): { number: string; rest: string } | undefined {
  const match = /^\s*¶\s*(\S+\.\d+)(?:\s+|$)/.exec(text);
  return match ? { number: match[1]!, rest: text.slice(match[0].length) } : undefined;
}

const headingLevels = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];
const grey = '6B7780';

interface Inline {
  bold?: boolean;
  italics?: boolean;
  superScript?: boolean;
}

/** Builds the .docx. */
export async function draftDocx(input: DraftDocxInput): Promise<Buffer> {
  const tree = fromHtml(input.html) as Root;
  const chapters: Element[] = [];
  visitElements(tree, (node) => {
    if (node.tagName === 'section' && classes(node).includes('chapter')) {
      chapters.push(node);
      return false;
    }
    return true;
  });
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  const footnoteIds = new Map<string, number>();
  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(input.title)] }),
    new Paragraph({
      children: [new TextRun({ text: `UTKAST – runde ${input.round} (${input.date})`, bold: true, color: 'B00020' })],
    }),
    new Paragraph({
      children: [
        new TextRun({
          text: 'Tallene med ¶ foran hvert avsnitt er avsnittsnumrene, de samme som i PDF-utgaven. Kommenter med Words kommentarer eller sporede endringer; la numrene stå.',
          italics: true,
          color: grey,
        }),
      ],
    }),
  ];
  let listInstance = 0;
  const converted = await convertImages(chapters, input);

  const inline = (nodes: readonly ElementContent[], style: Inline = {}): ParagraphChild[] => {
    const runs: ParagraphChild[] = [];
    for (const node of nodes) {
      if (node.type === 'text') {
        const text = clean(node.value);
        if (text) runs.push(new TextRun({ text, ...style }));
        continue;
      }
      if (node.type !== 'element' || node.properties.dataForh !== undefined) continue;
      const tag = node.tagName;
      if (tag === 'br') runs.push(new TextRun({ text: '', break: 1 }));
      else if (tag === 'strong' || tag === 'b') runs.push(...inline(node.children, { ...style, bold: true }));
      else if (tag === 'em' || tag === 'i') runs.push(...inline(node.children, { ...style, italics: true }));
      else if (
        tag === 'sup' &&
        node.children.some((c) => c.type === 'element' && c.properties.dataFootnoteRef !== undefined)
      ) {
        const link = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'a')!;
        const id = String(link.properties.href ?? '').slice(1);
        let n = footnoteIds.get(id);
        if (n === undefined) footnoteIds.set(id, (n = footnoteIds.size + 1));
        runs.push(new FootnoteReferenceRun(n));
      } else if (tag === 'sup') runs.push(...inline(node.children, { ...style, superScript: true }));
      else if (tag === 'a' && /^https?:/.test(String(node.properties.href ?? ''))) {
        runs.push(
          new ExternalHyperlink({
            link: String(node.properties.href),
            children: [new TextRun({ text: clean(toString(node)), style: 'Hyperlink', ...style })],
          }),
        );
      } else if (tag === 'img') runs.push(...(imageRun(node) ?? []));
      else if (tag === 'svg') continue;
      else runs.push(...inline(node.children, style));
    }
    return runs;
  };

  const numberRun = (node: Element): ParagraphChild[] => {
    const nr = node.properties.dataNr;
    return nr === undefined
      ? []
      : [
          new TextRun({
            children: [numberPrefix(String(nr)), new Tab()],
            color: grey,
            size: 14,
            bold: false,
            italics: false,
          }),
        ];
  };

  const imageRun = (node: Element): ParagraphChild[] => {
    const ready = converted.get(node);
    return ready
      ? [new ImageRun({ type: 'png', data: ready.png, transformation: ready.size, altText: ready.alt })]
      : [];
  };

  const chartParagraph = (svg: Element): Paragraph => {
    const ready = converted.get(svg);
    if (!ready?.svg) return new Paragraph('');
    return new Paragraph({
      children: [
        new ImageRun({
          type: 'svg',
          data: ready.svg,
          fallback: { type: 'png', data: ready.png },
          transformation: ready.size,
          altText: ready.alt,
        }),
      ],
    });
  };

  const paragraph = (node: Element, options: Omit<IParagraphOptions, 'children'> = {}, style: Inline = {}): Paragraph =>
    new Paragraph({
      ...options,
      tabStops: [{ type: 'left', position: 900 }],
      children: [...numberRun(node), ...inline(node.children, style)],
    });

  const block = (
    node: Element,
    out: (Paragraph | Table)[],
    list?: { ordered: boolean; level: number; instance: number },
    inCell = false,
  ): void => {
    const tag = node.tagName;
    if (node.properties.dataForh !== undefined || node.properties.ariaHidden === 'true') return;
    const level = /^h([1-6])$/.exec(tag);
    if (level) out.push(paragraph(node, { heading: headingLevels[Number(level[1]) - 1] }));
    else if (tag === 'p' || tag === 'dt' || tag === 'dd' || tag === 'figcaption') {
      if (node.children.some((c) => c.type === 'element' && c.tagName === 'img') && !toString(node).trim()) {
        out.push(new Paragraph({ children: inline(node.children) }));
      } else
        out.push(
          paragraph(
            node,
            tag === 'figcaption' ? { style: 'Caption' } : tag === 'dd' ? { indent: { left: 720 } } : {},
            tag === 'dt' ? { bold: true } : {},
          ),
        );
    } else if (tag === 'ul' || tag === 'ol') {
      const instance = ++listInstance;
      let position = 0;
      for (const item of node.children) {
        if (item.type !== 'element' || item.tagName !== 'li') continue;
        position++;
        const nested = item.children.filter(
          (c): c is Element =>
            c.type === 'element' && ['ul', 'ol', 'p', 'table', 'figure', 'blockquote'].includes(c.tagName),
        );
        const own = item.children.filter((c) => !(c.type === 'element' && nested.includes(c)));
        const level = list ? list.level + 1 : 0;
        // In a table cell a list is short lines in a narrow column: a bullet character, not Word's indented list.
        const numbering = inCell
          ? {}
          : tag === 'ol'
            ? { numbering: { reference: 'nummerert', level, instance } }
            : { bullet: { level } };
        const firstP = nested.find((c) => c.tagName === 'p');
        const textHolder = own.some((c) => (c.type === 'text' ? c.value.trim() : true))
          ? { ...item, children: own }
          : (firstP ?? item);
        const bullet = inCell ? [new TextRun(tag === 'ol' ? `${position}. ` : '• ')] : [];
        out.push(
          new Paragraph({
            ...numbering,
            children: [
              ...numberRun(item.properties.dataNr !== undefined ? item : textHolder),
              ...bullet,
              ...inline(textHolder.children),
            ],
          }),
        );
        for (const child of nested)
          if (child !== textHolder) block(child, out, { ordered: tag === 'ol', level, instance }, inCell);
      }
    } else if (tag === 'table') {
      const caption = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'caption');
      if (caption) out.push(paragraph(caption, { style: 'Caption', keepNext: true }));
      const rows: TableRow[] = [];
      const columnCounts: number[] = [];
      visitElements(node, (el) => {
        if (el.tagName === 'table' && el !== node) return false;
        if (el.tagName !== 'tr' || el.properties.ariaHidden === 'true') return true;
        const header = el.children.every((c) => c.type !== 'element' || c.tagName === 'th');
        const cells = el.children
          .filter((c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th'))
          .map((cell) => {
            const inner: (Paragraph | Table)[] = [];
            const blocks = cell.children.filter(
              (c): c is Element => c.type === 'element' && ['p', 'ul', 'ol', 'table'].includes(c.tagName),
            );
            if (blocks.length) blocks.forEach((b) => block(b, inner, undefined, true));
            else
              inner.push(
                new Paragraph({
                  alignment: cell.properties.align === 'right' ? AlignmentType.RIGHT : undefined,
                  children: inline(cell.children, cell.tagName === 'th' ? { bold: true } : {}),
                }),
              );
            return new TableCell({
              children: inner.length ? inner : [new Paragraph('')],
              columnSpan: Number(cell.properties.colSpan ?? 1) || 1,
            });
          });
        if (cells.length) {
          rows.push(new TableRow({ children: cells, ...(header ? { tableHeader: true } : {}) }));
          columnCounts.push(
            el.children
              .filter((c) => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th'))
              .reduce((n, c) => n + (Number((c as Element).properties.colSpan ?? 1) || 1), 0),
          );
        }
        return false;
      });
      // Equal columns across the text width (A4 less Word's default margins), so no column is squeezed.
      const columns = Math.max(1, ...columnCounts);
      if (rows.length)
        out.push(
          new Table({
            rows,
            width: { size: 100, type: WidthType.PERCENTAGE },
            columnWidths: Array.from({ length: columns }, () => Math.floor(9026 / columns)),
            layout: TableLayoutType.FIXED,
          }),
        );
    } else if (tag === 'figure') {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        if (child.tagName === 'svg') out.push(chartParagraph(child));
        else block(child, out);
      }
    } else if (tag === 'blockquote') {
      for (const child of node.children) if (child.type === 'element') block(child, out);
    } else if (tag === 'section' && node.properties.dataFootnotes !== undefined) {
      visitElements(node, (li) => {
        if (li.tagName !== 'li') return true;
        const id = String(li.properties.id ?? '');
        const n = footnoteIds.get(id);
        if (n !== undefined) {
          const paragraphs = li.children
            .filter((c): c is Element => c.type === 'element' && c.tagName === 'p')
            .map((p) => {
              const withoutBack = {
                ...p,
                children: p.children.filter(
                  (c) => !(c.type === 'element' && c.properties.dataFootnoteBackref !== undefined),
                ),
              };
              return paragraph(withoutBack);
            });
          footnotes[n] = { children: paragraphs };
        }
        return false;
      });
    } else {
      for (const child of node.children) if (child.type === 'element') block(child, out, list);
    }
  };

  for (const chapter of chapters) {
    for (const child of chapter.children) if (child.type === 'element') block(child, body);
  }
  const doc = new Document({
    title: input.title,
    subject: `UTKAST – runde ${input.round}`,
    keywords: `utkast-runde-${input.round}`,
    creator: 'imdi-rapport',
    description: `Utkast til kommentar, runde ${input.round}`,
    footnotes,
    numbering: {
      config: [
        {
          reference: 'nummerert',
          levels: [0, 1, 2, 3].map((level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    styles: { default: { document: { run: { font: 'Source Serif 4', size: 21 } } } },
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}

/** An image ready for Word: PNG (and the SVG itself for charts), its size in pixels at 96 dpi, and its alt text. */
interface ConvertedImage {
  png: Buffer;
  svg?: Buffer;
  size: { width: number; height: number };
  alt: { name: string; title: string; description: string };
}

/** Converts every picture and chart in the chapters (sharp rasterises the SVG charts; Word shows the SVG, older Word the PNG). */
async function convertImages(
  chapters: readonly Element[],
  input: DraftDocxInput,
): Promise<Map<Element, ConvertedImage>> {
  const found: Element[] = [];
  for (const chapter of chapters) {
    visitElements(chapter, (node) => {
      if (node.tagName === 'img' || (node.tagName === 'svg' && node.properties.role === 'img')) found.push(node);
      return node.tagName !== 'svg';
    });
  }
  const css = chartCss(input.css ?? '');
  const done = new Map<Element, ConvertedImage>();
  await Promise.all(
    found.map(async (node) => {
      if (node.tagName === 'img') {
        const src = String(node.properties.src ?? '');
        const asset = input.assets.get(src.replace(/^\.?\//, ''));
        if (!asset) return;
        const alt = String(node.properties.alt ?? '');
        const data = 'data' in asset ? Buffer.from(asset.data) : await readFile(asset.copyFrom);
        const png = await sharp(data).png().toBuffer({ resolveWithObject: true });
        const width = Math.min(600, png.info.width);
        done.set(node, {
          png: png.data,
          size: { width, height: Math.round((png.info.height * width) / png.info.width) },
          alt: { name: src.split('/').pop() ?? 'bilde', title: alt, description: alt },
        });
        return;
      }
      const alt = String(node.properties.ariaLabel ?? '');
      const view = String(node.properties.viewBox ?? '0 0 640 400')
        .split(/\s+/)
        .map(Number);
      const w = view[2] || 640;
      const h = view[3] || 400;
      const svg = Buffer.from(svgMarkup(node, w, h, css));
      const png = await sharp(svg, { density: 192 }).png().toBuffer();
      done.set(node, {
        png,
        svg,
        size: { width: 600, height: Math.round((h * 600) / w) },
        alt: { name: String(node.properties.id ?? 'figur'), title: alt, description: alt },
      });
    }),
  );
  return done;
}

/** A chart's SVG as a file of its own: sized, with the report's chart styles inside. */
function svgMarkup(svg: Element, width: number, height: number, css: string): string {
  const inner = svg.children.map(serialize).join('');
  const cls = classes(svg).join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" class="${escapeAttr(cls)}"><style>${css}</style><rect width="100%" height="100%" fill="#fff"/>${inner}</svg>`;
}

/** The report stylesheet's chart rules, with its variables put in. */
function chartCss(css: string): string {
  const vars = new Map<string, string>();
  for (const m of css.matchAll(/--([\w-]+):\s*([^;]+);/g)) vars.set(m[1]!, m[2]!.trim());
  const rules = [...css.matchAll(/(^|\n)([^{}\n]*\.chart[^{}]*)\{([^}]*)\}/g)]
    .map((m) => `${m[2]}{${m[3]}}`)
    .join('\n');
  let out = rules;
  for (let i = 0; i < 3; i++)
    out = out.replace(/var\(--([\w-]+)\)/g, (_all, name: string) => vars.get(name) ?? 'inherit');
  return out.replace(/font-family:[^;}]*/g, "font-family: 'Source Sans 3', 'Liberation Sans', sans-serif");
}

function serialize(node: ElementContent): string {
  if (node.type === 'text') return escapeText(node.value);
  if (node.type !== 'element') return '';
  const attrs = Object.entries(node.properties)
    .filter(([, v]) => v !== undefined && v !== null && v !== false)
    .map(([k, v]) => `${attrName(k)}="${escapeAttr(Array.isArray(v) ? v.join(' ') : String(v))}"`)
    .join(' ');
  return `<${node.tagName}${attrs ? ` ${attrs}` : ''}>${node.children.map(serialize).join('')}</${node.tagName}>`;
}

/** hast's property names back to SVG attribute names. */
function attrName(name: string): string {
  if (name === 'className') return 'class';
  if (['viewBox', 'preserveAspectRatio', 'textLength', 'lengthAdjust'].includes(name)) return name;
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

function classes(node: Element): string[] {
  const value: unknown = node.properties.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}

/** Text as Word should have it: no soft hyphens, runs of white space as one space. */
function clean(text: string): string {
  return text.replace(/[\u00ad\u200b]/g, '').replace(/\s+/g, ' ');
}

/** Depth-first over elements; `visit` returns false to skip an element's children. */
function visitElements(node: Root | Element, visit: (node: Element) => boolean): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (visit(child)) visitElements(child, visit);
  }
}
