/**
 * The files build/report.html needs beside it: the stylesheet, the fonts (from @fontsource on
 * npm, so the PDF embeds the same fonts on every machine) and the images the chapters use.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cacheKey, type DiskCache } from '../cache/disk-cache.ts';
import type { ProjectPaths } from '../core/project.ts';
import { copyAtomic, writeAtomic } from '../core/write-atomic.ts';
import type { ImagePlan } from './images.ts';
import { fallbackFaces } from '../fonts/fallback-fonts.ts';

const require = createRequire(import.meta.url);

/** One file to write under build/: its contents, or a file to copy. */
export type Asset = { target: string; data: string | Uint8Array } | { target: string; copyFrom: string };

/** The fonts the report uses: family package → the weight/style stylesheets to take. */
export const fonts = {
  '@fontsource/source-serif-4': ['400.css', '400-italic.css', '600.css', '600-italic.css', '700.css', '700-italic.css'],
  '@fontsource/source-sans-3': ['400.css', '400-italic.css', '600.css', '700.css'],
};
/**
 * Unicode subsets: Latin covers Norwegian (æøå, «», –); Latin Extended covers foreign names (ć, ł, ő …);
 * Cyrillic (Ukrainian, Russian) and Vietnamese are in the report's fonts too. Each is loaded only when used.
 */
export const subsets = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'vietnamese'];

/** The stylesheet, the font files with their @font-face rules, and the chapters' images (as prepareImages() planned them). */
export async function collectAssets(
  paths: ProjectPaths,
  images: ReadonlyMap<string, ImagePlan>,
  disk?: DiskCache,
): Promise<Asset[]> {
  // The fonts come from the installed packages: the key covers their versions (package-lock.json,
  // in the code's fingerprint) and where they are installed.
  const key = cacheKey('fonts', Object.keys(fonts).map(packageDir));
  let fontFiles = await disk?.get<Asset[]>('fonts', key);
  if (!fontFiles) {
    fontFiles = await fontAssets();
    disk?.set('fonts', key, fontFiles);
  }
  const assets = [...fontFiles];
  assets.push({ target: 'assets/report.css', copyFrom: path.join(paths.templates, 'styles', 'report.css') });
  for (const [image, plan] of images) {
    const target = `assets/content/${image}`;
    if (plan.kind === 'copy') assets.push({ target, copyFrom: path.join(paths.content, image) });
    else assets.push({ target, data: plan.kind === 'svg' ? plan.text : plan.data });
  }
  return assets;
}

/** The font files and fonts.css, their @font-face rules pointing at them. */
async function fontAssets(): Promise<Asset[]> {
  const assets: Asset[] = [];
  const faces: string[] = [];
  for (const [pkg, sheets] of Object.entries(fonts)) {
    const dir = packageDir(pkg);
    for (const sheet of sheets) {
      const css = await readFile(path.join(dir, sheet), 'utf8');
      for (const block of css.split(/(?=\/\* )/)) {
        const subset = subsets.find(
          (s) =>
            block.includes(`-${s}-`) && !subsets.some((o) => o !== s && o.startsWith(s) && block.includes(`-${o}-`)),
        );
        if (!subset) continue;
        const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
        if (!file) continue;
        faces.push(
          block
            .replace(/src: [^;]+;/, `src: url(fonts/${file}) format('woff2');`)
            .replace(/font-display: swap;/, 'font-display: block;')
            .trim(),
        );
        assets.push({ target: `assets/fonts/${file}`, copyFrom: path.join(dir, 'files', file) });
      }
    }
  }
  // Arabic, Ethiopic and symbol fonts, after the report's own (see fonts/fallback-fonts.ts).
  for (const face of fallbackFaces()) {
    faces.push(face.rule);
    assets.push({ target: face.target, copyFrom: face.file });
  }
  assets.push({ target: 'assets/fonts.css', data: faces.join('\n') + '\n' });
  return assets;
}

function packageDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

/** What an asset is made from: its text's hash, or its source's size and time (null: missing). */
export async function assetSources(assets: Asset[]): Promise<unknown[]> {
  return Promise.all(
    assets.map((a) =>
      'data' in a
        ? createHash('sha256').update(a.data).digest('hex')
        : stat(a.copyFrom).then(
            (s) => [s.size, s.mtimeMs],
            () => null,
          ),
    ),
  );
}

/** Writes the assets under `root`, each atomically (copying them all takes about 15 ms). */
export async function writeAssets(root: string, assets: Asset[]): Promise<void> {
  await Promise.all(
    assets.map((asset) => {
      const target = path.join(root, asset.target);
      return 'data' in asset ? writeAtomic(target, asset.data) : copyAtomic(asset.copyFrom, target);
    }),
  );
}
