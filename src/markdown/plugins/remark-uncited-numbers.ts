/**
 * A figure in a paragraph without a source is a warning: every figure in the report cites its
 * source ([@key]). One citation carries a paragraph where one source carries it (the report
 * cites once per paragraph, not in every sentence). Looks for amounts and shares (38 %, 38 prosent, 5 prosentpoeng, 1,7 millioner
 * kroner, 350 000 kroner) — not years, section numbers or budget chapters.
 */
import type { Root, Paragraph } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addProblem } from '../../core/rules.ts';

const figure =
  /(?<![\p{L}\d])\d[\d\u00a0 ]*(?:,\d+)?\s*(?:%|prosent(?:poeng)?\b|pp\b|millioner\b|mill\.|milliarder\b|kroner\b|kr\b)/iu;
const sentenceEnd = /(?<=[.!?»])\s+(?=[«"(]?[\p{Lu}\d])/u;

/** Warns about figures in paragraphs that carry no citation (once per figure's sentence). */
export default function remarkUncitedNumbers() {
  return (tree: Root, file: VFile) => {
    const check = (node: Paragraph) => {
      // An image's alt text describes the figure with its numbers (as the writing guide asks);
      // the figure's source is cited in the text around it, not in the alt text.
      const text = toString(node, { includeImageAlt: false });
      if (text.includes('[@')) return;
      for (const sentence of text.split(sentenceEnd)) {
        const match = figure.exec(sentence);
        if (!match) continue;
        addProblem(file, 'uncited-number', { number: match[0].trim() }, node.position);
      }
    };
    // Paragraphs (also in lists); table cells are covered by the citation in the table's caption.
    visit(tree, 'paragraph', (node) => check(node));
  };
}
