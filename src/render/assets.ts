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
import { fallbackFaces } from '../fonts/fallback-fonts.ts';

const require = createRequire(import.meta.url);

/** One file to write under build/: either text or a file to copy. */
export type Asset = { target: string; text: string } | { target: string; copyFrom: string };

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

/** The stylesheet, the font files with their @font-face rules, and the chapters' images. */
export async function collectAssets(paths: ProjectPaths, images: Iterable<string>, disk?: DiskCache): Promise<Asset[]> {
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
  for (const image of images) assets.push({ target: `assets/content/${image}`, copyFrom: path.join(paths.content, image) });
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
        const subset = subsets.find((s) => block.includes(`-${s}-`) && !subsets.some((o) => o !== s && o.startsWith(s) && block.includes(`-${o}-`)));
        if (!subset) continue;
        const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
        if (!file) continue;
        faces.push(block.replace(/src: [^;]+;/, `src: url(fonts/${file}) format('woff2');`).replace(/font-display: swap;/, 'font-display: block;').trim());
        assets.push({ target: `assets/fonts/${file}`, copyFrom: path.join(dir, 'files', file) });
      }
    }
  }
  // Arabic, Ethiopic and symbol fonts, after the report's own (see fonts/fallback-fonts.ts).
  for (const face of fallbackFaces()) {
    faces.push(face.rule);
    assets.push({ target: face.target, copyFrom: face.file });
  }
  assets.push({ target: 'assets/fonts.css', text: faces.join('\n') + '\n' });
  return assets;
}

function packageDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

/** What an asset is made from: its text's hash, or its source's size and time (null: missing). */
export async function assetSources(assets: Asset[]): Promise<unknown[]> {
  return Promise.all(assets.map((a) => ('text' in a ? createHash('sha256').update(a.text).digest('hex') : stat(a.copyFrom).then((s) => [s.size, s.mtimeMs], () => null))));
}

/**
 * Writes the assets under `root`, each atomically. With a cache, an asset made from the same
 * source as in the last build, whose file is still there with its size, is left as it is: most
 * builds change no font, stylesheet or image, and copying two dozen files cost 10–20 ms.
 */
export async function writeAssets(root: string, assets: Asset[], sources: unknown[], disk?: DiskCache): Promise<void> {
  const key = cacheKey('copied-files');
  const written = (await disk?.get<Record<string, string>>('copied-files', key)) ?? {};
  const now: Record<string, string> = {};
  await Promise.all(
    assets.map(async (asset, i) => {
      const target = path.join(root, asset.target);
      const source = JSON.stringify(sources[i]);
      const size = 'text' in asset ? Buffer.byteLength(asset.text) : (sources[i] as [number, number] | null)?.[0];
      now[asset.target] = source;
      if (sources[i] !== null && written[asset.target] === source && (await stat(target).then((s) => s.size === size, () => false))) return;
      await ('text' in asset ? writeAtomic(target, asset.text) : copyAtomic(asset.copyFrom, target));
    }),
  );
  if (JSON.stringify(now) !== JSON.stringify(written)) disk?.set('copied-files', key, now);
}
