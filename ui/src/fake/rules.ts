import type { CommandError, CustomerStatus, FieldError, Rule } from '../api/types';

// The domain's rules for single values, in the fake: the same checks, normal forms and words as
// the Rust `infora-domain` crate (text.rs, email.rs, phone.rs, money.rs, usage.rs, status.rs,
// ids.rs, input.rs). The recorded fixtures (fixtures.test.ts) hold the two together.

/** A field's refusal, thrown by a parser and collected by `check`. */
export class Refusal {
  constructor(readonly error: FieldError) {}
}

export function fail(field: string, rule: Rule, message: string): never {
  throw new Refusal({ field, rule, message });
}

/** Runs a parser and records its refusal instead of throwing it (`ValidationErrors::check`). */
export function check<T>(errors: FieldError[], parse: () => T): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    errors.push(e.error);
    return undefined;
  }
}

export function reject(code: CommandError['code'], message: string, fields: FieldError[] = []): never {
  const error: CommandError = { code, message, fields };
  throw error;
}

/** A validation error of these fields, as the shell words it; nothing when there are none. */
export function refuseIfAny(errors: FieldError[]): void {
  if (errors.length > 0) reject('validation', 'Some fields need attention.', errors);
}

/** A parser's refusal as the command's error. */
export function validated<T>(parse: () => T): T {
  const errors: FieldError[] = [];
  const value = check(errors, parse);
  refuseIfAny(errors);
  return value as T;
}

/** Text quoted as Rust's `{:?}` quotes it (close enough for what people type). */
export function quoted(text: string): string {
  return JSON.stringify(text);
}

const chars = (text: string) => [...text].length;

export function required(field: string): never {
  return fail(field, 'required', 'is required');
}

/** `text.rs` `bounded_line`: trimmed, 1..=max characters of one line. */
export function boundedLine(field: string, raw: string, max: number): string {
  const value = raw.trim();
  if (!value) required(field);
  const n = chars(value);
  if (n > max) fail(field, 'too_long', `must be at most ${max} characters (got ${n})`);
  if (/\p{Cc}/u.test(value)) fail(field, 'format', 'must be a single line without control characters');
  return value;
}

/** A blank address is no address. */
export function optionalAddress(raw: string): string | null {
  return raw.trim() ? boundedLine('address', raw, 255) : null;
}

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** `email.rs`: trimmed, lower-cased, at most 120 characters, a plain address with a dotted domain. */
export function email(raw: string): string {
  const value = raw.trim().toLowerCase();
  if (!value) required('email');
  const n = chars(value);
  if (n > 120) fail('email', 'too_long', `must be at most 120 characters (got ${n})`);
  const at = value.lastIndexOf('@');
  const [local, domain] = [value.slice(0, at), value.slice(at + 1)];
  if (at < 1 || local.length > 64 || !LOCAL.test(local) || !DOMAIN.test(domain)) {
    fail('email', 'format', 'is not a valid email address (expected something like jane@example.co.ke)');
  }
  return value;
}

/**
 * `phone.rs` for region KE: any local form of a Kenyan number, or any number with its `+`
 * country code, becomes E.164. (The shell asks libphonenumber; the fake knows Kenyan mobiles and
 * takes other countries' numbers on their length.)
 */
export function phone(raw: string): string {
  const value = raw.trim();
  if (!value) required('phone');
  const invalid = () => fail('phone', 'format', 'is not a valid phone number (expected e.g. 0712 345 678 or +254…)');
  if (chars(value) > 30) invalid();
  const compact = value.replace(/[\s().-]/g, '');
  const kenyan = /^(?:\+254|254|0)?([17]\d{8})$/.exec(compact);
  if (kenyan) return `+254${kenyan[1]}`;
  const international = /^\+([1-9]\d{7,14})$/.exec(compact);
  if (international && !international[1]!.startsWith('254')) return `+${international[1]}`;
  return invalid();
}

/** The digits a search term stands for in a stored number, when it looks like one (`PhoneRegion::search_digits`). */
export function searchDigits(fragment: string): string | null {
  const text = fragment.trim();
  const rest = text.startsWith('+') ? text.slice(1) : text;
  if (!/^[\d\s\-().]*$/.test(rest) || !/\d/.test(rest)) return null;
  const digits = rest.replace(/\D/g, '');
  if (text.startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  return digits.startsWith('0') ? `254${digits.slice(1)}` : digits;
}

const MAX_CENTS = 9_999_999_999n;

/** `money.rs` `Money::parse`: exact, two places, refused (not rounded) beyond them. As text `1500.00`. */
export function money(field: string, raw: string): string {
  const text = raw.trim();
  if (!text) required(field);
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (!m[2] && !m[3])) return fail(field, 'format', `${quoted(text)} is not an amount (expected e.g. 1500.00)`);
  const [, sign = '', whole = '', fraction = ''] = m;
  if (fraction.replace(/0+$/, '').length > 2) {
    const shown = `${sign === '-' ? '-' : ''}${whole.replace(/^0+(?=\d)/, '') || '0'}.${fraction}`;
    fail(field, 'precision', `${shown} has more than 2 decimal places`);
  }
  const cents = BigInt(`${whole || '0'}${fraction.padEnd(2, '0').slice(0, 2)}`);
  if (cents > MAX_CENTS) fail(field, 'out_of_range', 'must be between -99,999,999.99 and 99,999,999.99');
  return fromCents(sign === '-' ? -cents : cents);
}

export function toCents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace(/^[+-]/, '').split('.');
  const cents = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A JSON value as text, or a wrong-type refusal naming the field (`input.rs` `string`). */
export function text(field: string, value: unknown): string {
  if (typeof value !== 'string') fail(field, 'wrong_type', 'must be text');
  return value;
}

/** A whole number, as a JSON integer or its text (`input.rs` `integer`). */
export function integer(field: string, value: unknown): number {
  const notWhole = () => fail(field, 'wrong_type', 'must be a whole number');
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : notWhole();
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) return Number(value.trim());
  return notWhole();
}

/** `usage.rs`: a whole percentage, 0–100. */
export function usagePercentage(value: number): number {
  if (value < 0 || value > 100) fail('usage_percentage', 'out_of_range', `must be a whole number from 0 to 100 (got ${value})`);
  return value;
}

/** `usage.rs`: 0 to 10,000 devices. */
export function deviceCount(value: number): number {
  if (value < 0 || value > 10_000) fail('device_count', 'out_of_range', `must be a whole number from 0 to 10000 (got ${value})`);
  return value;
}

/** Money sent as text only (`input.rs` `money`). */
export function moneyValue(field: string, value: unknown): string {
  if (typeof value === 'string') return money(field, value);
  if (typeof value === 'number') fail(field, 'wrong_type', 'must be sent as text such as "1500.00", not as a number');
  return fail(field, 'wrong_type', 'must be an amount such as "1500.00"');
}

/** An instant as the shell sends one: UTC, whole seconds without a fraction. */
export function instant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(year: string, month: string, day: string): boolean {
  const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return d.getUTCFullYear() === Number(year) && d.getUTCMonth() === Number(month) - 1 && d.getUTCDate() === Number(day);
}

/** `input.rs` `instant`: RFC 3339 with a zone, or a plain date (midnight UTC). */
export function instantInput(field: string, value: unknown): string {
  const raw = text(field, value).trim();
  const full = RFC3339.exec(raw);
  if (full && validDate(full[1]!, full[2]!, full[3]!)) return instant(Date.parse(raw.toUpperCase().replace(' ', 'T')));
  const date = DATE.exec(raw);
  if (date && validDate(date[1]!, date[2]!, date[3]!)) return instant(Date.parse(`${raw}T00:00:00Z`));
  return fail(field, 'format', 'must be a date (2026-11-25) or a date and time with a zone (2026-11-25T08:30:00Z)');
}

const STATUSES: readonly CustomerStatus[] = ['active', 'suspended', 'pending'];

export function customerStatus(raw: string): CustomerStatus {
  if (!(STATUSES as readonly string[]).includes(raw)) {
    fail('status', 'not_allowed', `${quoted(raw)} is not a status (expected active, suspended or pending)`);
  }
  return raw as CustomerStatus;
}

/** A closed set of lower-case names (`related.rs` `closed_set!`). */
export function oneOf<S extends string>(field: string, all: readonly S[], raw: string): S {
  if (!(all as readonly string[]).includes(raw)) fail(field, 'not_allowed', `${quoted(raw)} is not allowed (one of: ${all.join(', ')})`);
  return raw as S;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `ids.rs`: a customer's id, as the shell parses it from a command's argument. */
export function customerId(raw: unknown): string {
  const id = String(raw).trim();
  if (!UUID.test(id)) fail('id', 'format', 'is not a valid customer id');
  return id.toLowerCase();
}
