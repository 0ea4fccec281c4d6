/**
 * Text in another language carries its own language tag, and right-to-left text its own
 * direction, in the HTML and so in the tagged PDF.
 *
 * - `:lang[العربية]{ar}` marks a run with its language (any BCP 47 code: `ar`, `ckb`, `fa`,
 *   `ur`, `ti`, `am`, `uk`, `pl`, `vi` …); Arabic and Hebrew script also get `dir="rtl"`.
 * - A run in Arabic, Hebrew, Ethiopic or Cyrillic script that the writer did not mark gets the
 *   script's tag (`und-Arab`: «some language in Arabic script») and its direction. Ethiopic is
 *   Tigrinya or Amharic, and only the writer knows which: that is a warning until it is marked.
 *
 * Each run becomes a `<span lang dir aria-atomic="false">` (the attribute puts its language into
 * the PDF's tags, see runProperties); the stylesheet isolates it (`unicode-bidi: isolate`), so
 * a right-to-left name never reorders the Norwegian sentence around it.
 */
import type { Parent, Root, Text } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { runPattern, runScripts, scriptCodeNames, scriptCodeOf, type RunScript } from '../../fonts/scripts.ts';
import { addProblem } from '../../core/rules.ts';
import { placeOf } from '../source-place.ts';

const patterns = runScripts.map((s) => [s, runPattern(s.script)] as const);
const rightToLeft =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;
/** Nodes whose text stays as written (code) or is not text at all. */
const untouched = new Set(['inlineCode', 'code', 'html', 'yaml', 'math', 'inlineMath']);

/** Marks language runs: the writer's `:lang[…]{code}`, and runs of a non-Latin script found in the text. */
export default function remarkLang() {
  return (tree: Root, file: VFile) => {
    visit(tree, (node, index, parent) => {
      if (untouched.has(node.type)) return SKIP;
      if (node.type === 'textDirective' && (node as TextDirective).name === 'lang') {
        markDirective(node as TextDirective, file);
        return SKIP;
      }
      if (node.type !== 'text' || !parent || index === undefined) return undefined;
      const parts = splitRuns(node as Text, file);
      if (!parts) return undefined;
      (parent as Parent).children.splice(index, 1, ...(parts as never[]));
      return [SKIP, index + parts.length];
    });
  };
}

/** `:lang[…]{ar}`: checks the code and turns the directive into a span. */
function markDirective(node: TextDirective, file: VFile): void {
  const attributes = Object.entries(node.attributes ?? {});
  // `{ar}` is read as an attribute without a value; `{lang=ar}` is accepted too.
  const code = attributes.length === 1 ? attributes[0]![1] || attributes[0]![0] : '';
  const text = toString(node);
  let tag: string | undefined;
  try {
    tag = code ? Intl.getCanonicalLocales(code)[0] : undefined;
  } catch {
    tag = undefined;
  }
  if (!tag) {
    addProblem(file, 'lang-code', { text, code: code || undefined }, node.position);
  }
  if (tag) checkScript(tag, text, node, file);
  const dir = rightToLeft.test(text) ? 'rtl' : undefined;
  node.data = { hName: 'span', hProperties: runProperties(tag ?? 'und', dir) };
}

/**
 * A code that does not fit the text is most often the wrong code (`{am}` on Tigrinya is not
 * caught, but `{ar}` on a Cyrillic word is): warn when the text's script is not the one the
 * language is written in (from CLDR's likely subtags). A transliteration says so in its code:
 * `{ckb-Latn}`.
 */
function checkScript(tag: string, text: string, node: TextDirective, file: VFile): void {
  const written = scriptCodeOf(text);
  let expected: string | undefined;
  try {
    expected = new Intl.Locale(tag).maximize().script;
  } catch {
    return;
  }
  if (!written || !expected || written === expected || tag.startsWith('und') || !scriptCodeNames[expected]) return;
  const language = tag.split('-')[0];
  addProblem(
    file,
    'lang-script',
    {
      text,
      tag,
      written: scriptCodeNames[written]!,
      expected: scriptCodeNames[expected]!,
      language: language ?? tag,
      writtenCode: written,
    },
    node.position,
  );
}

/**
 * A run's attributes. Chromium leaves a plain span out of its accessibility tree, and so out of
 * the PDF's tags, language and all; a global ARIA attribute keeps it in, as a tag of its own
 * with `/Lang`. `aria-atomic="false"` is that attribute's default value (it only matters in a
 * live region, and there are none), so it changes nothing for a screen reader. (`role="generic"`
 * would do the same, but axe-core reports it as an invalid role.)
 */
function runProperties(lang: string, dir: 'rtl' | undefined): Record<string, string> {
  return { lang, ...(dir ? { dir } : {}), ariaAtomic: 'false' };
}

/** Splits a text node where a run of a marked script begins and ends; undefined when it has none. */
function splitRuns(node: Text, file: VFile): (Text | TextDirective)[] | undefined {
  const runs: { start: number; end: number; script: RunScript }[] = [];
  for (const [script, pattern] of patterns) {
    for (const match of node.value.matchAll(pattern))
      runs.push({ start: match.index, end: match.index + match[0].length, script });
  }
  if (!runs.length) return undefined;
  runs.sort((a, b) => a.start - b.start);
  const parts: (Text | TextDirective)[] = [];
  let at = 0;
  for (const run of runs) {
    if (run.start < at) continue;
    if (run.start > at) parts.push({ type: 'text', value: node.value.slice(at, run.start) });
    const value = node.value.slice(run.start, run.end);
    const { script } = run;
    if (script.warnUntagged) {
      addProblem(
        file,
        'lang-missing',
        { text: value, script: script.name, languages: script.languages },
        placeOf(value, String(file.value), node.position),
      );
    }
    parts.push({
      type: 'textDirective',
      name: 'lang',
      attributes: {},
      children: [{ type: 'text', value }],
      data: { hName: 'span', hProperties: runProperties(script.tag, script.dir) },
    });
    at = run.end;
  }
  if (at < node.value.length) parts.push({ type: 'text', value: node.value.slice(at) });
  return parts;
}
