/**
 * The images writers really have: PNG and JPEG photos and screenshots, and SVG charts from
 * Excel, R (svglite), Datawrapper and PowerPoint. Each is checked where a chapter uses it, and
 * prepared for print:
 *   - an SVG's text is set in the report's own fonts, embedded in the SVG: an image cannot use
 *     the page's fonts, and the font it asks for (Calibri, Arial, Liberation Sans …) is often
 *     not on the machine that prints. A character those fonts lack is an error that names the
 *     image, the font it asked for, the character and the fix;
 *   - a photo larger than print needs is scaled down (with a warning), turned the way its
 *     camera says (EXIF orientation).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseEntities } from 'parse-entities';
import type { Position } from 'unist';
import type { Problems } from '../core/problems.ts';
import type { ProjectPaths } from '../core/project.ts';

const require = createRequire(import.meta.url);

/** Longest side, in pixels, that print needs: a full A4 width at about 300 ppi. */
export const maxPrintPixels = 2400;

/** How an image reaches build/assets/: as it is, or made for print. */
export type ImagePlan = { kind: 'copy' } | { kind: 'svg'; text: string } | { kind: 'raster'; data: Uint8Array };

/** Where a chapter uses an image (relative to content/), for messages. */
export interface ImageUse {
  image: string;
  chapter: string;
  place: Position | undefined;
}

/** The report font an SVG's text is set in, and the files of its faces (Latin and Latin Extended). */
const svgFont = { family: 'Source Sans 3', pkg: '@fontsource/source-sans-3', subsets: ['latin', 'latin-ext'] };

/** Checks every image used and decides how it is written. Problems go to `problems`, at the first use of each image. */
export async function prepareImages(
  paths: ProjectPaths,
  uses: ImageUse[],
  problems: Problems,
): Promise<Map<string, ImagePlan>> {
  const plans = new Map<string, ImagePlan>();
  const first = new Map<string, ImageUse>();
  for (const use of uses) if (!first.has(use.image)) first.set(use.image, use);
  await Promise.all(
    [...first.values()].map(async (use) => {
      const file = path.join(paths.content, use.image);
      const plan = /\.svg$/i.test(use.image)
        ? await prepareSvg(file, use, problems)
        : await prepareRaster(file, use, problems);
      if (plan) plans.set(use.image, plan);
    }),
  );
  return plans;
}

/** An SVG with its text set in the report's font, or a problem when the font cannot show it. */
async function prepareSvg(file: string, use: ImageUse, problems: Problems): Promise<ImagePlan | undefined> {
  const svg = await readFile(file, 'utf8');
  const texts = [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/gi)].map((m) =>
    parseEntities(m[1]!.replace(/<[^>]+>/g, '')),
  );
  if (texts.length === 0) return { kind: 'copy' }; // text already drawn as shapes, or none
  const asked = [
    ...new Set(
      [...svg.matchAll(/font-family\s*[:=]\s*(?:"([^"]*)"|'([^']*)'|([^;"'>]+))/gi)]
        .map((m) => (m[1] ?? m[2] ?? m[3] ?? '').trim())
        .filter(Boolean),
    ),
  ];
  const faces = await svgFontFaces();
  const missing = [...new Set(texts.join('').replace(/\s/g, ''))].filter((char) => !faces.covers(char.codePointAt(0)!));
  if (missing.length) {
    problems.add(
      use.chapter,
      'image-svg-font',
      { image: use.image, font: asked[0], characters: missing, reportFont: svgFont.family },
      use.place,
    );
    return undefined;
  }
  return { kind: 'svg', text: withReportFont(svg, faces.css(svg)) };
}

/**
 * The SVG with every font it asks for replaced by the report's, and that font embedded: an
 * image loaded by the page can use only fonts inside itself.
 */
export function withReportFont(svg: string, fontFaces: string): string {
  const family = `'${svgFont.family}', sans-serif`;
  const inCss = (css: string) =>
    css.replace(/@font-face\s*\{[^}]*\}/gi, '').replace(/font-family\s*:\s*[^;}]*/gi, `font-family: ${family}`);
  const replaced = svg
    // <style> elements; their own @font-face rules point at files the printing machine cannot fetch.
    .replace(
      /(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi,
      (_, open: string, css: string, close: string) => open + inCss(css) + close,
    )
    // style="…" attributes (a quote inside is written &quot;, so the value ends at the next ")
    .replace(/\bstyle\s*=\s*"([^"]*)"/gi, (_, css: string) => `style="${inCss(css.replace(/&quot;/g, "'"))}"`)
    .replace(/\bstyle\s*=\s*'([^']*)'/gi, (_, css: string) => `style='${inCss(css).replaceAll("'", '"')}'`)
    .replace(/\bfont-family\s*=\s*("[^"]*"|'[^']*')/gi, `font-family="${family}"`);
  const style = `<style>${fontFaces} text, tspan { font-family: ${family}; }</style>`;
  return replaced.replace(/<svg\b[^>]*>/i, (open) => `${open}${style}`);
}

/** A photo scaled down for print and turned upright, or as it is when it is small enough. */
async function prepareRaster(file: string, use: ImageUse, problems: Problems): Promise<ImagePlan> {
  const { default: sharp } = await import('sharp');
  const meta = await sharp(file).metadata();
  const turned = meta.orientation !== undefined && meta.orientation > 1;
  const longest = Math.max(meta.width ?? 0, meta.height ?? 0);
  if (longest <= maxPrintPixels && !turned) return { kind: 'copy' };
  let image = sharp(file).rotate(); // upright, by its EXIF orientation (which is then dropped)
  if (longest > maxPrintPixels) {
    image = image.resize({ width: maxPrintPixels, height: maxPrintPixels, fit: 'inside' });
    problems.add(
      use.chapter,
      'image-large',
      { image: use.image, width: meta.width ?? 0, height: meta.height ?? 0, max: maxPrintPixels },
      use.place,
    );
  }
  const data = meta.format === 'png' ? await image.png().toBuffer() : await image.jpeg({ quality: 90 }).toBuffer();
  return { kind: 'raster', data };
}

/** The report font's faces for SVGs: which characters they cover, and their @font-face rules with the files inside. */
async function svgFontFaces(): Promise<{ covers(code: number): boolean; css(svg: string): string }> {
  const dir = path.dirname(require.resolve(`${svgFont.pkg}/package.json`));
  const sheets = [
    { file: '400.css', weight: 'normal', style: 'normal' },
    { file: '700.css', weight: 'bold', style: 'normal' },
    { file: '400-italic.css', weight: 'normal', style: 'italic' },
  ];
  const faces: { weight: string; style: string; rule: string; ranges: [number, number][] }[] = [];
  for (const sheet of sheets) {
    const css = await readFile(path.join(dir, sheet.file), 'utf8');
    for (const block of css.split(/(?=\/\* )/)) {
      const subset = /-(latin-ext|latin)-\d/.exec(block)?.[1];
      const woff2 = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
      const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
      if (!subset || !svgFont.subsets.includes(subset) || !woff2 || !range) continue;
      const data = (await readFile(path.join(dir, 'files', woff2))).toString('base64');
      const rule = block
        .replace(/src: [^;]+;/, `src: url(data:font/woff2;base64,${data}) format('woff2');`)
        .replace(/\/\*[^*]*\*\//, '')
        .replace(/\s+/g, ' ')
        .trim();
      faces.push({ weight: sheet.weight, style: sheet.style, rule, ranges: parseRanges(range) });
    }
  }
  const regular = faces.filter((f) => f.weight === 'normal' && f.style === 'normal');
  return {
    covers: (code) => regular.some((f) => f.ranges.some(([from, to]) => code >= from && code <= to)),
    // The regular face always; bold and italic only when the SVG uses them.
    css: (svg) => {
      const bold = /font-weight\s*[:=]\s*["']?\s*(bold|[6-9]00)/i.test(svg);
      const italic = /font-style\s*[:=]\s*["']?\s*italic/i.test(svg);
      return faces
        .filter((f) => (f.weight === 'normal' || bold) && (f.style === 'normal' || italic))
        .map((f) => f.rule)
        .join(' ');
    },
  };
}

/** «U+0000-00FF,U+0131» → [[0, 255], [305, 305]]. */
function parseRanges(range: string): [number, number][] {
  return range.split(',').map((part) => {
    const [from, to = from] = part.trim().replace(/^U\+/i, '').split('-') as [string, string?];
    return [parseInt(from, 16), parseInt(to, 16)];
  });
}
