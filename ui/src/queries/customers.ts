import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { api } from '../api/commands';
import type {
  CommandError,
  Customer,
  CustomerInput,
  CustomerQueryInput,
  CustomerStatus,
  InvoiceStatus,
  Page,
  PaymentStatus,
  RelatedQueryInput,
  TicketStatus,
} from '../api/types';
import { keys } from './keys';

export function useCustomerList(query: CustomerQueryInput) {
  return useQuery({
    queryKey: keys.list(query),
    queryFn: () => api.listCustomers(query),
    // Typing a search keeps the rows of the last answer on screen until the next arrives:
    // nothing blanks or jumps while the person types.
    placeholderData: keepPreviousData,
  });
}

export function useCustomerStats() {
  return useQuery({ queryKey: keys.stats(), queryFn: api.stats });
}

export function useStoreIsEmpty() {
  return useQuery({ queryKey: keys.storeEmpty(), queryFn: api.storeIsEmpty });
}

export function useCustomer(id: string) {
  return useQuery({ queryKey: keys.detail(id), queryFn: () => api.getCustomer(id) });
}

/** One page of a customer's invoices, payments or tickets, as `relatedQueries` asks for it. */
export type RelatedQuery<T> = UseQueryOptions<Page<T>, CommandError, Page<T>, ReturnType<typeof keys.related>>;

/**
 * A customer's invoices, payments and tickets, as query options rather than hooks: one tab
 * component shows any of them and makes the `useQuery` call itself (a hook passed as a prop
 * would break the rules of hooks).
 */
export const relatedQueries = {
  invoices: (id: string, query: RelatedQueryInput<InvoiceStatus>) =>
    queryOptions({
      queryKey: keys.related(id, 'invoices', query),
      queryFn: () => api.invoices(id, query),
      placeholderData: keepPreviousData,
    }),
  payments: (id: string, query: RelatedQueryInput<PaymentStatus>) =>
    queryOptions({
      queryKey: keys.related(id, 'payments', query),
      queryFn: () => api.payments(id, query),
      placeholderData: keepPreviousData,
    }),
  tickets: (id: string, query: RelatedQueryInput<TicketStatus>) =>
    queryOptions({
      queryKey: keys.related(id, 'tickets', query),
      queryFn: () => api.tickets(id, query),
      placeholderData: keepPreviousData,
    }),
};

export function useHistory(id: string, page: number, perPage: number) {
  return useQuery({
    queryKey: keys.history(id, page, perPage),
    queryFn: () => api.history(id, page, perPage),
    placeholderData: keepPreviousData,
  });
}

/**
 * After any change the changed customer is written into the cache straight away (the detail
 * shows it without a round trip) and everything else about customers is refetched: lists,
 * statistics and history all depend on it.
 */
function useCustomerChanged() {
  const client = useQueryClient();
  return (customer: Customer) => {
    client.setQueryData(keys.detail(customer.id), customer);
    void client.invalidateQueries({
      queryKey: keys.customers,
      predicate: (q) => !(q.queryKey[1] === 'detail' && q.queryKey[2] === customer.id),
    });
  };
}

export function useCreateCustomer() {
  const changed = useCustomerChanged();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomerInput) => api.createCustomer(input),
    onSuccess: (customer) => {
      changed(customer);
      void client.invalidateQueries({ queryKey: keys.storeEmpty() });
    },
  });
}

export function useUpdateCustomer(id: string) {
  const changed = useCustomerChanged();
  return useMutation({ mutationFn: (input: CustomerInput) => api.updateCustomer(id, input), onSuccess: changed });
}

export function useSetStatus() {
  const changed = useCustomerChanged();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: CustomerStatus }) => api.setStatus(id, status),
    onSuccess: changed,
  });
}

export function useSetBalance(id: string) {
  const changed = useCustomerChanged();
  return useMutation({ mutationFn: (balance: string) => api.setBalance(id, balance), onSuccess: changed });
}

export function useSetUsage(id: string) {
  const changed = useCustomerChanged();
  return useMutation({
    mutationFn: (usage: { usagePercentage?: number; deviceCount?: number }) => api.setUsage(id, usage),
    onSuccess: changed,
  });
}

export function useDeleteCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.deleteCustomer(id),
    onSuccess: (customer) => {
      client.removeQueries({ queryKey: keys.detail(customer.id) });
      void client.invalidateQueries({ queryKey: keys.customers });
      void client.invalidateQueries({ queryKey: keys.storeEmpty() });
    },
  });
}
