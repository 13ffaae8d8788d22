// The analytics figures shaped for the screen: each chart's bars (numbers, for drawing only),
// the exact words and amounts shown on hover and in the tables (from the store's decimal text,
// never from a float), and a one-sentence summary for a screen reader. No uPlot here, so this
// is tested without a canvas.

import type { Analytics, BalanceBand, CustomerStatus, MethodPayments, PaymentSource } from '../api/types';
import { methodLabel } from '../counter/labels';
import { deskRegion, formatCount, formatMoney, percentOf, STATUS_LABELS } from '../format';

/** One bar chart: a label and a height per bar, the words a bar reads as, and a summary. */
export interface BarChart {
  /** The x axis's labels, one per bar (short). */
  labels: string[];
  /** Bar heights: counts, or amounts as numbers (drawing only; every figure shown is `describe`'s). */
  values: number[];
  /** The series' name in the hover legend ("Joined", "Customers", "Received"). */
  series: string;
  /** What the hover legend and the hidden table show for bar `i`: its label and its figures. */
  rows: ChartRow[];
  /** Extra figures of each bar shown on hover beside the value (a band's total owed, …). */
  extra: { name: string; cells: string[] }[];
  /** The chart in one sentence, for a screen reader. */
  summary: string;
  /** Whether there is nothing to draw (every bar zero). */
  empty: boolean;
  /** One colour role per bar (CSS variable names), or one for all. */
  colors: string[] | string;
}

export interface ChartRow {
  label: string;
  /** The bar's own figure, as shown ("12", "KES 1,500.00"). */
  value: string;
}

const monthFormat = new Map<string, Intl.DateTimeFormat>();
const dayFormat = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const region = deskRegion();
  let found = map.get(region);
  if (!found) {
    found = new Intl.DateTimeFormat(region, { ...options, timeZone: 'UTC' });
    map.set(region, found);
  }
  return found;
}

/** "2026-11" → "Nov 2026" (the desk's region's words). */
export function monthLabel(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return cached(monthFormat, { month: 'short', year: 'numeric' }).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

/** "2026-11-25" → "25 Nov" in Kenya, "Nov 25" in the United States. */
export function dayLabel(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  return cached(dayFormat, { month: 'short', day: 'numeric' }).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** Decimal text as a number, for a bar's height only. */
function height(amount: string): number {
  const n = Number(amount);
  return Number.isFinite(n) ? n : 0;
}

/** Adds decimal texts exactly (as cents), for sums shown to people. */
export function addAmounts(...amounts: string[]): string {
  let cents = 0n;
  for (const amount of amounts) {
    const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
    if (!match) continue;
    const value = BigInt(match[2]!) * 100n + BigInt((match[3] ?? '').padEnd(2, '0') || '0');
    cents += match[1] ? -value : value;
  }
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function most(rows: { label: string; n: number }[]): { label: string; n: number } | null {
  return rows.reduce<{ label: string; n: number } | null>((best, row) => (row.n > 0 && (!best || row.n > best.n) ? row : best), null);
}

export function joinedChart(a: Analytics): BarChart {
  const values = a.joined.map((m) => m.customers);
  const total = values.reduce((x, y) => x + y, 0);
  const top = most(a.joined.map((m) => ({ label: monthLabel(m.month), n: m.customers })));
  const first = a.joined[0];
  const last = a.joined.at(-1);
  return {
    labels: a.joined.map((m) => monthLabel(m.month)),
    values,
    series: 'Joined',
    rows: a.joined.map((m) => ({ label: monthLabel(m.month), value: formatCount(m.customers) })),
    extra: [],
    summary:
      total === 0
        ? 'No customer joined in the last 24 months.'
        : `${formatCount(total)} customers joined from ${first ? monthLabel(first.month) : ''} to ${last ? monthLabel(last.month) : ''}` +
          (top ? `, the most in ${top.label} (${formatCount(top.n)}).` : '.'),
    empty: total === 0,
    colors: '--accent',
  };
}

/** How each balance band reads. */
export const BAND_LABELS: Record<BalanceBand, { short: string; long: string }> = {
  credit: { short: 'Credit', long: 'In credit (paid ahead)' },
  settled: { short: 'Settled', long: 'Settled (owes nothing)' },
  up_to_500: { short: '≤ 500', long: 'Owes up to KES 500' },
  up_to_2000: { short: '500–2,000', long: 'Owes KES 500–2,000' },
  up_to_5000: { short: '2,000–5,000', long: 'Owes KES 2,000–5,000' },
  over_5000: { short: '> 5,000', long: 'Owes over KES 5,000' },
};

const BAND_COLORS: Record<BalanceBand, string> = {
  credit: '--credit',
  settled: '--muted',
  up_to_500: '--owes',
  up_to_2000: '--owes',
  up_to_5000: '--owes',
  over_5000: '--owes',
};

export function balanceChart(a: Analytics): BarChart {
  const owing = a.balances.filter((b) => b.band !== 'credit' && b.band !== 'settled');
  const owingCount = owing.reduce((x, b) => x + b.customers, 0);
  const owed = addAmounts(...owing.map((b) => b.total));
  const largest = owing.at(-1);
  return {
    labels: a.balances.map((b) => BAND_LABELS[b.band].short),
    values: a.balances.map((b) => b.customers),
    series: 'Customers',
    rows: a.balances.map((b) => ({ label: BAND_LABELS[b.band].long, value: formatCount(b.customers) })),
    extra: [{ name: 'Total', cells: a.balances.map((b) => formatMoney(b.total)) }],
    summary:
      a.customers === 0
        ? 'No customers yet.'
        : `${formatCount(owingCount)} of ${formatCount(a.customers)} customers owe ${formatMoney(owed)} in all` +
          (largest && largest.customers > 0 ? `; ${formatCount(largest.customers)} owe over KES 5,000 (${formatMoney(largest.total)}).` : '.'),
    empty: a.customers === 0,
    colors: a.balances.map((b) => BAND_COLORS[b.band]),
  };
}

/** What the shop is owed and what it holds paid ahead, from the balance bands (exact). */
export function balanceFacts(a: Analytics): { owed: string; owing: number; ahead: string; inCredit: number } {
  const owing = a.balances.filter((b) => b.band !== 'credit' && b.band !== 'settled');
  const credit = a.balances.find((b) => b.band === 'credit');
  const creditTotal = credit?.total ?? '0.00';
  return {
    owed: addAmounts(...owing.map((b) => b.total)),
    owing: owing.reduce((x, b) => x + b.customers, 0),
    // Credit is a negative balance; paid ahead, it reads as a positive amount.
    ahead: creditTotal.startsWith('-') ? creditTotal.slice(1) : creditTotal,
    inCredit: credit?.customers ?? 0,
  };
}

export function usageChart(a: Analytics): BarChart {
  const label = (from: number, to: number) => `${from}–${to} %`;
  const heavy = a.usage.filter((u) => u.from >= 80).reduce((x, u) => x + u.customers, 0);
  return {
    labels: a.usage.map((u) => label(u.from, u.to)),
    values: a.usage.map((u) => u.customers),
    series: 'Customers',
    rows: a.usage.map((u) => ({ label: `Usage ${label(u.from, u.to)}`, value: formatCount(u.customers) })),
    extra: [],
    summary:
      a.customers === 0
        ? 'No customers yet.'
        : `${formatCount(heavy)} of ${formatCount(a.customers)} customers (${percentOf(heavy, a.customers)} %) use 80 % or more of their allowance.`,
    empty: a.customers === 0,
    colors: '--accent',
  };
}

export function paymentsChart(a: Analytics): BarChart {
  const p = a.payments;
  const totals = p.per_day.map((d) => addAmounts(d.desk, d.central));
  const top = p.per_day.reduce<number>((best, _, i) => (height(totals[i]!) > height(totals[best] ?? '0') ? i : best), 0);
  return {
    labels: p.per_day.map((d) => dayLabel(d.day)),
    values: totals.map(height),
    series: 'Received',
    rows: p.per_day.map((d, i) => ({ label: dayLabel(d.day), value: formatMoney(totals[i]!) })),
    extra: [
      { name: 'Payments', cells: p.per_day.map((d) => formatCount(d.count)) },
      { name: 'At this desk', cells: p.per_day.map((d) => formatMoney(d.desk)) },
      { name: 'From central', cells: p.per_day.map((d) => formatMoney(d.central)) },
    ],
    summary:
      p.count === 0 && height(p.total) === 0
        ? `No payments in the last ${p.days} days.`
        : `${formatMoney(p.total)} received in ${formatCount(p.count)} payments over the last ${p.days} days` +
          (p.per_day[top] ? `, the most on ${dayLabel(p.per_day[top].day)} (${formatMoney(totals[top]!)}).` : '.'),
    empty: p.count === 0 && height(p.total) === 0,
    colors: '--accent',
  };
}

/** A share of a whole drawn as a bar: each part's width in percent, with its words. */
export interface Share {
  key: string;
  label: string;
  detail: string;
  percent: number;
  color: string;
}

const STATUS_COLORS: Record<CustomerStatus, string> = { active: '--good', suspended: '--bad', pending: '--warn' };

export function statusShares(a: Analytics): Share[] {
  return a.statuses.map((s) => ({
    key: s.status,
    label: STATUS_LABELS[s.status],
    detail: formatCount(s.customers),
    percent: a.customers ? (s.customers * 100) / a.customers : 0,
    color: STATUS_COLORS[s.status],
  }));
}

const SOURCE_WORDS: Record<PaymentSource, string> = { desk: 'At this desk', central: 'From central' };

export interface MethodRow {
  key: string;
  method: string;
  source: string;
  count: string;
  amount: string;
  /** The bar's length: this amount as a share of the largest one, in percent. */
  percent: number;
}

export function methodRows(methods: MethodPayments[]): MethodRow[] {
  const largest = Math.max(0, ...methods.map((m) => height(m.amount)));
  return methods.map((m) => ({
    key: `${m.source}:${m.method}`,
    method: methodLabel(m.method),
    source: SOURCE_WORDS[m.source],
    count: formatCount(m.count),
    amount: formatMoney(m.amount),
    percent: largest > 0 ? Math.max(0, (height(m.amount) * 100) / largest) : 0,
  }));
}
