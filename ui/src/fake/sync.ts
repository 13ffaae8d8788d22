import { emit } from '@tauri-apps/api/event';
import { SYNC_STATUS } from '../api/events';
import type {
  Account,
  CommandError,
  Conflict,
  Customer,
  CustomerMark,
  FieldError,
  JsonValue,
  OutboxEntry,
  Page,
  RejectedRecord,
  SyncMark,
  SyncStatus,
} from '../api/types';

// The sync commands of the fake backend: signed out at first, any https address (or http on
// this computer) signs in, local changes queue up, and "Sync now" sends them. A refused change,
// conflicts and a record kept aside appear only when asked (`samples()`), as on a real desk.

function reject(code: CommandError['code'], message: string, fields: FieldError[] = []): never {
  const error: CommandError = { code, message, fields };
  throw error;
}

/** The same checks, and words, as the shell's `ServerUrl::parse`. */
function checkServer(raw: string): string {
  const text = raw.trim();
  const fail = (rule: FieldError['rule'], message: string) =>
    reject('validation', 'Some fields need attention.', [{ field: 'server_url', rule, message }]);
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

function titleCase(word: string): string {
  return word.replace(/^./, (c) => c.toUpperCase());
}

export interface SyncHooks {
  customers: () => Customer[];
  /** The server took a created customer: it now has the server's id. */
  link: (id: string, remoteId: number) => void;
  /** A conflict settled "take theirs": a field set to the server's value, or (`*`) removed. */
  takeTheirs: (id: string, field: string, value: unknown) => void;
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
  relatedLists: string | null = null;
  outbox: OutboxEntry[] = [];
  conflicts: Conflict[] = [];
  rejected: RejectedRecord[] = [];
  /** What `sync_customer_records` answers: whether the central system had anything new. */
  recordsFromCentral = false;
  /** How long "Sync now" takes (the browser shows its progress; tests need none). */
  roundMs = 0;
  private seq = 1;
  private nextRemoteId = 5000;

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
      if (['id', 'remote_id', 'version', 'created_at', 'updated_at'].includes(field)) continue;
      const old = before ? (before[field as keyof Customer] as JsonValue) : null;
      if (operation === 'delete' || old !== value) changes[field] = { before: old, after: operation === 'delete' ? null : (value as JsonValue) };
    }
    if (operation === 'delete') for (const f of Object.keys(changes)) if (!['name', 'email'].includes(f)) delete changes[f];
    const at = new Date().toISOString();
    this.outbox.push({
      seq: this.seq++,
      customer_id: after.id,
      customer_name: after.name,
      remote_id: after.remote_id,
      operation,
      changes,
      state: 'pending',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      created_at: at,
    });
    void this.announce();
  }

  /** A signed-in desk with a refused change, a failing one, two conflicts and a record aside. */
  samples(): void {
    // The newest customers: the first page of the list, where their badges can be seen.
    const [a, b, c, d] = [...this.hooks.customers()].sort((x, y) => y.created_at.localeCompare(x.created_at));
    this.signIn('https://billing.example.co.ke', 'cashier@example.co.ke');
    this.online = true;
    this.lastSuccessAt = new Date(Date.now() - 2 * 60_000).toISOString();
    const at = new Date(Date.now() - 30 * 60_000).toISOString();
    const entry = (customer: Customer, rest: Partial<OutboxEntry>): OutboxEntry => ({
      seq: this.seq++,
      customer_id: customer.id,
      customer_name: customer.name,
      remote_id: customer.remote_id,
      operation: 'update',
      changes: {},
      state: 'pending',
      attempts: 0,
      next_attempt_at: new Date(Date.now() + 4 * 60_000).toISOString(),
      last_error: null,
      created_at: at,
      ...rest,
    });
    if (a) {
      this.outbox.push(
        entry(a, {
          changes: { package: { before: 'Home 10 Mbps', after: 'Gold 50' } },
          state: 'refused',
          attempts: 1,
          last_error: 'The central server refused the change: package "Gold 50" does not exist',
        }),
      );
    }
    if (b) {
      this.outbox.push(
        entry(b, {
          changes: { phone: { before: '+254700000001', after: b.phone }, balance: { before: '0.00', after: b.balance } },
          attempts: 3,
          last_error: 'Could not reach the central server: connection timed out',
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
    this.rejected.push({
      remote_id: 4711,
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
    this.account = { server, email, name };
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
      this.lastError = `The central server has paused syncing: ${this.paused}`;
    } else if (this.online === false) {
      this.lastError = 'Could not reach the central server: connection refused';
    } else {
      for (const e of this.outbox) {
        if (e.state === 'refused' || this.conflicts.some((c) => c.customer_id === e.customer_id)) continue;
        if (e.operation === 'create' && e.remote_id === null) this.hooks.link(e.customer_id, this.nextRemoteId++);
        e.state = 'done';
      }
      this.outbox = this.outbox.filter((e) => e.state !== 'done');
      this.online = true;
      this.lastError = null;
      this.lastSuccessAt = new Date().toISOString();
    }
    this.syncing = false;
    await this.announce();
  }

  async handle(command: string, args: Record<string, unknown>): Promise<unknown> {
    switch (command) {
      case 'sync_status':
        return this.status();
      case 'sync_sign_in': {
        const server = checkServer(String(args.server ?? ''));
        const email = String(args.email ?? '').trim();
        const password = String(args.password ?? '');
        if (!email || !password) reject('validation', 'Enter the email and password of your central account');
        if (server.includes('unreachable')) reject('unavailable', 'Could not reach the central server: no such host');
        if (password === 'wrong') reject('unauthorized', 'Wrong email or password for the central server');
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
        if (!this.signedIn) reject('unauthorized', 'Not signed in to the central server');
        await this.round();
        return this.status();
      case 'sync_queue': {
        const open = this.outbox.filter((e) => e.state !== 'done');
        const perPage = Number(args.perPage ?? 20);
        const pageNo = Number(args.page ?? 1);
        const page: Page<OutboxEntry> = {
          items: open.slice((pageNo - 1) * perPage, pageNo * perPage),
          total: open.length,
          pages: Math.max(1, Math.ceil(open.length / perPage)),
          current_page: pageNo,
          per_page: perPage,
        };
        return page;
      }
      case 'sync_retry': {
        const entry = this.entry(args.seq);
        entry.state = 'pending';
        entry.last_error = null;
        entry.next_attempt_at = new Date().toISOString();
        await this.announce();
        return null;
      }
      case 'sync_discard': {
        const entry = this.entry(args.seq);
        // Giving up on a creation gives up on the customer's later changes too (as the store does).
        this.outbox =
          entry.operation === 'create' && entry.remote_id === null
            ? this.outbox.filter((e) => e.customer_id !== entry.customer_id)
            : this.outbox.filter((e) => e !== entry);
        await this.announce();
        return null;
      }
      case 'sync_conflicts':
        return [...this.conflicts];
      case 'sync_resolve': {
        const conflict = this.conflicts.find((c) => c.customer_id === args.customerId && c.field === args.field);
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
          if (this.conflicts.some((c) => c.customer_id === id)) mark = 'conflict';
          else if (this.outbox.some((e) => e.customer_id === id && e.state === 'refused')) mark = 'refused';
          else if (this.outbox.some((e) => e.customer_id === id)) mark = 'unsynced';
          if (mark) marks.push({ id, mark });
        }
        return marks;
      }
    }
    reject('internal', `command ${command} not found`);
  }
}
