/**
 * A figure in a sentence without a source is a warning: every figure in the report cites its
 * source ([@key]). Looks for amounts and shares (38 %, 38 prosent, 5 prosentpoeng, 1,7 millioner
 * kroner, 350 000 kroner) — not years, section numbers or budget chapters.
 */
import type { Root, Paragraph } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from '../context.ts';

const figure = /(?<![\p{L}\d])\d[\d\u00a0 ]*(?:,\d+)?\s*(?:%|prosent(?:poeng)?\b|pp\b|millioner\b|mill\.|milliarder\b|kroner\b|kr\b)/iu;
const sentenceEnd = /(?<=[.!?»])\s+(?=[«"(]?[\p{Lu}\d])/u;

/** Warns about figures in sentences that carry no citation. */
export default function remarkUncitedNumbers() {
  return (tree: Root, file: VFile) => {
    const check = (node: Paragraph) => {
      // An image's alt text describes the figure with its numbers (as the writing guide asks);
      // the figure's source is cited in the text around it, not in the alt text.
      const text = toString(node, { includeImageAlt: false });
      for (const sentence of text.split(sentenceEnd)) {
        const match = figure.exec(sentence);
        if (!match || sentence.includes('[@')) continue;
        warn(
          file,
          `Tallet «${match[0].trim()}» står i en setning uten kildehenvisning`,
          node.position,
          'uncited-number',
          'Legg til [@kilde] i setningen; er tallet IMDis eget anslag eller beregning, si det i setningen og vis til kildene det bygger på',
        );
      }
    };
    // Paragraphs (also in lists); table cells are covered by the citation in the table's caption.
    visit(tree, 'paragraph', (node) => check(node));
  };
}
