import type { PaymentMethod } from '../api/types';

/** How each payment method reads on screen and on a receipt (`PaymentMethod::label`). */
export const METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: 'Cash',
  mpesa: 'M-Pesa',
  bank: 'Bank',
  card: 'Card',
  other: 'Other',
};

export const METHODS: readonly PaymentMethod[] = ['cash', 'mpesa', 'bank', 'card', 'other'];

/** The label of a stored method: this desk's five, or central's words (`bank_transfer`). */
export function methodLabel(method: string): string {
  return (METHOD_LABELS as Record<string, string>)[method] ?? method.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
