import { describe, expect, it } from 'vitest';
import { adjustmentOf, formatConflictValues } from './format';

const NAIROBI = { locale: 'en-GB', timeZone: 'Africa/Nairobi' };

describe('the two values of a conflict', () => {
  it('shows instants as local dates while the dates differ', () => {
    expect(formatConflictValues('join_date', '2026-11-25T06:00:00Z', '2026-11-28T06:00:00Z', NAIROBI)).toEqual(['25 Nov 2026', '28 Nov 2026']);
  });

  it('adds the time when both show the same local date, even across UTC midnight', () => {
    expect(formatConflictValues('join_date', '2026-11-25T06:00:00Z', '2026-11-25T11:47:05Z', NAIROBI)).toEqual([
      '25 Nov 2026, 09:00',
      '25 Nov 2026, 14:47',
    ]);
    // 21:30 UTC on the 25th and 08:00 UTC on the 26th are both the 26th in Nairobi.
    expect(formatConflictValues('created_at', '2026-11-25T21:30:00Z', '2026-11-26T08:00:00Z', NAIROBI)).toEqual([
      '26 Nov 2026, 00:30',
      '26 Nov 2026, 11:00',
    ]);
  });

  it('adds the seconds when the minute is the same too, so different values never look alike', () => {
    expect(formatConflictValues('last_payment_date', '2026-11-25T11:47:00Z', '2026-11-25T11:47:05.123456Z', NAIROBI)).toEqual([
      '25 Nov 2026, 14:47:00',
      '25 Nov 2026, 14:47:05',
    ]);
  });

  it('shows a missing instant as a dash, and other fields as before', () => {
    expect(formatConflictValues('last_payment_date', null, '2026-11-25T06:00:00Z', NAIROBI)).toEqual(['—', '25 Nov 2026']);
    expect(formatConflictValues('balance', '1500.00', '3000.00', NAIROBI)).toEqual(['KES 1,500.00', 'KES 3,000.00']);
    expect(formatConflictValues('status', 'active', 'suspended', NAIROBI)).toEqual(['active', 'suspended']);
  });
});

describe('adjustmentOf', () => {
  const adjust = (before: string, after: string) =>
    ({ operation: 'adjust', changes: { balance: { before, after } } }) as unknown as Parameters<typeof adjustmentOf>[0];
  it('is what a payment or void changes central’s balance by, exactly, with its sign', () => {
    expect(adjustmentOf(adjust('1000.00', '899.75'))).toBe('-100.25');
    expect(adjustmentOf(adjust('-5.00', '35.00'))).toBe('40.00');
    expect(adjustmentOf(adjust('0.10', '0.05'))).toBe('-0.05');
  });
  it('is null for any other change', () => {
    expect(adjustmentOf({ ...adjust('1.00', '2.00'), operation: 'update' })).toBeNull();
  });
});
