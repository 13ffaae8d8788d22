import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDateTimeSeconds, toDateInputValue, todayInputValue } from './date';

const NAIROBI = { locale: 'en-GB', timeZone: 'Africa/Nairobi' };

describe('dates', () => {
  it('shows an instant in local time, crossing midnight where the zone does', () => {
    // 21:30 UTC is 00:30 the next day in Nairobi (UTC+3).
    expect(formatDate('2026-11-25T21:30:00Z', NAIROBI)).toBe('26 Nov 2026');
    expect(formatDateTime('2026-11-25T21:30:00Z', NAIROBI)).toBe('26 Nov 2026, 00:30');
    expect(formatDateTime('2026-11-25T21:30:00Z', { locale: 'en-GB', timeZone: 'UTC' })).toBe('25 Nov 2026, 21:30');
    expect(formatDateTimeSeconds('2026-11-25T21:30:07.250Z', NAIROBI)).toBe('26 Nov 2026, 00:30:07');
  });

  it('shows missing dates as a dash and unparseable ones as they came', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('gives the local calendar day for a date input (tests run in Nairobi)', () => {
    expect(toDateInputValue('2026-11-25T21:30:00Z')).toBe('2026-11-26');
    expect(toDateInputValue('2026-01-05')).toBe('2026-01-05');
    expect(toDateInputValue(null)).toBe('');
    expect(todayInputValue(new Date(2026, 0, 9))).toBe('2026-01-09');
  });
});
