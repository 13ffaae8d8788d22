import { MutationCache, QueryClient } from '@tanstack/react-query';
import type { CommandError } from '../api/types';

declare module '@tanstack/react-query' {
  interface Register {
    // Every command rejects with a CommandError (see api/client.ts), so errors are typed as one.
    defaultError: CommandError;
  }
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    mutationCache: new MutationCache({
      // A change refused as not_found means what is on screen is out of date (deleted here or
      // by a sync): refetch everything, which is what the error toasts promise.
      onError: (error) => {
        if (error.code === 'not_found') void client.invalidateQueries();
      },
    }),
    defaultOptions: {
      queries: {
        // The store is local: a failure will not fix itself on a retry a second later, and the
        // person should see it at once with a "Try again" button.
        retry: false,
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  });
  keepFewLists(client);
  return client;
}

/** How many customer lists (pages, searches) stay cached once off screen. */
export const KEPT_LISTS = 2;

/**
 * Paging through a million customers or typing a search makes a new list query per page or
 * keystroke. Only the last few are worth keeping (going back a page, clearing a search): the
 * store answers any other in milliseconds, and every cached list is memory the window keeps.
 */
function keepFewLists(client: QueryClient) {
  const cache = client.getQueryCache();
  // When each list last left the screen: the most recently left are the ones kept.
  const left = new WeakMap<object, number>();
  let clock = 0;
  cache.subscribe((event) => {
    if (event.query.queryKey[1] !== 'list') return;
    if (event.type === 'observerRemoved') left.set(event.query, ++clock);
    // Pruned when a list's answer arrives, so a list only just asked for is never touched.
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    cache
      .findAll({ queryKey: ['customers', 'list'], type: 'inactive', fetchStatus: 'idle' })
      .filter((query) => query !== event.query)
      .sort((a, b) => (left.get(b) ?? 0) - (left.get(a) ?? 0))
      .slice(KEPT_LISTS)
      .forEach((query) => cache.remove(query));
  });
}
