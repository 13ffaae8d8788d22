import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api/commands';
import { keys } from '../queries/keys';

/** The payment windows the screen offers (the store takes 1 to 90 days). */
export const PAYMENT_WINDOWS = [30, 90] as const;
export type PaymentWindow = (typeof PAYMENT_WINDOWS)[number];

/**
 * Every figure of the analytics screen. Under the customers' key, so a change to a customer or
 * a payment taken refreshes it; read afresh each time the screen opens. Switching the window
 * keeps the other window's figures on screen until the new ones arrive.
 */
export function useAnalytics(days: PaymentWindow) {
  return useQuery({
    queryKey: keys.analytics(days),
    queryFn: () => api.analytics(days),
    refetchOnMount: 'always',
    placeholderData: keepPreviousData,
  });
}
