import type { CustomerQueryInput, RelatedQueryInput } from '../api/types';

export type RelatedKind = 'invoices' | 'payments' | 'tickets';

// Everything about customers hangs under one prefix, so a change anywhere can refresh the list,
// the statistics and any open detail with a single invalidation.
export const keys = {
  customers: ['customers'] as const,
  list: (query: CustomerQueryInput) => ['customers', 'list', query] as const,
  stats: () => ['customers', 'stats'] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  related: (id: string, kind: RelatedKind, query: RelatedQueryInput<string>) =>
    ['customers', 'related', id, kind, query] as const,
  history: (id: string, page: number, perPage: number) => ['customers', 'history', id, page, perPage] as const,
  storeEmpty: () => ['store', 'empty'] as const,
  settings: () => ['settings'] as const,
  session: () => ['desk', 'session'] as const,
  operators: () => ['desk', 'operators'] as const,
};
