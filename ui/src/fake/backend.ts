import { mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import { DEMO_PROGRESS } from '../api/events';
import type { CommandName } from '../api/client';
import type {
  CommandError,
  Customer,
  CustomerChange,
  CustomerInput,
  CustomerQueryInput,
  CustomerStats,
  CustomerStatus,
  FieldError,
  Invoice,
  JsonValue,
  Page,
  Payment,
  Ticket,
} from '../api/types';
import { demoSet, makeCustomer, type DemoSet } from './data';
import { FakeSync } from './sync';

// An in-memory stand-in for the Rust commands, close enough in its answers (shapes, rules,
// error codes and messages) for the component tests and for `npm run dev` in a plain browser.
// It is not the store: the store's own tests are the word on its behaviour.

export interface Call {
  command: string;
  args: Record<string, unknown>;
}

type Handler = (args: Record<string, unknown>) => unknown;

const TRACKED = ['name', 'email', 'phone', 'address', 'status', 'join_date', 'balance', 'package', 'usage_percentage', 'device_count', 'last_payment_date'] as const;

function reject(code: CommandError['code'], message: string, fields: FieldError[] = []): never {
  const error: CommandError = { code, message, fields };
  throw error;
}

function page<T>(items: T[], pageNo = 1, perPage = 20): Page<T> {
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
    reject('validation', 'Some fields need attention.', [{ field: 'per_page', rule: 'out_of_range', message: 'must be from 1 to 100' }]);
  }
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  return {
    items: items.slice((pageNo - 1) * perPage, pageNo * perPage),
    total: items.length,
    pages,
    current_page: pageNo,
    per_page: perPage,
  };
}

function toCents(amount: string): number {
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
  return amount.startsWith('-') ? -value : value;
}

function fromCents(n: number): string {
  const abs = Math.abs(n);
  return `${n < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Kenyan numbers in any local form → E.164, as the store's phone rule does for region KE. */
export function normalisePhone(raw: string): string | null {
  const digits = raw.replace(/[\s()-]/g, '');
  const m = /^(?:\+254|254|0)?([17]\d{8})$/.exec(digits);
  return m ? `+254${m[1]}` : null;
}

interface Parsed {
  values: Partial<Customer>;
  errors: FieldError[];
}

function parseInput(input: CustomerInput, creating: boolean): Parsed {
  const values: Partial<Customer> = {};
  const errors: FieldError[] = [];
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v === undefined || v === null ? undefined : String(v));

  const name = text(input.name);
  if (name !== undefined || creating) {
    if (!name) errors.push({ field: 'name', rule: 'required', message: 'is required' });
    else if (name.length > 50) errors.push({ field: 'name', rule: 'too_long', message: `must be at most 50 characters (got ${name.length})` });
    else values.name = name;
  }
  const email = text(input.email);
  if (email !== undefined || creating) {
    if (!email) errors.push({ field: 'email', rule: 'required', message: 'is required' });
    else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      errors.push({ field: 'email', rule: 'format', message: 'is not a valid email address (expected something like jane@example.co.ke)' });
    else values.email = email.toLowerCase();
  }
  const phone = text(input.phone);
  if (phone !== undefined || creating) {
    const normal = phone ? normalisePhone(phone) : null;
    if (!phone) errors.push({ field: 'phone', rule: 'required', message: 'is required' });
    else if (!normal) errors.push({ field: 'phone', rule: 'format', message: 'is not a valid phone number (expected e.g. 0712 345 678 or +254712345678)' });
    else values.phone = normal;
  }
  if (input.address !== undefined) values.address = input.address === null || input.address.trim() === '' ? null : input.address.trim();
  if (input.package !== undefined) values.package = input.package.trim() || 'Basic WiFi';
  if (input.status !== undefined) {
    if (!['active', 'suspended', 'pending'].includes(input.status))
      errors.push({ field: 'status', rule: 'not_allowed', message: `"${input.status}" is not a status (expected active, suspended or pending)` });
    else values.status = input.status;
  }
  if (input.balance !== undefined) {
    const b = input.balance.trim();
    if (!/^-?\d{1,8}(\.\d+)?$/.test(b)) errors.push({ field: 'balance', rule: 'format', message: `"${b}" is not an amount (expected e.g. 1500.00)` });
    else if ((b.split('.')[1] ?? '').length > 2) errors.push({ field: 'balance', rule: 'precision', message: `${b} has more than 2 decimal places` });
    else values.balance = fromCents(toCents(b));
  }
  const whole = (field: 'usage_percentage' | 'device_count', raw: unknown, max: number) => {
    const t = text(raw);
    if (t === undefined) return;
    if (!/^\d+$/.test(t) || Number(t) > max)
      errors.push({ field, rule: 'out_of_range', message: `must be a whole number from 0 to ${max} (got ${t})` });
    else values[field] = Number(t);
  };
  whole('usage_percentage', input.usage_percentage, 100);
  whole('device_count', input.device_count, 50);
  if (input.join_date !== undefined) {
    const d = new Date(input.join_date);
    if (Number.isNaN(d.getTime())) errors.push({ field: 'join_date', rule: 'format', message: 'is not a date (expected e.g. 2026-11-25)' });
    else values.join_date = d.toISOString();
  }
  return { values, errors };
}

function compare(a: Customer, b: Customer, field: string): number {
  switch (field) {
    case 'balance':
      return toCents(a.balance) - toCents(b.balance);
    case 'usage_percentage':
    case 'device_count':
      return a[field] - b[field];
    default: {
      const x = String(a[field as keyof Customer] ?? '');
      const y = String(b[field as keyof Customer] ?? '');
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

export class FakeBackend {
  customers: Customer[];
  invoices: Invoice[];
  payments: Payment[];
  tickets: Ticket[];
  changes = new Map<string, CustomerChange[]>();
  readonly calls: Call[] = [];
  /** Replace one command's behaviour in a test (throw a CommandError to make it fail). */
  readonly overrides = new Map<string, Handler>();
  /** The sync commands, and the queue the changes below join. */
  readonly sync = new FakeSync({
    customers: () => this.customers,
    link: (id, centralId) => {
      this.customers = this.customers.map((c) => (c.id === id ? { ...c, central_id: centralId } : c));
    },
    takeTheirs: (id, field, value) => {
      if (field === '*') this.customers = this.customers.filter((c) => c.id !== id);
      else this.customers = this.customers.map((c) => (c.id === id ? { ...c, [field]: value } : c));
    },
    restore: (customer) => {
      this.customers = [customer, ...this.customers];
    },
  });
  private clock = Date.UTC(2026, 10, 25, 9, 0, 0);
  private seq = 1;

  constructor(data: Partial<DemoSet> = {}) {
    this.customers = data.customers ?? [];
    this.invoices = data.invoices ?? [];
    this.payments = data.payments ?? [];
    this.tickets = data.tickets ?? [];
  }

  /** Routes every `invoke` (and event) of `@tauri-apps/api` to this fake. */
  install(): this {
    mockIPC((command, payload) => this.handle(command, (payload ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
    return this;
  }

  callsOf(command: CommandName): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.command === command).map((c) => c.args);
  }

  lastCall(command: CommandName): Record<string, unknown> | undefined {
    return this.callsOf(command).at(-1);
  }

  private now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  private find(id: unknown): Customer {
    const customer = this.customers.find((c) => c.id === id);
    if (!customer) reject('not_found', `customer ${String(id)} does not exist`);
    return customer;
  }

  private record(customer: Customer, action: CustomerChange['action'], before?: Customer) {
    const changes: CustomerChange['changes'] = [];
    for (const f of TRACKED) {
      const after = customer[f] as JsonValue;
      const old = before ? (before[f] as JsonValue) : null;
      if (!before || old !== after) changes.push([f, { before: old, after }]);
    }
    const list = this.changes.get(customer.id) ?? [];
    list.unshift({ at: customer.updated_at, actor: 'desk', action, changes });
    this.changes.set(customer.id, list);
  }

  private save(before: Customer, values: Partial<Customer>): Customer {
    if (values.email && this.customers.some((c) => c.email === values.email && c.id !== before.id)) {
      reject('conflict', `the email ${values.email} is already used by another customer`);
    }
    const after: Customer = { ...before, ...values, updated_at: this.now(), version: before.version + 1 };
    this.customers = this.customers.map((c) => (c.id === before.id ? after : c));
    this.record(after, 'updated', before);
    this.sync.record('update', after, before);
    return after;
  }

  async handle(command: string, args: Record<string, unknown>): Promise<unknown> {
    this.calls.push({ command, args });
    const override = this.overrides.get(command);
    if (override) return override(args);
    if (command.startsWith('sync_')) return this.sync.handle(command, args);
    switch (command as CommandName) {
      case 'list_customers':
        return this.list((args.query ?? {}) as CustomerQueryInput);
      case 'get_customer':
        return this.find(args.id);
      case 'create_customer': {
        const { values, errors } = parseInput((args.input ?? {}) as CustomerInput, true);
        if (errors.length) reject('validation', 'Some fields need attention.', errors);
        if (this.customers.some((c) => c.email === values.email)) {
          reject('conflict', `the email ${values.email} is already used by another customer`);
        }
        const at = this.now();
        const customer = makeCustomer(
          { address: null, balance: '0.00', usage_percentage: 0, device_count: 0, package: 'Basic WiFi', status: 'active', join_date: at, created_at: at, updated_at: at, ...values },
          1000 + this.seq++,
        );
        this.customers.unshift(customer);
        this.record(customer, 'created');
        this.sync.record('create', customer);
        return customer;
      }
      case 'update_customer': {
        const before = this.find(args.id);
        const { values, errors } = parseInput((args.input ?? {}) as CustomerInput, false);
        if (errors.length) reject('validation', 'Some fields need attention.', errors);
        return this.save(before, values);
      }
      case 'delete_customer': {
        const customer = this.find(args.id);
        const n = (rows: Array<{ customer_id: string }>) => rows.filter((r) => r.customer_id === customer.id).length;
        const [invoices, payments, tickets] = [n(this.invoices), n(this.payments), n(this.tickets)];
        if (invoices + payments + tickets > 0) {
          reject(
            'conflict',
            `this customer has ${invoices} invoice(s), ${payments} payment(s) and ${tickets} ticket(s); a customer with records cannot be deleted (suspend them instead)`,
          );
        }
        this.customers = this.customers.filter((c) => c.id !== customer.id);
        this.sync.record('delete', customer);
        return customer;
      }
      case 'set_customer_status': {
        const { values, errors } = parseInput({ status: args.status as CustomerStatus }, false);
        if (errors.length) reject('validation', 'Some fields need attention.', errors);
        return this.save(this.find(args.id), values);
      }
      case 'set_customer_balance': {
        const { values, errors } = parseInput({ balance: String(args.balance) }, false);
        if (errors.length) reject('validation', 'Some fields need attention.', errors);
        return this.save(this.find(args.id), values);
      }
      case 'set_customer_usage': {
        const { values, errors } = parseInput(
          { usage_percentage: args.usagePercentage as number | undefined, device_count: args.deviceCount as number | undefined },
          false,
        );
        if (errors.length) reject('validation', 'Some fields need attention.', errors);
        return this.save(this.find(args.id), values);
      }
      case 'customer_stats':
        return this.stats();
      case 'list_customer_invoices':
        return this.related(this.invoices, args);
      case 'list_customer_payments':
        return this.related(this.payments, args);
      case 'list_customer_tickets':
        return this.related(this.tickets, args);
      case 'customer_history': {
        const customer = this.find(args.id);
        return page(this.changes.get(customer.id) ?? [], args.page as number, args.perPage as number);
      }
      case 'store_is_empty':
        return this.customers.length === 0;
      case 'load_demo_data': {
        const count = Math.min(Math.max(Number(args.count) || 1, 1), 100_000);
        const set = demoSet(count, this.seq++);
        const batch = 500;
        for (let done = 0; done < count; done += batch) {
          await emit(DEMO_PROGRESS, { done: Math.min(done + batch, count), total: count });
        }
        this.customers.push(...set.customers);
        this.invoices.push(...set.invoices);
        this.payments.push(...set.payments);
        this.tickets.push(...set.tickets);
        for (const c of set.customers) this.changes.set(c.id, [{ at: c.created_at, actor: 'demo', action: 'created', changes: [] }]);
        return { customers: set.customers.length, invoices: set.invoices.length, payments: set.payments.length, tickets: set.tickets.length };
      }
    }
    reject('internal', `command ${command} not found`);
  }

  private list(query: CustomerQueryInput): Page<Customer> {
    const search = query.search?.trim().toLowerCase();
    // Like the store, a number typed in local form (0722 123 4) finds +254722123 4…
    const digits = search && /^[\d\s()+-]+$/.test(search) ? search.replace(/\D/g, '').replace(/^0/, '254') : '';
    let rows = this.customers.filter(
      (c) =>
        (!search ||
          c.name.toLowerCase().includes(search) ||
          c.email.includes(search) ||
          c.phone.includes(search) ||
          (digits.length >= 3 && c.phone.includes(digits))) &&
        (!query.status || c.status === query.status),
    );
    const field = query.sort_by ?? 'created_at';
    const dir = (query.sort_order ?? 'desc') === 'asc' ? 1 : -1;
    rows = [...rows].sort((a, b) => compare(a, b, field) * dir);
    return page(rows, query.page ?? 1, query.per_page ?? 20);
  }

  private related<T extends { customer_id: string; status: string; created_at: string }>(rows: T[], args: Record<string, unknown>): Page<T> {
    const customer = this.find(args.id);
    const query = (args.query ?? {}) as { page?: number; per_page?: number; status?: string };
    const mine = rows
      .filter((r) => r.customer_id === customer.id && (!query.status || r.status === query.status))
      .sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
    return page(mine, query.page ?? 1, query.per_page ?? 20);
  }

  private stats(): CustomerStats {
    const total = this.customers.length;
    const count = (s: CustomerStatus) => this.customers.filter((c) => c.status === s).length;
    const balances = this.customers.map((c) => toCents(c.balance));
    const sum = balances.reduce((a, b) => a + b, 0);
    const usage = this.customers.reduce((a, c) => a + c.usage_percentage, 0);
    return {
      total,
      active: count('active'),
      suspended: count('suspended'),
      pending: count('pending'),
      total_balance: fromCents(sum),
      average_balance: fromCents(total ? Math.round(sum / total) : 0),
      customers_with_balance: balances.filter((b) => b > 0).length,
      average_usage: total ? (usage / total).toFixed(2) : '0.00',
      top_customers: [...this.customers]
        .sort((a, b) => toCents(b.balance) - toCents(a.balance))
        .slice(0, 5)
        .map((c) => ({ id: c.id, name: c.name, balance: c.balance })),
    };
  }
}
