/**
 * Loads and compiles the Handlebars templates in templates/ (layout + partials), checking their
 * syntax and every partial they name up front, so a broken template gives file:line:col.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Problems } from '../core/problems.ts';
import { displayPath, type ProjectPaths } from '../core/project.ts';
import { readText } from '../load/read-text.ts';

/** A compiled set of templates, ready to render a view. */
export interface TemplateSet {
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
  let ok = true;
  for (const { file, text } of sources.values()) {
    const display = displayPath(paths, file);
    try {
      // Parsing is eager (compile is lazy): syntax errors surface here with their line.
      const ast = hb.parse(text);
      for (const name of referencedPartials(ast)) {
        if (!partialNames.has(name.name)) {
          ok = false;
          problems.error(display, `Malen bruker delmalen «${name.name}», som ikke finnes`, name.loc, 'template-partial', `Opprett templates/partials/${name.name}.hbs eller rett navnet`);
        }
      }
    } catch (error) {
      ok = false;
      const { line, column, reason } = parseErrorPlace(error);
      problems.error(display, `Syntaksfeil i malen: ${reason}`, line ? { line, column: column ?? 1 } : undefined, 'template-syntax', 'Sjekk at alle {{#…}} har en {{/…}} og at klammene er parvise');
    }
  }
  if (!ok || !sources.has(layoutFile)) return undefined;
  for (const name of partialNames) {
    const source = sources.get(path.join(partialDir, `${name}.hbs`));
    if (source) hb.registerPartial(name, hb.compile(source.text, { preventIndent: true }));
  }
  return withLayout(hb.compile(sources.get(layoutFile)!.text, { preventIndent: true }));
}

/** The template set around a compiled layout. */
function withLayout(layout: HandlebarsTemplateDelegate): TemplateSet {
  return {
    render(view) {
      return layout(view, { allowProtoPropertiesByDefault: false });
    },
  };
}

interface PartialRef {
  name: string;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** Every static `{{> name}}` in a template, with its place. */
function referencedPartials(ast: hbs.AST.Program): PartialRef[] {
  const found: PartialRef[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; name?: { type?: string; original?: string }; loc?: hbs.AST.SourceLocation };
    if ((n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && n.name?.type === 'PathExpression' && n.name.original && n.loc) {
      found.push({ name: n.name.original, loc: { start: { line: n.loc.start.line, column: n.loc.start.column + 1 }, end: { line: n.loc.end.line, column: n.loc.end.column + 1 } } });
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && value !== n.loc) visit(value);
    }
  };
  visit(ast);
  return found;
}

function parseErrorPlace(error: unknown): { line?: number; column?: number; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  const withLoc = error as { lineNumber?: number; column?: number };
  const line = withLoc.lineNumber ?? Number(/line (\d+)/.exec(message)?.[1] ?? NaN);
  const expecting = /Expecting (.+), got (.+)/.exec(message);
  const reason = expecting ? `uventet ${expecting[2]} (ventet ${expecting[1]})` : (message.split('\n').at(-1) ?? message);
  return { line: Number.isFinite(line) ? line : undefined, column: withLoc.column !== undefined ? withLoc.column + 1 : 1, reason };
}
