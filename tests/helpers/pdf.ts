/** Reads a built PDF back with poppler (text, info, structure) and qpdf (outline). */
import { execFileSync } from 'node:child_process';

/** Plain text of the whole PDF, or of page `page` (1-based). */
export function pdfText(file: string, page?: number): string {
  const args = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', ['-layout', ...args, file, '-'], { encoding: 'utf8' });
}

/** pdfinfo's fields (Pages, Tagged, Title, …). */
export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/** One bookmark: its title, level (1 = top) and the page it opens (1-based). */
export interface OutlineEntry {
  title: string;
  level: number;
  page: number;
}

/** The PDF's bookmarks, in order, flattened with their levels. */
export function pdfOutline(file: string): OutlineEntry[] {
  const json = JSON.parse(
    execFileSync('qpdf', ['--json', '--json-key=outlines', '--json-key=pages', file], { encoding: 'utf8' }),
  ) as {
    outlines: QpdfOutline[];
    pages: { object: string }[];
  };
  const pageIndex = new Map(json.pages.map((p, i) => [p.object, i + 1]));
  const out: OutlineEntry[] = [];
  const walk = (items: QpdfOutline[], level: number) => {
    for (const item of items) {
      out.push({ title: item.title, level, page: item.destpageposfrom1 ?? pageIndex.get(item.dest?.[0] ?? '') ?? 0 });
      walk(item.kids ?? [], level + 1);
    }
  };
  walk(json.outlines, 1);
  return out;
}

interface QpdfOutline {
  title: string;
  dest?: string[];
  destpageposfrom1?: number;
  kids?: QpdfOutline[];
}

/** The catalog's /Lang (e.g. «nb»). */
export function pdfLang(file: string): string | undefined {
  const json = JSON.parse(
    execFileSync('qpdf', ['--json', '--json-key=qpdf', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }),
  ) as {
    qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>];
  };
  for (const object of Object.values(json.qpdf[1])) {
    const value = object.value;
    if (value && value['/Type'] === '/Catalog') return String(value['/Lang'] ?? '').replace(/^u:/, '');
  }
  return undefined;
}

/** The structure tree as pdfinfo prints it (tags with their text). */
export function pdfStructure(file: string): string {
  return execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The fonts embedded in the PDF (pdffonts' name column). */
export function pdfFonts(file: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    // name type encoding emb sub uni object ID — the type can have two words («CID Type 0C»), so read emb from the end.
    return { name: cols[0] ?? '', embedded: cols.at(-5) === 'yes' };
  });
}
