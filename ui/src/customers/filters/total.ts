import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/commands';
import type { Customer, CustomerQueryInput, Page } from '../../api/types';
import { keys } from '../../queries/keys';

export interface ListTotal {
  total: number;
  pages: number;
  /** False while the total is the store's estimate ("about 120,000"). */
  exact: boolean;
}

/**
 * The list's total for the pager. Some filters at a million customers match too many to count
 * within a page's time, and the page then carries an estimate (`exact: false`): it is shown as
 * "about …" while the exact count is asked separately, and replaced by it when it arrives.
 * `settled`: the page on screen is the answer to `query` (not the previous one kept while the
 * next loads), so the estimate and the count are of the same list. The count waits until the
 * list has stayed the same for COUNT_PAUSE: it can take a quarter of a second (a one-letter
 * search at a million customers), and a term typed on should not queue scans behind it.
 */
export const COUNT_PAUSE = 300;

export function useListTotal(page: Page<Customer> | undefined, query: CustomerQueryInput, settled: boolean): ListTotal | undefined {
  const counted = { ...query };
  delete counted.page;
  delete counted.per_page;
  const estimate = !!page && !page.exact && settled;
  const asked = JSON.stringify(counted);
  const [pausedOn, setPausedOn] = useState<string | null>(null);
  useEffect(() => {
    if (!estimate) return;
    const timer = setTimeout(() => setPausedOn(asked), COUNT_PAUSE);
    return () => clearTimeout(timer);
  }, [estimate, asked]);
  const count = useQuery({
    queryKey: keys.count(counted),
    queryFn: () => api.countCustomers(counted),
    enabled: estimate && pausedOn === asked,
  });
  if (!page) return undefined;
  if (estimate && count.data !== undefined) {
    return { total: count.data, pages: Math.ceil(count.data / page.per_page), exact: true };
  }
  return { total: page.total, pages: page.pages, exact: page.exact };
}
