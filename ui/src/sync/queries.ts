// Sync's reads and writes through TanStack Query: the status (kept current by `sync://status`
// events), the queue, conflicts, records kept aside, and the badges of the customers on screen.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/commands';
import { onSyncStatus, whileMounted } from '../api/events';
import type { CommandError, CustomerMark, Resolution, SyncMark, SyncStatus } from '../api/types';
import { keys } from '../queries/keys';

export const syncKeys = {
  all: ['sync'] as const,
  status: () => ['sync', 'status'] as const,
  queue: (page: number, perPage: number) => ['sync', 'queue', page, perPage] as const,
  conflicts: () => ['sync', 'conflicts'] as const,
  rejected: () => ['sync', 'rejected'] as const,
  // Under 'customers' on purpose: any change to a customer refreshes its badge with the rest.
  marksAll: ['customers', 'marks'] as const,
  marks: (ids: readonly string[]) => ['customers', 'marks', ids] as const,
};

/** The queue, the conflicts, the records aside and the badges: what any sync action changes. */
function refreshSyncLists(client: QueryClient) {
  void client.invalidateQueries({ queryKey: syncKeys.all, predicate: (q) => q.queryKey[1] !== 'status' });
  void client.invalidateQueries({ queryKey: syncKeys.marksAll });
}

/** After a round or a resolved conflict: a pull adds, changes and removes customers too. */
function refreshAfterRound(client: QueryClient) {
  void client.invalidateQueries({ queryKey: syncKeys.all, predicate: (q) => q.queryKey[1] !== 'status' });
  void client.invalidateQueries({ queryKey: keys.customers });
  void client.invalidateQueries({ queryKey: keys.storeEmpty() });
}

/** What a new status means for the rest of the cache, compared with the one before it. */
export function onStatusChange(client: QueryClient, before: SyncStatus | undefined, after: SyncStatus) {
  if (!before) return;
  const roundEnded = (before.syncing && !after.syncing) || before.last_success_at !== after.last_success_at;
  if (roundEnded) {
    refreshAfterRound(client);
    return;
  }
  const counts = (s: SyncStatus) => `${s.pending}/${s.refused}/${s.conflicts}/${s.rejected}/${s.signed_in}`;
  if (counts(before) !== counts(after)) refreshSyncLists(client);
}

function setStatus(client: QueryClient, status: SyncStatus) {
  const before = client.getQueryData<SyncStatus>(syncKeys.status());
  client.setQueryData(syncKeys.status(), status);
  onStatusChange(client, before, status);
}

export function useSyncStatus() {
  return useQuery({ queryKey: syncKeys.status(), queryFn: api.syncStatus });
}

/** Keeps the cached status current from the shell's events; mounted once, in the status area. */
export function useSyncStatusEvents() {
  const client = useQueryClient();
  useEffect(() => whileMounted(() => onSyncStatus((status) => setStatus(client, status))), [client]);
}

export function useSyncQueue(page: number, perPage: number) {
  return useQuery({
    queryKey: syncKeys.queue(page, perPage),
    queryFn: () => api.syncQueue(page, perPage),
    placeholderData: keepPreviousData,
  });
}

export function useSyncConflicts() {
  return useQuery({ queryKey: syncKeys.conflicts(), queryFn: api.syncConflicts });
}

export function useSyncRejected() {
  return useQuery({ queryKey: syncKeys.rejected(), queryFn: api.syncRejected });
}

const NO_MARKS: ReadonlyMap<string, SyncMark> = new Map();

/**
 * The sync badges of the customers on screen, one call per page. The query starts after the
 * rows have rendered (queries fetch from an effect) and the previous page's marks stay until
 * the answer arrives, so the list never waits for them. An answer with the same marks as the
 * last (most pages: none) gives the same map, so it re-renders nothing.
 */
export function useSyncMarks(ids: readonly string[] | undefined): ReadonlyMap<string, SyncMark> {
  const last = useRef({ signature: '', marks: NO_MARKS });
  const select = useCallback((answer: CustomerMark[]) => {
    const signature = answer.map((m) => `${m.id}:${m.mark}`).join(',');
    if (signature !== last.current.signature) {
      last.current = { signature, marks: new Map(answer.map((m) => [m.id, m.mark])) };
    }
    return last.current.marks;
  }, []);
  // Keys are compared by value, so the same ids make the same query whatever array holds them.
  const list = ids ? [...ids] : [];
  const query = useQuery({
    queryKey: syncKeys.marks(list),
    queryFn: () => api.syncMarks(list),
    enabled: list.length > 0,
    placeholderData: keepPreviousData,
    select,
  });
  return query.data ?? NO_MARKS;
}

export function useSyncNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.syncNow,
    onMutate: () => {
      // Show the round as started at once; the shell's events follow with the real state.
      const current = client.getQueryData<SyncStatus>(syncKeys.status());
      if (current) client.setQueryData(syncKeys.status(), { ...current, syncing: true });
    },
    onSuccess: (status) => client.setQueryData(syncKeys.status(), status),
    onSettled: (_status, error) => {
      if (error) void client.invalidateQueries({ queryKey: syncKeys.status() });
      refreshAfterRound(client);
    },
  });
}

/**
 * Sign-in, by hand rather than `useMutation`: a mutation keeps its variables (the password) in
 * the query client's cache for minutes after it ends; here the password lives only in the call.
 */
export function useSignIn() {
  const client = useQueryClient();
  const [pending, setPending] = useState(false);
  const signIn = useCallback(
    async (centralUrl: string, email: string, password: string): Promise<SyncStatus> => {
      setPending(true);
      try {
        const status = await api.syncSignIn(centralUrl, email, password);
        client.setQueryData(syncKeys.status(), status);
        refreshSyncLists(client);
        return status;
      } finally {
        setPending(false);
      }
    },
    [client],
  );
  return { signIn, pending };
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.syncSignOut,
    onSuccess: (status) => {
      client.setQueryData(syncKeys.status(), status);
      refreshSyncLists(client);
    },
  });
}

/**
 * Retry and discard change the queue's counts: the status and the lists are asked again. A
 * discard also changes customers (a discarded change puts the desk back at central's value, a
 * refused deletion discarded keeps the customer), so they are asked again too.
 */
function useQueueAction<V, R>(run: (variables: V) => Promise<R>, changesCustomers: boolean) {
  const client = useQueryClient();
  return useMutation<R, CommandError, V>({
    mutationFn: run,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: syncKeys.status() });
      if (changesCustomers) refreshAfterRound(client);
      else refreshSyncLists(client);
    },
  });
}

export function useRetryEntry() {
  return useQueueAction<number, null>(api.syncRetry, false);
}

export function useDiscardEntry() {
  return useQueueAction<number, null>(api.syncDiscard, true);
}

/** "Retry all refused": resolves to how many will go again. */
export function useRetryRefused() {
  return useQueueAction<void, number>(() => api.syncRetryRefused(), false);
}

/** "Discard all refused": resolves to how many were given up. */
export function useDiscardRefused() {
  return useQueueAction<void, number>(() => api.syncDiscardRefused(), true);
}

export function useResolveConflict() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ customerId, field, resolution }: { customerId: string; field: string | null; resolution: Resolution }) =>
      api.syncResolve(customerId, field, resolution),
    onSettled: () => afterSettling(client),
  });
}

/** A person's answer about a payment whose answer from central was lost. */
export function useSettleLostAnswer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ customerId, centralHasIt }: { customerId: string; centralHasIt: boolean }) =>
      api.syncSettleLostAnswer(customerId, centralHasIt),
    onSettled: () => afterSettling(client),
  });
}

/** A settled conflict changes the counts, the queue and maybe the customer. */
function afterSettling(client: QueryClient) {
  void client.invalidateQueries({ queryKey: syncKeys.status() });
  refreshAfterRound(client);
}

/**
 * Opening a customer asks the central system for their invoices, payments and tickets (when
 * signed in and it answers for them); the tabs refresh if anything came. Quiet on failure: the
 * local records stand.
 */
export function useCustomerRecordsFromCentral(id: string) {
  const client = useQueryClient();
  useEffect(() => {
    let live = true;
    api
      .syncCustomerRecords(id)
      .then((changed) => {
        if (live && changed) void client.invalidateQueries({ queryKey: ['customers', 'related', id] });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, id]);
}
