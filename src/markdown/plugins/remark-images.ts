/**
 * Images must live inside content/, exist, and have alt text (the PDF is a public document that
 * must be accessible). Remote images are refused: the build makes no network requests.
 */
import path from 'node:path';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addProblem } from '../../core/rules.ts';
import { chapterOf, type MarkdownContext } from '../context.ts';

/** Checks every image and points it at its copy under build/assets/. */
export default function remarkImages(context: MarkdownContext) {
  return (tree: Root, file: VFile) => {
    const chapter = chapterOf(file);
    visit(tree, 'image', (node) => {
      const url = node.url.trim();
      if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) {
        addProblem(file, 'image-remote', { url }, node.position);
        return;
      }
      const relative = path.posix.normalize(path.posix.join(path.posix.dirname(chapter.ref), decodeURI(url)));
      if (relative.startsWith('../') || path.posix.isAbsolute(relative)) {
        addProblem(file, 'image-outside', { url }, node.position);
        return;
      }
      if (!context.contentFiles.has(relative)) {
        addProblem(file, 'image-missing', { url, expected: relative }, node.position);
        return;
      }
      if (!node.alt?.trim()) {
        addProblem(file, 'image-alt', { url }, node.position);
      }
      chapter.assets.add(relative);
      chapter.imageUses.push({ image: relative, place: node.position });
      node.url = `assets/content/${relative}`;
    });
  };
}
