import type { CustomerQueryInput, RelatedQueryInput } from '../api/types';

export type RelatedKind = 'invoices' | 'payments' | 'tickets';

// Everything about customers hangs under one prefix, so a change anywhere can refresh the list,
// the statistics and any open detail with a single invalidation.
export const keys = {
  customers: ['customers'] as const,
  list: (query: CustomerQueryInput) => ['customers', 'list', query] as const,
  /** The exact total of a list query (its page left out), asked when a page's was an estimate. */
  count: (query: CustomerQueryInput) => ['customers', 'count', query] as const,
  stats: () => ['customers', 'stats'] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  related: (id: string, kind: RelatedKind, query: RelatedQueryInput<string>) =>
    ['customers', 'related', id, kind, query] as const,
  history: (id: string, page: number, perPage: number) => ['customers', 'history', id, page, perPage] as const,
  /** Under `customers`: every change to a customer or a payment refreshes the charts. */
  analytics: (days: number) => ['customers', 'analytics', days] as const,
  statement: (id: string, from: string | undefined, to: string | undefined) => ['customers', 'statement', id, from ?? null, to ?? null] as const,
  // The counter: the open shift, its reports and past shifts, and receipts.
  counter: ['counter'] as const,
  counterStatus: () => ['counter', 'status'] as const,
  shiftReport: (shiftId: string) => ['counter', 'report', shiftId] as const,
  shifts: () => ['counter', 'shifts'] as const,
  shiftPayments: (shiftId: string) => ['counter', 'payments', shiftId] as const,
  receipt: (paymentId: string) => ['counter', 'receipt', paymentId] as const,
  storeEmpty: () => ['store', 'empty'] as const,
  settings: () => ['settings'] as const,
  backups: () => ['backups'] as const,
  views: () => ['views'] as const,
  session: () => ['desk', 'session'] as const,
  operators: () => ['desk', 'operators'] as const,
  notices: () => ['notices', 'list'] as const,
  noticeKinds: () => ['notices', 'kinds'] as const,
};
