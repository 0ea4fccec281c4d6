/**
 * Fonts for the scripts the report's own fonts (Source Serif 4, Source Sans 3) lack: Arabic
 * script (Arabic, Sorani, Farsi, Urdu; Urdu in its own Nastaliq style), Ethiopic (Tigrinya,
 * Amharic) and symbols such as → ≈ ≥ ≤ ✓. They come from @fontsource (Noto), like the report's fonts, and stand after them in
 * every font stack (templates/styles/report.css). Each @font-face has a `unicode-range`, so
 * Chromium fetches a file only when the page has a character in its range that the fonts before
 * it lack: a report without Arabic never loads, and never embeds, an Arabic font.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** One fallback family: its @fontsource package, the weight sheets and the subsets taken from it. */
export interface FallbackFont {
  pkg: string;
  family: string;
  sheets: string[];
  subsets: string[];
  /**
   * Replaces the package's own range. Noto Sans Math ships one file, the whole font, but its
   * stylesheet gives it the Latin range (U+0000-00FF …), which would never reach an arrow or a
   * math sign: the blocks it is for are named here instead.
   */
  unicodeRange?: string;
  /**
   * Used only for text in this language (a `:lang(…)` rule in report.css), not in the font
   * stacks; so it does not count when the Markdown stage asks which characters can print.
   */
  lang?: string;
}

/** The fallback fonts, in the order they stand in the font stacks. */
export const fallbackFonts: readonly FallbackFont[] = [
  // Naskh: the book style of Arabic script, beside a serif body text; it has Farsi's, Sorani's
  // and Urdu's letters too (ی ک گ پ چ ژ ڕ ڵ ێ ۆ ە ے ٹ ڈ ڑ ں ہ ھ).
  {
    pkg: '@fontsource/noto-naskh-arabic',
    family: 'Noto Naskh Arabic',
    sheets: ['400.css', '600.css', '700.css'],
    subsets: ['arabic'],
  },
  // Urdu is written in Nastaliq: `:lang[اردو]{ur}` prints in it (Naskh stands behind it).
  {
    pkg: '@fontsource/noto-nastaliq-urdu',
    family: 'Noto Nastaliq Urdu',
    sheets: ['400.css', '700.css'],
    subsets: ['arabic'],
    lang: 'ur',
  },
  {
    pkg: '@fontsource/noto-sans-ethiopic',
    family: 'Noto Sans Ethiopic',
    sheets: ['400.css', '600.css', '700.css'],
    subsets: ['ethiopic'],
  },
  {
    pkg: '@fontsource/noto-sans-math',
    family: 'Noto Sans Math',
    sheets: ['400.css'],
    subsets: ['latin'],
    // Arrows, Mathematical Operators, Miscellaneous Technical, Geometric Shapes, Dingbats (✓),
    // Miscellaneous Mathematical Symbols A and B, Supplemental Arrows, Supplemental Mathematical
    // Operators, Mathematical Alphanumeric Symbols.
    unicodeRange: 'U+2190-23FF,U+25A0-25FF,U+2700-27FF,U+2900-2AFF,U+1D400-1D7FF',
  },
];

/** One @font-face of a shipped font: its family, file and unicode-range, and the rule for build/assets/fonts.css. */
export interface ShippedFace {
  family: string;
  /** The font file in node_modules. */
  file: string;
  /** Where it goes under build/. */
  target: string;
  /** Code point ranges, inclusive. */
  ranges: [number, number][];
  /** The @font-face rule, pointing at `target`. */
  rule: string;
}

/**
 * The @font-face rules of `sheets` in a @fontsource package, for `subsets` only (the subset is
 * the part of the comment over each rule between the package name and the weight).
 */
export function facesOf(
  pkg: string,
  sheets: readonly string[],
  subsets: readonly string[],
  unicodeRange?: string,
): ShippedFace[] {
  const dir = path.dirname(require.resolve(`${pkg}/package.json`));
  const name = pkg.slice(pkg.indexOf('/') + 1);
  const faces: ShippedFace[] = [];
  for (const sheet of sheets) {
    const css = readFileSync(path.join(dir, sheet), 'utf8');
    for (const block of css.split(/(?=\/\* )/)) {
      const comment = /^\/\* (\S+) \*\//.exec(block)?.[1];
      const subset = comment?.startsWith(`${name}-`)
        ? comment.slice(name.length + 1).replace(/-\d+-(normal|italic)$/, '')
        : undefined;
      const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
      const family = /font-family: '([^']+)'/.exec(block)?.[1];
      if (!subset || !subsets.includes(subset) || !file || !family) continue;
      const range = unicodeRange ?? /unicode-range: ([^;]+);/.exec(block)?.[1] ?? 'U+0-10FFFF';
      const rule = block
        .replace(/src: [^;]+;/, `src: url(fonts/${file}) format('woff2');`)
        .replace(/font-display: swap;/, 'font-display: block;')
        .replace(/unicode-range: [^;]+;/, `unicode-range: ${range};`)
        .trim();
      faces.push({
        family,
        file: path.join(dir, 'files', file),
        target: `assets/fonts/${file}`,
        ranges: parseUnicodeRange(range),
        rule,
      });
    }
  }
  return faces;
}

/** The fallback fonts' faces, in stack order (`forEveryLanguage`: without those for one language only). */
export function fallbackFaces(forEveryLanguage = false): ShippedFace[] {
  return fallbackFonts
    .filter((f) => !(forEveryLanguage && f.lang))
    .flatMap((f) => facesOf(f.pkg, f.sheets, f.subsets, f.unicodeRange));
}

/** `U+0600-06FF,U+200C` → [[0x600, 0x6ff], [0x200c, 0x200c]]. */
export function parseUnicodeRange(range: string): [number, number][] {
  return range.split(',').map((part) => {
    const [from = '0', to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = parseInt(from, 16);
    return [start, to ? parseInt(to, 16) : start];
  });
}
