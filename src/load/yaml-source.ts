/**
 * Reads a YAML file and validates it against a zod schema, reporting every problem at the exact
 * place the YAML parser knows (its own ranges via LineCounter), never a guess.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ZodArray, ZodDefault, ZodNullable, ZodObject, ZodOptional, type z } from 'zod';
import type { Point, Position } from 'unist';
import type { Problems } from '../core/problems.ts';
import { closest } from '../core/closest.ts';

/** What a YAML file is, for messages: «report.yaml», «measures.yaml» … */
export interface YamlSource {
  /** Path relative to the project (for messages). */
  path: string;
  text: string;
  /** Line offset when the YAML is embedded (front matter starts on line 2). */
  lineOffset?: number;
}

/** A parsed YAML document that can answer «where is this value?» for any path. */
export class YamlLocator {
  readonly doc: Document.Parsed;
  private readonly lines: LineCounter;
  private readonly lineOffset: number;

  constructor(doc: Document.Parsed, lines: LineCounter, lineOffset: number) {
    this.doc = doc;
    this.lines = lines;
    this.lineOffset = lineOffset;
  }

  /** Position of the value at `path` (or of the deepest existing ancestor). */
  position(path: readonly PropertyKey[], which: 'value' | 'key' = 'value'): Position | undefined {
    let node: unknown = this.doc.contents;
    let keyNode: unknown;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === segment);
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        keyNode = undefined;
        node = item;
      } else break;
    }
    const target = (which === 'key' && keyNode ? keyNode : node) as Node | null;
    return this.range(target?.range ?? undefined);
  }

  /** Position of a key inside the map at `path` (for unknown keys). */
  keyPosition(path: readonly PropertyKey[], key: string): Position | undefined {
    return this.position([...path, key], 'key');
  }

  /** Converts a parser range to a unist position. */
  range(range: readonly [number, number, number?] | undefined | null): Position | undefined {
    if (!range) return undefined;
    return { start: this.point(range[0]), end: this.point(range[1]) };
  }

  private point(offset: number): Point {
    const { line, col } = this.lines.linePos(offset);
    return { line: line + this.lineOffset, column: col, offset };
  }
}

/** Parses YAML, reporting syntax errors. Returns undefined when the file cannot be read as YAML. */
export function parseYaml(source: YamlSource, problems: Problems): { data: unknown; locator: YamlLocator } | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locator = new YamlLocator(doc, lines, source.lineOffset ?? 0);
  for (const error of doc.errors) {
    problems.error(
      source.path,
      `YAML-feil: ${yamlErrorText(error.code, error.message)}`,
      locator.range(error.pos),
      'yaml-syntax',
      'Sjekk innrykk (bruk mellomrom, ikke tab), kolon etter hvert feltnavn og at tekst med kolon eller # står i anførselstegn',
    );
  }
  if (doc.errors.length > 0) return undefined;
  for (const warning of doc.warnings) {
    problems.warn(source.path, `YAML-advarsel: ${warning.message}`, locator.range(warning.pos), 'yaml-warning');
  }
  return { data: doc.toJS({ maxAliasCount: 100 }), locator };
}

/** Parses and validates: every schema issue becomes a message at the offending key or value. */
export function loadYaml<S extends z.ZodType>(source: YamlSource, schema: S, problems: Problems): z.infer<S> | undefined {
  const parsed = parseYaml(source, problems);
  if (!parsed) return undefined;
  return validate(source.path, parsed.data, parsed.locator, schema, problems);
}

/** Validates data against a schema, reporting each issue at its place in the YAML. */
export function validate<S extends z.ZodType>(
  path: string,
  data: unknown,
  locator: YamlLocator,
  schema: S,
  problems: Problems,
): z.infer<S> | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const { reason, hint, place } = describeIssue(issue, data, locator, schema);
    problems.error(path, reason, place, `schema-${issue.code.replaceAll('_', '-')}`, hint);
  }
  return undefined;
}

/** Turns a zod issue into a Norwegian message, a hint and a place. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown, locator: YamlLocator, schema: z.ZodType) {
  const path = issue.path as PropertyKey[];
  const field = fieldName(path, data);
  const place = locator.position(path);
  const custom = hasCustomMessage(issue) ? issue.message : undefined;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysOf(shapeAt(schema, path));
      const key = issue.keys[0] ?? '';
      const suggestion = closest(key, known);
      return {
        reason: `Ukjent felt «${issue.keys.join('», «')}»${path.length ? ` i ${field.replace(/^elementet i /, '')}` : ''}`,
        hint: suggestion ? `Mente du «${suggestion}»? Skrivefeil i feltnavn blir ikke oversett` : `Tillatte felt: ${known.join(', ')}`,
        place: locator.keyPosition(path, key) ?? place,
      };
    }
    case 'invalid_type': {
      const actual = valueAt(data, path);
      if (actual === undefined) {
        return {
          reason: `Mangler ${field}`,
          hint: custom ?? `Legg til feltet «${String(path.at(-1))}» (${typeName(issue.expected)})`,
          place: locator.position(path.slice(0, -1)),
        };
      }
      return {
        reason: `${capitalize(field)} skal være ${typeName(issue.expected)}, men er ${describeValue(actual)}`,
        hint: custom ?? hintForType(issue.expected),
        place,
      };
    }
    case 'invalid_value':
      if (valueAt(data, path) === undefined) {
        return {
          reason: `Mangler ${field}`,
          hint: `Legg til feltet «${String(path.at(-1))}» med en av verdiene ${issue.values.map(String).join(', ')}`,
          place: locator.position(path.slice(0, -1)),
        };
      }
      return {
        reason: `${capitalize(field)} har verdien ${describeValue(valueAt(data, path))}, som ikke er tillatt`,
        hint: `Tillatte verdier: ${issue.values.map((v) => String(v)).join(', ')}${
          suggestFrom(valueAt(data, path), issue.values)
        }`,
        place,
      };
    case 'too_small':
      return {
        reason: `${capitalize(field)} ${issue.origin === 'array' ? `må ha minst ${String(issue.minimum)} element` : issue.origin === 'string' ? 'kan ikke være tom' : `må være minst ${String(issue.minimum)}`}`,
        hint: custom ?? 'Fyll inn verdien',
        place,
      };
    case 'too_big':
      return { reason: `${capitalize(field)} er for stor (høyst ${String(issue.maximum)})`, hint: custom, place };
    case 'invalid_format':
      return { reason: `${capitalize(field)} har feil format: ${describeValue(valueAt(data, path))}`, hint: custom, place };
    default:
      return { reason: `${capitalize(field)}: ${issue.message}`, hint: undefined, place };
  }
}

function hasCustomMessage(issue: z.core.$ZodIssue): boolean {
  // zod's own default messages are English; our schemas give Norwegian hints that start with a capital letter and no «Invalid».
  return !/^(Invalid|Expected|Too|Unrecognized)/.test(issue.message);
}

/** The schema that validates the value at `path` (arrays and optionals unwrapped). */
function shapeAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType {
  let current = unwrap(schema);
  for (const segment of path) {
    if (current instanceof ZodArray) current = unwrap(current.element as z.ZodType);
    else if (current instanceof ZodObject && typeof segment === 'string') {
      const next = (current.shape as Record<string, z.ZodType>)[segment];
      if (!next) break;
      current = unwrap(next);
    } else break;
  }
  return current;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof ZodOptional || s instanceof ZodDefault || s instanceof ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

function keysOf(schema: z.ZodType): string[] {
  return schema instanceof ZodObject ? Object.keys(schema.shape as object) : [];
}

function suggestFrom(value: unknown, allowed: readonly unknown[]): string {
  if (typeof value !== 'string') return '';
  const s = closest(value, allowed.map(String));
  return s ? `. Mente du «${s}»?` : '';
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** «feltet «horizon» i T01» — names the field and, for list items with an id, the item. */
function fieldName(path: readonly PropertyKey[], data: unknown): string {
  if (path.length === 0) return 'filen';
  const keys = path.filter((p) => typeof p === 'string').map(String);
  const lastIndex = path.findLastIndex((p) => typeof p === 'number');
  let where = '';
  if (lastIndex >= 0) {
    const item = valueAt(data, path.slice(0, lastIndex + 1));
    const id = item && typeof item === 'object' && 'id' in item ? String((item as { id: unknown }).id) : undefined;
    where = id ? ` i ${id}` : ` i nr. ${Number(path[lastIndex]) + 1} i listen`;
  }
  const name = keys.length ? `feltet «${keys.join(' → ')}»` : 'elementet';
  return `${name}${where}`;
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: 'tekst',
    number: 'et tall',
    int: 'et heltall',
    boolean: 'true eller false',
    array: 'en liste',
    object: 'en samling felt (nøkkel: verdi)',
    date: 'en dato (ÅÅÅÅ-MM-DD)',
  };
  return names[expected] ?? expected;
}

function hintForType(expected: string): string {
  switch (expected) {
    case 'array':
      return 'Skriv en liste, f.eks. [A, B] eller én verdi per linje med «- » foran';
    case 'string':
      return 'Sett teksten i anførselstegn hvis den ser ut som et tall eller en dato';
    case 'number':
    case 'int':
      return 'Skriv tallet uten mellomrom og enhet, f.eks. 350000';
    case 'object':
      return 'Skriv feltene på egne linjer med innrykk under';
    default:
      return 'Rett verdien';
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'ingenting';
  if (value === null) return 'tom (null)';
  if (typeof value === 'string') return `«${value}»`;
  if (Array.isArray(value)) return 'en liste';
  if (value instanceof Date) return `datoen ${value.toISOString().slice(0, 10)}`;
  if (typeof value === 'object') return 'en samling felt';
  return String(value);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Norwegian text for the YAML parser's error codes; the parser's own words follow in brackets. */
function yamlErrorText(code: string, message: string): string {
  const texts: Record<string, string> = {
    BAD_INDENT: 'feil innrykk',
    TAB_AS_INDENT: 'tabulator brukt som innrykk',
    MISSING_CHAR: 'et tegn mangler (f.eks. et avsluttende anførselstegn eller ])',
    DUPLICATE_KEY: 'samme feltnavn står to ganger',
    MULTILINE_IMPLICIT_KEY: 'et feltnavn går over flere linjer (mangler kolon eller innrykk?)',
    BLOCK_AS_IMPLICIT_KEY: 'en blokk står der et feltnavn var ventet',
    UNEXPECTED_TOKEN: 'uventet tegn',
    BAD_SCALAR_START: 'verdien kan ikke begynne med dette tegnet (sett den i anførselstegn)',
    MISSING_KEY: 'mangler feltnavn',
    ALIAS_PROPS: 'ugyldig alias',
    BAD_ALIAS: 'ugyldig alias',
    BAD_DIRECTIVE: 'ugyldig direktiv',
  };
  const firstLine = message.split('\n')[0] ?? message;
  return `${texts[code] ?? 'ugyldig YAML'} (${firstLine.replace(/ at line \d+, column \d+.*$/, '')})`;
}
