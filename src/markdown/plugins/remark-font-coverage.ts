/**
 * Every character of the text must be in one of the report's shipped fonts; otherwise Chromium
 * would print it in some font of the machine (or as a box). Checked here, at the Markdown
 * stage, so the error names the file, line and column, the character, its code point and its
 * script (the print stage can only say that a character is missing somewhere).
 *
 * The text is first put in Unicode's composed form (NFC): «ế» typed as e + ̂ + ́ (as some
 * programs write it) becomes the one letter the fonts have.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { isCovered, needsNoGlyph } from '../../fonts/font-coverage.ts';
import { scriptOf } from '../../fonts/scripts.ts';
import { addProblem } from '../../core/rules.ts';
import { placeOf } from '../source-place.ts';

/** Nodes whose text is printed (the front matter holds the chapter's title). */
const printed = new Set(['text', 'inlineCode', 'code', 'yaml']);

/** Reports each character no shipped font has, once per chapter, at its first place. */
export default function remarkFontCoverage() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    const reported = new Set<number>();
    visit(tree, (node) => {
      if (!printed.has(node.type) || !('value' in node) || typeof node.value !== 'string') return;
      const value = node.value.normalize('NFC');
      node.value = value;
      for (const char of value) {
        const code = char.codePointAt(0)!;
        if (code < 0x7f || reported.has(code) || needsNoGlyph(code) || isCovered(code)) continue;
        reported.add(code);
        const hex = code.toString(16).toUpperCase().padStart(4, '0');
        addProblem(file, 'missing-glyph', { char, hex, script: scriptOf(char) }, placeOf(char, source, node.position));
      }
    });
  };
}
