// The list's advanced filters as the window holds them: the list query's own filter fields
// (so a saved view and the list command carry them as they are), the chips that say each in
// words, and the filter panel's form, whose text becomes those fields.
import type { CustomerQueryInput, FieldError } from '../../api/types';
import { formatDate, formatMoney, normaliseMoneyInput, parseDay } from '../../format';
import { formatCount } from '../../format/number';

/** The list query's filter fields (`CustomerFilters::FIELDS` in the domain crate). */
export const FILTER_FIELDS = [
  'balance',
  'balance_min',
  'balance_max',
  'joined_from',
  'joined_to',
  'never_paid',
  'unpaid_days',
  'paid_from',
  'paid_to',
  'package',
  'usage_min',
  'usage_max',
  'devices_min',
  'devices_max',
] as const;

export type FilterField = (typeof FILTER_FIELDS)[number];

/** The advanced filters in force: only the fields that are set. */
export type Filters = Pick<CustomerQueryInput, FilterField>;

export type BalanceState = 'owes' | 'credit' | 'settled';

/** One filter as a person thinks of it (one chip), and the query fields that make it. */
export const FILTER_GROUPS = {
  balance: ['balance'],
  balanceRange: ['balance_min', 'balance_max'],
  joined: ['joined_from', 'joined_to'],
  lastPayment: ['never_paid', 'unpaid_days', 'paid_from', 'paid_to'],
  package: ['package'],
  usage: ['usage_min', 'usage_max'],
  devices: ['devices_min', 'devices_max'],
} as const satisfies Record<string, readonly FilterField[]>;

export type FilterGroup = keyof typeof FILTER_GROUPS;

const GROUPS = Object.keys(FILTER_GROUPS) as FilterGroup[];

/** The filter fields of a query (a saved view's), nothing else. */
export function pickFilters(query: CustomerQueryInput): Filters {
  const picked: Record<string, unknown> = {};
  for (const field of FILTER_FIELDS) {
    const value = query[field];
    if (value !== undefined && value !== null && value !== false && value !== '') picked[field] = value;
  }
  return picked as Filters;
}

/** A query without its filter fields. */
export function withoutFilters(query: CustomerQueryInput): CustomerQueryInput {
  const rest: CustomerQueryInput = { ...query };
  for (const field of FILTER_FIELDS) delete rest[field];
  return rest;
}

function isSet(filters: Filters, group: FilterGroup): boolean {
  return FILTER_GROUPS[group].some((field) => filters[field] !== undefined);
}

/** How many filters are in force (one per chip). */
export function filterCount(filters: Filters): number {
  return GROUPS.filter((g) => isSet(filters, g)).length;
}

export function withoutGroup(filters: Filters, group: FilterGroup): Filters {
  const next: Record<string, unknown> = { ...filters };
  for (const field of FILTER_GROUPS[group]) delete next[field];
  return next as Filters;
}

// ---- In words ----------------------------------------------------------------------------

const BALANCE_WORDS: Record<BalanceState, string> = { owes: 'Owes', credit: 'In credit', settled: 'Settled' };

/** A day (`YYYY-MM-DD`) as the region writes it in words: "1 Jan 2026" in Kenya. */
export function dayInWords(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDate(`${day}T00:00:00Z`, { timeZone: 'UTC' }) : day;
}

/** "A – B", "from A", "up to B": a range in words. */
function span(from: string | undefined, to: string | undefined, words: { from: string; to: string }): string {
  if (from !== undefined && to !== undefined) return from === to ? from : `${from} – ${to}`;
  return from !== undefined ? `${words.from} ${from}` : `${words.to} ${to}`;
}

const text = (n: number | undefined) => (n === undefined ? undefined : formatCount(n));

/** The local day of an instant; for the end of a range (exclusive), the day before it. */
export function localDayOf(instant: string, endOfRange = false): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  const d = new Date(endOfRange ? ms - 1 : ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of a day as an instant; `after`: the next midnight (a range's open end). */
export function localMidnight(day: string, after = false): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (after ? 1 : 0)).toISOString();
}

/** What a filter says, as its chip shows it: "Owes", "Joined 1 Jan 2026 – 31 Mar 2026". */
export function describe(filters: Filters, group: FilterGroup): string {
  switch (group) {
    case 'balance':
      return BALANCE_WORDS[filters.balance as BalanceState] ?? `Balance: ${filters.balance}`;
    case 'balanceRange': {
      const [min, max] = [filters.balance_min, filters.balance_max].map((v) => (v === undefined ? undefined : formatMoney(v)));
      if (min !== undefined && max !== undefined && min !== max) return `Balance ${min} – ${max}`;
      return `Balance ${span(min, max, { from: '≥', to: '≤' })}`;
    }
    case 'joined': {
      const [from, to] = [filters.joined_from, filters.joined_to].map((d) => (d === undefined ? undefined : dayInWords(d)));
      return `Joined ${span(from, to, { from: 'from', to: 'up to' })}`;
    }
    case 'lastPayment': {
      if (filters.never_paid) return 'Never paid';
      if (filters.unpaid_days !== undefined) {
        return `No payment in ${formatCount(filters.unpaid_days)} ${filters.unpaid_days === 1 ? 'day' : 'days'}`;
      }
      const from = filters.paid_from === undefined ? undefined : dayInWords(localDayOf(filters.paid_from));
      const to = filters.paid_to === undefined ? undefined : dayInWords(localDayOf(filters.paid_to, true));
      return `Last paid ${span(from, to, { from: 'since', to: 'up to' })}`;
    }
    case 'package':
      return `Package: ${filters.package}`;
    case 'usage': {
      const [min, max] = [filters.usage_min, filters.usage_max];
      if (min !== undefined && max !== undefined) return min === max ? `Usage ${min}%` : `Usage ${min}–${max}%`;
      return min !== undefined ? `Usage ≥ ${min}%` : `Usage ≤ ${max}%`;
    }
    case 'devices': {
      const [min, max] = [text(filters.devices_min), text(filters.devices_max)];
      if (min !== undefined && max !== undefined) return min === max ? `Devices: ${min}` : `Devices ${min}–${max}`;
      return min !== undefined ? `Devices ≥ ${min}` : `Devices ≤ ${max}`;
    }
  }
}

export interface Chip {
  group: FilterGroup;
  label: string;
}

/** One chip per filter in force, in the panel's order. */
export function chips(filters: Filters): Chip[] {
  return GROUPS.filter((g) => isSet(filters, g)).map((group) => ({ group, label: describe(filters, group) }));
}

// ---- The panel's form --------------------------------------------------------------------

/** The filter panel's inputs, as typed. Days are `YYYY-MM-DD` once they are days. */
export interface Draft {
  balance: '' | BalanceState;
  balanceMin: string;
  balanceMax: string;
  joinedFrom: string;
  joinedTo: string;
  lastPayment: '' | 'never' | 'unpaid' | 'between';
  unpaidDays: string;
  paidFrom: string;
  paidTo: string;
  package: string;
  usageMin: string;
  usageMax: string;
  devicesMin: string;
  devicesMax: string;
}

/** The panel's input for each query field: errors from the shell are shown at it. */
export const INPUT_OF: Record<FilterField, keyof Draft> = {
  balance: 'balance',
  balance_min: 'balanceMin',
  balance_max: 'balanceMax',
  joined_from: 'joinedFrom',
  joined_to: 'joinedTo',
  never_paid: 'lastPayment',
  unpaid_days: 'unpaidDays',
  paid_from: 'paidFrom',
  paid_to: 'paidTo',
  package: 'package',
  usage_min: 'usageMin',
  usage_max: 'usageMax',
  devices_min: 'devicesMin',
  devices_max: 'devicesMax',
};

export function isFilterField(field: string): field is FilterField {
  return (FILTER_FIELDS as readonly string[]).includes(field);
}

/** How many days "no payment in" starts with. */
export const DEFAULT_UNPAID_DAYS = '30';

export function toDraft(filters: Filters): Draft {
  const str = (n: number | undefined) => (n === undefined ? '' : String(n));
  const lastPayment: Draft['lastPayment'] = filters.never_paid
    ? 'never'
    : filters.unpaid_days !== undefined
      ? 'unpaid'
      : filters.paid_from !== undefined || filters.paid_to !== undefined
        ? 'between'
        : '';
  return {
    balance: (filters.balance as BalanceState | undefined) ?? '',
    balanceMin: filters.balance_min ?? '',
    balanceMax: filters.balance_max ?? '',
    joinedFrom: filters.joined_from ?? '',
    joinedTo: filters.joined_to ?? '',
    lastPayment,
    unpaidDays: filters.unpaid_days === undefined ? DEFAULT_UNPAID_DAYS : String(filters.unpaid_days),
    paidFrom: filters.paid_from === undefined ? '' : localDayOf(filters.paid_from),
    paidTo: filters.paid_to === undefined ? '' : localDayOf(filters.paid_to, true),
    package: filters.package ?? '',
    usageMin: str(filters.usage_min),
    usageMax: str(filters.usage_max),
    devicesMin: str(filters.devices_min),
    devicesMax: str(filters.devices_max),
  };
}

/**
 * The filters a draft asks for, or the fields that are not numbers at all (the query carries
 * numbers; every other rule, ranges included, is the shell's, shown at the field it names).
 * Days typed that are no day are sent as typed: the shell refuses them on their field.
 */
export function fromDraft(draft: Draft): { filters: Filters; errors: FieldError[] } {
  const filters: Filters = {};
  const errors: FieldError[] = [];
  const whole = (field: FilterField, typed: string): number | undefined => {
    const t = typed.trim();
    if (t === '') return undefined;
    if (!/^\d+$/.test(t)) {
      errors.push({ field, rule: 'wrong_type', message: 'must be a whole number' });
      return undefined;
    }
    return Number(t);
  };
  const money = (typed: string) => {
    const t = normaliseMoneyInput(typed);
    return t === '' ? undefined : t;
  };
  const day = (typed: string) => {
    const t = typed.trim();
    return t === '' ? undefined : (parseDay(t) ?? t);
  };
  if (draft.balance) filters.balance = draft.balance;
  filters.balance_min = money(draft.balanceMin);
  filters.balance_max = money(draft.balanceMax);
  filters.joined_from = day(draft.joinedFrom);
  filters.joined_to = day(draft.joinedTo);
  if (draft.lastPayment === 'never') filters.never_paid = true;
  if (draft.lastPayment === 'unpaid') {
    filters.unpaid_days = whole('unpaid_days', draft.unpaidDays);
    if (filters.unpaid_days === undefined && draft.unpaidDays.trim() === '') {
      errors.push({ field: 'unpaid_days', rule: 'required', message: 'is required: how many days' });
    }
  }
  if (draft.lastPayment === 'between') {
    const [from, to] = [day(draft.paidFrom), day(draft.paidTo)];
    const instant = (d: string | undefined, after: boolean) => (d === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(d) ? localMidnight(d, after) : d);
    filters.paid_from = instant(from, false);
    filters.paid_to = instant(to, true);
  }
  const pkg = draft.package.trim();
  if (pkg) filters.package = pkg;
  filters.usage_min = whole('usage_min', draft.usageMin);
  filters.usage_max = whole('usage_max', draft.usageMax);
  filters.devices_min = whole('devices_min', draft.devicesMin);
  filters.devices_max = whole('devices_max', draft.devicesMax);
  return { filters: pickFilters(filters), errors };
}
