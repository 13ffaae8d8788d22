import type { CommandError, CustomerStatus, FieldError, Rule } from '../api/types';
import { ADDRESS_MAX, EMAIL_MAX, MESSAGES, checkDevices, checkJoinDate, checkMoney, checkUsage, quoted, wholeNumber, type Checked } from '../rules';

// The domain's rules for single values, in the fake: the same checks, normal forms and words as
// the Rust `infora-domain` crate (text.rs, email.rs, phone.rs, money.rs, usage.rs, status.rs,
// ids.rs, input.rs, join_date.rs). The words and limits, and the checks the screens make too,
// come from ../rules; the recorded fixtures (fixtures.test.ts) hold them to the shell's.

export { fromCents, quoted, toCents } from '../rules';

/** A field's refusal, thrown by a parser and collected by `check`. */
export class Refusal {
  constructor(readonly error: FieldError) {}
}

export function fail(field: string, rule: Rule, message: string): never {
  throw new Refusal({ field, rule, message });
}

/** The value of a check, or its refusal thrown. */
function take<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new Refusal(checked.error);
  return checked.value;
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

export function reject(code: CommandError['code'], message: string, fields: FieldError[] = [], otherCustomer?: string): never {
  const error: CommandError = { code, message, fields };
  if (otherCustomer !== undefined) error.other_customer = otherCustomer;
  throw error;
}

/** `Clash::EmailTaken`: at the email field, naming the customer who has it. */
export function emailTaken(email: string, takenBy: string): never {
  return reject('clash', `the email ${email} is already used by another customer`, [{ field: 'email', rule: 'unique', message: MESSAGES.emailTaken }], takenBy);
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

const chars = (text: string) => [...text].length;

export function required(field: string): never {
  return fail(field, 'required', MESSAGES.required);
}

/** `text.rs` `bounded_line`: trimmed, 1..=max characters of one line. */
export function boundedLine(field: string, raw: string, max: number): string {
  const value = raw.trim();
  if (!value) required(field);
  const n = chars(value);
  if (n > max) fail(field, 'too_long', MESSAGES.tooLong(max, n));
  if (/\p{Cc}/u.test(value)) fail(field, 'format', MESSAGES.oneLine);
  return value;
}

/** A blank address is no address. */
export function optionalAddress(raw: string): string | null {
  return raw.trim() ? boundedLine('address', raw, ADDRESS_MAX) : null;
}

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** `email.rs`: trimmed, lower-cased, at most 120 characters, a plain address with a dotted domain. */
export function email(raw: string): string {
  const value = raw.trim().toLowerCase();
  if (!value) required('email');
  const n = chars(value);
  if (n > EMAIL_MAX) fail('email', 'too_long', MESSAGES.tooLong(EMAIL_MAX, n));
  const at = value.lastIndexOf('@');
  const [local, domain] = [value.slice(0, at), value.slice(at + 1)];
  if (at < 1 || local.length > 64 || !LOCAL.test(local) || !DOMAIN.test(domain)) {
    fail('email', 'format', MESSAGES.email);
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
  const invalid = () => fail('phone', 'format', MESSAGES.phone);
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

/** `money.rs` `Money::parse`: exact, two places, refused (not rounded) beyond them. As text `1500.00`. */
export function money(field: string, raw: string): string {
  return take(checkMoney(field, raw));
}


/** A JSON value as text, or a wrong-type refusal naming the field (`input.rs` `string`). */
export function text(field: string, value: unknown): string {
  if (typeof value !== 'string') fail(field, 'wrong_type', MESSAGES.text);
  return value;
}

/** A whole number, as a JSON integer or its text (`input.rs` `integer`). */
export function integer(field: string, value: unknown): number {
  const notWhole = () => fail(field, 'wrong_type', MESSAGES.wholeNumber);
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : notWhole();
  return (typeof value === 'string' ? wholeNumber(value) : null) ?? notWhole();
}

/** `usage.rs`: a whole percentage, 0–100. */
export function usagePercentage(value: number): number {
  return take(checkUsage(value));
}

/** `usage.rs`: 0 to 10,000 devices. */
export function deviceCount(value: number): number {
  return take(checkDevices(value));
}

/** Money sent as text only (`input.rs` `money`). */
export function moneyValue(field: string, value: unknown): string {
  if (typeof value === 'string') return money(field, value);
  if (typeof value === 'number') fail(field, 'wrong_type', MESSAGES.moneyAsNumber);
  return fail(field, 'wrong_type', MESSAGES.moneyType);
}

/** An instant as the shell sends one: UTC, whole seconds without a fraction. */
export function instant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(year: string, month: string, day: string): boolean {
  // setUTCFullYear, not Date.UTC: that reads the years 0–99 as 1900–1999, and chrono does not.
  const d = new Date(0);
  d.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  return d.getUTCFullYear() === Number(year) && d.getUTCMonth() === Number(month) - 1 && d.getUTCDate() === Number(day);
}

/** `input.rs` `instant`: RFC 3339 with a zone, or a plain date (midnight UTC). */
export function instantInput(field: string, value: unknown): string {
  const raw = text(field, value).trim();
  const full = RFC3339.exec(raw);
  if (full && validDate(full[1]!, full[2]!, full[3]!)) return instant(Date.parse(raw.toUpperCase().replace(' ', 'T')));
  const date = DATE.exec(raw);
  if (date && validDate(date[1]!, date[2]!, date[3]!)) return instant(Date.parse(`${raw}T00:00:00Z`));
  return fail(field, 'format', MESSAGES.date);
}

/** `input.rs` `join_date` for a person's input: an instant, from 2000-01-01 to today as of `nowMs`. */
export function joinDateInput(value: unknown, nowMs: number): string {
  return take(checkJoinDate(instantInput('join_date', value), nowMs));
}

const STATUSES: readonly CustomerStatus[] = ['active', 'suspended', 'pending'];

export function customerStatus(raw: string): CustomerStatus {
  if (!(STATUSES as readonly string[]).includes(raw)) {
    fail('status', 'not_allowed', MESSAGES.status(raw));
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
