/** Unicode scripts by their Norwegian names, and the scripts whose runs get a language tag of their own. */

/** A script whose runs in Norwegian text are marked with their own `lang` (and `dir`). */
export interface RunScript {
  /** Unicode's name (for `\p{Script_Extensions=…}`). */
  script: string;
  /** The tag when the writer gave none: «undetermined language, this script» (BCP 47). */
  tag: string;
  dir?: 'rtl';
  /** Norwegian name, for messages. */
  name: string;
  /** Language codes a writer would choose between, for the hint when the tag is missing. */
  languages: string;
  /** The language cannot be told from the script, and it matters: warn until the writer tags it. */
  warnUntagged?: boolean;
}

/** Scripts detected in untagged text. Latin needs no mark; Cyrillic gets one so it is not read or hyphenated as Norwegian. */
export const runScripts: readonly RunScript[] = [
  {
    script: 'Arabic',
    tag: 'und-Arab',
    dir: 'rtl',
    name: 'arabisk skrift',
    languages: '{ar} arabisk, {ckb} sorani, {fa} persisk, {ur} urdu',
  },
  { script: 'Hebrew', tag: 'und-Hebr', dir: 'rtl', name: 'hebraisk skrift', languages: '{he} hebraisk' },
  {
    script: 'Ethiopic',
    tag: 'und-Ethi',
    name: 'etiopisk skrift',
    languages: '{ti} tigrinja, {am} amharisk',
    warnUntagged: true,
  },
  { script: 'Cyrillic', tag: 'und-Cyrl', name: 'kyrillisk skrift', languages: '{uk} ukrainsk, {ru} russisk' },
];

/**
 * A run of one script: its words (letters, marks and joiners, with an apostrophe inside a word,
 * as in Ukrainian «п’ять»), and single spaces between them. Punctuation between words ends
 * the run, so «العربية, کوردی» stays two names in a Norwegian list.
 */
export function runPattern(script: string): RegExp {
  const letters = `[\\p{Script_Extensions=${script}}\\u200c\\u200d]+`;
  const word = `${letters}(?:['\\u2019\\u02bc]${letters})*`;
  return new RegExp(`${word}(?:[ \\u00a0]${word})*`, 'gu');
}

/** Norwegian names of the scripts a writer is likely to meet, in the order they are tried. */
const scriptNames: [string, string][] = [
  ['Latin', 'latinsk skrift'],
  ['Greek', 'gresk skrift'],
  ['Cyrillic', 'kyrillisk skrift'],
  ['Armenian', 'armensk skrift'],
  ['Hebrew', 'hebraisk skrift'],
  ['Arabic', 'arabisk skrift'],
  ['Syriac', 'syrisk skrift'],
  ['Thaana', 'thaana'],
  ['Nko', 'n’ko'],
  ['Devanagari', 'devanagari'],
  ['Bengali', 'bengali skrift'],
  ['Gurmukhi', 'gurmukhi'],
  ['Gujarati', 'gujarati skrift'],
  ['Tamil', 'tamilsk skrift'],
  ['Telugu', 'telugu skrift'],
  ['Kannada', 'kannada skrift'],
  ['Malayalam', 'malayalam skrift'],
  ['Sinhala', 'singalesisk skrift'],
  ['Thai', 'thai skrift'],
  ['Lao', 'laotisk skrift'],
  ['Tibetan', 'tibetansk skrift'],
  ['Myanmar', 'burmesisk skrift'],
  ['Georgian', 'georgisk skrift'],
  ['Hangul', 'hangul (koreansk)'],
  ['Ethiopic', 'etiopisk skrift'],
  ['Cherokee', 'cherokee'],
  ['Canadian_Aboriginal', 'kanadisk stavelsesskrift'],
  ['Ogham', 'ogham'],
  ['Runic', 'runeskrift'],
  ['Khmer', 'khmer'],
  ['Mongolian', 'mongolsk skrift'],
  ['Hiragana', 'hiragana (japansk)'],
  ['Katakana', 'katakana (japansk)'],
  ['Han', 'kinesiske tegn'],
  ['Tifinagh', 'tifinagh'],
  ['Vai', 'vai'],
  ['Adlam', 'adlam'],
  ['Inherited', 'kombinerende tegn'],
];
const scriptTests = scriptNames.map(([script, name]) => [new RegExp(`^\\p{Script=${script}}$`, 'u'), name] as const);
const commonKinds: [RegExp, string][] = [
  [/^\p{Extended_Pictographic}$/u, 'emoji'],
  [/^\p{Sm}$/u, 'matematisk tegn'],
  [/^\p{Sc}$/u, 'valutategn'],
  [/^\p{P}$/u, 'skilletegn'],
  [/^\p{N}$/u, 'tall'],
  [/^\p{So}$/u, 'symbol'],
  [/^\p{Co}$/u, 'privat tegn'],
];

/** The Norwegian name of the script of `char` («runeskrift»), or what kind of sign it is («symbol»). */
export function scriptOf(char: string): string {
  for (const [test, name] of scriptTests) if (test.test(char)) return name;
  for (const [test, name] of commonKinds) if (test.test(char)) return name;
  return /^\p{Script=Common}$/u.test(char) ? 'tegn' : 'en skrift rapporten ikke har';
}

/** ISO 15924 codes of the scripts a language name is likely written in, as `Intl.Locale` gives them. */
const scriptCodes: [RegExp, string][] = [
  [/\p{Script=Latin}/u, 'Latn'],
  [/\p{Script=Arabic}/u, 'Arab'],
  [/\p{Script=Ethiopic}/u, 'Ethi'],
  [/\p{Script=Cyrillic}/u, 'Cyrl'],
  [/\p{Script=Hebrew}/u, 'Hebr'],
  [/\p{Script=Greek}/u, 'Grek'],
];

/** The ISO 15924 code of the script of the first letter in `text` that has one here (undefined: none). */
export function scriptCodeOf(text: string): string | undefined {
  for (const char of text) {
    if (!/\p{L}/u.test(char)) continue;
    for (const [test, code] of scriptCodes) if (test.test(char)) return code;
    return undefined;
  }
  return undefined;
}

/** Norwegian names of the scripts in scriptCodes, for messages. */
export const scriptCodeNames: Record<string, string> = {
  Latn: 'latinsk',
  Arab: 'arabisk',
  Ethi: 'etiopisk',
  Cyrl: 'kyrillisk',
  Hebr: 'hebraisk',
  Grek: 'gresk',
};
