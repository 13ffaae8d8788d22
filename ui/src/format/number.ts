const COUNT = new Intl.NumberFormat('en-KE', { maximumFractionDigits: 0 });

/** 12345 → "12,345": counts of customers, invoices, … */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** Share of a whole as a whole percentage; 0 of 0 is 0 %, not NaN. */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.round((part * 100) / whole) : 0;
}

/** "54.30" → "54.3 %"; the store sends the average usage as decimal text. */
export function formatPercentText(value: string): string {
  const n = Number(value);
  return Number.isFinite(n) ? `${Number(n.toFixed(1))} %` : value;
}
