/**
 * Dates, numbers and amounts as the report writes them in Bokmål (src/core/norwegian.ts).
 */
import { describe, expect, it } from 'vitest';
import { formatDate, formatKroner, formatMonthYear, formatNumber } from '../../src/core/norwegian.ts';
import { seededRandom } from '../helpers/random.ts';

describe('Norwegian formats', () => {
  it('writes dates as Intl does for nb-NO, in every month', () => {
    const long = new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    const monthYear = new Intl.DateTimeFormat('nb-NO', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    for (let month = 1; month <= 12; month++) {
      for (const day of [1, 9, 28]) {
        const iso = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const date = new Date(`${iso}T00:00:00Z`);
        expect(formatDate(iso)).toBe(long.format(date));
        const cover = monthYear.format(date);
        expect(formatMonthYear(iso)).toBe(cover.charAt(0).toUpperCase() + cover.slice(1));
      }
    }
    expect(formatDate('2025-05-30')).toBe('30. mai 2025');
    expect(formatMonthYear('2025-05-30')).toBe('Mai 2025');
  });

  it('writes numbers as Intl does for nb-NO', () => {
    const values = [0, 1, -1, 4.5, 36.5, 12.345, 0.125, 999.995, 1000, 12_345.6, 350_000, 1_234_567.891, -2_500.05, 0.004, -0.004];
    // Halves that binary floating point cannot hold (2.55 is 2.5499…): Intl rounds the decimal.
    for (let k = -2000; k <= 2000; k += 7) values.push(k / 200, k / 2000);
    // Random values of every size, the same ones every run (a fixed seed).
    const random = seededRandom(2025);
    for (let i = 0; i < 500; i++) values.push(Math.round((random() - 0.3) * 10 ** (1 + (i % 8))) / 10 ** (i % 4));
    for (const value of values) {
      expect(formatNumber(value), String(value)).toBe(new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2 }).format(value));
      for (const decimals of [0, 1, 2]) {
        expect(formatNumber(value, decimals), `${value} (${decimals})`).toBe(new Intl.NumberFormat('nb-NO', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value));
      }
    }
  });

  it('writes numbers with a decimal comma and a space between thousands', () => {
    expect(formatNumber(36.5, 1)).toBe('36,5');
    expect(formatKroner(350000)).toBe('350\u00a0000\u00a0kroner');
  });
});
