/**
 * LIX (läsbarhetsindex), the readability index used in Scandinavian plain-language work:
 * words per sentence + percentage of long words (more than six letters). Under 30: very easy;
 * 30–40: easy (fiction); 40–50: medium (newspapers); 50–60: hard (official documents); over 60:
 * very hard. Klarspråk advice for reports aims at 40–50.
 */

/** LIX of a text, with its counts. */
export interface Lix {
  lix: number;
  words: number;
  sentences: number;
  longWords: number;
}

/** Computes LIX for plain text (Markdown already stripped). */
export function lix(text: string): Lix {
  const words = text.match(/[\p{L}\d][\p{L}\d\u00ad-]*/gu) ?? [];
  const sentences = Math.max(1, (text.match(/[.!?:]+(\s|$)/g) ?? []).length);
  const longWords = words.filter((w) => w.replace(/[^\p{L}]/gu, '').length > 6).length;
  const value = words.length === 0 ? 0 : words.length / sentences + (longWords * 100) / words.length;
  return { lix: Math.round(value), words: words.length, sentences, longWords };
}

/** A short Norwegian description of a LIX value. */
export function lixLabel(value: number): string {
  if (value < 30) return 'svært lettlest';
  if (value < 40) return 'lettlest';
  if (value < 50) return 'middels';
  if (value < 60) return 'tung';
  return 'svært tung';
}
