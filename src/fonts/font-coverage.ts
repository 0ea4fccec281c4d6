/**
 * Which characters the report's shipped fonts can print, so the Markdown stage can name the
 * file, line and column of one they cannot (instead of the print stage, which knows no file).
 *
 * A character prints in a shipped font when some @font-face has it in its unicode-range AND
 * its font file has a glyph for it (Chromium skips a face whose file lacks the glyph). The
 * ranges alone are not exact: Google's subsets give a file a range wider than its glyphs (the
 * Latin subset claims U+2000-206F, and has no ‸), so each file's own character map (cmap) is
 * read with fontkitten (fontkit's small sibling, which reads WOFF2). A file is read only when a
 * character in its range turns up, and once per process.
 */
import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkitten';
import { fonts, subsets } from '../render/assets.ts';
import { facesOf, fallbackFaces, type ShippedFace } from './fallback-fonts.ts';

let faces: ShippedFace[] | undefined;
const characterSets = new Map<string, Set<number>>();
const known = new Map<number, boolean>();

/** Every face the report's font stacks hold: its own fonts first, then the fallback fonts (not those for one language only). */
export function shippedFaces(): ShippedFace[] {
  faces ??= [
    ...Object.entries(fonts).flatMap(([pkg, sheets]) => facesOf(pkg, sheets, subsets)),
    ...fallbackFaces(true),
  ];
  return faces;
}

function characterSet(file: string): Set<number> {
  let set = characterSets.get(file);
  if (!set) {
    set = new Set((create(readFileSync(file)) as Font).characterSet);
    characterSets.set(file, set);
  }
  return set;
}

/**
 * Whether a shipped font can print `code`. Printable ASCII and Latin-1 are taken as covered
 * without reading a file: the report's own fonts have every one of them (a test checks), and
 * most chapters hold nothing else.
 */
export function isCovered(code: number): boolean {
  if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff)) return true;
  let answer = known.get(code);
  if (answer === undefined) {
    answer = shippedFaces().some(
      (face) => face.ranges.some(([from, to]) => code >= from && code <= to) && characterSet(face.file).has(code),
    );
    known.set(code, answer);
  }
  return answer;
}

/** Characters that never print as glyphs of their own and need no font: controls, spaces the layout makes, joiners, marks of direction. */
export function needsNoGlyph(code: number): boolean {
  return (
    code < 0x20 ||
    code === 0x7f ||
    code === 0xad ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2060 && code <= 0x2064) ||
    code === 0xfeff ||
    (code >= 0xfe00 && code <= 0xfe0f)
  );
}
