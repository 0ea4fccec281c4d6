/**
 * Page content streams, read operator by operator: enough of ISO 32000-1 § 7.8.2 to see which
 * marks are made inside marked content (tagged or /Artifact) and which are not. Chromium tags
 * what the DOM holds and leaves the rest bare (@page margin boxes, borders, backgrounds, leader
 * dots); PDF/UA wants every mark either tagged or an artifact (veraPDF 7.1-3, Matterhorn 01-001).
 */

/** One operator with the byte range of its operands and itself. */
export interface Operation {
  op: string;
  start: number;
  end: number;
  /** BMC's and BDC's operand tokens as written (a dictionary is one token); empty for other operators. */
  operands: string[];
}

/** Operators that put marks on the page. */
export const paintingOperators = new Set([
  'f',
  'F',
  'f*',
  'B',
  'B*',
  'b',
  'b*',
  'S',
  's',
  'sh',
  'Tj',
  'TJ',
  "'",
  '"',
  'Do',
  'BI',
]);

const isWhite = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelimiter = (c: number) =>
  c === 0x28 ||
  c === 0x29 ||
  c === 0x3c ||
  c === 0x3e ||
  c === 0x5b ||
  c === 0x5d ||
  c === 0x7b ||
  c === 0x7d ||
  c === 0x2f ||
  c === 0x25;

const none: string[] = [];

/**
 * Splits a content stream (decoded, as latin1 text) into operations. Tokens are not copied:
 * only operators and the operands of BMC/BDC become strings (a page holds ~30 000 operations).
 */
export function parseOperations(text: string): Operation[] {
  const ops: Operation[] = [];
  // Only the last two operands are remembered (BDC's tag and properties), as positions.
  let prevStart = 0;
  let prevEnd = 0;
  let curStart = 0;
  let curEnd = 0;
  let count = 0;
  let operandStart = -1;
  let i = 0;
  const n = text.length;
  // Depth of [ ] and << >> : a nested token belongs to one operand.
  let nest = 0;
  let nestStart = 0;
  const keep = (from: number, to: number) => {
    if (operandStart < 0) operandStart = from;
    if (nest > 0) return;
    prevStart = curStart;
    prevEnd = curEnd;
    curStart = from;
    curEnd = to;
    count++;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00) {
      i++;
      continue;
    }
    const at = i;
    if (c >= 0x30 && c <= 0x39) {
      // A number (the most common token): digits and a point.
      i++;
      for (let d = text.charCodeAt(i); (d >= 0x30 && d <= 0x39) || d === 0x2e; d = text.charCodeAt(++i));
      keep(at, i);
      continue;
    }
    if (c === 0x25) {
      // % comment
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
      continue;
    }
    if (c === 0x28) {
      // ( literal string ) with nesting and escapes
      let depth = 0;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x28) depth++;
        else if (d === 0x29 && --depth === 0) break;
      }
      i++;
      keep(at, i);
      continue;
    }
    if (c === 0x3c && text.charCodeAt(i + 1) === 0x3c) {
      if (nest === 0) nestStart = at;
      if (operandStart < 0) operandStart = at;
      nest++;
      i += 2;
      continue;
    }
    if (c === 0x3e && text.charCodeAt(i + 1) === 0x3e) {
      nest--;
      i += 2;
      if (nest === 0) keep(nestStart, i);
      continue;
    }
    if (c === 0x3c) {
      const close = text.indexOf('>', i);
      i = close < 0 ? n : close + 1;
      keep(at, i);
      continue;
    }
    if (c === 0x5b) {
      if (nest === 0) nestStart = at;
      if (operandStart < 0) operandStart = at;
      nest++;
      i++;
      continue;
    }
    if (c === 0x5d) {
      nest--;
      i++;
      if (nest === 0) keep(nestStart, i);
      continue;
    }
    if (c === 0x2f) {
      i++;
      while (i < n && !isWhite(text.charCodeAt(i)) && !isDelimiter(text.charCodeAt(i))) i++;
      keep(at, i);
      continue;
    }
    // A regular token: a number with a sign or leading point, true/false/null, or an operator.
    i++;
    while (i < n && !isWhite(text.charCodeAt(i)) && !isDelimiter(text.charCodeAt(i))) i++;
    if (nest > 0 || c === 0x2e || c === 0x2b || c === 0x2d) {
      keep(at, i);
      continue;
    }
    const token = text.slice(at, i);
    if (token === 'true' || token === 'false' || token === 'null') {
      keep(at, i);
      continue;
    }
    if (token === 'BI') {
      // Inline image: skip to «EI» after the data (ID … EI).
      const data = text.indexOf('ID', i);
      let end = data < 0 ? n : data + 3;
      for (;;) {
        const ei = text.indexOf('EI', end);
        if (ei < 0) {
          end = n;
          break;
        }
        end = ei + 2;
        if (isWhite(text.charCodeAt(ei - 1)) && (ei + 2 >= n || isWhite(text.charCodeAt(ei + 2)))) break;
      }
      i = end;
    }
    const operands =
      token === 'BDC'
        ? count >= 2
          ? [text.slice(prevStart, prevEnd), text.slice(curStart, curEnd)]
          : []
        : token === 'BMC'
          ? count >= 1
            ? [text.slice(curStart, curEnd)]
            : []
          : none;
    ops.push({ op: token, start: operandStart < 0 ? at : operandStart, end: i, operands });
    count = 0;
    operandStart = -1;
  }
  return ops;
}

/** Marked-content operators and the operators that open or close a graphics or text object. */
const boundaries = new Set(['BMC', 'BDC', 'EMC', 'q', 'Q', 'BT', 'ET']);

/** Path-painting operators: rules, borders, backgrounds (no text, no images). */
const pathPainting = new Set(['f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's']);

/**
 * Wraps every run of marks made outside marked content in `/Artifact BMC … EMC`. A run ends at
 * q, Q, BT, ET and at marked content, so the artifacts nest properly with the graphics state and
 * text objects around them.
 *
 * Also turns tagged sequences that only paint paths (a heading's rule, a table's borders, a
 * cell's background) into artifacts, unless their tag is one of `keepTags` (a Figure's drawing,
 * a list bullet): Chromium tags those with the element they decorate, which puts bare content
 * in a Table (veraPDF 7.2-3) and rules in the reading order. Their MCIDs are returned, so the
 * structure tree can drop them. So do the sequences in `repeated` (MCIDs): a table's header row
 * that Chromium repeats on each page and tags again, under the same header cell. Returns the
 * same string when nothing changed.
 */
export function wrapUntaggedAsArtifacts(
  text: string,
  repeated: ReadonlySet<number> = new Set(),
  keepTags: ReadonlySet<string> = new Set(['/Figure', '/Lbl']),
): { text: string; wrapped: number; untagged: number[] } {
  const ops = parseOperations(text);
  const parts: string[] = [];
  const untagged: number[] = [];
  let last = 0;
  let depth = 0;
  let wrapped = 0;
  let runStart = -1;
  let runPaints = false;
  let runEnd = 0;
  const close = () => {
    if (runStart >= 0 && runPaints) {
      parts.push(text.slice(last, runStart), '/Artifact BMC\n', text.slice(runStart, runEnd), '\nEMC');
      last = runEnd;
      wrapped++;
    }
    runStart = -1;
    runPaints = false;
  };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (boundaries.has(op.op)) {
      close();
      if (op.op === 'BDC' && depth === 0) {
        const mcid = /\/MCID\s+(\d+)/.exec(op.operands[1] ?? '');
        const again = mcid !== null && repeated.has(Number(mcid[1]));
        if (mcid && (again || (!keepTags.has(op.operands[0] ?? '') && decorationEnd(ops, i) > 0))) {
          parts.push(text.slice(last, op.start), '/Artifact BMC');
          last = op.end;
          untagged.push(Number(mcid[1]));
          wrapped++;
        }
      }
      if (op.op === 'BMC' || op.op === 'BDC') depth++;
      else if (op.op === 'EMC') depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth > 0) continue;
    if (runStart < 0) runStart = op.start;
    runEnd = op.end;
    if (paintingOperators.has(op.op)) runPaints = true;
  }
  close();
  if (!wrapped) return { text, wrapped, untagged };
  parts.push(text.slice(last));
  return { text: parts.join(''), wrapped, untagged };
}

/** Index of the EMC closing the sequence opened at `open` when it only paints paths; -1 otherwise. */
function decorationEnd(ops: Operation[], open: number): number {
  let paints = false;
  for (let j = open + 1; j < ops.length; j++) {
    const op = ops[j]!.op;
    if (op === 'EMC') return paints ? j : -1;
    if (op === 'BMC' || op === 'BDC' || op === 'BT' || op === 'Do' || op === 'sh' || op === 'BI') return -1;
    if (pathPainting.has(op)) paints = true;
  }
  return -1;
}

/** What a content stream shows about its marked content. */
export interface MarkedContentReport {
  /** Painting operators outside any marked content (7.1-3). */
  bare: { op: string; at: number }[];
  /** MCIDs used, in order. */
  mcids: number[];
  /** An Artifact inside tagged content (7.1-1) or tagged content inside an Artifact (7.1-2). */
  nesting: { rule: '7.1-1' | '7.1-2'; at: number }[];
  /** /Lang in marked-content property lists (checked against BCP 47 like structure elements). */
  langs: string[];
  /** Tags (BDC/BMC) used, with their counts. */
  tags: Map<string, number>;
  /** Unbalanced BMC/BDC … EMC. */
  unbalanced: boolean;
}

/** Reads a content stream's marked content. */
export function readMarkedContent(text: string): MarkedContentReport {
  const report: MarkedContentReport = {
    bare: [],
    mcids: [],
    nesting: [],
    langs: [],
    tags: new Map(),
    unbalanced: false,
  };
  // Stack of open sequences: whether each is an artifact, and whether it carries an MCID (tagged).
  const stack: { artifact: boolean; tagged: boolean }[] = [];
  for (const op of parseOperations(text)) {
    if (op.op === 'BMC' || op.op === 'BDC') {
      const tag = op.operands[0] ?? '';
      const props = op.op === 'BDC' ? (op.operands[1] ?? '') : '';
      const mcid = /\/MCID\s+(\d+)/.exec(props);
      const lang = /\/Lang\s*\(([^)]*)\)/.exec(props);
      if (lang) report.langs.push(lang[1]!);
      report.tags.set(tag, (report.tags.get(tag) ?? 0) + 1);
      const artifact = tag === '/Artifact';
      const tagged = mcid !== null;
      if (mcid) report.mcids.push(Number(mcid[1]));
      const insideTagged = stack.some((s) => s.tagged);
      const insideArtifact = stack.some((s) => s.artifact);
      if (artifact && insideTagged) report.nesting.push({ rule: '7.1-1', at: op.start });
      if (tagged && insideArtifact) report.nesting.push({ rule: '7.1-2', at: op.start });
      stack.push({ artifact, tagged });
      continue;
    }
    if (op.op === 'EMC') {
      if (!stack.pop()) report.unbalanced = true;
      continue;
    }
    if (paintingOperators.has(op.op) && !stack.some((s) => s.artifact || s.tagged))
      report.bare.push({ op: op.op, at: op.start });
  }
  if (stack.length) report.unbalanced = true;
  return report;
}
