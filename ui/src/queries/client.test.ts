import { describe, expect, it } from 'vitest';
import { keepPreviousData, QueryObserver } from '@tanstack/react-query';
import { createQueryClient, KEPT_LISTS } from './client';
import { keys } from './keys';

const page = (n: number) => keys.list({ page: n, per_page: 20, sort_by: 'created_at', sort_order: 'desc' });

describe('the query cache', () => {
  it('keeps only the list on screen and the last few left, however many pages are browsed', async () => {
    const client = createQueryClient();
    client.setQueryData(keys.stats(), { total: 1 });
    // What useCustomerList does as the person pages: one observer moving from key to key.
    const options = (n: number) => ({
      queryKey: page(n),
      queryFn: () => Promise.resolve({ page: n }),
      placeholderData: keepPreviousData,
    });
    const observer = new QueryObserver(client, options(1));
    const stop = observer.subscribe(() => {});
    for (let n = 1; n <= 50; n++) {
      observer.setOptions(options(n));
      await observer.refetch();
    }
    const lists = client.getQueryCache().findAll({ queryKey: ['customers', 'list'] });
    // Page 50 on screen plus the pages 49 and 48 just left (PgUp stays instant); the other
    // 47 are gone, and nothing but lists is touched.
    expect(lists.map((q) => (q.queryKey[2] as { page: number }).page).sort((a, b) => a - b)).toEqual([48, 49, 50]);
    expect(lists).toHaveLength(KEPT_LISTS + 1);
    expect(client.getQueryData(keys.stats())).toEqual({ total: 1 });
    expect(observer.getCurrentResult().data).toEqual({ page: 50 });
    stop();
  });
});
