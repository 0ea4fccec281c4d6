/** What the shipped fonts can print, read from their own character maps (src/fonts/). */
import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkitten';
import { describe, expect, it } from 'vitest';
import { isCovered, shippedFaces } from '../../src/fonts/font-coverage.ts';
import { runPattern, scriptOf } from '../../src/fonts/scripts.ts';

const code = (char: string) => char.codePointAt(0)!;

describe('font coverage', () => {
  it('takes ASCII and Latin-1 as covered only because every face of the report’s own fonts has them', () => {
    const latin = shippedFaces().filter((f) => /(source-serif-4|source-sans-3)-latin-\d+-/.test(f.file));
    expect(latin.length).toBeGreaterThanOrEqual(10);
    for (const face of latin) {
      const set = new Set((create(readFileSync(face.file)) as Font).characterSet);
      for (let c = 0x20; c <= 0xff; c++)
        if (c < 0x7f || c >= 0xa0) expect(set.has(c), `${face.file} U+${c.toString(16)}`).toBe(true);
    }
  });

  it('covers the scripts and signs the report needs', () => {
    const text =
      'العربية کوردی ڕێ فارسی اردو ےٹڈڑں ትግርኛ አማርኛ українська ґі русский ąęłńśźż ėįšųūž Tiếng Việt ờ → ≈ ≥ ≤ ✓ • € – … « »';
    for (const char of text.replace(/\s/g, ''))
      expect(isCovered(code(char)), `${char} U+${code(char).toString(16)}`).toBe(true);
  });

  it('checks the font files, not only the ranges: a sign in a range whose file lacks it is not covered', () => {
    // U+2038 (‸) is in the Latin subset's range (U+2000-206F), but in none of its files.
    expect(shippedFaces().some((f) => f.ranges.some(([a, b]) => a <= 0x2038 && 0x2038 <= b))).toBe(true);
    expect(isCovered(0x2038)).toBe(false);
    for (const char of 'ᚠ中😀א') expect(isCovered(code(char)), char).toBe(false);
  });

  it('names scripts and kinds of signs in Norwegian', () => {
    expect(scriptOf('ᚠ')).toBe('runeskrift');
    expect(scriptOf('中')).toBe('kinesiske tegn');
    expect(scriptOf('😀')).toBe('emoji');
    expect(scriptOf('‸')).toBe('skilletegn');
  });

  it('finds a run of one script as its words, not the Norwegian punctuation between them', () => {
    expect('Se العربية, کوردی og فارسی (و اردو).'.match(runPattern('Arabic'))).toEqual([
      'العربية',
      'کوردی',
      'فارسی',
      'و اردو',
    ]);
    expect('نامه‌ها'.match(runPattern('Arabic'))).toEqual(['نامه‌ها']); // with a zero-width non-joiner
    expect('«п’ять мов», ትግርኛ፡ አማርኛ'.match(runPattern('Cyrillic'))).toEqual(['п’ять мов']);
    expect('«п’ять мов», ትግርኛ፡ አማርኛ'.match(runPattern('Ethiopic'))).toEqual(['ትግርኛ፡ አማርኛ']);
  });
});
