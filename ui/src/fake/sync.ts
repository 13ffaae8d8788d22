import { emit } from '@tauri-apps/api/event';
import { SYNC_NOTICE, SYNC_STATUS } from '../api/events';
import type {
  Account,
  CommandError,
  Conflict,
  Customer,
  CustomerMark,
  FieldError,
  JsonValue,
  RelatedLists,
  OutboxEntry,
  Page,
  RejectedRecord,
  SyncMark,
  SyncStatus,
} from '../api/types';

// The sync commands of the fake backend: signed out at first, any https address (or http on
// this computer) signs in, local changes queue up, and "Sync now" sends them. A refused change,
// conflicts and a record kept aside appear only when asked (`samples()`), as on a real desk.
// What holds an entry back, and the words for it, follow the store's `outbox::hold_of`.

function reject(code: CommandError['code'], message: string, fields: FieldError[] = []): never {
  const error: CommandError = { code, message, fields };
  throw error;
}

/** The same checks, and words, as the shell's `ServerUrl::parse`. */
function checkServer(raw: string): string {
  const text = raw.trim();
  const fail = (rule: FieldError['rule'], message: string) =>
    reject('validation', 'Some fields need attention.', [{ field: 'central_url', rule, message }]);
  if (!text) fail('required', 'is required');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('format', 'is not a web address (expected e.g. https://billing.example.co.ke)');
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    fail('not_allowed', 'must start with https:// (plain http:// is only allowed for a server on this computer, such as http://localhost:5000)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail('format', 'is not a web address (expected e.g. https://billing.example.co.ke)');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
}

/** Fields central keeps for itself once it has a customer (the store's `merge::CENTRAL_OWNED`). */
const CENTRAL_OWNED = ['join_date', 'last_payment_date', 'package'];

/** The field of a stored conflict that means "deleted on central while changed here". */
const DELETED = '*';

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
    c.field === DELETED ? { kind: 'deleted_on_central' } : { kind: 'field', field: c.field, mine: c.mine, theirs: c.theirs };
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
  const parked = (e: OutboxEntry) =>
    e.state === 'refused' || (e.state === 'pending' && e.operation === 'update' && Object.keys(e.changes).every((f) => conflicted.has(f)));
  const earlier = open.filter((e) => e.seq < entry.seq);
  if (!earlier.every(parked)) return "Goes as soon as this customer's earlier change has gone";
  if (earlier.some((e) => e.operation === 'create')) {
    return 'Waits for this customer to reach central: its creation was refused (retry or discard that first)';
  }
  const overlap = (fields: Iterable<string>) => [...new Set([...fields].filter((f) => f in entry.changes))].sort();
  const refused = overlap(earlier.filter((e) => e.operation === 'update').flatMap((e) => Object.keys(e.changes)));
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
  customers: () => Customer[];
  /** The server took a created customer: it now has the server's id. */
  link: (id: string, centralId: number) => void;
  /** A field set to central's value ("take theirs", a discarded change), or (`*`) the customer removed. */
  takeTheirs: (id: string, field: string, value: unknown) => void;
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

  /** A local change joins the queue (the store writes it in the same transaction). */
  record(operation: OutboxEntry['operation'], after: Customer, before?: Customer): void {
    const changes: OutboxEntry['changes'] = {};
    for (const [field, value] of Object.entries(after)) {
      if (['id', 'central_id', 'version', 'created_at', 'updated_at'].includes(field)) continue;
      const old = before ? (before[field as keyof Customer] as JsonValue) : null;
      if (operation === 'delete' || old !== value) changes[field] = { before: old, after: operation === 'delete' ? null : (value as JsonValue) };
    }
    if (operation === 'delete') for (const f of Object.keys(changes)) if (!['name', 'email'].includes(f)) delete changes[f];
    if (operation === 'delete') this.deletedHere.set(after.id, after);
    const at = new Date().toISOString();
    this.outbox.push({
      seq: this.seq++,
      customer_id: after.id,
      customer_name: after.name,
      central_id: after.central_id,
      operation,
      changes,
      state: 'pending',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      created_at: at,
      waiting_for: null,
    });
    void this.announce();
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
    for (const [field, before] of bases) {
      if (current[field as keyof Customer] === entry.changes[field]?.after) this.hooks.takeTheirs(current.id, field, before);
    }
  }

  /** A signed-in desk with a refused change, a failing one, two conflicts and a record aside. */
  samples(): void {
    // The newest customers: the first page of the list, where their badges can be seen.
    const [a, b, c, d, e] = [...this.hooks.customers()].sort((x, y) => y.created_at.localeCompare(x.created_at));
    this.signIn('https://billing.example.co.ke', 'cashier@example.co.ke');
    this.online = true;
    this.lastSuccessAt = new Date(Date.now() - 2 * 60_000).toISOString();
    const at = new Date(Date.now() - 30 * 60_000).toISOString();
    const entry = (customer: Customer, rest: Partial<OutboxEntry>): OutboxEntry => ({
      seq: this.seq++,
      customer_id: customer.id,
      customer_name: customer.name,
      central_id: customer.central_id,
      operation: 'update',
      changes: {},
      state: 'pending',
      attempts: 0,
      next_attempt_at: new Date(Date.now() + 4 * 60_000).toISOString(),
      last_error: null,
      created_at: at,
      waiting_for: null,
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
        { field: 'email', rule: 'format', message: 'is not a valid email address (expected something like jane@example.co.ke)' },
        { field: 'phone', rule: 'format', message: 'is not a valid phone number (expected e.g. 0712 345 678 or +254712345678)' },
        { field: 'balance', rule: 'precision', message: '12.345 has more than 2 decimal places' },
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
    if (!found) reject('not_found', `queue entry ${String(seq)} does not exist`);
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
      this.lastSuccessAt = new Date().toISOString();
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
          this.hooks.takeTheirs(e.customer_id, 'join_date', new Date().toISOString());
        }
        // The customer's later updates, made before the first attempt, go with the create.
        for (const later of this.openOf(e.customer_id)) {
          if (later.seq <= e.seq) continue;
          if (later.operation !== 'update') break;
          later.state = 'done';
        }
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

  async handle(command: string, args: Record<string, unknown>): Promise<unknown> {
    switch (command) {
      case 'sync_status':
        return this.status();
      case 'sync_sign_in': {
        const server = checkServer(String(args.centralUrl ?? ''));
        const email = String(args.email ?? '').trim();
        const password = String(args.password ?? '');
        if (!email || !password) reject('validation', 'Enter the email and password of your central account');
        if (server.includes('unreachable')) reject('unavailable', 'Could not reach the central system: no such host');
        if (password === 'wrong') reject('unauthorized', 'Wrong email or password for the central system');
        this.signIn(server, email);
        await this.announce();
        return this.status();
      }
      case 'sync_sign_out':
        this.signedIn = false;
        this.needsSignIn = false;
        this.online = null;
        await this.announce();
        return this.status();
      case 'sync_now':
        if (!this.signedIn) reject('unauthorized', 'Not signed in to the central system');
        await this.round();
        return this.status();
      case 'sync_queue': {
        const open = this.outbox.filter((e) => e.state !== 'done');
        const perPage = Number(args.perPage ?? 20);
        const pageNo = Number(args.page ?? 1);
        const page: Page<OutboxEntry> = {
          items: open
            .slice((pageNo - 1) * perPage, pageNo * perPage)
            .map((e) => ({ ...e, waiting_for: e.state === 'pending' ? this.hold(e) : null })),
          total: open.length,
          pages: Math.max(1, Math.ceil(open.length / perPage)),
          current_page: pageNo,
          per_page: perPage,
        };
        return page;
      }
      case 'sync_retry': {
        const entry = this.entry(args.seq);
        // One held back by something else stays as it is; the answer says what it waits for.
        const held = entry.state === 'pending' ? this.hold(entry) : null;
        if (held) reject('conflict', held);
        entry.state = 'pending';
        entry.last_error = null;
        entry.next_attempt_at = new Date().toISOString();
        await this.announce();
        return null;
      }
      case 'sync_discard':
        this.discard(this.entry(args.seq));
        await this.announce();
        return null;
      case 'sync_retry_refused': {
        const refused = this.outbox.filter((e) => e.state === 'refused');
        const at = new Date().toISOString();
        for (const e of refused) Object.assign(e, { state: 'pending', last_error: null, next_attempt_at: at });
        await this.announce();
        return refused.length;
      }
      case 'sync_discard_refused': {
        let discarded = 0;
        for (const e of this.outbox.filter((x) => x.state === 'refused').sort((x, y) => x.seq - y.seq)) {
          // An earlier discarded creation may have taken this one with it.
          if (!this.outbox.includes(e)) continue;
          this.discard(e);
          discarded += 1;
        }
        await this.announce();
        return discarded;
      }
      case 'sync_conflicts':
        return this.conflicts.map(shown);
      case 'sync_resolve': {
        const field = args.field ?? DELETED;
        const conflict = this.conflicts.find((c) => c.customer_id === args.customerId && c.field === field);
        if (!conflict) reject('not_found', `no conflict on ${String(args.field)} for customer ${String(args.customerId)}`);
        this.conflicts = this.conflicts.filter((c) => c !== conflict);
        if (args.resolution === 'take_theirs') this.hooks.takeTheirs(conflict.customer_id, conflict.field, conflict.theirs);
        await this.announce();
        return null;
      }
      case 'sync_rejected':
        return [...this.rejected];
      case 'sync_customer_records':
        // The central system answers after the local tabs have loaded, as over a network.
        if (this.recordsFromCentral) await new Promise((resolve) => setTimeout(resolve, 50));
        return this.recordsFromCentral;
      case 'sync_marks': {
        const ids = (args.ids ?? []) as string[];
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
      }
    }
    reject('internal', `command ${command} not found`);
  }
}
