import type { FieldError } from '../api/types';

// The customer's rules as a person reads them: each limit and each sentence once, in the words
// of the Rust domain (crates/domain), for the form's hints, the dialogs' own checks, the
// previews and the fake's refusals. The fake is replayed against the shell's recorded answers
// (fake/fixtures.test.ts), so a sentence changed on one side only fails there; rules.test.ts
// holds the hints to the recorded sentences as well.
//
// The store's messages start with the rule ("must be …"); the screens put the field's label in
// front (format/labels.ts `fieldMessage`). A message that starts otherwise stands alone.

export const NAME_MAX = 50;
export const EMAIL_MAX = 120;
export const ADDRESS_MAX = 255;
export const PACKAGE_MAX = 50;
export const USAGE_MAX = 100;
export const DEVICES_MAX = 10_000;
/** The largest balance, in cents (99,999,999.99: central's NUMERIC(10,2)). */
export const MONEY_MAX_CENTS = 9_999_999_999n;
/** The earliest join date a person may enter (`join_date.rs` `EARLIEST_JOIN_DATE`). */
export const EARLIEST_JOIN_DATE = '2000-01-01';

/** What each rule allows, as a phrase: the messages and the hints are built from these. */
const USAGE_RANGE = `a whole number from 0 to ${USAGE_MAX}`;
const DEVICES_RANGE = `a whole number from 0 to ${DEVICES_MAX.toLocaleString('en')}`;
const JOIN_DATE_RANGE = `from ${EARLIEST_JOIN_DATE} to today`;
const MONEY_RANGE = 'between -99,999,999.99 and 99,999,999.99';

/** Text quoted as Rust's `{:?}` quotes it (close enough for what people type). */
export function quoted(text: string): string {
  return JSON.stringify(text);
}

/** The domain's sentences, by rule. */
export const MESSAGES = {
  required: 'is required',
  tooLong: (max: number, got: number) => `must be at most ${max} characters (got ${got})`,
  oneLine: 'must be a single line without control characters',
  text: 'must be text',
  wholeNumber: 'must be a whole number',
  email: 'is not a valid email address (expected something like jane@example.co.ke)',
  emailTaken: 'is already used by another customer',
  phone: 'is not a valid phone number (expected e.g. 0712 345 678 or +254…)',
  notAnAmount: (text: string) => `${quoted(text)} is not an amount (expected e.g. 1500.00)`,
  precision: (amount: string) => `${amount} has more than 2 decimal places`,
  moneyRange: `must be ${MONEY_RANGE}`,
  moneyAsNumber: 'must be sent as text such as "1500.00", not as a number',
  moneyType: 'must be an amount such as "1500.00"',
  usage: (got: number) => `must be ${USAGE_RANGE} (got ${got})`,
  devices: (got: number) => `must be ${DEVICES_RANGE} (got ${got})`,
  usageOrDevices: 'Enter the usage, the devices or both',
  date: 'must be a date (2026-11-25) or a date and time with a zone (2026-11-25T08:30:00Z)',
  joinDate: `must be ${JOIN_DATE_RANGE}`,
  status: (raw: string) => `${quoted(raw)} is not a status (expected active, suspended or pending)`,
  // The counter (tender.rs).
  paymentAmount: 'must be more than 0 (to give money back, void the payment)',
  paymentMethod: 'is required (cash, mpesa, bank, card or other)',
  notAMethod: (raw: string) => `${quoted(raw)} is not a payment method (cash, mpesa, bank, card or other)`,
  mpesaRequired: "is required for an M-Pesa payment (the code in the customer's M-Pesa message)",
  mpesaFormat: 'must be the 10 letters and digits of the M-Pesa message (e.g. SGH4K2L9XQ)',
  otherReference: 'is required for an other payment (say what it was)',
  voidReason: 'is required: say why this payment is voided',
  cashNegative: 'cannot be negative',
  // Tickets opened at the desk (desk_ticket.rs).
  resolutionNote: 'is required: say how the ticket was resolved',
} as const;

/** What a ticket opened at the desk may be about (`TICKET_CATEGORIES`). */
export const TICKET_CATEGORIES = ['connectivity', 'performance', 'equipment', 'billing', 'account', 'coverage', 'other'] as const;

/** The longest reference and note a payment carries (`tender.rs`). */
export const REFERENCE_MAX = 40;
export const NOTE_MAX = 200;

function sentence(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

/** What a field takes, under it: the same phrase as its refusal. */
export const HINTS = {
  phone: 'Any local form, e.g. 0712 345 678; saved as +254…',
  balance: 'Positive means the customer owes; negative means credit',
  /** Under a new balance not typed yet. */
  newBalance: 'e.g. 1500.00; 0 when settled',
  usage: sentence(USAGE_RANGE),
  devices: sentence(DEVICES_RANGE),
  joinDate: sentence(JOIN_DATE_RANGE),
} as const;

/** A value that passed its rule, or the refusal a save would get. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: FieldError };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const refused = (field: string, rule: FieldError['rule'], message: string): Checked<never> => ({
  ok: false,
  error: { field, rule, message },
});

export function fromCents(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * `money.rs` `Money::parse`: exact, two places, refused (not rounded) beyond them; the amount
 * as the store keeps it (`1500.00`).
 */
export function checkMoney(field: string, raw: string): Checked<string> {
  const text = raw.trim();
  if (!text) return refused(field, 'required', MESSAGES.required);
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (!m[2] && !m[3])) return refused(field, 'format', MESSAGES.notAnAmount(text));
  const [, sign = '', whole = '', fraction = ''] = m;
  if (fraction.replace(/0+$/, '').length > 2) {
    const shown = `${sign === '-' ? '-' : ''}${whole.replace(/^0+(?=\d)/, '') || '0'}.${fraction}`;
    return refused(field, 'precision', MESSAGES.precision(shown));
  }
  const cents = BigInt(`${whole || '0'}${fraction.padEnd(2, '0').slice(0, 2)}`);
  if (cents > MONEY_MAX_CENTS) return refused(field, 'out_of_range', MESSAGES.moneyRange);
  return ok(fromCents(sign === '-' ? -cents : cents));
}

/** An amount as the store sends it (`1500.00`, `-20.50`) in cents. */
export function toCents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace(/^[+-]/, '').split('.');
  const cents = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -cents : cents;
}

/** A payment's amount: an amount, and more than zero (`tender.rs` `positive`). */
export function checkPaymentAmount(raw: string): Checked<string> {
  const checked = checkMoney('amount', raw);
  if (!checked.ok) return checked;
  return checked.value.startsWith('-') || /^0\.00$/.test(checked.value) ? refused('amount', 'out_of_range', MESSAGES.paymentAmount) : checked;
}

/** `MpesaCode::parse`: 10 letters and digits, upper-cased. */
export function checkMpesaCode(raw: string): Checked<string> {
  const code = raw.trim().toUpperCase();
  if (!code) return refused('code', 'required', MESSAGES.mpesaRequired);
  return /^[A-Z0-9]{10}$/.test(code) ? ok(code) : refused('code', 'format', MESSAGES.mpesaFormat);
}

/** `counted_cash`: cash counted into or out of the drawer, zero or more. */
export function checkCountedCash(field: string, raw: string): Checked<string> {
  const checked = checkMoney(field, raw);
  if (!checked.ok) return checked;
  return checked.value.startsWith('-') ? refused(field, 'out_of_range', MESSAGES.cashNegative) : checked;
}

/** A whole number typed as text (`input.rs` `integer`), or null when it is not one. */
export function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^[+-]?\d+$/.test(t) ? Number(t) : null;
}

/** `usage.rs`: a whole percentage, 0–100. */
export function checkUsage(value: number): Checked<number> {
  return value < 0 || value > USAGE_MAX ? refused('usage_percentage', 'out_of_range', MESSAGES.usage(value)) : ok(value);
}

/** `usage.rs`: 0 to 10,000 devices. */
export function checkDevices(value: number): Checked<number> {
  return value < 0 || value > DEVICES_MAX ? refused('device_count', 'out_of_range', MESSAGES.devices(value)) : ok(value);
}

/**
 * `join_date.rs` `latest_join_date`: today in the time zone furthest ahead (UTC+14), so that no
 * desk is refused its own today, wherever it is. `YYYY-MM-DD`.
 */
export function latestJoinDate(nowMs: number): string {
  return new Date(nowMs + 14 * 3_600_000).toISOString().slice(0, 10);
}

/** `join_date.rs` `check`: the UTC date of an instant (`…Z`), from 2000-01-01 to today. */
export function checkJoinDate(instant: string, nowMs: number): Checked<string> {
  const date = instant.slice(0, 10);
  return date < EARLIEST_JOIN_DATE || date > latestJoinDate(nowMs) ? refused('join_date', 'out_of_range', MESSAGES.joinDate) : ok(instant);
}
