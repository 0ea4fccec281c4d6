/**
 * Dates, numbers and amounts as the report writes them in Bokmål (src/core/norwegian.ts).
 */
import { describe, expect, it } from 'vitest';
import { formatDate, formatKroner, formatMonthYear, formatNumber } from '../../src/core/norwegian.ts';

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

  it('writes numbers with a decimal comma and a space between thousands', () => {
    expect(formatNumber(36.5, 1)).toBe('36,5');
    expect(formatKroner(350000)).toBe('350\u00a0000\u00a0kroner');
    expect(formatNumber(-1234.567)).toBe('\u22121\u00a0234,57');
    expect(formatNumber(2.5)).toBe('2,5');
    expect(formatNumber(2.55, 1)).toBe('2,6');
  });
});
