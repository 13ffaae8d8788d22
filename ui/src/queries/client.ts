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
  return client;
}
