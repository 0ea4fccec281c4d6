/** Norwegian (bokmål) forms for numbers, amounts, dates and the labels the pipeline generates. */

/**
 * 36.5 → «36,5»; 350000 → «350 000» (no-break space between groups); −4 with U+2212, as
 * Intl.NumberFormat writes nb-NO. Written out rather than asked of Intl: making its first
 * format cost 10 ms at every start (tests/core/norwegian.test.ts checks it against Intl).
 * Without `decimals`, at most two, without trailing zeros.
 */
export function formatNumber(value: number, decimals?: number): string {
  let [whole, fraction] = roundDecimal(Math.abs(value), decimals ?? 2);
  if (decimals === undefined) fraction = fraction.replace(/0+$/, '');
  whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const sign = value < 0 || Object.is(value, -0) ? '\u2212' : '';
  return `${sign}${whole}${fraction ? `,${fraction}` : ''}`;
}

/**
 * `value` (≥ 0) to `digits` decimals, as ICU rounds: the shortest decimal that reads back as
 * the number («2.55», not the binary 2.5499…), halves away from zero.
 */
function roundDecimal(value: number, digits: number): [whole: string, fraction: string] {
  let text = String(value);
  if (text.includes('e')) text = value < 1 ? value.toFixed(20) : BigInt(Math.round(value)).toString();
  const [whole, fraction = ''] = text.split('.') as [string, string?];
  if (fraction.length <= digits) return [whole, fraction.padEnd(digits, '0')];
  let kept = whole + fraction.slice(0, digits);
  if (fraction.charCodeAt(digits) >= 53 /* '5' */) kept = (BigInt(kept) + 1n).toString().padStart(kept.length, '0');
  return [kept.slice(0, kept.length - digits) || '0', kept.slice(kept.length - digits)];
}

/** 36.5 → «36,5 %» (no-break space before the sign, as Språkrådet recommends). */
export function formatPercent(value: number, decimals?: number): string {
  return `${formatNumber(value, decimals)}\u00a0%`;
}

/** 350000 → «350 000 kroner». */
export function formatKroner(value: number): string {
  return `${formatNumber(value, 0)}\u00a0kroner`;
}

/**
 * The months in Bokmål. Written out rather than asked of Intl.DateTimeFormat: making its two
 * formats cost 10 ms at every start, and the text cannot change with Node's ICU data
 * (tests/core/norwegian.test.ts checks it against Intl all the same).
 */
const months = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'];

/** The parts of an ISO date («2025-05-30»), as the validated report.yaml gives it. */
function dateParts(iso: string): { day: number; month: string; year: number } {
  const date = new Date(`${iso}T00:00:00Z`);
  return { day: date.getUTCDate(), month: months[date.getUTCMonth()]!, year: date.getUTCFullYear() };
}

/** «2025-05-30» → «30. mai 2025». */
export function formatDate(iso: string): string {
  const { day, month, year } = dateParts(iso);
  return `${day}. ${month} ${year}`;
}

/** «2025-05-30» → «Mai 2025» (for the cover). */
export function formatMonthYear(iso: string): string {
  const { month, year } = dateParts(iso);
  return `${month.charAt(0).toUpperCase()}${month.slice(1)} ${year}`;
}

/** The labels for the measures' categories, as they appear in the report. */
export const labels = {
  horizon: { short: 'Kort sikt', long: 'Lang sikt' },
  budget: { within: 'Innenfor gjeldende budsjettrammer', outside: 'Krever nye midler eller lovendring' },
  budgetShort: { within: 'Innenfor rammen', outside: 'Krever nye midler' },
  sector: { authorities: 'Myndighetene', voluntary: 'Frivilligheten', both: 'Myndighetene og frivilligheten' },
  evidenceLevel: {
    strong: 'Sterk (randomiserte forsøk i Norge)',
    moderate: 'Middels',
    weak: 'Svak',
    none: 'Ikke evaluert',
  },
  question: { 1: 'Spørsmål 1', 2: 'Spørsmål 2' },
} as const;
