import type { Customer, CustomerInput, CustomerStatus, FieldError } from '../api/types';
import { fieldMessage, normaliseMoneyInput, toDateInputValue, todayInputValue } from '../format';

/** The form's fields in screen order (the first invalid one gets the focus). */
export const FORM_FIELDS = [
  'name',
  'email',
  'phone',
  'address',
  'package',
  'status',
  'balance',
  'usage_percentage',
  'device_count',
  'join_date',
] as const;

export type FormField = (typeof FORM_FIELDS)[number];

/** What the inputs hold: text as typed, so nothing is lost or reformatted under the cursor. */
export type FormValues = Record<FormField, string> & { status: CustomerStatus };

export const DEFAULT_PACKAGE = 'Basic WiFi';

/**
 * The fields that cannot be left blank: the store refuses a blank one with "is required". The
 * form marks them, and always sends them on create so each blank one is named at its field
 * (the package starts filled in, but cleared it is refused like the others, not defaulted).
 */
export const REQUIRED_FIELDS: readonly FormField[] = ['name', 'email', 'phone', 'package'];

/**
 * Fields central sets when it creates a customer and keeps for itself afterwards: its current
 * version cannot change them, so once central has the customer they are shown, not edited.
 */
export const CENTRAL_OWNED_FIELDS: readonly FormField[] = ['package', 'join_date'];

export const CENTRAL_OWNED_HINT = 'Set by central when the customer was created; this version of central can’t change it.';

/** The fields the form shows read-only for `customer`: central's own, once central has them. */
export function readOnlyFields(customer: Customer | undefined): ReadonlySet<FormField> {
  return new Set(customer && customer.central_id !== null ? CENTRAL_OWNED_FIELDS : []);
}

export const PACKAGE_SUGGESTIONS = [
  'Basic WiFi',
  'Home 10 Mbps',
  'Home 20 Mbps',
  'Family 30 Mbps',
  'Business 50 Mbps',
  'Premium 100 Mbps',
  'Student 5 Mbps',
];

export function emptyValues(now: Date = new Date()): FormValues {
  return {
    name: '',
    email: '',
    phone: '',
    address: '',
    package: DEFAULT_PACKAGE,
    status: 'active',
    balance: '',
    usage_percentage: '',
    device_count: '',
    join_date: todayInputValue(now),
  };
}

export function valuesOf(customer: Customer): FormValues {
  return {
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    address: customer.address ?? '',
    package: customer.package,
    status: customer.status,
    balance: customer.balance,
    usage_percentage: String(customer.usage_percentage),
    device_count: String(customer.device_count),
    join_date: toDateInputValue(customer.join_date),
  };
}

function put(input: CustomerInput, field: FormField, raw: string): void {
  const text = raw.trim();
  switch (field) {
    case 'address':
      input.address = text === '' ? null : text;
      break;
    case 'balance':
      input.balance = normaliseMoneyInput(text);
      break;
    case 'status':
      input.status = text as CustomerStatus;
      break;
    default:
      // Numbers go as typed text: the store parses them and names the field if they are wrong.
      input[field] = text;
  }
}

/**
 * The command input for a new customer. The required fields are always sent (blank included)
 * so the store reports each missing one at its field; optional blanks are left to its defaults.
 */
export function createInput(values: FormValues): CustomerInput {
  const input: CustomerInput = {};
  for (const field of FORM_FIELDS) {
    if (REQUIRED_FIELDS.includes(field) || values[field].trim() !== '') put(input, field, values[field]);
  }
  return input;
}

/** The command input for an edit: only what the person changed, never a read-only field. */
export function updateInput(initial: FormValues, values: FormValues, readOnly: ReadonlySet<FormField> = new Set()): CustomerInput {
  const input: CustomerInput = {};
  for (const field of FORM_FIELDS) {
    if (readOnly.has(field)) continue;
    if (values[field].trim() !== initial[field].trim()) put(input, field, values[field]);
  }
  return input;
}

export interface SplitErrors {
  /** Per form field, the sentence to show under it. */
  byField: Partial<Record<FormField, string>>;
  /** Errors about fields the form does not show: said above the buttons instead. */
  other: string[];
}

export function splitFieldErrors(errors: FieldError[]): SplitErrors {
  const byField: Partial<Record<FormField, string>> = {};
  const other: string[] = [];
  for (const e of errors) {
    const sentence = fieldMessage(e.field, e.message);
    if ((FORM_FIELDS as readonly string[]).includes(e.field)) {
      const field = e.field as FormField;
      byField[field] = byField[field] ? `${byField[field]} ${sentence}` : sentence;
    } else {
      other.push(sentence);
    }
  }
  return { byField, other };
}

export function firstInvalid(byField: SplitErrors['byField']): FormField | undefined {
  return FORM_FIELDS.find((f) => byField[f] !== undefined);
}
