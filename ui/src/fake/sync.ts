import { emit } from '@tauri-apps/api/event';
import type { CommandName } from '../api/client';
import { SYNC_NOTICE, SYNC_STATUS } from '../api/events';
import type {
  Account,
  Conflict,
  Customer,
  CustomerMark,
  FieldError,
  JsonValue,
  RelatedLists,
  OutboxEntry,
  RejectedRecord,
  SyncMark,
  SyncStatus,
} from '../api/types';
import type { Changes, Handlers } from './backend';
import { pageRequest } from './input';
import { customerId, instant, reject, validated } from './rules';
import { MESSAGES } from '../rules';

// The sync commands of the fake backend: signed out at first, any https address (or http on
// this computer) signs in, local changes queue up, and "Sync now" sends them. A refused change,
// conflicts and a record kept aside appear only when asked (`samples()`), as on a real desk.
// What holds an entry back, and the words for it, follow the store's `outbox::hold_of`.

/** The sync commands, which this fake answers. */
export type SyncCommand = Extract<CommandName, `sync_${string}`>;

/**
 * `localhost`, `127.0.0.0/8` or `::1`: a server on this computer (the sync crate's
 * `is_loopback`). `URL` has lower-cased the name and written the addresses in their short form.
 */
function isLoopback(hostname: string): boolean {
  return hostname.replace(/\.+$/, '') === 'localhost' || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

/** The same checks, and words, as the sync crate's `ServerUrl::parse`. */
function checkServer(raw: string): string {
  const text = raw.trim();
  const fail = (rule: FieldError['rule'], message: string) =>
    reject('validation', 'Some fields need attention.', [{ field: 'central_url', rule, message }]);
  const notAnAddress = () => fail('format', 'is not a web address (expected e.g. https://billing.example.co.ke)');
  if (!text) fail('required', 'is required');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return notAnAddress();
  }
  if (!url.hostname) notAnAddress();
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    fail('not_allowed', 'must start with https:// (plain http:// is only allowed for a server on this computer, such as http://localhost:5000)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') notAnAddress();
  // Credentials in an address end up in logs and screenshots; tokens go in headers.
  if (url.username || url.password) fail('not_allowed', 'must not contain a user name or password');
  if (url.search || url.hash || /[?#]/.test(text)) fail('format', 'must not contain `?` or `#` parts (just the server\'s address)');
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api$/, '').replace(/\/+$/, '')}`;
}

/** Fields central keeps for itself once it has a customer (the store's `merge::CENTRAL_OWNED`). */
const CENTRAL_OWNED = ['join_date', 'last_payment_date', 'package'];

/** The field of a conflict that means "deleted on central while changed here". */
const DELETED = '*';
/** The field of a conflict that means "a payment's answer was lost and central's balance moved". */
const LOST_ANSWER = '*balance';

interface StoredConflict {
  customer_id: string;
  customer_name: string;
  field: string;
  mine: JsonValue;
  theirs: JsonValue;
  found_at: string;
}

function shown(c: StoredConflict): Conflict {
  const about: Conflict['about'] =
    c.field === DELETED
      ? { kind: 'deleted_on_central' }
      : c.field === LOST_ANSWER
        ? { kind: 'lost_answer', ...(c.mine as { seq: number; change: string; read: string; aimed: string }), now: c.theirs as string }
        : { kind: 'field', field: c.field, mine: c.mine, theirs: c.theirs };
  return { customer_id: c.customer_id, customer_name: c.customer_name, about, found_at: c.found_at };
}

function fieldList(fields: string[]): string {
  return fields.map((f) => f.replace(/_/g, ' ')).join(', ');
}

/**
 * Why `entry` (pending or in flight) cannot be sent yet, in the queue's words, given its
 * customer's open entries (`open`, oldest first) and the fields in conflict; `null` when it can
 * go. The same rules and words as the store's `outbox::hold_of` and `Hold::message`.
 */
export function holdOf(entry: OutboxEntry, open: OutboxEntry[], conflicted: ReadonlySet<string>): string | null {
  if (conflicted.has(DELETED)) {
    return 'Waits for you to decide: central deleted this customer while it was changed here (Sync → Conflicts)';
  }
  if (conflicted.has(LOST_ANSWER)) {
    return 'Waits for you to say whether central has a payment whose answer was lost (Sync → Conflicts)';
  }
  const parked = (e: OutboxEntry) =>
    e.state === 'refused' || (e.state === 'pending' && e.operation === 'update' && Object.keys(e.changes).every((f) => conflicted.has(f)));
  const earlier = open.filter((e) => e.seq < entry.seq);
  if (!earlier.every(parked)) return "Goes as soon as this customer's earlier change has gone";
  if (earlier.some((e) => e.operation === 'create')) {
    return 'Waits for this customer to reach central: its creation was refused (retry or discard that first)';
  }
  const overlap = (fields: Iterable<string>) => [...new Set([...fields].filter((f) => f in entry.changes))].sort();
  const refused = overlap(earlier.filter((e) => e.operation === 'update' || e.operation === 'adjust').flatMap((e) => Object.keys(e.changes)));
  if (refused.length > 0) return `Waits for the refused earlier change of ${fieldList(refused)}: retry or discard that one first`;
  // An entry with fields besides those in conflict goes: the push sends those and keeps the
  // conflicted ones waiting (see `send`).
  const inConflict = overlap(conflicted);
  if (inConflict.length > 0 && inConflict.length === Object.keys(entry.changes).length) return conflictWaits(inConflict);
  return null;
}

function conflictWaits(fields: string[]): string {
  return `Waits for you to settle the conflict on ${fieldList(fields)} (Sync → Conflicts)`;
}

function titleCase(word: string): string {
  return word.replace(/^./, (c) => c.toUpperCase());
}

export interface SyncHooks {
  /** The desk's clock: the next instant, for a write. */
  now: () => string;
  customers: () => Customer[];
  /** The server took a created customer: it now has the server's id. */
  link: (id: string, centralId: number) => void;
  /** A field set to central's value ("take theirs", a pull), or (`*`) the customer removed. */
  takeTheirs: (id: string, field: string, value: unknown) => void;
  /** A discarded change undone on the desk: written with its history, not queued. */
  revert: (id: string, values: Partial<Customer>, at: string) => void;
  /** A customer deleted here is back, as central holds it (its deletion was refused). */
  restore: (customer: Customer) => void;
}

export class FakeSync {
  account: Account | null = null;
  signedIn = false;
  needsSignIn = false;
  online: boolean | null = null;
  syncing = false;
  lastSuccessAt: string | null = null;
  lastError: string | null = null;
  paused: string | null = null;
  relatedLists: RelatedLists | null = null;
  outbox: OutboxEntry[] = [];
  /** Kept flat, as the shell's table keeps them (`*`: deleted on central); shown as `Conflict`. */
  conflicts: StoredConflict[] = [];
  rejected: RejectedRecord[] = [];
  /** What `sync_customer_records` answers: whether the central system had anything new. */
  recordsFromCentral = false;
  /** How long "Sync now" takes (the browser shows its progress; tests need none). */
  roundMs = 0;
  /** Set, central fails every deletion with this fault (as the real service's DELETE does). */
  refuseDeletes: string | null = null;
  /** Customers deleted here, as they were: put back if central refuses the deletion. */
  private readonly deletedHere = new Map<string, Customer>();
  private seq = 1;
  private nextCentralId = 5000;

  constructor(private readonly hooks: SyncHooks) {}

  status(): SyncStatus {
    return {
      account: this.account,
      signed_in: this.signedIn,
      needs_sign_in: this.needsSignIn,
      online: this.signedIn ? this.online : null,
      syncing: this.syncing,
      pending: this.outbox.filter((e) => e.state !== 'refused').length,
      refused: this.outbox.filter((e) => e.state === 'refused').length,
      conflicts: this.conflicts.length,
      rejected: this.rejected.length,
      last_success_at: this.lastSuccessAt,
      last_error: this.lastError,
      paused: this.paused,
      related_lists: this.relatedLists,
    };
  }

  /** Sends the status to the window, as the shell does on every change. */
  async announce(): Promise<void> {
    await emit(SYNC_STATUS, this.status());
  }

  /**
   * A local change joins the queue (the store writes it in the same transaction). Deleting a
   * customer central never had (no server id, nothing ever sent) needs nothing sent: its open
   * entries are dropped instead (`outbox::deleted`).
   */
  record(operation: OutboxEntry['operation'], customer: Customer, changes: Changes, at: string): void {
    if (operation === 'delete') {
      const sent = this.outbox.some((e) => e.customer_id === customer.id && (e.attempts > 0 || e.state === 'done'));
      if (customer.central_id === null && !sent) {
        this.outbox = this.outbox.filter((e) => e.customer_id !== customer.id);
        void this.announce();
        return;
      }
      this.deletedHere.set(customer.id, customer);
    }
    this.outbox.push({
      seq: this.seq++,
      customer_id: customer.id,
      customer_name: customer.name,
      central_id: customer.central_id,
      operation,
      changes: Object.fromEntries(changes),
      state: 'pending',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      created_at: at,
      waiting_for: null,
      aimed: null,
    });
    void this.announce();
  }

  /** Who an entry is about, for people: the customer's name now, or as it was. */
  private nameOf(entry: OutboxEntry): string {
    const current = this.hooks.customers().find((c) => c.id === entry.customer_id);
    const name = entry.changes.name;
    const recorded = typeof name?.after === 'string' ? name.after : typeof name?.before === 'string' ? name.before : null;
    return current?.name ?? recorded ?? 'a deleted customer';
  }

  /** A customer's open entries, oldest first. */
  private openOf(customerId: string): OutboxEntry[] {
    return this.outbox.filter((e) => e.customer_id === customerId && e.state !== 'done').sort((x, y) => x.seq - y.seq);
  }

  /** What holds `entry` back, if anything (see `holdOf`). */
  hold(entry: OutboxEntry): string | null {
    const conflicted = new Set(this.conflicts.filter((c) => c.customer_id === entry.customer_id).map((c) => c.field));
    return holdOf(entry, this.openOf(entry.customer_id), conflicted);
  }

  /** Central refused the deletion of a customer: the entry is refused, the customer back here. */
  private refuseDeletion(entry: OutboxEntry, fault: string): void {
    entry.state = 'refused';
    entry.last_error =
      `The central system could not delete this customer (a fault in its current version: ${fault}). ` +
      'The customer is back on this desk as central holds it. Delete it on central, retry later, or discard to keep the customer.';
    const customer = this.deletedHere.get(entry.customer_id);
    const here = this.hooks.customers();
    if (customer && !here.some((c) => c.id === customer.id || c.email === customer.email)) this.hooks.restore(customer);
  }

  /**
   * Giving up on an entry, as the store's `outbox::discard` does: a creation takes the
   * customer's later entries with it; an update's fields go back to central's value where no
   * later change sets them, and later changes of them are based on that value.
   */
  private discard(entry: OutboxEntry): void {
    if (entry.state === 'done') return;
    if (entry.operation === 'create' && entry.central_id === null) {
      this.outbox = this.outbox.filter((e) => e.customer_id !== entry.customer_id);
      return;
    }
    this.outbox = this.outbox.filter((e) => e !== entry);
    if (entry.operation !== 'update') return;
    const bases = new Map(Object.entries(entry.changes).map(([f, c]) => [f, c.before]));
    for (const later of this.openOf(entry.customer_id)) {
      if (later.seq < entry.seq) continue;
      for (const [field, change] of Object.entries(later.changes)) {
        if (!bases.has(field)) continue;
        later.changes[field] = { ...change, before: bases.get(field) as JsonValue };
        bases.delete(field);
      }
    }
    const current = this.hooks.customers().find((c) => c.id === entry.customer_id);
    if (!current) return;
    const revert = Object.fromEntries(
      [...bases].filter(([field]) => current[field as keyof Customer] === entry.changes[field]?.after),
    ) as Partial<Customer>;
    if (Object.keys(revert).length > 0) this.hooks.revert(current.id, revert, this.hooks.now());
  }

  /** A signed-in desk with a refused change, a failing one, two conflicts and a record aside. */
  samples(): void {
    // The newest customers: the first page of the list, where their badges can be seen.
    const [a, b, c, d, e] = [...this.hooks.customers()].sort((x, y) => y.created_at.localeCompare(x.created_at));
    this.signIn('https://billing.example.co.ke', 'cashier@example.co.ke');
    this.online = true;
    this.lastSuccessAt = instant(Date.now() - 2 * 60_000);
    const at = instant(Date.now() - 30 * 60_000);
    const entry = (customer: Customer, rest: Partial<OutboxEntry>): OutboxEntry => ({
      seq: this.seq++,
      customer_id: customer.id,
      customer_name: customer.name,
      central_id: customer.central_id,
      operation: 'update',
      changes: {},
      state: 'pending',
      attempts: 0,
      next_attempt_at: instant(Date.now() + 4 * 60_000),
      last_error: null,
      created_at: at,
      waiting_for: null,
      aimed: null,
      ...rest,
    });
    if (a) {
      this.outbox.push(
        entry(a, {
          changes: { package: { before: 'Home 10 Mbps', after: 'Gold 50' } },
          state: 'refused',
          attempts: 1,
          last_error: 'The central system refused the change: package "Gold 50" does not exist',
        }),
      );
    }
    if (b) {
      this.outbox.push(
        entry(b, {
          changes: { balance: { before: '0.00', after: b.balance } },
          attempts: 3,
          last_error: 'Could not reach the central system: connection timed out',
        }),
      );
      this.conflicts.push({ customer_id: b.id, customer_name: b.name, field: 'balance', mine: b.balance, theirs: '3000.00', found_at: at });
    }
    if (c) this.conflicts.push({ customer_id: c.id, customer_name: c.name, field: 'status', mine: c.status, theirs: 'suspended', found_at: at });
    if (d) {
      this.conflicts.push({
        customer_id: d.id,
        customer_name: d.name,
        field: '*',
        mine: 'changed on this device',
        theirs: 'deleted on the central system',
        found_at: at,
      });
    }
    if (e) {
      // Deleted here, refused by central, and back as central holds it.
      const deletion = entry(e, { operation: 'delete', changes: { name: { before: e.name, after: null }, email: { before: e.email, after: null } }, attempts: 1 });
      this.deletedHere.set(e.id, e);
      this.refuseDeletion(deletion, 'HTTP 500: Failed to delete customer');
      this.outbox.push(deletion);
    }
    this.rejected.push({
      central_id: 4711,
      raw: { id: 4711, name: 'Kamau Njoroge', email: 'kamau@@example', phone: '12', balance: '12.345', status: 'gone' },
      problems: [
        { field: 'email', rule: 'format', message: MESSAGES.email },
        { field: 'phone', rule: 'format', message: MESSAGES.phone },
        { field: 'balance', rule: 'precision', message: MESSAGES.precision('12.345') },
      ],
      seen_at: at,
    });
    this.relatedLists = 'unavailable';
  }

  private signIn(server: string, email: string) {
    const name = email.split('@')[0]!.split(/[._-]/).map(titleCase).join(' ');
    this.account = { central_url: server, email, name };
    this.signedIn = true;
    this.needsSignIn = false;
    this.online = null;
    this.lastError = null;
  }

  private entry(seq: unknown): OutboxEntry {
    const found = this.outbox.find((e) => e.seq === seq);
    if (!found) reject('not_found', `outbox entry ${String(seq)} does not exist`);
    return found;
  }

  private async round(): Promise<void> {
    this.syncing = true;
    await this.announce();
    if (this.roundMs > 0) await new Promise((done) => setTimeout(done, this.roundMs));
    if (this.paused) {
      this.lastError = `The central system has paused syncing: ${this.paused}`;
    } else if (this.online === false) {
      this.lastError = 'Could not reach the central system: connection refused';
    } else {
      const notices: string[] = [];
      for (const e of [...this.outbox].sort((x, y) => x.seq - y.seq)) {
        if (e.state !== 'pending' && e.state !== 'in_flight') continue;
        if (this.hold(e) !== null) continue;
        e.attempts += 1;
        this.send(e, notices);
      }
      this.outbox = this.outbox.filter((e) => e.state !== 'done');
      this.online = true;
      this.lastError = null;
      this.lastSuccessAt = instant(Date.now());
      for (const notice of notices) await emit(SYNC_NOTICE, notice);
    }
    this.syncing = false;
    await this.announce();
  }

  /** One entry to central, as the push does it; what the user must be told goes to `notices`. */
  private send(e: OutboxEntry, notices: string[]): void {
    switch (e.operation) {
      case 'create':
        if (e.central_id === null) {
          this.hooks.link(e.customer_id, this.nextCentralId++);
          // Central's create sets the join date to its own now, and the desk takes it.
          this.hooks.takeTheirs(e.customer_id, 'join_date', instant(Date.now()));
        }
        // The customer's later updates, made before the first attempt, go with the create.
        for (const later of this.openOf(e.customer_id)) {
          if (later.seq <= e.seq) continue;
          if (later.operation !== 'update') break;
          later.state = 'done';
        }
        e.state = 'done';
        return;
      case 'adjust':
        // The fake's central takes a payment's change relative to its balance, and answers.
        e.state = 'done';
        return;
      case 'delete':
        if (this.refuseDeletes) {
          this.refuseDeletion(e, this.refuseDeletes);
          return;
        }
        e.state = 'done';
        // A customer put back after an earlier refusal goes again.
        if (this.hooks.customers().some((c) => c.id === e.customer_id)) this.hooks.takeTheirs(e.customer_id, DELETED, null);
        return;
      case 'update': {
        // What is in conflict stays, waiting for a person; the rest goes.
        const conflicted = new Set(this.conflicts.filter((c) => c.customer_id === e.customer_id).map((c) => c.field));
        const left = Object.keys(e.changes).filter((f) => conflicted.has(f)).sort();
        if (left.length > 0) {
          e.changes = Object.fromEntries(left.map((f) => [f, e.changes[f]!]));
          e.last_error = conflictWaits(left);
          return;
        }
        // Central keeps its own values of the fields it owns: the desk takes them back.
        for (const field of CENTRAL_OWNED) {
          const change = e.changes[field];
          if (!change || change.before === change.after) continue;
          this.hooks.takeTheirs(e.customer_id, field, change.before);
          if (field === 'package') {
            notices.push(
              `${e.customer_name}'s package stays "${String(change.before)}": the central system cannot change the package of a ` +
                `customer it already has, so "${String(change.after)}" was not applied. Change it on central if needed.`,
            );
          }
        }
        e.state = 'done';
        return;
      }
    }
  }

  /** The sync commands, as the shell's `sync.rs` answers them. */
  private readonly commands: Handlers<SyncCommand> = {
    sync_status: () => this.status(),
    sync_sign_in: async (args) => {
      const server = checkServer(String(args.centralUrl ?? ''));
      const email = String(args.email ?? '').trim();
      const password = String(args.password ?? '');
      if (!email || !password) reject('validation', 'Enter the email and password of your central account');
      if (server.includes('unreachable')) reject('unavailable', 'Could not reach the central system: no such host');
      if (password === 'wrong') reject('unauthorized', 'Wrong email or password for the central system');
      this.signIn(server, email);
      await this.announce();
      return this.status();
    },
    sync_sign_out: async () => {
      // The account is forgotten with the tokens (the session's `sign_out`); an expired
      // session keeps it, to ask for the same account again.
      this.account = null;
      this.signedIn = false;
      this.needsSignIn = false;
      this.online = null;
      await this.announce();
      return this.status();
    },
    sync_now: async () => {
      if (!this.signedIn) reject('unauthorized', 'Not signed in to the central system');
      await this.round();
      return this.status();
    },
    sync_queue: (args) => {
      const request = pageRequest(Number(args.page), Number(args.perPage));
      const open = this.outbox.filter((e) => e.state !== 'done').sort((x, y) => x.seq - y.seq);
      const { page, perPage } = request;
      return {
        items: open
          .slice((page - 1) * perPage, page * perPage)
          .map((e) => ({ ...e, customer_name: this.nameOf(e), waiting_for: e.state === 'pending' ? this.hold(e) : null })),
        total: open.length,
        pages: Math.ceil(open.length / perPage),
        current_page: page,
        per_page: perPage,
        exact: true,
      };
    },
    sync_retry: async (args) => {
      const entry = this.entry(args.seq);
      // One held back by something else stays as it is; the answer says what it waits for.
      const held = entry.state === 'pending' ? this.hold(entry) : null;
      if (held) reject('clash', held);
      entry.state = 'pending';
      entry.last_error = null;
      entry.next_attempt_at = this.hooks.now();
      await this.announce();
      return null;
    },
    sync_discard: async (args) => {
      this.discard(this.entry(args.seq));
      await this.announce();
      return null;
    },
    sync_retry_refused: async () => {
      const refused = this.outbox.filter((e) => e.state === 'refused');
      const at = this.hooks.now();
      for (const e of refused) Object.assign(e, { state: 'pending', last_error: null, next_attempt_at: at });
      await this.announce();
      return refused.length;
    },
    sync_discard_refused: async () => {
      let discarded = 0;
      for (const e of this.outbox.filter((x) => x.state === 'refused').sort((x, y) => x.seq - y.seq)) {
        // An earlier discarded creation may have taken this one with it.
        if (!this.outbox.includes(e)) continue;
        this.discard(e);
        discarded += 1;
      }
      await this.announce();
      return discarded;
    },
    sync_conflicts: () => this.conflicts.map(shown),
    sync_resolve: async (args) => {
      const id = validated(() => customerId(args.customerId));
      const field = args.field ?? DELETED;
      const conflict = this.conflicts.find((c) => c.customer_id === id && c.field === field);
      if (!conflict) reject('not_found', `conflict ${id}/${String(args.field)} does not exist`);
      this.conflicts = this.conflicts.filter((c) => c !== conflict);
      if (args.resolution === 'take_theirs') this.hooks.takeTheirs(conflict.customer_id, conflict.field, conflict.theirs);
      await this.announce();
      return null;
    },
    sync_settle_lost_answer: async (args) => {
      const id = validated(() => customerId(args.customerId));
      const conflict = this.conflicts.find((c) => c.customer_id === id && c.field === LOST_ANSWER);
      if (!conflict) reject('not_found', `conflict ${id}/lost answer does not exist`);
      this.conflicts = this.conflicts.filter((c) => c !== conflict);
      await this.announce();
      return null;
    },
    sync_rejected: () => [...this.rejected],
    sync_customer_records: async (args) => {
      const id = validated(() => customerId(args.id));
      // Central is asked only about a customer it has, and only with a session.
      const customer = this.hooks.customers().find((c) => c.id === id);
      if (!this.signedIn || customer?.central_id == null) return false;
      // The central system answers after the local tabs have loaded, as over a network.
      if (this.recordsFromCentral) await new Promise((resolve) => setTimeout(resolve, 50));
      return this.recordsFromCentral;
    },
    sync_marks: (args) => {
      const ids = ((args.ids ?? []) as unknown[]).map((raw) => validated(() => customerId(raw)));
      const marks: CustomerMark[] = [];
      for (const id of ids) {
        let mark: SyncMark | null = null;
        const open = this.outbox.filter((e) => e.customer_id === id);
        if (this.conflicts.some((c) => c.customer_id === id)) mark = 'conflict';
        else if (open.some((e) => e.state === 'refused' && e.operation === 'delete')) mark = 'delete_refused';
        else if (open.some((e) => e.state === 'refused')) mark = 'refused';
        else if (open.length > 0) mark = 'unsynced';
        if (mark) marks.push({ id, mark });
      }
      return marks;
    },
  };

  async handle(command: string, args: Record<string, unknown>): Promise<unknown> {
    const handler = (this.commands as Record<string, (args: Record<string, unknown>) => unknown>)[command];
    if (!handler) reject('internal', `command ${command} not found`);
    return handler(args);
  }
}
