/**
 * Citations written as text in Word («(Bergh mfl. 2020)», «Kleven (2019)») stay text in the
 * imported chapter; this finds them, with their line and column, and suggests the `[@key]`
 * from content/references.yaml when the first author and the year match one source.
 */
import { parse } from 'yaml';

/** A source as far as matching needs: its key, authors' surnames (or names) and year. */
export interface ReferenceSummary {
  id: string;
  names: string[];
  year: string | undefined;
}

/** A place in the chapter that looks like a citation. */
export interface CitationLike {
  text: string;
  line: number;
  column: number;
  /** `[@key]` or `[@a; @b]` when every part matched one source; undefined otherwise. */
  suggestion: string | undefined;
  /** The keys that fit, when some part fits several sources (SSB has many from 2023). */
  candidates: string[];
  /** «Kleven (2019)»: the author is part of the sentence. */
  narrative: boolean;
}

const year = String.raw`(?:1[89]|20)\d\d[a-zæøå]?`;
const name = String.raw`\p{Lu}[\p{L}’'.-]*`;
const authors = String.raw`${name}(?:(?:,\s*|\s+og\s+|\s*&\s*|\s+)(?:${name}|mfl\.|m\.fl\.|et al\.|o\.a\.))*`;
/** «(Bergh mfl. 2020)», «(SSB 2023; Kleven 2019, s. 12)». */
const inParentheses = new RegExp(String.raw`\((?:[^()\n]*?)${year}[^()\n]*\)`, 'gu');
/** One part of a parenthesized citation: authors, then the year. */
const part = new RegExp(String.raw`^\s*(?:se\s+|jf\.\s+|f\.eks\.\s+)?(${authors})\s*,?\s+(${year})\b`, 'u');
/** «Bergh mfl. (2020)». */
const narrative = new RegExp(String.raw`(${authors})\s+\((${year})[^()\n]*\)`, 'gu');

/** Reads the sources from references.yaml's text; an unreadable file gives no sources (no suggestions). */
export function summarizeReferences(yamlText: string | undefined): ReferenceSummary[] {
  if (!yamlText) return [];
  let data: unknown;
  try {
    data = parse(yamlText);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  return data.flatMap((entry: unknown) => {
    if (!entry || typeof entry !== 'object') return [];
    const e = entry as { id?: unknown; author?: unknown; editor?: unknown; issued?: { 'date-parts'?: unknown[][] } };
    if (typeof e.id !== 'string') return [];
    const people = (Array.isArray(e.author) ? e.author : Array.isArray(e.editor) ? e.editor : []) as {
      family?: unknown;
      literal?: unknown;
    }[];
    const names = people.map((p) => String(p?.family ?? p?.literal ?? '')).filter(Boolean);
    const issued = e.issued?.['date-parts']?.[0]?.[0];
    // Sources without a date often carry the year in their key (ssb-lavere-2023).
    const yearFromKey = e.id.match(/(?:^|-)((?:19|20)\d\d)[a-z]?(?:-|$)/)?.[1];
    return [{ id: e.id, names, year: issued !== undefined ? String(issued) : yearFromKey }];
  });
}

/** Every place in the Markdown that looks like a citation written as text. */
export function findCitations(markdown: string, references: readonly ReferenceSummary[]): CitationLike[] {
  const found: CitationLike[] = [];
  const lines = markdown.split('\n');
  let inFrontMatter = lines[0] === '---';
  lines.forEach((line, i) => {
    if (inFrontMatter) {
      if (i > 0 && line === '---') inFrontMatter = false;
      return;
    }
    // Already Markdown citations, and link targets, are not text citations.
    const text = line
      .replace(/\[@[^\]]*\]/g, (m) => ' '.repeat(m.length))
      .replace(/\]\([^)]*\)/g, (m) => ' '.repeat(m.length));
    const taken: [number, number][] = [];
    for (const m of text.matchAll(narrative)) {
      const start = m.index;
      taken.push([start, start + m[0].length]);
      found.push({
        text: m[0],
        line: i + 1,
        column: start + 1,
        narrative: true,
        ...suggest([{ who: m[1]!, year: m[2]! }], references),
      });
    }
    for (const m of text.matchAll(inParentheses)) {
      const start = m.index;
      if (taken.some(([a, b]) => start >= a && start < b)) continue;
      const parts = m[0]
        .slice(1, -1)
        .split(';')
        .map((p) => p.match(part));
      if (parts.length === 0 || parts.some((p) => !p)) continue;
      found.push({
        text: m[0],
        line: i + 1,
        column: start + 1,
        narrative: false,
        ...suggest(
          parts.map((p) => ({ who: p![1]!, year: p![2]! })),
          references,
        ),
      });
    }
  });
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `[@key]` (or several) when each part has exactly one source with that first author and year; else the keys that fit. */
function suggest(
  parts: { who: string; year: string }[],
  references: readonly ReferenceSummary[],
): Pick<CitationLike, 'suggestion' | 'candidates'> {
  const keys: string[] = [];
  const candidates: string[] = [];
  let unique = true;
  for (const { who, year } of parts) {
    // The first author is usually the first name, but a sentence may start before it («Ifølge Bergh mfl. (2020)»).
    const words = who.split(/[\s,&]+/).map((w) => w.replace(/[.’']+$/, '').toLocaleLowerCase('nb'));
    const plainYear = year.slice(0, 4);
    const matches = references.filter(
      (r) => r.year === plainYear && r.names[0] !== undefined && words.includes(r.names[0].toLocaleLowerCase('nb')),
    );
    // 2020a/2020b: the letter picks among several sources of one author and year, in key order.
    const letter = year.slice(4);
    const chosen =
      matches.length === 1
        ? matches[0]
        : letter && matches.length > 1
          ? [...matches].sort((a, b) => a.id.localeCompare(b.id))[letter.charCodeAt(0) - 97]
          : undefined;
    if (chosen) {
      keys.push(`@${chosen.id}`);
    } else {
      unique = false;
      candidates.push(...matches.map((r) => `@${r.id}`));
    }
  }
  return unique ? { suggestion: `[${keys.join('; ')}]`, candidates: [] } : { suggestion: undefined, candidates };
}
