/**
 * The files build/report.html needs beside it: the stylesheet, the fonts (from @fontsource on
 * npm, so the PDF embeds the same fonts on every machine) and the images the chapters use.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ProjectPaths } from '../core/project.ts';

const require = createRequire(import.meta.url);

/** One file to write under build/: either text or a file to copy. */
export type Asset = { target: string; text: string } | { target: string; copyFrom: string };

/** The fonts the report uses: family package → the weight/style stylesheets to take. */
const fonts = {
  '@fontsource/source-serif-4': ['400.css', '400-italic.css', '600.css', '600-italic.css', '700.css', '700-italic.css'],
  '@fontsource/source-sans-3': ['400.css', '400-italic.css', '600.css', '700.css'],
};
/** Unicode subsets: Latin covers Norwegian (æøå, «», –); Latin Extended covers foreign names (ć, ł, ő …). */
const subsets = ['latin', 'latin-ext'];

/** The stylesheet, the font files with their @font-face rules, and the chapters' images. */
export async function collectAssets(paths: ProjectPaths, images: Iterable<string>): Promise<Asset[]> {
  const assets: Asset[] = [];
  const faces: string[] = [];
  for (const [pkg, sheets] of Object.entries(fonts)) {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    for (const sheet of sheets) {
      const css = await readFile(path.join(dir, sheet), 'utf8');
      for (const block of css.split(/(?=\/\* )/)) {
        const subset = subsets.find((s) => block.includes(`-${s}-`) && !subsets.some((o) => o !== s && o.startsWith(s) && block.includes(`-${o}-`)));
        if (!subset) continue;
        const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
        if (!file) continue;
        faces.push(block.replace(/src: [^;]+;/, `src: url(fonts/${file}) format('woff2');`).replace(/font-display: swap;/, 'font-display: block;').trim());
        assets.push({ target: `assets/fonts/${file}`, copyFrom: path.join(dir, 'files', file) });
      }
    }
  }
  assets.push({ target: 'assets/fonts.css', text: faces.join('\n') + '\n' });
  assets.push({ target: 'assets/report.css', copyFrom: path.join(paths.templates, 'styles', 'report.css') });
  for (const image of images) assets.push({ target: `assets/content/${image}`, copyFrom: path.join(paths.content, image) });
  return assets;
}
