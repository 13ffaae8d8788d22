import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/commands';
import type { DeskPayment, PaymentInput } from '../api/types';
import { keys } from '../queries/keys';

// The counter's reads and writes. A payment or a void moves a customer's balance, so after one
// everything about customers is refetched (list, stats, detail, tabs, statement) as well as
// the counter (the shift's totals).

export function useCounterStatus() {
  return useQuery({ queryKey: keys.counterStatus(), queryFn: api.counterStatus });
}

export function useShiftReport(shiftId: string | undefined) {
  return useQuery({
    queryKey: keys.shiftReport(shiftId ?? ''),
    queryFn: () => api.shiftReport(shiftId!),
    enabled: shiftId !== undefined,
  });
}

export function useShifts() {
  return useQuery({ queryKey: keys.shifts(), queryFn: api.shifts });
}

export function useShiftPayments(shiftId: string) {
  return useQuery({ queryKey: keys.shiftPayments(shiftId), queryFn: () => api.shiftPayments(shiftId) });
}

export function useReceipt(paymentId: string) {
  return useQuery({ queryKey: keys.receipt(paymentId), queryFn: () => api.receipt(paymentId) });
}

export function useStatement(id: string, from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: keys.statement(id, from, to),
    queryFn: () => api.statement(id, { ...(from ? { from } : {}), ...(to ? { to } : {}) }),
    placeholderData: keepPreviousData,
  });
}

function useCounterChanged() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: keys.counter });
  };
}

/**
 * After a payment or void: the customer and the counter are refetched, once the receipt is on
 * screen. Refetched at once, the page behind the dialog re-rendered in the frame that paints the
 * receipt, and WebKitGTK without a GPU repaints the whole window for it (about 45 ms more on a
 * shop laptop, measured by `make measure`); the receipt itself needs none of that data.
 */
function usePaymentTaken() {
  const client = useQueryClient();
  const counter = useCounterChanged();
  return (payment: DeskPayment) => {
    client.setQueryData(keys.receipt(payment.id), payment);
    afterNextPaint(() => {
      void client.invalidateQueries({ queryKey: keys.customers });
      counter();
    });
  };
}

/** Runs `then` after the next frame has been painted (a task queued from its animation frame). */
function afterNextPaint(then: () => void) {
  requestAnimationFrame(() => setTimeout(then, 0));
}

export function useOpenShift() {
  const changed = useCounterChanged();
  return useMutation({ mutationFn: (float: string) => api.openShift(float), onSuccess: changed });
}

export function useCloseShift() {
  const changed = useCounterChanged();
  return useMutation({
    mutationFn: ({ shiftId, counted }: { shiftId: string; counted: string }) => api.closeShift(shiftId, counted),
    onSuccess: changed,
  });
}

export function useTakePayment(customerId: string) {
  const taken = usePaymentTaken();
  return useMutation({ mutationFn: (input: PaymentInput) => api.takePayment(customerId, input), onSuccess: taken });
}

export function useVoidPayment() {
  const taken = usePaymentTaken();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ paymentId, reason }: { paymentId: string; reason: string }) => api.voidPayment(paymentId, reason),
    onSuccess: (void_, { paymentId }) => {
      taken(void_);
      void client.invalidateQueries({ queryKey: keys.receipt(paymentId) });
    },
  });
}
