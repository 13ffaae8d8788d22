import { listen } from '@tauri-apps/api/event';
import { describe, expect, it } from 'vitest';
import { api } from '../api/commands';
import { SYNC_NOTICE } from '../api/events';
import type { CommandError, OutboxEntry } from '../api/types';
import { sampleCustomers } from '../test/render';
import { FakeBackend } from './backend';
import { holdOf } from './sync';

// The fake's sync answers are what the Sync screen's tests stand on: these check that it
// holds, refuses and words things as the store does (outbox::hold_of, retry_now, discard).

async function signedIn(setup?: (backend: FakeBackend) => void) {
  const backend = new FakeBackend({ customers: sampleCustomers() }).install();
  setup?.(backend);
  await api.syncSignIn('https://billing.example.co.ke', 'cashier@example.co.ke', 'pa55word');
  const byName = (name: string) => backend.customers.find((c) => c.name === name)!;
  return { backend, byName };
}

/** A customer central already has: only its deletion is sent (and can be refused). */
function centralHas(backend: FakeBackend, name: string) {
  backend.customers = backend.customers.map((c) => (c.name === name ? { ...c, central_id: 12 } : c));
}

const queue = async () => (await api.syncQueue(1, 100)).items;

function entry(seq: number, rest: Partial<OutboxEntry>): OutboxEntry {
  return {
    seq, customer_id: 'c1', customer_name: 'Wanjiru Kamau', central_id: 7, operation: 'update', changes: {}, state: 'pending',
    attempts: 0, next_attempt_at: '2026-11-25T09:00:00Z', last_error: null, created_at: '2026-11-25T09:00:00Z', waiting_for: null, aimed: null, ...rest,
  };
}

const change = (before: unknown, after: unknown) => ({ before: before as never, after: after as never });

describe('what holds a queued change back (as the store words it)', () => {
  it('names the earlier change, a refused creation, a refused change of the same field, or a conflict', () => {
    const mine = entry(3, { changes: { status: change('active', 'suspended'), balance: change('0.00', '10.00') } });
    const none = new Set<string>();
    // An earlier change still on its way: changes of one customer go in order.
    expect(holdOf(mine, [entry(1, { changes: { phone: change('a', 'b') } }), mine], none)).toBe("Goes as soon as this customer's earlier change has gone");
    // The customer's creation was refused: nothing can reach central before it.
    expect(holdOf(mine, [entry(1, { operation: 'create', state: 'refused' }), mine], none)).toBe(
      'Waits for this customer to reach central: its creation was refused (retry or discard that first)',
    );
    // A refused change of the same field holds it; one of other fields does not.
    expect(holdOf(mine, [entry(1, { state: 'refused', changes: { usage_percentage: change(1, 2), status: change('x', 'y') } }), mine], none)).toBe(
      'Waits for the refused earlier change of status: retry or discard that one first',
    );
    expect(holdOf(mine, [entry(1, { state: 'refused', changes: { phone: change('a', 'b') } }), mine], none)).toBeNull();
    // A conflict on every field it changes, or on the whole customer; with other fields it
    // goes (the push sends those and keeps the conflicted one).
    expect(holdOf(mine, [mine], new Set(['balance', 'status', 'last_payment_date']))).toBe(
      'Waits for you to settle the conflict on balance, status (Sync → Conflicts)',
    );
    expect(holdOf(mine, [mine], new Set(['balance']))).toBeNull();
    expect(holdOf(mine, [mine], new Set(['*']))).toMatch(/^Waits for you to decide: central deleted this customer/);
    expect(holdOf(mine, [mine], new Set(['phone']))).toBeNull();
  });
});

describe('the fake sync commands', () => {
  it('lists what a held change waits for, and refuses its retry with code conflict and those words', async () => {
    const { backend, byName } = await signedIn();
    const otieno = byName('Otieno Odhiambo');
    await api.setBalance(otieno.id, '10.00');
    backend.sync.conflicts.push({ customer_id: otieno.id, customer_name: otieno.name, field: 'balance', mine: '10.00', theirs: '20.00', found_at: '2026-11-25T09:00:00Z' });
    const [held] = await queue();
    const words = 'Waits for you to settle the conflict on balance (Sync → Conflicts)';
    expect(held!.waiting_for).toBe(words);

    const refusal = await api.syncRetry(held!.seq).catch((e: unknown) => e as CommandError);
    expect(refusal).toEqual({ code: 'clash', message: words, fields: [] });
    // A round leaves it where it is.
    await api.syncNow();
    expect((await queue()).map((e) => e.seq)).toEqual([held!.seq]);
  });

  it('sends the fields of a change that are not in conflict, and keeps the one that is, saying why', async () => {
    const { backend, byName } = await signedIn();
    const otieno = byName('Otieno Odhiambo');
    await api.updateCustomer(otieno.id, { phone: '0700 111 222', balance: '10.00' });
    backend.sync.conflicts.push({ customer_id: otieno.id, customer_name: otieno.name, field: 'balance', mine: '10.00', theirs: '20.00', found_at: '2026-11-25T09:00:00Z' });
    expect((await queue())[0]!.waiting_for).toBeNull();

    await api.syncNow();
    const [left] = await queue();
    expect(Object.keys(left!.changes)).toEqual(['balance']);
    expect(left!.last_error).toBe('Waits for you to settle the conflict on balance (Sync → Conflicts)');
    expect(left!.waiting_for).toBe(left!.last_error);
  });

  it('retries every refused change at once, and says how many', async () => {
    const { backend, byName } = await signedIn();
    await api.setStatus(byName('Wanjiru Kamau').id, 'suspended');
    await api.setStatus(byName('Achieng Auma').id, 'active');
    await api.setUsage(byName('Otieno Odhiambo').id, { usagePercentage: 5 });
    for (const e of backend.sync.outbox.slice(0, 2)) Object.assign(e, { state: 'refused', last_error: 'no' });

    await expect(api.syncRetryRefused()).resolves.toBe(2);
    expect(backend.sync.outbox.map((e) => [e.state, e.last_error])).toEqual([['pending', null], ['pending', null], ['pending', null]]);
    await expect(api.syncRetryRefused()).resolves.toBe(0);
  });

  it('discards every refused change; a discarded change puts the desk back at central’s value', async () => {
    const { backend, byName } = await signedIn();
    const wanjiru = byName('Wanjiru Kamau');
    await api.setStatus(wanjiru.id, 'suspended');
    await api.setBalance(byName('Achieng Auma').id, '50.00');
    backend.sync.outbox[0]!.state = 'refused';

    await expect(api.syncDiscardRefused()).resolves.toBe(1);
    expect(backend.sync.outbox.map((e) => e.customer_name)).toEqual(['Achieng Auma']);
    expect(byName('Wanjiru Kamau').status).toBe('active');
    await expect(api.syncDiscardRefused()).resolves.toBe(0);
  });

  it('brings a customer back when central refuses the deletion, marks it, and deletes it once central does', async () => {
    const { backend, byName } = await signedIn((b) => {
      b.sync.refuseDeletes = 'HTTP 500: Failed to delete customer';
      centralHas(b, 'Achieng Auma');
    });
    const achieng = byName('Achieng Auma');
    await api.deleteCustomer(achieng.id);
    await api.syncNow();

    expect(byName('Achieng Auma')).toMatchObject({ id: achieng.id, email: achieng.email });
    const [refused] = await queue();
    expect(refused).toMatchObject({ operation: 'delete', state: 'refused', waiting_for: null });
    expect(refused!.last_error).toMatch(/could not delete this customer .*HTTP 500.*back on this desk as central holds it/);
    expect(await api.syncMarks([achieng.id])).toEqual([{ id: achieng.id, mark: 'delete_refused' }]);

    backend.sync.refuseDeletes = null;
    await api.syncRetry(refused!.seq);
    await api.syncNow();
    expect(backend.customers.some((c) => c.id === achieng.id)).toBe(false);
    expect(await queue()).toEqual([]);
  });

  it('keeps the customer when a refused deletion is discarded', async () => {
    const { byName } = await signedIn((b) => {
      b.sync.refuseDeletes = 'HTTP 500';
      centralHas(b, 'Achieng Auma');
    });
    const achieng = byName('Achieng Auma');
    await api.deleteCustomer(achieng.id);
    await api.syncNow();
    await expect(api.syncDiscardRefused()).resolves.toBe(1);
    await api.syncNow();
    expect(byName('Achieng Auma').id).toBe(achieng.id);
    expect(await api.syncMarks([achieng.id])).toEqual([]);
  });

  it('takes central’s package for a customer it has, and tells the user once', async () => {
    const { byName } = await signedIn((b) => {
      b.customers = b.customers.map((c) => (c.name === 'Achieng Auma' ? { ...c, central_id: 12, package: 'Basic WiFi' } : c));
    });
    const notices: string[] = [];
    await listen<string>(SYNC_NOTICE, (e) => notices.push(e.payload));
    await api.updateCustomer(byName('Achieng Auma').id, { package: 'Fibre 50' });
    await api.syncNow();
    expect(byName('Achieng Auma').package).toBe('Basic WiFi');
    expect(notices).toEqual([
      'Achieng Auma\'s package stays "Basic WiFi": the central system cannot change the package of a customer it already has, so "Fibre 50" was not applied. Change it on central if needed.',
    ]);
  });

  it('sends a package set before the first sync with the creation, and takes central’s join date', async () => {
    const { backend, byName } = await signedIn();
    const created = await api.createCustomer({ name: 'Chebet Koech', email: 'chebet@example.co.ke', phone: '0711 000 111', join_date: '2020-01-01' });
    await api.updateCustomer(created.id, { package: 'Fibre 50' });
    const before = Date.now();
    await api.syncNow();
    expect(byName('Chebet Koech')).toMatchObject({ package: 'Fibre 50', central_id: expect.any(Number) });
    // Central's create sets the join date itself; the desk takes it.
    expect(new Date(byName('Chebet Koech').join_date).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(backend.sync.outbox).toEqual([]);
  });
});
