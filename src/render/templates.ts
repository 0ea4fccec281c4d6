/**
 * Loads and compiles the Handlebars templates in templates/ (layout + partials), checking their
 * syntax, every partial and helper they name up front, so a broken template gives file:line:col.
 * Templates run in strict mode: a field the view does not have (`{{report.titel}}`) is an error
 * at its place in the template that uses it, not an empty space in the PDF.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { closest } from '../core/closest.ts';
import { ContentError, type Problems } from '../core/problems.ts';
import { displayPath, type ProjectPaths } from '../core/project.ts';
import { readText } from '../load/read-text.ts';

/** A compiled set of templates, ready to render a view. */
export interface TemplateSet {
  /** The page; a template that fails is recorded in the problems and throws ContentError. */
  render(view: unknown): string;
}

/** Compiles templates/layout.hbs with every partial in templates/partials/. */
export async function loadTemplates(paths: ProjectPaths, problems: Problems): Promise<TemplateSet | undefined> {
  const hb = Handlebars.create();
  const layoutFile = path.join(paths.templates, 'layout.hbs');
  const partialDir = path.join(paths.templates, 'partials');
  const partialFiles = (await readdir(partialDir).catch(() => [])).filter((f) => f.endsWith('.hbs')).sort();
  const sources = new Map<string, { file: string; text: string }>();
  for (const file of [layoutFile, ...partialFiles.map((f) => path.join(partialDir, f))]) {
    const text = await readText(file, displayPath(paths, file), problems);
    if (text !== undefined) sources.set(file, { file, text });
  }
  const partialNames = new Set(partialFiles.map((f) => f.replace(/\.hbs$/, '')));
  const helperNames = new Set(Object.keys(hb.helpers));
  let ok = true;
  for (const { file, text } of sources.values()) {
    const display = displayPath(paths, file);
    try {
      // Parsing is eager (compile is lazy): syntax errors surface here with their line.
      const calls = namedCalls(hb.parse(text));
      for (const call of calls.partials.filter((c) => !partialNames.has(c.name))) {
        ok = false;
        problems.add(display, 'template-partial', { name: call.name }, call.loc);
      }
      for (const call of calls.helpers.filter((c) => !helperNames.has(c.name))) {
        ok = false;
        problems.add(display, 'template-helper', { name: call.name }, call.loc);
      }
    } catch (error) {
      ok = false;
      const { line, column, reason } = parseErrorPlace(error);
      problems.add(display, 'template-syntax', { problem: reason }, line ? { line, column: column ?? 1 } : undefined);
    }
  }
  if (!ok || !sources.has(layoutFile)) return undefined;
  const compile = (file: string) => {
    const template = hb.compile(sources.get(file)!.text, { strict: true, preventIndent: true });
    const display = displayPath(paths, file);
    // Eleventy's habit: an error on the way out names the template it happened in (the innermost).
    return (context: unknown, options?: Handlebars.RuntimeOptions) => {
      try {
        return template(context, options);
      } catch (error) {
        throw error instanceof TemplateError ? error : new TemplateError(display, sources.get(file)!.text, error);
      }
    };
  };
  for (const name of partialNames) {
    const file = path.join(partialDir, `${name}.hbs`);
    if (sources.has(file)) hb.registerPartial(name, compile(file) as Handlebars.Template);
  }
  const layout = compile(layoutFile);
  return {
    render(view) {
      try {
        return layout(view, { allowProtoPropertiesByDefault: false });
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        reportTemplateError(error, view, problems);
        throw new ContentError(problems);
      }
    },
  };
}

/** An exception while a template was rendered, with the template it happened in. */
class TemplateError extends Error {
  readonly template: string;
  readonly text: string;

  constructor(template: string, text: string, cause: unknown) {
    super(`Having trouble rendering template ${template}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'TemplateError';
    this.template = template;
    this.text = text;
  }
}

/** Records a render failure at its place: a missing field (strict mode), or whatever else threw. */
function reportTemplateError(error: TemplateError, view: unknown, problems: Problems): void {
  const cause = error.cause as { message?: string; lineNumber?: number; column?: number } | undefined;
  const line = cause?.lineNumber;
  // Handlebars counts columns from 0.
  const place = line ? { line, column: (cause?.column ?? 0) + 1 } : undefined;
  const missing = /^"([^"]+)" not defined in /.exec(cause?.message ?? '');
  if (!missing || !place) {
    problems.add(error.template, 'template-render', { problem: cause?.message ?? String(error.cause) }, place);
    return;
  }
  const name = missing[1]!;
  // The place is the start of the whole expression (`report.titel`): shown, and fixed in the suggestion.
  const sourceLine = error.text.split('\n')[place.line - 1] ?? '';
  const expression = /^[^\s}()]+/.exec(sourceLine.slice(place.column - 1))?.[0] ?? name;
  const suggestion = closest(name, [...keysIn(view)]);
  const suggested =
    suggestion && (expression.endsWith(name) ? expression.slice(0, -name.length) + suggestion : suggestion);
  problems.add(error.template, 'template-field', { field: expression, suggestion: suggested }, place);
}

/** Every key of every object in the view (for «Mente du …?»). */
function keysIn(value: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (!value || typeof value !== 'object' || depth > 6) return found;
  for (const [key, inner] of Object.entries(value)) {
    if (!Array.isArray(value)) found.add(key);
    keysIn(inner, found, depth + 1);
  }
  return found;
}

/** A partial or helper a template names, with its place (1-based columns). */
interface NamedCall {
  name: string;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** Every static `{{> name}}` and every helper call (`{{name arg}}`, `{{#name arg}}`, `(name arg)`) in a template. */
function namedCalls(ast: hbs.AST.Program): { partials: NamedCall[]; helpers: NamedCall[] } {
  const partials: NamedCall[] = [];
  const helpers: NamedCall[] = [];
  const at = (name: string, loc: hbs.AST.SourceLocation): NamedCall => ({
    name,
    loc: {
      start: { line: loc.start.line, column: loc.start.column + 1 },
      end: { line: loc.end.line, column: loc.end.column + 1 },
    },
  });
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as {
      type?: string;
      name?: { type?: string; original?: string };
      path?: { type?: string; original?: string; parts?: string[]; data?: boolean; loc?: hbs.AST.SourceLocation };
      params?: unknown[];
      hash?: unknown;
      loc?: hbs.AST.SourceLocation;
    };
    if (
      (n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') &&
      n.name?.type === 'PathExpression' &&
      n.name.original &&
      n.loc
    ) {
      partials.push(at(n.name.original, n.loc));
    }
    const isCall = n.type === 'MustacheStatement' || n.type === 'BlockStatement' || n.type === 'SubExpression';
    // With arguments, a name can only be a helper; without, it is a field (checked when rendering).
    if (
      isCall &&
      n.path?.type === 'PathExpression' &&
      !n.path.data &&
      n.path.parts?.length === 1 &&
      ((n.params?.length ?? 0) > 0 || n.hash) &&
      n.path.loc
    ) {
      helpers.push(at(n.path.original ?? '', n.path.loc));
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && value !== n.loc) visit(value);
    }
  };
  visit(ast);
  return { partials, helpers };
}

function parseErrorPlace(error: unknown): { line?: number; column?: number; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  const withLoc = error as { lineNumber?: number; column?: number };
  const line = withLoc.lineNumber ?? Number(/line (\d+)/.exec(message)?.[1] ?? NaN);
  const expecting = /Expecting (.+), got (.+)/.exec(message);
  const reason = expecting
    ? `uventet ${expecting[2]} (ventet ${expecting[1]})`
    : (message.split('\n').at(-1) ?? message);
  return {
    line: Number.isFinite(line) ? line : undefined,
    column: withLoc.column !== undefined ? withLoc.column + 1 : 1,
    reason,
  };
}
