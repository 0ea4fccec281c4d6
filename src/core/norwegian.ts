/** Norwegian (bokmål) forms for numbers, amounts, dates and the labels the pipeline generates. */

const numberFormats = new Map<number | undefined, Intl.NumberFormat>();

/**
 * 36.5 → «36,5»; 350000 → «350 000» (no-break space between groups); −4 with U+2212: what
 * Intl.NumberFormat writes for nb-NO. Without `decimals`, at most two, without trailing zeros.
 * Each format is made on first use (making one costs a few milliseconds).
 */
export function formatNumber(value: number, decimals?: number): string {
  let format = numberFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat(
      'nb-NO',
      decimals === undefined
        ? { maximumFractionDigits: 2 }
        : { minimumFractionDigits: decimals, maximumFractionDigits: decimals },
    );
    numberFormats.set(decimals, format);
  }
  return format.format(value);
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
const months = [
  'januar',
  'februar',
  'mars',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'desember',
];

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

/** The labels for the measures' sectors, as they appear in the report (periods, groups and evidence: render/view-model.ts). */
export const labels = {
  sector: { authorities: 'Myndighetene', voluntary: 'Frivilligheten', both: 'Myndighetene og frivilligheten' },
} as const;
