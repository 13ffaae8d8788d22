import type { CustomerStatus } from '../api/types';

/** The words a person sees for the store's field names (form labels, history, error toasts). */
export const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  package: 'Package',
  status: 'Status',
  balance: 'Balance',
  usage_percentage: 'Usage',
  device_count: 'Devices',
  join_date: 'Join date',
  last_payment_date: 'Last payment',
  search: 'Search',
  per_page: 'Rows per page',
  central_url: 'Central address',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/**
 * A field error as one sentence: the store's messages mostly start with the rule ("is not a
 * valid email address …"), so the label goes in front; one that starts otherwise stands alone.
 */
export function fieldMessage(field: string, message: string): string {
  return /^[a-z]/.test(message) ? `${fieldLabel(field)} ${message}` : message;
}

export const STATUS_LABELS: Record<CustomerStatus, string> = {
  active: 'Active',
  suspended: 'Suspended',
  pending: 'Pending',
};

/** `in_progress` → "in progress", for invoice/payment/ticket status badges. */
export function humanise(word: string): string {
  return word.replace(/_/g, ' ');
}
