import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/commands';
import type { DeskTicketInput, TicketStatus } from '../api/types';
import { keys } from '../queries/keys';

// Tickets opened at the desk: each change refetches the customer's tabs.

function useTicketsChanged() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: keys.customers });
}

export function useOpenTicket(customerId: string) {
  const changed = useTicketsChanged();
  return useMutation({ mutationFn: (input: DeskTicketInput) => api.openTicket(customerId, input), onSuccess: changed });
}

export function useSetTicketStatus() {
  const changed = useTicketsChanged();
  return useMutation({
    mutationFn: ({ ticketId, status }: { ticketId: string; status: TicketStatus }) => api.setTicketStatus(ticketId, status),
    onSuccess: changed,
  });
}

export function useResolveTicket() {
  const changed = useTicketsChanged();
  return useMutation({
    mutationFn: ({ ticketId, note }: { ticketId: string; note: string }) => api.resolveTicket(ticketId, note),
    onSuccess: changed,
  });
}
