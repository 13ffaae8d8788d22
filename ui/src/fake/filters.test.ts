import { describe, expect, it } from 'vitest';
import { customerQuery } from './input';
import { passes } from './filters';
import type { Customer } from '../api/types';

/** The refusal a query gets, as the shell words it (`crates/domain/src/filters.rs` tests). */
function refusal(raw: Record<string, unknown>) {
  try {
    customerQuery(raw);
  } catch (e) {
    return (e as { fields: Array<{ field: string; rule: string; message: string }> }).fields;
  }
  throw new Error('expected a refusal');
}

const customer = (over: Partial<Customer>): Customer =>
  ({ balance: '0.00', join_date: '2026-01-01T00:00:00Z', last_payment_date: null, package: 'Basic WiFi', usage_percentage: 0, device_count: 0, ...over }) as Customer;

describe('the fake list filters', () => {
  it('refuses a to before its from on the to field, in the shell words', () => {
    expect(refusal({ balance_min: '500', balance_max: '100' })).toEqual([
      { field: 'balance_max', rule: 'out_of_range', message: 'must not be before balance_min (500.00; got 100.00)' },
    ]);
    expect(refusal({ joined_from: '2026-03-31', joined_to: '2026-01-01' })).toEqual([
      { field: 'joined_to', rule: 'out_of_range', message: 'must not be before joined_from (2026-03-31; got 2026-01-01)' },
    ]);
    expect(refusal({ joined_to: '31/03/2026' })[0]!.message).toBe('"31/03/2026" is not a day (expected e.g. 2026-01-31)');
    expect(refusal({ never_paid: true, unpaid_days: 30 })[0]!.field).toBe('never_paid');
    expect(refusal({ usage_max: 101 })[0]!.message).toBe('must be from 0 to 100');
  });

  it('treats exactly zero as settled, bounds as inclusive and never paid as no payment in any days', () => {
    const now = Date.parse('2026-11-25T08:00:00Z');
    const f = (raw: Record<string, unknown>) => customerQuery(raw).filters;
    expect(passes(f({ balance: 'settled' }), customer({ balance: '0.00' }), now)).toBe(true);
    expect(passes(f({ balance: 'owes' }), customer({ balance: '0.00' }), now)).toBe(false);
    expect(passes(f({ balance: 'owes' }), customer({ balance: '0.01' }), now)).toBe(true);
    expect(passes(f({ balance: 'credit' }), customer({ balance: '-0.01' }), now)).toBe(true);
    expect(passes(f({ balance_min: '1000', balance_max: '1000' }), customer({ balance: '1000.00' }), now)).toBe(true);
    expect(passes(f({ joined_from: '2026-01-01', joined_to: '2026-01-01' }), customer({}), now)).toBe(true);
    expect(passes(f({ unpaid_days: 30 }), customer({}), now)).toBe(true);
    expect(passes(f({ unpaid_days: 30 }), customer({ last_payment_date: '2026-11-20T10:00:00Z' }), now)).toBe(false);
    expect(passes(f({ never_paid: true }), customer({ last_payment_date: '2026-11-20T10:00:00Z' }), now)).toBe(false);
  });
});
