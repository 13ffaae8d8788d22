// The desk's region decides how dates are written: Kenya (the default) puts the day first,
// 02/12/2026 and 2 Dec 2026, whatever the machine's own locale says (an en-US laptop would
// show 12/02/2026, which a Kenyan reads as 12 February).

import type { Region } from '../api/types';

export const DEFAULT_REGION: Region = 'en-KE';

/** The regions a desk can choose, with their names as people know them. */
export const REGION_NAMES: Record<Region, string> = {
  'en-KE': 'Kenya',
  'en-UG': 'Uganda',
  'en-TZ': 'Tanzania',
  'en-RW': 'Rwanda',
  'en-NG': 'Nigeria',
  'en-ZA': 'South Africa',
  'en-GB': 'United Kingdom',
  'en-US': 'United States',
};

let current: Region = DEFAULT_REGION;

/** The region every date on screen follows; set once the desk's settings are read. */
export function deskRegion(): Region {
  return current;
}

export function setDeskRegion(region: Region): void {
  current = region;
}

type Part = 'day' | 'month' | 'year';

/** How a region writes a date in digits: the order of its parts and the separator. */
export interface DatePattern {
  order: Part[];
  separator: string;
  /** "DD/MM/YYYY", for a placeholder and a message. */
  placeholder: string;
}

const patterns = new Map<string, DatePattern>();

export function datePattern(region: Region = current): DatePattern {
  let found = patterns.get(region);
  if (!found) {
    const parts = new Intl.DateTimeFormat(region, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' })
      .formatToParts(new Date(Date.UTC(2026, 11, 2)));
    const order = parts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type as Part);
    const separator = parts.find((p) => p.type === 'literal')?.value ?? '/';
    const names: Record<Part, string> = { day: 'DD', month: 'MM', year: 'YYYY' };
    found = { order, separator, placeholder: order.map((p) => names[p]).join(separator) };
    patterns.set(region, found);
  }
  return found;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A calendar day (`YYYY-MM-DD`) in the region's digits: `2026-12-02` → `02/12/2026` in Kenya. */
export function formatDay(iso: string, region: Region = current): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  const values: Record<Part, string> = { day: day!, month: month!, year: year! };
  const { order, separator } = datePattern(region);
  return order.map((p) => values[p]).join(separator);
}

/**
 * A day typed in the region's order, with any of / - . or spaces between the parts and one or
 * two digits for day and month (`2/12/2026`), as `YYYY-MM-DD`; `null` when it is no real day
 * (31/02/2026) or not in that shape. ISO (`2026-12-02`) is taken as it is, whatever the region.
 */
export function parseDay(text: string, region: Region = current): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const numbers = iso
    ? { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }
    : (() => {
        const pieces = trimmed.split(/[\s/.-]+/);
        const { order } = datePattern(region);
        if (pieces.length !== 3 || pieces.some((p) => !/^\d+$/.test(p))) return null;
        const byPart = Object.fromEntries(order.map((part, i) => [part, pieces[i]!])) as Record<Part, string>;
        if (byPart.year.length !== 4 || byPart.day.length > 2 || byPart.month.length > 2) return null;
        return { year: Number(byPart.year), month: Number(byPart.month), day: Number(byPart.day) };
      })();
  if (!numbers) return null;
  const { year, month, day } = numbers;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}
