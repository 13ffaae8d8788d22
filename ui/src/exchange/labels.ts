import type { Delimiter, Field, MappingProblem, ParsedCustomer, TextEncoding } from '../api/types';
import { formatCount, formatDate, formatMoney, STATUS_LABELS } from '../format';

/** The fields a column can fill, in the form's order, as the wizard's selects name them. */
export const FIELD_CHOICES: readonly { field: Field; label: string }[] = [
  { field: 'name', label: 'Name' },
  { field: 'email', label: 'Email' },
  { field: 'phone', label: 'Phone' },
  { field: 'address', label: 'Address' },
  { field: 'status', label: 'Status' },
  { field: 'package', label: 'Package' },
  { field: 'balance', label: 'Balance (KES)' },
  { field: 'usage_percentage', label: 'Usage (%)' },
  { field: 'device_count', label: 'Devices' },
  { field: 'join_date', label: 'Join date' },
  { field: 'last_payment_date', label: 'Last payment' },
];

export function fieldChoice(field: Field | string): string {
  return FIELD_CHOICES.find((c) => c.field === field)?.label ?? field;
}

export const DELIMITERS: readonly { delimiter: Delimiter; label: string }[] = [
  { delimiter: 'comma', label: 'Comma ( , )' },
  { delimiter: 'semicolon', label: 'Semicolon ( ; )' },
  { delimiter: 'tab', label: 'Tab' },
];

export const ENCODINGS: Record<TextEncoding, string> = {
  utf8: 'UTF-8',
  windows1252: 'Windows-1252 (Excel on Windows)',
};

/** What must change in the mapping, in a sentence. */
export function problemText(problem: MappingProblem, headers: readonly string[]): string {
  if (problem.kind === 'missing') return `No column is the customer's ${fieldChoice(problem.field).toLowerCase()}: choose one below.`;
  const names = problem.columns.map((n) => `“${headers[n] ?? `column ${n + 1}`}”`).join(' and ');
  return `${names} are both the customer's ${fieldChoice(problem.field).toLowerCase()}: keep one.`;
}

/** A parsed value as the preview shows it: as the desk will store and show it. */
export function storedValue(customer: ParsedCustomer, field: Field): string {
  switch (field) {
    case 'balance':
      return formatMoney(customer.balance);
    case 'status':
      return STATUS_LABELS[customer.status];
    case 'usage_percentage':
      return `${customer.usage_percentage}%`;
    case 'device_count':
      return formatCount(customer.device_count);
    case 'join_date':
      return customer.join_date ? formatDate(customer.join_date) : 'the day of the import';
    case 'last_payment_date':
      return customer.last_payment_date ? formatDate(customer.last_payment_date) : '—';
    case 'address':
      return customer.address ?? '—';
    default:
      return customer[field];
  }
}

/** "1 row", "1,204 rows". */
export function rowsText(n: number, noun = 'row'): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}
