/**
 * Records the writers' own links to places in the report (`[se avsnitt 3.2](#valgdeltakelse)`),
 * so the build can check that each leads somewhere once the whole report is known.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addProblem } from '../../core/rules.ts';
import { chapterOf } from '../context.ts';

/** Collects internal links; rejects links to files (the report is one document). */
export default function remarkInternalLinks() {
  return (tree: Root, file: VFile) => {
    const chapter = chapterOf(file);
    visit(tree, 'link', (node) => {
      const url = node.url;
      if (url.startsWith('#'))
        chapter.internalLinks.push({ target: decodeURIComponent(url.slice(1)), place: node.position });
      else if (!/^(https?:|mailto:)/i.test(url)) {
        addProblem(file, 'link-target', { url }, node.position);
      }
    });
  };
}
