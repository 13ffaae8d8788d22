import { mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import { DEMO_PROGRESS } from '../api/events';
import type { CommandName, Commands } from '../api/client';
import type {
  Customer,
  CustomerChange,
  CustomerStats,
  CustomerStatus,
  DeskSettings,
  FieldChange,
  Invoice,
  InvoiceStatus,
  JsonValue,
  Page,
  Payment,
  PaymentStatus,
  Ticket,
  TicketStatus,
} from '../api/types';
import { demoSet, type DemoSet } from './data';
import { customerPatch, customerQuery, newCustomer, pageRequest, relatedQuery, type CustomerQuery, type Patch } from './input';
import {
  customerId,
  customerStatus,
  deviceCount,
  emailTaken,
  fromCents,
  instant,
  money,
  oneOf,
  refuseIfAny,
  reject,
  searchDigits,
  toCents,
  usagePercentage,
  validated,
} from './rules';
import { deskSettings } from './settings';
import { passes } from './filters';
import { FakeCounter, type Movement } from './counter';
import { FakeNotices } from './notices';
import { ticketCommands } from './tickets';
import { FakeDesk, REFUSALS } from './operators';
import { FakePrinting } from './printing';
import { FakeBackups } from './backups';
import { FakeViews } from './views';
import { analytics, paymentDays } from './analytics';
import { FakeExchange } from './exchange';
import { FakeSync, type SyncCommand } from './sync';
import { MESSAGES } from '../rules';

/** A balance change that is not a payment: set, edited or central's. */
const SET: Movement = { kind: 'set', paymentId: null };

// An in-memory stand-in for the Rust commands, for the component tests and for `npm run dev` in
// a plain browser. Its answers (values, rules, error codes, messages and fields) are checked
// against the shell's own, recorded by the shell's tests: see fixtures.test.ts.

export interface Call {
  command: string;
  args: Record<string, unknown>;
}

type Handler = (args: Record<string, unknown>) => unknown;

/** One command's stand-in, typed by the generated command map. */
export type Handlers<K extends CommandName> = {
  [C in K]: (args: Record<string, unknown>) => Commands[C]['result'] | Promise<Commands[C]['result']>;
};

/** What a fixture arranges without a command (central sends these). */
export type GivenKind = 'invoice' | 'payment' | 'ticket' | 'backup_failed' | 'file';

/** The fields a person edits, whose changes history and sync record (`audit::TRACKED`). */
export const TRACKED = [
  'address',
  'balance',
  'device_count',
  'email',
  'join_date',
  'last_payment_date',
  'name',
  'package',
  'phone',
  'status',
  'usage_percentage',
] as const satisfies ReadonlyArray<keyof Customer>;

/** Field → before/after, sorted by field as the shell sends them. */
export type Changes = Array<[string, FieldChange]>;

function page<T>(items: T[], request: { page: number; perPage: number }): Page<T> {
  const { page: pageNo, perPage } = request;
  return {
    items: items.slice((pageNo - 1) * perPage, pageNo * perPage),
    total: items.length,
    pages: Math.ceil(items.length / perPage),
    current_page: pageNo,
    per_page: perPage,
    // The fake holds few customers: the store counts so few exactly.
    exact: true,
  };
}

/** The tracked fields that differ, before → after. */
export function diff(before: Customer, after: Customer): Changes {
  return TRACKED.filter((f) => before[f] !== after[f]).map((f) => [f, { before: before[f] as JsonValue, after: after[f] as JsonValue }]);
}

function compare(a: Customer, b: Customer, field: CustomerQuery['sortBy']): number {
  switch (field) {
    case 'balance': {
      const d = toCents(a.balance) - toCents(b.balance);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    }
    case 'usage_percentage':
    case 'device_count':
      return a[field] - b[field];
    case 'name':
      // The store sorts names without regard to case (COLLATE NOCASE).
      return a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0;
    default: {
      const x = a[field] ?? '';
      const y = b[field] ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

const INVOICE_STATUSES: readonly InvoiceStatus[] = ['pending', 'paid', 'overdue', 'cancelled'];
const PAYMENT_STATUSES: readonly PaymentStatus[] = ['pending', 'completed', 'failed', 'refunded'];
const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'pending', 'resolved', 'closed', 'on_hold', 'in_progress'];

export interface FakeOptions extends Partial<DemoSet> {
  /** Where the clock starts (it moves a minute at each write). */
  clockStart?: string;
  /**
   * Who is at the desk at the start: by default a desk set up by "Sam Supervisor" (PIN 2468),
   * who is signed in; `new` is a desk never set up (the first-start screen).
   */
  desk?: 'new' | { name: string; pin: string; role?: 'cashier' | 'supervisor' };
}

/** The supervisor of the fake's desk unless a test says otherwise. */
export const SUPERVISOR = { name: 'Sam Supervisor', pin: '2468' } as const;

export class FakeBackend {
  customers: Customer[];
  invoices: Invoice[];
  payments: Payment[];
  tickets: Ticket[];
  /** Each customer's history, newest first; it outlives the customer. */
  changes = new Map<string, CustomerChange[]>();
  readonly calls: Call[] = [];
  /** Replace one command's behaviour in a test (throw a CommandError to make it fail). */
  readonly overrides = new Map<string, Handler>();
  /** The sync commands, and the queue the changes below join. */
  readonly sync: FakeSync;
  private clock: number;
  /** The order customers were written in: the store's tie-breaker when sorting. */
  private readonly written = new Map<string, number>();
  private seq = 1;
  /** Shifts, payments taken at the desk, their receipts and the statements. */
  readonly counter: FakeCounter = new FakeCounter({
    now: () => this.now(),
    operator: () => this.desk.operator(),
    may: (operator, refusal) => this.desk.may(operator, refusal),
    find: (id) => this.find(id),
    move: (customer, patch, movement) => this.update(customer, patch, movement, this.clockNow()),
  });
  /** Receipts and reports saved as PDFs (checked and looked up; no file is written). */
  readonly printing: FakePrinting = new FakePrinting(this.counter);
  /** Backups: a backup holds the customers (in memory), a restore brings them back. */
  readonly backups: FakeBackups = new FakeBackups({
    now: () => this.now(),
    operator: () => this.desk.operator(),
    may: (operator, refusal) => this.desk.may(operator, refusal),
    snapshot: () => ({ data: structuredClone(this.customers), customers: this.customers.length }),
    restore: (data) => {
      this.customers = structuredClone(data as Customer[]);
    },
    lock: () => {
      this.desk.session = null;
    },
  });
  /** Saved views of the customer list. */
  readonly views: FakeViews = new FakeViews({ operator: () => this.desk.operator() });
  /** Importing files and exporting the list, on files kept in memory. */
  readonly exchange: FakeExchange = new FakeExchange({
    operator: () => this.desk.operator(),
    now: () => this.now(),
    clockMs: () => this.clock,
    customers: () => this.customers,
    listed: (query) => this.matching(query).rows,
    write: (created, updates, at, actor) => {
      // As the store writes an import: the new customers first, then the changed ones.
      for (const values of created) {
        const customer: Customer = {
          id: crypto.randomUUID(),
          central_id: null,
          ...values,
          join_date: values.join_date ?? at,
          created_at: at,
          updated_at: at,
          version: 1,
        };
        this.customers.unshift(customer);
        this.written.set(customer.id, this.seq++);
        const all: Changes = TRACKED.map((f) => [f, { before: null, after: customer[f] as JsonValue }]);
        this.remember(customer.id, at, 'created', all, actor);
        this.sync.record('create', customer, all, at);
      }
      for (const [before, after] of updates) {
        const { after: written, changed } = this.write(before, after, at, SET, actor);
        if (changed.length > 0) this.sync.record('update', written, changed, at);
      }
    },
  });
  /** The desk's settings, as a new store has them. */
  settings: DeskSettings = { region: 'en-KE', theme: 'system', shop_name: 'Infora WiFi', idle_lock_minutes: null };
  /** Who is at the desk: its operators and who is signed in. */
  readonly desk = new FakeDesk({
    now: () => {
      const at = this.now();
      return { at, ms: this.clock };
    },
    shopName: () => this.settings.shop_name,
    setShopName: (name) => {
      this.settings = { ...this.settings, shop_name: name };
    },
    idleLockMinutes: () => this.settings.idle_lock_minutes,
  });
  /** What the desk tells its people (notices). */
  readonly notices: FakeNotices = new FakeNotices({
    now: () => this.now(),
    operator: () => this.desk.operator(),
    may: (by, refusal) => this.desk.may(by, refusal),
  });

  constructor(data: FakeOptions = {}) {
    this.customers = data.customers ?? [];
    this.invoices = data.invoices ?? [];
    this.payments = data.payments ?? [];
    this.tickets = data.tickets ?? [];
    this.clock = Date.parse(data.clockStart ?? '2026-11-25T09:00:00Z');
    this.customers.forEach((c) => this.written.set(c.id, this.seq++));
    this.sync = new FakeSync({
      now: () => this.now(),
      customers: () => this.customers,
      link: (id, centralId) => {
        this.customers = this.customers.map((c) => (c.id === id ? { ...c, central_id: centralId } : c));
      },
      takeTheirs: (id, field, value) => {
        if (field === '*') this.customers = this.customers.filter((c) => c.id !== id);
        else this.customers = this.customers.map((c) => (c.id === id ? { ...c, [field]: value } : c));
      },
      revert: (id, values, at) => {
        const before = this.customers.find((c) => c.id === id);
        if (before) this.write(before, { ...before, ...values }, at);
      },
      restore: (customer) => {
        this.customers = [customer, ...this.customers];
      },
    });
    const desk = data.desk ?? { ...SUPERVISOR, role: 'supervisor' as const };
    if (desk !== 'new') this.desk.setUp(desk.name, desk.pin, desk.role, instant(this.clock));
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

  /** The clock as it stands (the counter stamps a payment and its balance change alike). */
  private clockNow(): string {
    return instant(this.clock);
  }

  /** The next instant of the clock: each write has its own. */
  private now(): string {
    this.clock += 60_000;
    return instant(this.clock);
  }

  private find(rawId: unknown): Customer {
    const id = validated(() => customerId(rawId));
    const customer = this.customers.find((c) => c.id === id);
    if (!customer) reject('not_found', `customer ${id} does not exist`);
    return customer;
  }

  private remember(id: string, at: string, action: CustomerChange['action'], changes: Changes, actor?: string): void {
    const list = this.changes.get(id) ?? [];
    // The operator signed in: every write checked that someone is (`Desk::actor`).
    list.unshift({ at, actor: actor ?? this.desk.session?.name ?? 'unknown', action, changes });
    this.changes.set(id, list);
  }

  /** Writes a changed customer with its history and statement (no outbox: callers decide). */
  private write(before: Customer, next: Customer, at: string, movement: Movement = SET, actor?: string): { after: Customer; changed: Changes } {
    const changed = diff(before, next);
    if (changed.length === 0) return { after: before, changed };
    const holder = next.email !== before.email ? this.customers.find((c) => c.email === next.email && c.id !== before.id) : undefined;
    if (holder) emailTaken(next.email, holder.id);
    const after: Customer = { ...next, updated_at: at, version: before.version + 1 };
    this.customers = this.customers.map((c) => (c.id === before.id ? after : c));
    if (after.balance !== before.balance) this.counter.moved(after.id, at, before.balance, after.balance, movement, this.desk.session?.name ?? 'unknown');
    this.remember(after.id, at, 'updated', changed, actor);
    return { after, changed };
  }

  /** A change made at the desk: written, in the history, and queued for central. */
  private update(before: Customer, patch: Patch, movement: Movement = SET, at = this.now()): Customer {
    const { after, changed } = this.write(before, { ...before, ...patch }, at, movement);
    if (changed.length === 0) return after;
    // A payment or void goes to central relative to its balance (the store's `adjust`), and
    // central sets its own last payment date.
    const adjust = movement.kind === 'payment' || movement.kind === 'void';
    if (adjust) this.sync.record('adjust', after, changed.filter(([f]) => f === 'balance'), at);
    else this.sync.record('update', after, changed, at);
    return after;
  }

  private create(input: unknown): Customer {
    const values = newCustomer(input, this.clock);
    const holder = this.customers.find((c) => c.email === values.email);
    if (holder) emailTaken(values.email, holder.id);
    const at = this.now();
    const customer: Customer = {
      id: crypto.randomUUID(),
      central_id: null,
      address: null,
      status: 'active',
      join_date: at,
      balance: '0.00',
      package: 'Basic WiFi',
      usage_percentage: 0,
      device_count: 0,
      last_payment_date: null,
      ...values,
      created_at: at,
      updated_at: at,
      version: 1,
    };
    this.customers.unshift(customer);
    this.written.set(customer.id, this.seq++);
    const all: Changes = TRACKED.map((f) => [f, { before: null, after: customer[f] as JsonValue }]);
    this.remember(customer.id, at, 'created', all);
    this.sync.record('create', customer, all, at);
    return customer;
  }

  private delete(customer: Customer): Customer {
    const n = (rows: Array<{ customer_id: string }>) => rows.filter((r) => r.customer_id === customer.id).length;
    const [invoices, payments, tickets] = [n(this.invoices), n(this.payments), n(this.tickets)];
    if (invoices + payments + tickets > 0) {
      reject(
        'clash',
        `this customer has ${invoices} invoice(s), ${payments} payment(s) and ${tickets} ticket(s); a customer with records cannot be deleted (suspend them instead)`,
      );
    }
    const at = this.now();
    this.customers = this.customers.filter((c) => c.id !== customer.id);
    const last: Changes = TRACKED.map((f) => [f, { before: customer[f] as JsonValue, after: null }]);
    this.remember(customer.id, at, 'deleted', last);
    this.sync.record('delete', customer, last, at);
    return customer;
  }

  /** Writes a record for a customer, as a pull from central would (the fixtures' `given`). */
  given(kind: GivenKind, customer: string, record: Record<string, unknown>): void {
    if (kind === 'backup_failed') {
      this.notices.backupFailed(String(record.reason));
      return;
    }
    if (kind === 'file') {
      const bytes = Array.isArray(record.bytes) ? new Uint8Array(record.bytes as number[]) : String(record.text);
      this.exchange.give(String(record.path), bytes);
      return;
    }
    const base = { id: crypto.randomUUID(), customer_id: this.find(customer).id };
    const at = this.now();
    const amount = (raw: unknown) => money('amount', String(raw));
    switch (kind) {
      case 'invoice':
        this.invoices.push({ ...(record as Partial<Invoice>), ...base, amount: amount(record.amount), created_at: at } as Invoice);
        return;
      case 'payment':
        this.payments.push({ invoice_id: null, ...(record as Partial<Payment>), ...base, amount: amount(record.amount), created_at: at, desk: null } as Payment);
        return;
      case 'ticket':
        this.tickets.push({ resolved_at: null, resolved_by: null, resolution_note: null, ...(record as Partial<Ticket>), ...base, created_at: at, opened_by: null } as Ticket);
        return;
    }
  }

  /** The commands of the customer store; the sync ones are `FakeSync`'s. */
  private readonly commands: Handlers<Exclude<CommandName, SyncCommand>> = {
    list_customers: (args) => this.list(args.query),
    // The fake holds few customers: every total is exact, so the count is the list's total.
    count_customers: (args) => this.list(args.query).total,
    get_customer: (args) => this.find(args.id),
    create_customer: (args) => {
      const input = args.input;
      // The shell parses the input before it asks who is signed in.
      newCustomer(input, this.clock);
      this.desk.operator();
      return this.create(input);
    },
    update_customer: (args) => {
      // The join date is checked against the clock as it stands: the shell's stands still
      // through a command too.
      const patch = customerPatch(args.input, this.clock);
      const by = this.desk.operator();
      const id = validated(() => customerId(args.id));
      if (patch.balance !== undefined) this.desk.may(by, REFUSALS.setBalance);
      return this.update(this.find(id), patch);
    },
    delete_customer: (args) => {
      const by = this.desk.operator();
      const id = validated(() => customerId(args.id));
      this.desk.may(by, REFUSALS.deleteCustomer);
      return this.delete(this.find(id));
    },
    set_customer_status: (args) => {
      const status = validated(() => customerStatus(String(args.status)));
      this.desk.operator();
      return this.update(this.find(args.id), { status });
    },
    set_customer_balance: (args) => {
      const balance = validated(() => money('balance', String(args.balance)));
      const by = this.desk.operator();
      const id = validated(() => customerId(args.id));
      this.desk.may(by, REFUSALS.setBalance);
      return this.update(this.find(id), { balance });
    },
    set_customer_usage: (args) => {
      const usage = args.usagePercentage ?? null;
      const devices = args.deviceCount ?? null;
      const patch: Patch = {};
      if (usage !== null) patch.usage_percentage = validated(() => usagePercentage(Number(usage)));
      if (devices !== null) patch.device_count = validated(() => deviceCount(Number(devices)));
      this.desk.operator();
      const id = validated(() => customerId(args.id));
      if (usage === null && devices === null) {
        refuseIfAny([{ field: 'usage_percentage', rule: 'required', message: MESSAGES.usageOrDevices }]);
      }
      return this.update(this.find(id), patch);
    },
    customer_stats: () => this.stats(),
    get_analytics: (args) => {
      // The shell parses the window before it asks who is signed in.
      const days = paymentDays(args.days);
      this.desk.operator();
      return analytics({
        customers: this.customers,
        payments: [...this.payments, ...this.counter.asPayments()],
        order: (c) => this.written.get(c.id) ?? 0,
        asOf: this.now(),
        days,
      });
    },
    list_customer_invoices: (args) => this.related(this.invoices, args, INVOICE_STATUSES),
    list_customer_payments: (args) => this.related([...this.payments, ...this.counter.asPayments()], args, PAYMENT_STATUSES),
    list_customer_tickets: (args) => this.related(this.tickets, args, TICKET_STATUSES),
    ...ticketCommands({
      tickets: () => this.tickets,
      add: (ticket) => this.tickets.push(ticket),
      replace: (ticket) => {
        this.tickets = this.tickets.map((t) => (t.id === ticket.id ? ticket : t));
      },
      now: () => this.now(),
      customerId: (raw) => this.find(raw).id,
      operator: () => this.desk.operator().name,
      deskCode: () => this.counter.deskCode,
    }),
    customer_history: (args) => {
      const request = pageRequest(Number(args.page), Number(args.perPage));
      const id = validated(() => customerId(args.id));
      return page(this.changes.get(id) ?? [], request);
    },
    store_is_empty: () => this.customers.length === 0,
    ...this.counter.commands,
    ...this.printing.commands,
    ...this.notices.commands,
    ...this.backups.commands,
    ...this.views.commands,
    ...this.exchange.commands,
    get_settings: () => this.settings,
    save_settings: (args) => {
      const by = this.desk.operator();
      const settings = deskSettings(args.settings);
      this.desk.may(by, REFUSALS.changeSettings);
      this.settings = settings;
      return this.settings;
    },
    ...this.desk.commands,
    load_demo_data: async (args) => {
      this.desk.operator();
      const count = Math.min(Math.max(Number(args.count) || 1, 1), 100_000);
      const set = demoSet(count, this.seq++);
      const batch = 500;
      for (let done = 0; done < count; done += batch) {
        await emit(DEMO_PROGRESS, { done: Math.min(done + batch, count), total: count });
      }
      this.customers.push(...set.customers);
      set.customers.forEach((c) => this.written.set(c.id, this.seq++));
      this.invoices.push(...set.invoices);
      this.payments.push(...set.payments);
      this.tickets.push(...set.tickets);
      for (const c of set.customers) this.changes.set(c.id, [{ at: c.created_at, actor: 'demo', action: 'created', changes: [] }]);
      return { customers: set.customers.length, invoices: set.invoices.length, payments: set.payments.length, tickets: set.tickets.length };
    },
  };

  async handle(command: string, args: Record<string, unknown>): Promise<unknown> {
    this.calls.push({ command, args });
    const override = this.overrides.get(command);
    if (override) return override(args);
    // The sync commands that write name the operator (`Desk::actor`).
    if (command === 'sync_discard' || command === 'sync_discard_refused' || command === 'sync_resolve') this.desk.operator();
    if (command.startsWith('sync_')) return this.sync.handle(command, args);
    const handler = (this.commands as Record<string, Handler>)[command];
    if (!handler) reject('internal', `command ${command} not found`);
    return handler(args);
  }

  /** A page of the list for a raw query, parsed as the shell parses it. */
  private list(raw: unknown): Page<Customer> {
    const { rows, query } = this.matching(raw);
    return page(rows, query);
  }

  /** Every customer a raw query lists, over all its pages, in the list's order. */
  private matching(raw: unknown): { rows: Customer[]; query: CustomerQuery } {
    const query = customerQuery(raw);
    const term = query.search?.toLowerCase();
    // As the store: a case-insensitive part of the name or email, or of the number (without
    // its +), or the digits a number typed in local form stands for (0712 3 → 2547123).
    const digits = term ? searchDigits(term) : null;
    const rows = this.customers.filter(
      (c) =>
        (!term ||
          c.name.toLowerCase().includes(term) ||
          c.email.includes(term) ||
          c.phone.slice(1).includes(term) ||
          (digits !== null && c.phone.slice(1).includes(digits))) &&
        (!query.status || c.status === query.status) &&
        passes(query.filters, c, this.clock),
    );
    const dir = query.sortOrder === 'asc' ? 1 : -1;
    const order = (c: Customer) => this.written.get(c.id) ?? 0;
    rows.sort((a, b) => (compare(a, b, query.sortBy) || order(a) - order(b)) * dir);
    return { rows, query };
  }

  private related<T extends { customer_id: string; status: string; created_at: string }, S extends string>(
    rows: T[],
    args: Record<string, unknown>,
    statuses: readonly S[],
  ): Page<T> {
    const query = relatedQuery(args.query, (raw) => oneOf('status', statuses, raw));
    const id = validated(() => customerId(args.id));
    const customer = this.find(id);
    // Newest first; of two at the same instant, the later written first.
    const mine = rows
      .map((row, written) => ({ row, written }))
      .filter(({ row }) => row.customer_id === customer.id && (!query.status || row.status === query.status))
      .sort((a, b) => (a.row.created_at < b.row.created_at ? 1 : a.row.created_at > b.row.created_at ? -1 : b.written - a.written))
      .map(({ row }) => row);
    return page(mine, query);
  }

  private stats(): CustomerStats {
    const total = this.customers.length;
    const count = (s: CustomerStatus) => this.customers.filter((c) => c.status === s).length;
    const balances = this.customers.map((c) => toCents(c.balance));
    const sum = balances.reduce((a, b) => a + b, 0n);
    const usage = this.customers.reduce((a, c) => a + c.usage_percentage, 0);
    const order = (c: Customer) => this.written.get(c.id) ?? 0;
    return {
      total,
      active: count('active'),
      suspended: count('suspended'),
      pending: count('pending'),
      total_balance: fromCents(sum),
      average_balance: fromCents(total ? roundHalfAway(sum, BigInt(total)) : 0n),
      customers_with_balance: balances.filter((b) => b > 0n).length,
      average_usage: total ? average(BigInt(usage), BigInt(total)) : '0',
      top_customers: [...this.customers]
        .sort((a, b) => {
          const d = toCents(b.balance) - toCents(a.balance);
          return d < 0n ? -1 : d > 0n ? 1 : order(b) - order(a);
        })
        .slice(0, 5)
        .map((c) => ({ id: c.id, name: c.name, balance: c.balance })),
    };
  }
}

/** `n / d` rounded to a whole number, halves away from zero. */
function roundHalfAway(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const [a, b] = [n < 0n ? -n : n, d < 0n ? -d : d];
  const q = (2n * a + b) / (2n * b);
  return negative ? -q : q;
}

/**
 * A mean as the store's decimal shows it: exact when it has two places or fewer (`25`, `12.5`),
 * otherwise rounded to two, halves away from zero.
 */
function average(sum: bigint, n: bigint): string {
  if ((sum * 100n) % n === 0n) {
    const hundredths = (sum * 100n) / n;
    return fromCents(hundredths).replace(/\.?0+$/, '');
  }
  return fromCents(roundHalfAway(sum * 100n, n));
}
