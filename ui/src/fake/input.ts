import type { Customer, CustomerStatus, FieldError, SortField, SortOrder } from '../api/types';
import {
  boundedLine,
  check,
  customerStatus,
  deviceCount,
  email,
  fail,
  instantInput,
  integer,
  joinDateInput,
  moneyValue,
  optionalAddress,
  phone,
  quoted,
  refuseIfAny,
  required,
  text,
  usagePercentage,
} from './rules';
import { MESSAGES, NAME_MAX, PACKAGE_MAX } from '../rules';
import { FILTER_FIELDS, parseFilters, type Filters } from './filters';

// Raw command input parsed as the Rust domain parses it (`input.rs`, `query.rs`): every field
// checked, every error collected in the order the shell reports them, unknown fields refused.

/** The tracked fields a customer input may carry, in the order the shell checks them. */
export const CUSTOMER_FIELDS = [
  'name',
  'email',
  'phone',
  'address',
  'status',
  'package',
  'balance',
  'usage_percentage',
  'device_count',
  'join_date',
  'last_payment_date',
] as const;

export type Patch = Partial<Pick<Customer, (typeof CUSTOMER_FIELDS)[number]>>;

function object(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    refuseIfAny([{ field: 'body', rule: 'wrong_type', message: `${what} must be a JSON object` }]);
  }
  return value as Record<string, unknown>;
}

/**
 * Unknown keys, in the order the shell lists them (its maps keep keys sorted). A key whose value
 * is `undefined` is absent: Tauri sends the arguments as JSON, which drops it.
 */
function unknownFields(map: Record<string, unknown>, known: readonly string[], errors: FieldError[]): void {
  for (const key of Object.keys(map).sort()) {
    if (map[key] !== undefined && !known.includes(key)) errors.push({ field: key, rule: 'unknown_field', message: 'is not a field of this record' });
  }
}

/** Each field's parser; `nowMs` is the instant of the command, for the join date's bound. */
type Parsers = { [F in keyof Patch]-?: (value: unknown, nowMs: number) => Patch[F] };

const PARSERS: Parsers = {
  name: (v) => boundedLine('name', text('name', v), NAME_MAX),
  email: (v) => email(text('email', v)),
  phone: (v) => phone(text('phone', v)),
  address: (v) => optionalAddress(text('address', v)),
  status: (v) => customerStatus(text('status', v)),
  package: (v) => boundedLine('package', text('package', v), PACKAGE_MAX),
  balance: (v) => moneyValue('balance', v),
  usage_percentage: (v) => usagePercentage(integer('usage_percentage', v)),
  device_count: (v) => deviceCount(integer('device_count', v)),
  join_date: (v, nowMs) => joinDateInput(v, nowMs),
  last_payment_date: (v) => instantInput('last_payment_date', v),
};

/** Fields that `null` clears; for the others `null` is a missing required value. */
const CLEARABLE: ReadonlySet<string> = new Set(['address', 'last_payment_date']);

function parsePatch(map: Record<string, unknown>, errors: FieldError[], nowMs: number): Patch {
  unknownFields(map, CUSTOMER_FIELDS, errors);
  const patch: Record<string, unknown> = {};
  for (const field of CUSTOMER_FIELDS) {
    if (map[field] === undefined) continue;
    const value = map[field];
    if (value === null) {
      if (CLEARABLE.has(field)) patch[field] = null;
      else check(errors, () => required(field));
      continue;
    }
    const parsed = check(errors, () => PARSERS[field](value, nowMs));
    if (parsed !== undefined) patch[field] = parsed;
  }
  return patch as Patch;
}

/** `CustomerPatch::from_input` at `nowMs`: absent fields stay as they are. */
export function customerPatch(value: unknown, nowMs: number): Patch {
  const map = object(value, 'a customer');
  const errors: FieldError[] = [];
  const patch = parsePatch(map, errors, nowMs);
  refuseIfAny(errors);
  return patch;
}

/** `NewCustomer::from_input` at `nowMs`: name, email and phone are required. */
export function newCustomer(value: unknown, nowMs: number): Patch & Pick<Customer, 'name' | 'email' | 'phone'> {
  const map = object(value, 'a customer');
  const errors: FieldError[] = [];
  for (const field of ['name', 'email', 'phone']) {
    if (map[field] === undefined) errors.push({ field, rule: 'required', message: MESSAGES.required });
  }
  const patch = parsePatch(map, errors, nowMs);
  refuseIfAny(errors);
  return patch as Patch & Pick<Customer, 'name' | 'email' | 'phone'>;
}

export interface PageRequest {
  page: number;
  perPage: number;
}

function pageErrors(page: number, perPage: number): FieldError[] {
  const errors: FieldError[] = [];
  if (!Number.isInteger(page) || page < 1 || page > 4_294_967_295) {
    errors.push({ field: 'page', rule: 'out_of_range', message: 'must be 1 or more' });
  }
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
    errors.push({ field: 'per_page', rule: 'out_of_range', message: 'must be from 1 to 100' });
  }
  return errors;
}

/** `PageRequest::new`: a page from 1, 1–100 to a page. */
export function pageRequest(page: number, perPage: number): PageRequest {
  refuseIfAny(pageErrors(page, perPage));
  return { page, perPage };
}

/**
 * The page of a query object; its errors join `errors` (`PageRequest::from_map`: a page that is
 * not a whole number stops the check there).
 */
function pageOf(map: Record<string, unknown>, errors: FieldError[]): PageRequest | undefined {
  const page = check(errors, () => (map.page !== undefined ? integer('page', map.page) : 1));
  if (page === undefined) return undefined;
  const perPage = check(errors, () => (map.per_page !== undefined ? integer('per_page', map.per_page) : 20));
  if (perPage === undefined) return undefined;
  const found = pageErrors(page, perPage);
  errors.push(...found);
  return found.length > 0 ? undefined : { page, perPage };
}

const SORT_FIELDS: readonly SortField[] = [
  'name',
  'email',
  'created_at',
  'updated_at',
  'join_date',
  'balance',
  'usage_percentage',
  'device_count',
  'last_payment_date',
  'status',
];

export interface CustomerQuery extends PageRequest {
  search: string | null;
  status: CustomerStatus | null;
  sortBy: SortField;
  sortOrder: SortOrder;
  filters: Filters;
}

/** `CustomerQuery::from_json`: a value outside the allowed sets is an error, never a default. */
export function customerQuery(value: unknown): CustomerQuery {
  const map = object(value, 'a customer query');
  const errors: FieldError[] = [];
  unknownFields(map, ['page', 'per_page', 'search', 'status', 'sort_by', 'sort_order', ...FILTER_FIELDS], errors);
  const page = pageOf(map, errors);
  const present = (key: string) => map[key] !== undefined && map[key] !== null;
  const search = present('search')
    ? check(errors, () => {
        const term = text('search', map.search).trim();
        if ([...term].length > 100) fail('search', 'too_long', 'must be at most 100 characters');
        return term || null;
      })
    : null;
  const status = present('status') ? check(errors, () => customerStatus(text('status', map.status))) : null;
  const sortBy = present('sort_by')
    ? check(errors, () => {
        const raw = text('sort_by', map.sort_by);
        if (!(SORT_FIELDS as readonly string[]).includes(raw)) {
          fail('sort_by', 'not_allowed', `${quoted(raw)} is not a sortable field (one of: ${SORT_FIELDS.join(', ')})`);
        }
        return raw as SortField;
      })
    : 'created_at';
  const sortOrder = present('sort_order')
    ? check(errors, () => {
        const raw = text('sort_order', map.sort_order);
        if (raw !== 'asc' && raw !== 'desc') fail('sort_order', 'not_allowed', `${quoted(raw)} is not a sort order (asc or desc)`);
        return raw;
      })
    : 'desc';
  const filters = parseFilters(map, errors);
  refuseIfAny(errors);
  return {
    filters,
    ...(page ?? { page: 1, perPage: 20 }),
    search: search ?? null,
    status: status ?? null,
    sortBy: sortBy ?? 'created_at',
    sortOrder: sortOrder ?? 'desc',
  };
}

export interface RelatedQuery<S> extends PageRequest {
  status: S | null;
}

/** `RelatedQuery::from_json`, with the status parser of the record kind. */
export function relatedQuery<S>(value: unknown, parseStatus: (raw: string) => S): RelatedQuery<S> {
  const map = object(value, 'a query');
  const errors: FieldError[] = [];
  unknownFields(map, ['page', 'per_page', 'status'], errors);
  const page = pageOf(map, errors);
  const status =
    map.status !== undefined && map.status !== null ? check(errors, () => parseStatus(text('status', map.status))) : null;
  refuseIfAny(errors);
  return { ...(page ?? { page: 1, perPage: 20 }), status: status ?? null };
}
