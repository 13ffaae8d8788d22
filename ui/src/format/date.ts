// Dates cross from Rust as RFC 3339 UTC; people read them in their own time zone, written the
// way the desk's region writes them (region.ts).

import { deskRegion } from './region';

export interface DateOptions {
  /** BCP 47 locale; the desk's region when left out. */
  locale?: string;
  /** IANA zone; the machine's own when left out (tests pin one). */
  timeZone?: string;
}

function parse(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

// Building an Intl formatter costs far more than using one, and a page of customers formats
// dozens of dates per render: keep one per style, locale and zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

const TIME_STYLE = { date: undefined, dateTime: 'short', dateTimeSeconds: 'medium' } as const;

function formatter(style: keyof typeof TIME_STYLE, options: DateOptions): Intl.DateTimeFormat {
  const locale = options.locale ?? deskRegion();
  const key = `${style}|${locale}|${options.timeZone ?? ''}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: TIME_STYLE[style],
      timeZone: options.timeZone,
    });
    formatters.set(key, found);
  }
  return found;
}

/** "25 Nov 2026" style, in local time. Unparseable input is shown as it came. */
export function formatDate(value: string | null | undefined, options: DateOptions = {}): string {
  if (!value) return '—';
  const date = parse(value);
  if (!date) return value;
  return formatter('date', options).format(date);
}

/** "25 Nov 2026, 14:05" style, in local time. */
export function formatDateTime(value: string | null | undefined, options: DateOptions = {}): string {
  if (!value) return '—';
  const date = parse(value);
  if (!date) return value;
  return formatter('dateTime', options).format(date);
}

/** "25 Nov 2026, 14:05:09" style, in local time: for two instants that must not look alike. */
export function formatDateTimeSeconds(value: string | null | undefined, options: DateOptions = {}): string {
  if (!value) return '—';
  const date = parse(value);
  if (!date) return value;
  return formatter('dateTimeSeconds', options).format(date);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The local calendar day of an instant as `YYYY-MM-DD`, what `<input type="date">` holds. */
export function toDateInputValue(value: string | null | undefined): string {
  if (!value) return '';
  // A bare date is already a calendar day; reading it through Date would shift it by the zone.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = parse(value);
  if (!date) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Today's local date as `YYYY-MM-DD`. */
export function todayInputValue(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
