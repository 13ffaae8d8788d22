// The list's advanced filters as the store applies them (`crates/domain/src/filters.rs` parses
// them, `crates/store/src/list/filters.rs` turns them into SQL): same fields, same refusals in
// the same order, same rows.
import type { Customer, FieldError } from '../api/types';
import { FILTER_FIELDS } from '../customers/filters/filterModel';
import { boundedLine, check, fail, instantInput, integer, moneyValue, quoted, text, toCents } from './rules';

// The same fields as the window's (`CustomerFilters::FIELDS` in the domain crate).
export { FILTER_FIELDS };

export type BalanceState = 'owes' | 'credit' | 'settled';

interface Range<T> {
  from: T | null;
  to: T | null;
}

export interface Filters {
  balance: BalanceState | null;
  balanceRange: Range<bigint> | null;
  /** Days `YYYY-MM-DD`, compared as join dates' UTC days. */
  joined: Range<string> | null;
  lastPayment: { never: true } | { unpaidDays: number } | { from: string | null; to: string | null } | null;
  package: string | null;
  usage: Range<number> | null;
  devices: Range<number> | null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function day(field: string, value: unknown): string {
  const raw = text(field, value).trim();
  const m = DAY.exec(raw);
  const d = m ? new Date(Date.UTC(2000, 0, 1)) : null;
  if (m && d) d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!m || !d || d.toISOString().slice(0, 10) !== raw) fail(field, 'format', `${quoted(raw)} is not a day (expected e.g. 2026-01-31)`);
  return raw;
}

function bounded(field: string, value: unknown, max: number): number {
  const n = integer(field, value);
  if (n < 0 || n > max) fail(field, 'out_of_range', `must be from 0 to ${max}`);
  return n;
}

/** Money in cents shown as the domain's `Money` displays it: `500.00`. */
function moneyText(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function range<T extends bigint | number | string>(errors: FieldError[], from: T | undefined, to: T | undefined, fields: [string, string], show: (v: T) => string): Range<T> | null {
  if (from !== undefined && to !== undefined && to < from) {
    errors.push({ field: fields[1], rule: 'out_of_range', message: `must not be before ${fields[0]} (${show(from)}; got ${show(to)})` });
    return null;
  }
  return from === undefined && to === undefined ? null : { from: from ?? null, to: to ?? null };
}

/** `CustomerFilters::from_map`: every error collected into `errors`. */
export function parseFilters(map: Record<string, unknown>, errors: FieldError[]): Filters {
  const read = <T>(key: string, parse: (v: unknown) => T): T | undefined =>
    map[key] === undefined || map[key] === null ? undefined : check(errors, () => parse(map[key]));
  const neverPaid = read('never_paid', (v) => (typeof v === 'boolean' ? v : fail('never_paid', 'wrong_type', 'must be true or false')));
  const pkg = read('package', (v) => {
    const raw = text('package', v);
    return raw.trim() ? boundedLine('package', raw, 50) : null;
  });
  const balance = read('balance', (v) => {
    const raw = text('balance', v);
    if (raw !== 'owes' && raw !== 'credit' && raw !== 'settled') fail('balance', 'not_allowed', `${quoted(raw)} is not a balance filter (owes, credit or settled)`);
    return raw;
  });
  const cents = (field: string) => read(field, (v) => toCents(moneyValue(field, v)));
  const balanceMin = cents('balance_min');
  const balanceMax = cents('balance_max');
  const joinedFrom = read('joined_from', (v) => day('joined_from', v));
  const joinedTo = read('joined_to', (v) => day('joined_to', v));
  const unpaidDays = read('unpaid_days', (v) => {
    const n = integer('unpaid_days', v);
    if (n < 1 || n > 3650) fail('unpaid_days', 'out_of_range', 'must be from 1 to 3650 days');
    return n;
  });
  const paidFrom = read('paid_from', (v) => instantInput('paid_from', v));
  const paidTo = read('paid_to', (v) => instantInput('paid_to', v));
  const usageMin = read('usage_min', (v) => bounded('usage_min', v, 100));
  const usageMax = read('usage_max', (v) => bounded('usage_max', v, 100));
  const devicesMin = read('devices_min', (v) => bounded('devices_min', v, 10_000));
  const devicesMax = read('devices_max', (v) => bounded('devices_max', v, 10_000));

  const balanceRange = range(errors, balanceMin, balanceMax, ['balance_min', 'balance_max'], moneyText);
  const joined = range(errors, joinedFrom, joinedTo, ['joined_from', 'joined_to'], String);
  const usage = range(errors, usageMin, usageMax, ['usage_min', 'usage_max'], String);
  const devices = range(errors, devicesMin, devicesMax, ['devices_min', 'devices_max'], String);
  const between = paidFrom !== undefined || paidTo !== undefined;
  if (paidFrom !== undefined && paidTo !== undefined && Date.parse(paidTo) <= Date.parse(paidFrom)) {
    errors.push({ field: 'paid_to', rule: 'out_of_range', message: 'must be after paid_from' });
  }
  let lastPayment: Filters['lastPayment'] = null;
  if ([neverPaid === true, unpaidDays !== undefined, between].filter(Boolean).length > 1) {
    errors.push({
      field: neverPaid === true ? 'never_paid' : 'unpaid_days',
      rule: 'not_allowed',
      message: 'choose one last-payment filter: never paid, no payment in some days, or paid between dates',
    });
  } else if (neverPaid === true) lastPayment = { never: true };
  else if (unpaidDays !== undefined) lastPayment = { unpaidDays };
  else if (between) lastPayment = { from: paidFrom ?? null, to: paidTo ?? null };
  return { balance: balance ?? null, balanceRange, joined, lastPayment, package: pkg ?? null, usage, devices };
}

const within = <T extends bigint | number | string>(r: Range<T> | null, v: T) => !r || ((r.from === null || v >= r.from) && (r.to === null || v <= r.to));

/** Whether a customer passes every filter, at `nowMs` (for "no payment in N days"). */
export function passes(f: Filters, c: Customer, nowMs: number): boolean {
  const cents = toCents(c.balance);
  if (f.balance === 'owes' && !(cents > 0n)) return false;
  if (f.balance === 'credit' && !(cents < 0n)) return false;
  if (f.balance === 'settled' && cents !== 0n) return false;
  if (!within(f.balanceRange, cents)) return false;
  if (!within(f.joined, c.join_date.slice(0, 10))) return false;
  const paid = c.last_payment_date === null ? null : Date.parse(c.last_payment_date);
  const lp = f.lastPayment;
  if (lp && 'never' in lp && paid !== null) return false;
  if (lp && 'unpaidDays' in lp && paid !== null && paid >= nowMs - lp.unpaidDays * 86_400_000) return false;
  if (lp && 'from' in lp) {
    if (paid === null) return false;
    if (lp.from !== null && paid < Date.parse(lp.from)) return false;
    if (lp.to !== null && paid >= Date.parse(lp.to)) return false;
  }
  if (f.package !== null && c.package !== f.package) return false;
  if (!within(f.usage, c.usage_percentage)) return false;
  return within(f.devices, c.device_count);
}
