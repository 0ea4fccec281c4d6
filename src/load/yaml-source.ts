/**
 * Reads a YAML file and validates it against a zod schema, reporting every problem at the exact
 * place the YAML parser knows (its own ranges via LineCounter), never a guess.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ZodArray, ZodDefault, ZodNullable, ZodObject, ZodOptional, type z } from 'zod';
import type { Point, Position } from 'unist';
import type { Problems } from '../core/problems.ts';
import type { RuleArgs, RuleId } from '../core/rules.ts';

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
    problems.add(source.path, 'yaml-syntax', yamlErrorText(error.code, error.message), locator.range(error.pos));
  }
  if (doc.errors.length > 0) return undefined;
  for (const warning of doc.warnings) {
    problems.add(source.path, 'yaml-warning', { parser: warning.message }, locator.range(warning.pos));
  }
  return { data: doc.toJS({ maxAliasCount: 100 }), locator };
}

/** Parses and validates: every schema issue becomes a message at the offending key or value. */
export function loadYaml<S extends z.ZodType>(
  source: YamlSource,
  schema: S,
  problems: Problems,
): z.infer<S> | undefined {
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
  // zod's own (English) messages are never shown: an issue without the schema's hint gets ''.
  const result = schema.safeParse(data, { error: () => '' });
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    reportIssue(issue, data, locator, schema, (id, args, place) => problems.add(path, id, args, place));
  return undefined;
}

/** Records a problem of one of the schema rules. */
type AddSchemaProblem = <Id extends Extract<RuleId, `schema-${string}`>>(
  id: Id,
  args: RuleArgs<Id>,
  place: Position | undefined,
) => void;

/**
 * Reports one zod issue: its rule, its facts and its place. A schema's own Norwegian hint (its
 * `error` option) is the issue's message; without one, the message is the '' `validate` asks for.
 */
function reportIssue(
  issue: z.core.$ZodIssue,
  data: unknown,
  locator: YamlLocator,
  schema: z.ZodType,
  add: AddSchemaProblem,
): void {
  const path = issue.path as PropertyKey[];
  const field = fieldName(path, data);
  const key = String(path.at(-1));
  const place = locator.position(path);
  const actual = valueAt(data, path);
  const schemaHint = issue.message || undefined;
  // A missing field is reported at the object that lacks it.
  const missingPlace = actual === undefined ? locator.position(path.slice(0, -1)) : place;
  switch (issue.code) {
    case 'unrecognized_keys':
      return add(
        'schema-unrecognized-keys',
        {
          keys: issue.keys,
          where: path.length ? field.replace(/^elementet i /, '') : undefined,
          known: keysOf(shapeAt(schema, path)),
        },
        locator.keyPosition(path, issue.keys[0] ?? '') ?? place,
      );
    case 'invalid_type':
      return add('schema-invalid-type', { field, key, expected: issue.expected, actual, schemaHint }, missingPlace);
    case 'invalid_value':
      return add('schema-invalid-value', { field, key, actual, allowed: issue.values }, missingPlace);
    case 'too_small':
      return add(
        'schema-too-small',
        { field, origin: issue.origin, minimum: String(issue.minimum), schemaHint },
        place,
      );
    case 'too_big':
      return add('schema-too-big', { field, maximum: String(issue.maximum), schemaHint }, place);
    case 'invalid_format':
      return add('schema-invalid-format', { field, actual, schemaHint }, place);
    case 'invalid_union':
      return add('schema-invalid-union', { field, actual, schemaHint }, place);
    default:
      return add('schema-invalid', { field, schemaHint }, place);
  }
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

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** «feltet «period» i T01» — names the field and, for list items with an id, the item. */
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

/** Norwegian text for the YAML parser's error codes; the parser's own words follow in brackets. */
function yamlErrorText(code: string, message: string): RuleArgs<'yaml-syntax'> {
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
  return { problem: texts[code] ?? 'ugyldig YAML', parser: firstLine.replace(/ at line \d+, column \d+.*$/, '') };
}
