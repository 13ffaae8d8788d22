import type { Analytics, BalanceBand, Customer, CustomerStatus, Debtor, MethodPayments, Payment, PaymentDay, PaymentSource } from '../api/types';
import { fail, fromCents, toCents, validated } from './rules';

// The analytics in the fake: the same figures as the store's analytics.rs (and the tallies of
// migration 0017), computed from the fake's customers and payments on every call. The desk's
// local day is the UTC day (the shell's clock in the recorded fixtures is UTC too). The recorded
// `analytics` fixture holds it to the shell.

export const MAX_DAYS = 90;
const MONTHS = 24;
const TOP_DEBTORS = 10;

/** The shell's `days` argument (`PaymentDays::new`). */
export function paymentDays(raw: unknown): number {
  const days = Number(raw);
  return validated(() => {
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) fail('days', 'out_of_range', `must be from 1 to ${MAX_DAYS} (got ${String(raw)})`);
    return days;
  });
}

const BANDS: Array<[BalanceBand, (cents: bigint) => boolean]> = [
  ['credit', (c) => c < 0n],
  ['settled', (c) => c === 0n],
  ['up_to_500', (c) => c > 0n && c <= 50_000n],
  ['up_to_2000', (c) => c > 50_000n && c <= 200_000n],
  ['up_to_5000', (c) => c > 200_000n && c <= 500_000n],
  ['over_5000', (c) => c > 500_000n],
];

const STATUSES: CustomerStatus[] = ['active', 'suspended', 'pending'];

function addDays(day: string, n: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + n);
  return at.toISOString().slice(0, 10);
}

function monthsTo(today: string): string[] {
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  return Array.from({ length: MONTHS }, (_, i) => {
    const at = new Date(Date.UTC(year, month - 1 - (MONTHS - 1 - i), 1));
    return at.toISOString().slice(0, 7);
  });
}

export interface AnalyticsInput {
  customers: Customer[];
  /** Central's payments and this desk's (as the payments tab lists them). */
  payments: Payment[];
  /** The order customers were written in (the store's `seq`). */
  order: (c: Customer) => number;
  asOf: string;
  days: number;
}

export function analytics({ customers, payments, order, asOf, days }: AnalyticsInput): Analytics {
  const today = asOf.slice(0, 10);
  const cents = (c: Customer) => toCents(c.balance);

  const joined = monthsTo(today).map((month) => ({ month, customers: customers.filter((c) => c.join_date.slice(0, 7) === month).length }));

  const balances = BANDS.map(([band, holds]) => {
    const inside = customers.filter((c) => holds(cents(c)));
    return { band, customers: inside.length, total: fromCents(inside.reduce((a, c) => a + cents(c), 0n)) };
  });

  const usage = Array.from({ length: 10 }, (_, d) => {
    const [from, to] = [d * 10, d === 9 ? 100 : d * 10 + 9];
    return { from, to, customers: customers.filter((c) => c.usage_percentage >= from && c.usage_percentage <= to).length };
  });

  const first = addDays(today, 1 - days);
  const perDay = new Map<string, { count: number; desk: bigint; central: bigint }>();
  for (let n = 0; n < days; n++) perDay.set(addDays(first, n), { count: 0, desk: 0n, central: 0n });
  const byMethod = new Map<string, { source: PaymentSource; method: string; count: number; cents: bigint }>();
  for (const p of payments) {
    if (p.status !== 'completed') continue;
    const day = perDay.get(p.payment_date.slice(0, 10));
    if (!day) continue;
    const voided = p.desk?.kind === 'void';
    const [n, amount] = voided ? [-1, -toCents(p.amount)] : [1, toCents(p.amount)];
    const source: PaymentSource = p.desk ? 'desk' : 'central';
    day.count += n;
    if (source === 'desk') day.desk += amount;
    else day.central += amount;
    const key = `${source === 'desk' ? 0 : 1}:${p.method}`;
    const method = byMethod.get(key) ?? { source, method: p.method, count: 0, cents: 0n };
    method.count += n;
    method.cents += amount;
    byMethod.set(key, method);
  }
  const per_day: PaymentDay[] = [...perDay.entries()].map(([day, d]) => ({ day, count: d.count, desk: fromCents(d.desk), central: fromCents(d.central) }));
  // As the store: by source (desk first), then method, then the largest amount first (stable).
  const by_method: MethodPayments[] = [...byMethod.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, m]) => m)
    .filter((m) => m.count !== 0 || m.cents !== 0n)
    .sort((a, b) => (b.cents > a.cents ? 1 : b.cents < a.cents ? -1 : 0))
    .map((m) => ({ source: m.source, method: m.method, count: m.count, amount: fromCents(m.cents) }));
  const total = [...perDay.values()].reduce((a, d) => a + d.desk + d.central, 0n);

  const top_debtors: Debtor[] = customers
    .filter((c) => cents(c) > 0n)
    .sort((a, b) => {
      const d = cents(b) - cents(a);
      return d > 0n ? 1 : d < 0n ? -1 : order(b) - order(a);
    })
    .slice(0, TOP_DEBTORS)
    .map((c) => ({ id: c.id, name: c.name, phone: c.phone, status: c.status, balance: c.balance, last_payment_date: c.last_payment_date }));

  return {
    as_of: asOf,
    today,
    customers: customers.length,
    statuses: STATUSES.map((status) => ({ status, customers: customers.filter((c) => c.status === status).length })),
    joined,
    balances,
    usage,
    payments: {
      days,
      recorded: payments.length > 0,
      per_day,
      by_method,
      count: per_day.reduce((a, d) => a + d.count, 0),
      total: fromCents(total),
    },
    top_debtors,
  };
}
