/**
 * Images must live inside content/, exist, and have alt text (the PDF is a public document that
 * must be accessible). Remote images are refused: the build makes no network requests.
 */
import path from 'node:path';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { chapterOf, fail, type MarkdownContext } from '../context.ts';

/** Checks every image and points it at its copy under build/assets/. */
export default function remarkImages(context: MarkdownContext) {
  return (tree: Root, file: VFile) => {
    const chapter = chapterOf(file);
    visit(tree, 'image', (node) => {
      const url = node.url.trim();
      if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) {
        fail(file, `Bildet «${url}» ligger på nettet`, node.position, 'image-remote', 'Last ned bildet, legg det i content/images/ og vis til det med en relativ sti, f.eks. ../images/figur.png');
        return;
      }
      const relative = path.posix.normalize(path.posix.join(path.posix.dirname(chapter.ref), decodeURI(url)));
      if (relative.startsWith('../') || path.posix.isAbsolute(relative)) {
        fail(file, `Bildet «${url}» ligger utenfor content/`, node.position, 'image-outside', 'Legg bildet i content/images/ og vis til det med ../images/filnavn');
        return;
      }
      if (!context.contentFiles.has(relative)) {
        fail(file, `Finner ikke bildet «${url}» (ventet content/${relative})`, node.position, 'image-missing', 'Sjekk filnavnet (store og små bokstaver teller), eller legg bildet i content/images/');
        return;
      }
      if (!node.alt?.trim()) {
        fail(file, `Bildet «${url}» mangler alternativ tekst`, node.position, 'image-alt', 'Skriv hva bildet viser mellom klammene: ![Kart over …](…)');
      }
      chapter.assets.add(relative);
      chapter.imageUses.push({ image: relative, place: node.position });
      node.url = `assets/content/${relative}`;
    });
  };
}
