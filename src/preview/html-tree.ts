/**
 * A small, lossless HTML tree for the report page the build writes (rehype-stringify and our
 * own templates: quoted attributes, closed elements). Unchanged nodes serialize back to the
 * exact input bytes, so the preview can add anchors and marks without touching anything else.
 * Not a general HTML parser: the report page is the only input.
 */
import { escapeHtml } from '../core/escape-html.ts';

/** A text run (raw, entities not decoded) or a comment/doctype kept verbatim. */
export interface RawNode {
  kind: 'raw';
  raw: string;
  /** True for text (false for comments and doctypes). */
  text: boolean;
}

/** An element with its start tag kept verbatim; `extra` attributes are appended on output. */
export interface ElementNode {
  kind: 'element';
  name: string;
  attrs: Map<string, string>;
  /** The start tag as written. */
  rawStart: string;
  /** Attributes to add or replace (serialized after the original ones; originals with the same name are dropped). */
  extra: Map<string, string>;
  children: TreeNode[];
  /** Whether the element had an end tag (void and self-closed elements do not). */
  closed: boolean;
  /** When set, replaces the children on output (already escaped HTML). */
  replaceInner?: string;
  /** HTML placed right before the element on output. */
  before?: string;
  /** HTML placed right after the element on output. */
  after?: string;
}

export type TreeNode = RawNode | ElementNode;

const voidElements = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const rawTextElements = new Set(['script', 'style', 'title', 'textarea']);

/** Parses the page into a list of top-level nodes. */
export function parseHtml(html: string): TreeNode[] {
  const root: ElementNode = element('#root', new Map(), '');
  const stack: ElementNode[] = [root];
  const top = () => stack[stack.length - 1]!;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      top().children.push({ kind: 'raw', raw: html.slice(i), text: true });
      break;
    }
    if (lt > i) top().children.push({ kind: 'raw', raw: html.slice(i, lt), text: true });
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      const stop = end === -1 ? html.length : end + 3;
      top().children.push({ kind: 'raw', raw: html.slice(lt, stop), text: false });
      i = stop;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt);
      const stop = end === -1 ? html.length : end + 1;
      top().children.push({ kind: 'raw', raw: html.slice(lt, stop), text: false });
      i = stop;
      continue;
    }
    if (html[lt + 1] === '/') {
      const end = html.indexOf('>', lt);
      const stop = end === -1 ? html.length : end + 1;
      const name = html
        .slice(lt + 2, end === -1 ? html.length : end)
        .trim()
        .toLowerCase();
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at > 0) {
        // Close the element (and anything left open inside it).
        stack[at]!.closed = true;
        stack.length = at;
      } else {
        top().children.push({ kind: 'raw', raw: html.slice(lt, stop), text: false });
      }
      i = stop;
      continue;
    }
    if (!/[a-zA-Z]/.test(html[lt + 1] ?? '')) {
      // A lone «<» in text.
      top().children.push({ kind: 'raw', raw: '<', text: true });
      i = lt + 1;
      continue;
    }
    const end = findTagEnd(html, lt);
    const rawStart = html.slice(lt, end);
    const match = /^<([a-zA-Z][a-zA-Z0-9:-]*)/.exec(rawStart)!;
    const name = match[1]!.toLowerCase();
    const node = element(
      name,
      parseAttributes(rawStart.slice(match[0].length, rawStart.endsWith('/>') ? -2 : -1)),
      rawStart,
    );
    top().children.push(node);
    i = end;
    if (voidElements.has(name) || rawStart.endsWith('/>')) continue;
    if (rawTextElements.has(name)) {
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      const stop = close === -1 ? html.length : close;
      if (stop > i) node.children.push({ kind: 'raw', raw: html.slice(i, stop), text: false });
      const closeEnd = close === -1 ? html.length : html.indexOf('>', close) + 1;
      node.closed = close !== -1;
      i = closeEnd;
      continue;
    }
    stack.push(node);
  }
  return root.children;
}

/** Writes the tree back to HTML (unchanged parts byte for byte). */
export function serializeHtml(nodes: TreeNode[]): string {
  let out = '';
  const write = (node: TreeNode): void => {
    if (node.kind === 'raw') {
      out += node.raw;
      return;
    }
    if (node.before) out += node.before;
    out += node.extra.size ? startTag(node) : node.rawStart;
    if (node.replaceInner !== undefined) out += node.replaceInner;
    else node.children.forEach(write);
    if (node.closed) out += `</${node.name}>`;
    if (node.after) out += node.after;
  };
  nodes.forEach(write);
  return out;
}

/** Every element in document order (depth first), with its ancestors. */
export function* walkElements(
  nodes: TreeNode[],
  ancestors: ElementNode[] = [],
): Generator<{ node: ElementNode; ancestors: ElementNode[] }> {
  for (const node of nodes) {
    if (node.kind !== 'element') continue;
    yield { node, ancestors };
    yield* walkElements(node.children, [...ancestors, node]);
  }
}

/** The text of an element as a reader sees it: entities decoded, soft hyphens removed, spaces collapsed. */
export function textOf(node: TreeNode): string {
  return normalizeText(rawText(node));
}

function rawText(node: TreeNode): string {
  if (node.kind === 'raw') return node.text ? decodeEntities(node.raw) : '';
  if (node.name === 'script' || node.name === 'style') return '';
  return node.children.map(rawText).join('');
}

/** Collapses whitespace, drops soft hyphens and zero-width characters. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\u00ad\u200b-\u200d\u2060]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether an element has the class. */
export function hasClass(node: ElementNode, name: string): boolean {
  return (node.attrs.get('class') ?? '').split(/\s+/).includes(name);
}

const named: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  shy: '\u00ad',
  ndash: '–',
  mdash: '—',
  laquo: '«',
  raquo: '»',
};

/** Decodes the entities rehype-stringify and Handlebars write (numeric and the common named ones). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return named[body.toLowerCase()] ?? whole;
  });
}

function element(name: string, attrs: Map<string, string>, rawStart: string): ElementNode {
  return { kind: 'element', name, attrs, rawStart, extra: new Map(), children: [], closed: false };
}

/** The index just after the «>» that ends the tag starting at `lt` (quotes respected). */
function findTagEnd(html: string, lt: number): number {
  let quote: string | undefined;
  for (let i = lt + 1; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  return html.length;
}

function parseAttributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of text.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
    attrs.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

function startTag(node: ElementNode): string {
  const parts = [node.name];
  for (const [name, value] of node.attrs) if (!node.extra.has(name)) parts.push(`${name}="${escapeHtml(value)}"`);
  for (const [name, value] of node.extra) parts.push(`${name}="${escapeHtml(value)}"`);
  return `<${parts.join(' ')}${node.rawStart.endsWith('/>') ? ' /' : ''}>`;
}
