import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../fake/backend';
import { renderApp, sampleCustomers } from '../test/render';
import { formatAgo, needsYou, syncState } from './format';

const statusArea = () => screen.getByRole('region', { name: 'Sync status' });

async function ready(setup?: (backend: FakeBackend) => void) {
  const backend = new FakeBackend({ customers: sampleCustomers() });
  setup?.(backend);
  const app = renderApp(backend);
  await within(await screen.findByRole('table', { name: 'Customers' })).findByText('Wanjiru Kamau');
  return app;
}

async function openSyncScreen(user: ReturnType<typeof renderApp>['user']) {
  await user.click(within(statusArea()).getByRole('button', { name: 'Sync details' }));
  return screen.findByRole('main', { name: 'Sync' });
}

describe('the sync status area', () => {
  it('says sync is off until someone signs in, and offers to sign in', async () => {
    await ready();
    const area = statusArea();
    expect(await within(area).findByText('Not signed in')).toBeInTheDocument();
    expect(within(area).getByRole('button', { name: 'Sign in to sync' })).toBeInTheDocument();
    // Nothing to sync with: no "Sync now", no "last synced".
    expect(within(area).queryByRole('button', { name: 'Sync now' })).toBeNull();
    expect(within(area).queryByText(/Last synced/)).toBeNull();
  });

  it('follows the shell’s status events: online with counts, offline with the error, paused with the reason', async () => {
    const { backend } = await ready((b) => {
      b.sync.samples();
      b.sync.outbox = b.sync.outbox.filter((e) => e.state !== 'refused');
      b.sync.conflicts = [];
    });
    const area = statusArea();
    expect(await within(area).findByText('Online')).toBeInTheDocument();
    expect(area).toHaveTextContent('1 change to send');
    expect(within(area).getByText('2 min ago').closest('[title]')).toHaveAttribute('title', expect.stringMatching(/^Last synced /));

    backend.sync.online = false;
    backend.sync.lastError = 'Could not reach the central system: connection refused';
    await act(() => backend.sync.announce());
    expect(await within(area).findByText('Offline')).toBeInTheDocument();
    expect(within(area).getByText('Could not reach the central system: connection refused')).toBeInTheDocument();

    backend.sync.paused = 'Your subscription has expired.';
    await act(() => backend.sync.announce());
    expect(await within(area).findByText('Sync paused')).toBeInTheDocument();
    expect(within(area).getByText('Your subscription has expired.')).toBeInTheDocument();
  });

  it('never reads as all well while changes are refused or in conflict: it says what needs you, and opens Sync', async () => {
    const { user, backend } = await ready((b) => b.sync.samples());
    const area = statusArea();
    const needs = await within(area).findByRole('button', { name: 'Needs you: 1 refused · 2 conflicts' });
    expect(needs).toHaveClass('sync-attention');
    // The calm words are gone: no green "Online", no "All changes sent".
    expect(within(area).queryByText('Online')).toBeNull();
    expect(area).not.toHaveTextContent('All changes sent');
    expect(area).toHaveTextContent('1 change to send');

    // From the keyboard: it is a button.
    needs.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('main', { name: 'Sync' })).toBeInTheDocument();

    // A state that is not fine still shows beside it.
    backend.sync.online = false;
    await act(() => backend.sync.announce());
    expect(await within(area).findByText('Offline')).toBeInTheDocument();
    expect(within(area).getByRole('button', { name: 'Needs you: 1 refused · 2 conflicts' })).toBeInTheDocument();

    // Settled: back to the calm state.
    backend.sync.online = true;
    backend.sync.outbox = [];
    backend.sync.conflicts = [];
    await act(() => backend.sync.announce());
    expect(await within(area).findByText('Online')).toBeInTheDocument();
    expect(within(area).queryByRole('button', { name: /Needs you/ })).toBeNull();
    expect(area).toHaveTextContent('All changes sent');
  });

  it('runs a round with "Sync now", disabled while it runs, and refreshes the list after it', async () => {
    const { user, backend } = await ready((b) => b.sync.samples());
    const button = await within(statusArea()).findByRole('button', { name: 'Sync now' });
    const lists = backend.callsOf('list_customers').length;
    await user.click(button);
    await waitFor(() => expect(backend.callsOf('sync_now')).toHaveLength(1));
    await waitFor(() => expect(button).toBeEnabled());
    expect(within(statusArea()).getByText('just now')).toBeInTheDocument();
    // A pull may have changed customers: the list is asked again.
    await waitFor(() => expect(backend.callsOf('list_customers').length).toBeGreaterThan(lists));
  });

  it('asks to sign in again when the session ended, with the remembered email filled in', async () => {
    const { user } = await ready((b) => {
      b.sync.samples();
      b.sync.signedIn = false;
      b.sync.needsSignIn = true;
    });
    expect(await within(statusArea()).findByText('Sign-in expired')).toBeInTheDocument();
    await user.click(within(statusArea()).getByRole('button', { name: 'Sign in again' }));
    const dialog = screen.getByRole('dialog', { name: 'Sync settings' });
    expect(within(dialog).getByLabelText('Email')).toHaveValue('cashier@example.co.ke');
    expect(within(dialog).getByLabelText('Central address')).toHaveValue('https://billing.example.co.ke');
    expect(within(dialog).getByLabelText('Password')).toHaveFocus();
  });

  it('words the state and the time since the last sync', () => {
    const base = {
      account: null, signed_in: true, needs_sign_in: false, online: true, syncing: false, pending: 0, refused: 0,
      conflicts: 0, rejected: 0, last_success_at: null, last_error: null, paused: null, related_lists: null,
    };
    expect(syncState(base).label).toBe('Online');
    expect(syncState({ ...base, syncing: true }).label).toBe('Syncing…');
    expect(syncState({ ...base, online: null }).label).toBe('Connecting…');
    expect(syncState({ ...base, paused: 'unpaid', syncing: true }).kind).toBe('paused');
    expect(syncState({ ...base, signed_in: false, needs_sign_in: true }).kind).toBe('needs_sign_in');
    expect(needsYou(base)).toBeNull();
    expect(needsYou({ ...base, refused: 2, conflicts: 1 })).toEqual({ lead: 'Needs you:', what: '2 refused · 1 conflict' });
    expect(needsYou({ ...base, conflicts: 3 })).toEqual({ lead: 'Needs you:', what: '3 conflicts' });
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    expect(formatAgo(new Date(now - 20_000).toISOString(), now)).toBe('just now');
    expect(formatAgo(new Date(now - 2 * 60_000).toISOString(), now)).toBe('2 min ago');
    expect(formatAgo(new Date(now - 3 * 3_600_000).toISOString(), now)).toBe('3 h ago');
  });
});

describe('signing in', () => {
  it('shows a refused address at the field, then signs in, and never writes the password to web storage', async () => {
    localStorage.clear();
    sessionStorage.clear();
    const { user, backend } = await ready();
    await user.click(within(statusArea()).getByRole('button', { name: 'Sign in to sync' }));
    const dialog = screen.getByRole('dialog', { name: 'Sync settings' });
    expect(dialog).toHaveTextContent('Sync is optional');
    const server = within(dialog).getByLabelText('Central address');
    expect(server).toHaveFocus();
    expect(server).toHaveAttribute('placeholder', 'https://billing.example.co.ke');
    const password = within(dialog).getByLabelText('Password');
    expect(password).toHaveAttribute('type', 'password');

    await user.type(server, 'http://billing.example.co.ke');
    await user.type(within(dialog).getByLabelText('Email'), 'cashier@example.co.ke');
    await user.type(password, 'pa55word{Enter}');

    await waitFor(() => expect(server).toHaveAttribute('aria-invalid', 'true'));
    expect(document.getElementById('central_url-error')).toHaveTextContent('Central address must start with https://');
    expect(server).toHaveAttribute('aria-describedby', expect.stringContaining('central_url-error'));
    expect(server).toHaveFocus();
    // The password went with the attempt and is gone from the form.
    expect(password).toHaveValue('');
    expect(backend.lastCall('sync_sign_in')).toEqual({ centralUrl: 'http://billing.example.co.ke', email: 'cashier@example.co.ke', password: 'pa55word' });

    await user.clear(server);
    await user.type(server, 'https://billing.example.co.ke');
    await user.type(password, 'pa55word{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await within(statusArea()).findByRole('button', { name: 'Sync now' })).toBeInTheDocument();

    // Nothing about the sign-in is kept in the window's storage (only the theme, for the first frame).
    const kept = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i));
    expect(kept.filter((k) => k !== 'infora.theme')).toEqual([]);
    expect(localStorage.getItem('infora.theme')).toBe('system');
    expect(sessionStorage.length).toBe(0);
    expect(document.body.innerHTML).not.toContain('pa55word');
  });

  it('says so when the email or password is wrong, and puts the cursor back in the password', async () => {
    const { user } = await ready();
    await user.click(within(statusArea()).getByRole('button', { name: 'Sign in to sync' }));
    const dialog = screen.getByRole('dialog', { name: 'Sync settings' });
    await user.type(within(dialog).getByLabelText('Central address'), 'https://billing.example.co.ke');
    await user.type(within(dialog).getByLabelText('Email'), 'cashier@example.co.ke');
    await user.type(within(dialog).getByLabelText('Password'), 'wrong{Enter}');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('did not accept this email and password');
    expect(within(dialog).getByLabelText('Password')).toHaveFocus();
  });

  it('signs out from the account dialog', async () => {
    const { user, backend } = await ready((b) => b.sync.samples());
    const main = await openSyncScreen(user);
    await user.click(within(main).getByRole('button', { name: 'Sync account' }));
    const dialog = screen.getByRole('dialog', { name: 'Sync settings' });
    expect(dialog).toHaveTextContent('cashier@example.co.ke');
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(backend.callsOf('sync_sign_out')).toHaveLength(1));
    expect(await within(statusArea()).findByText('Not signed in')).toBeInTheDocument();
    // The status event says "signed out" before the command answers (as the shell does): the
    // dialog still closes, and says so, instead of turning into a sign-in form.
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Sync settings' })).toBeNull());
    expect(await screen.findByText(/Signed out of the central system/)).toBeInTheDocument();
  });
});

describe('the Sync screen', () => {
  it('opens with S and closes with Esc', async () => {
    const { user } = await ready();
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('s');
    expect(await screen.findByRole('main', { name: 'Sync' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('main', { name: 'Sync' })).toBeNull());
    expect(screen.getByRole('table', { name: 'Customers' })).toBeInTheDocument();
    await user.keyboard('{Control>}{Shift>}s{/Shift}{/Control}');
    expect(await screen.findByRole('main', { name: 'Sync' })).toBeInTheDocument();
  });

  it('lists the queue with each change, and retries one', async () => {
    const { user, backend } = await ready((b) => b.sync.samples());
    const main = await openSyncScreen(user);
    const queue = await within(main).findByRole('list', { name: 'Changes waiting to be sent' });
    const refused = within(queue).getByText('Wanjiru Kamau').closest('li')!;
    expect(refused).toHaveTextContent('refused');
    expect(refused).toHaveTextContent('Home 10 Mbps');
    expect(refused).toHaveTextContent('Gold 50');
    expect(refused).toHaveTextContent('Refused: The central system refused the change: package "Gold 50" does not exist');
    const waiting = within(queue).getByText('Otieno Odhiambo').closest('li')!;
    expect(waiting).toHaveTextContent('3 attempts');
    expect(waiting).toHaveTextContent('KES 99,999,999.99');

    const seq = backend.sync.outbox.find((e) => e.customer_name === 'Wanjiru Kamau')!.seq;
    await user.click(within(main).getByRole('button', { name: 'Retry change to Wanjiru Kamau' }));
    await waitFor(() => expect(backend.lastCall('sync_retry')).toEqual({ seq }));
    await waitFor(() => expect(within(refused).getByText('waiting')).toBeInTheDocument());
  });

  it('discards a change only after confirming', async () => {
    const { user, backend } = await ready((b) => b.sync.samples());
    const main = await openSyncScreen(user);
    await within(main).findByRole('list', { name: 'Changes waiting to be sent' });
    await user.click(within(main).getByRole('button', { name: 'Discard change to Otieno Odhiambo' }));
    const confirm = screen.getByRole('dialog', { name: 'Discard change' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(backend.callsOf('sync_discard')).toHaveLength(0);

    await user.click(within(main).getByRole('button', { name: 'Discard change to Otieno Odhiambo' }));
    const seq = backend.sync.outbox.find((e) => e.customer_name === 'Otieno Odhiambo')!.seq;
    await user.click(within(screen.getByRole('dialog', { name: 'Discard change' })).getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(backend.callsOf('sync_discard')).toEqual([{ seq }]));
    await waitFor(() => expect(within(main).queryByRole('button', { name: 'Discard change to Otieno Odhiambo' })).toBeNull());
  });

  it('says what a held change waits for, and why Retry cannot send it yet', async () => {
    const { user, backend } = await ready((b) => b.sync.samples());
    const main = await openSyncScreen(user);
    const queue = await within(main).findByRole('list', { name: 'Changes waiting to be sent' });
    // Otieno's change is of the balance, which is in conflict: written out, not only on hover.
    const held = within(queue).getByText('Otieno Odhiambo').closest('li')!;
    const words = 'Waits for you to settle the conflict on balance (Sync → Conflicts)';
    expect(within(held).getByText(words)).toBeVisible();
    expect(held).toHaveTextContent('Last try: Could not reach the central system: connection timed out');

    await user.click(within(held).getByRole('button', { name: 'Retry change to Otieno Odhiambo' }));
    // Refused by the shell (code conflict): the toast gives its reason, never silence.
    expect(await screen.findByRole('alert')).toHaveTextContent(`The change to Otieno Odhiambo can’t go yet. ${words}.`);
    expect(backend.callsOf('sync_retry')).toHaveLength(1);
    expect(within(held).getByText('waiting')).toBeInTheDocument();
  });

  it('retries every refused change from the keyboard, and says how many', async () => {
    const { user, backend } = await ready((b) => {
      b.sync.samples();
      const first = b.sync.outbox[0]!;
      b.sync.outbox.push({ ...first, seq: 99, customer_name: 'Achieng Auma', customer_id: b.customers[2]!.id, changes: { phone: { before: '+254733000222', after: '+254733999000' } } });
    });
    const main = await openSyncScreen(user);
    const bulk = await within(main).findByRole('group', { name: 'Refused changes' });
    expect(bulk).toHaveTextContent('2 refused changes');
    within(bulk).getByRole('button', { name: 'Retry all refused' }).focus();
    await user.keyboard('{Enter}');

    await waitFor(() => expect(backend.callsOf('sync_retry_refused')).toEqual([{}]));
    expect(await within(screen.getByRole('status')).findByText('2 refused changes will be sent at the next sync.')).toBeInTheDocument();
    // Nothing refused any more: the buttons go.
    await waitFor(() => expect(within(main).queryByRole('group', { name: 'Refused changes' })).toBeNull());
  });

  it('discards every refused change only after confirming, and says how many', async () => {
    const { user, backend } = await ready((b) => b.sync.samples());
    const main = await openSyncScreen(user);
    const bulk = await within(main).findByRole('group', { name: 'Refused changes' });
    await user.click(within(bulk).getByRole('button', { name: 'Discard all refused' }));
    const confirm = screen.getByRole('dialog', { name: 'Discard all refused' });
    expect(confirm).toHaveTextContent('Discard 1 refused change?');
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(backend.callsOf('sync_discard_refused')).toHaveLength(0);

    await user.click(within(bulk).getByRole('button', { name: 'Discard all refused' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Discard all refused' })).getByRole('button', { name: 'Discard all' }));
    await waitFor(() => expect(backend.callsOf('sync_discard_refused')).toEqual([{}]));
    expect(await within(screen.getByRole('status')).findByText('Discarded 1 refused change.')).toBeInTheDocument();
    await waitFor(() => expect(within(main).queryByRole('button', { name: 'Retry change to Wanjiru Kamau' })).toBeNull());
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('offers no bulk buttons while nothing is refused', async () => {
    const { user } = await ready();
    const table = screen.getByRole('table', { name: 'Customers' });
    await user.click(within(table).getByRole('button', { name: 'Suspend Wanjiru Kamau' }));
    const main = await openSyncScreen(user);
    await within(main).findByRole('list', { name: 'Changes waiting to be sent' });
    expect(within(main).queryByRole('button', { name: 'Retry all refused' })).toBeNull();
    expect(within(main).queryByRole('button', { name: 'Discard all refused' })).toBeNull();
  });

  it('shows both values of a conflict and sends the choice', async () => {
    const { user, backend } = await ready((b) => {
      b.sync.samples();
      const achieng = b.customers.find((c) => c.name === 'Achieng Auma')!;
      b.sync.conflicts.push({ customer_id: achieng.id, customer_name: achieng.name, field: '*', mine: 'changed on this device', theirs: 'deleted on the central system', found_at: '2026-11-25T08:00:00Z' });
    });
    const main = await openSyncScreen(user);
    await user.click(within(main).getByRole('tab', { name: 'Conflicts' }));
    const balance = await within(main).findByRole('group', { name: 'Conflict: Otieno Odhiambo, Balance' });
    expect(balance).toHaveTextContent('Yours (this desk)KES 99,999,999.99');
    expect(balance).toHaveTextContent('CentralKES 3,000.00');

    await user.click(within(balance).getByRole('button', { name: 'Take theirs for Otieno Odhiambo, Balance' }));
    const otieno = backend.customers.find((c) => c.name === 'Otieno Odhiambo')!;
    await waitFor(() => expect(backend.lastCall('sync_resolve')).toEqual({ customerId: otieno.id, field: 'balance', resolution: 'take_theirs' }));

    const deleted = within(main).getByRole('group', { name: 'Conflict: Achieng Auma' });
    expect(deleted).toHaveTextContent('Deleted on the central system while you changed it here');
    expect(within(deleted).getByRole('button', { name: 'Take theirs (delete here) for Achieng Auma' })).toBeInTheDocument();
    await user.click(within(deleted).getByRole('button', { name: 'Keep mine (create it again) for Achieng Auma' }));
    await waitFor(() => expect(backend.lastCall('sync_resolve')).toEqual({ customerId: expect.any(String), resolution: 'keep_mine' }));
    // Settled conflicts leave the list.
    await waitFor(() => expect(within(main).queryByRole('group', { name: 'Conflict: Achieng Auma' })).toBeNull());
  });

  it('asks a person about a payment whose answer was lost, showing central’s balances, and sends the answer', async () => {
    const { user, backend } = await ready((b) => {
      b.sync.samples();
      const achieng = b.customers.find((c) => c.name === 'Achieng Auma')!;
      b.sync.conflicts.push({
        customer_id: achieng.id,
        customer_name: achieng.name,
        field: '*balance',
        mine: { seq: 9, change: '-100.00', read: '1000.00', aimed: '900.00' },
        theirs: '700.00',
        found_at: '2026-11-25T08:00:00Z',
      });
    });
    const main = await openSyncScreen(user);
    await user.click(within(main).getByRole('tab', { name: 'Conflicts' }));
    const lost = await within(main).findByRole('group', { name: 'Conflict: Achieng Auma, payment of KES 100.00' });
    expect(lost).toHaveTextContent('Payment not confirmed');
    expect(lost).toHaveTextContent('KES 1,000.00 → KES 900.00');
    expect(lost).toHaveTextContent('Central nowKES 700.00');
    await user.click(within(lost).getByRole('button', { name: 'Central has it: Achieng Auma, payment of KES 100.00' }));
    const achieng = backend.customers.find((c) => c.name === 'Achieng Auma')!;
    await waitFor(() => expect(backend.lastCall('sync_settle_lost_answer')).toEqual({ customerId: achieng.id, centralHasIt: true }));
    await waitFor(() => expect(within(main).queryByRole('group', { name: 'Conflict: Achieng Auma, payment of KES 100.00' })).toBeNull());
  });

  it('shows both join dates of a conflict in local time, with the time when the dates read the same', async () => {
    const { user } = await ready((b) => {
      b.sync.samples();
      const achieng = b.customers.find((c) => c.name === 'Achieng Auma')!;
      b.sync.conflicts = [
        { customer_id: achieng.id, customer_name: achieng.name, field: 'join_date', mine: '2026-11-25T06:00:00Z', theirs: '2026-11-25T11:47:05Z', found_at: '2026-11-25T12:00:00Z' },
      ];
    });
    const main = await openSyncScreen(user);
    await user.click(within(main).getByRole('tab', { name: 'Conflicts' }));
    const conflict = await within(main).findByRole('group', { name: 'Conflict: Achieng Auma, Join date' });
    const [mine, theirs] = [...conflict.querySelectorAll('.conflict-value')].map((v) => v.textContent);
    // Same day in Nairobi (09:00 and 14:47): the two sides differ visibly, by their time.
    expect(mine).not.toBe(theirs);
    expect(mine).toMatch(/2026.*9:00/);
    expect(theirs).toMatch(/2026.*(14|2):47/);
  });

  it('says nothing came from central yet before anyone signed in, instead of vouching for its records', async () => {
    const { user } = await ready();
    const main = await openSyncScreen(user);
    await user.click(within(main).getByRole('tab', { name: 'Records from central' }));
    expect(await within(main).findByText(/Nothing has come from the central system yet/)).toBeInTheDocument();
    expect(within(main).queryByText(/fits this desk/)).toBeNull();
  });

  it('lists the records from central kept aside, with each problem', async () => {
    const { user } = await ready((b) => b.sync.samples());
    const main = await openSyncScreen(user);
    await user.click(within(main).getByRole('tab', { name: 'Records from central' }));
    const problems = await within(main).findByRole('list', { name: 'Problems with central #4711' });
    expect(within(main).getByText('Kamau Njoroge')).toBeInTheDocument();
    expect(within(main).getByText('kamau@@example')).toBeInTheDocument();
    expect(problems).toHaveTextContent('Email is not a valid email address');
    expect(problems).toHaveTextContent('12.345 has more than 2 decimal places');
  });
});

describe('sync badges', () => {
  it('marks the rows with changes not synced, refused or in conflict, in one call for the page', async () => {
    const { backend } = await ready((b) => {
      b.sync.samples();
      b.sync.conflicts = b.sync.conflicts.filter((c) => c.customer_name !== 'Achieng Auma');
    });
    const table = screen.getByRole('table', { name: 'Customers' });
    const row = (name: string) => within(table).getByText(name).closest('tr')!;
    await waitFor(() => expect(within(row('Wanjiru Kamau')).getByText('refused')).toBeInTheDocument());
    expect(within(row('Otieno Odhiambo')).getByText('conflict')).toBeInTheDocument();
    expect(within(row('Achieng Auma')).queryByText(/refused|conflict|not synced/)).toBeNull();
    expect(backend.callsOf('sync_marks')).toHaveLength(1);
    expect((backend.lastCall('sync_marks')!.ids as string[]).sort()).toEqual(backend.customers.map((c) => c.id).sort());
  });

  it('marks a customer whose deletion central refused, in the row and on their page, with a note that says so', async () => {
    const { user } = await ready((b) => {
      b.sync.refuseDeletes = 'HTTP 500: Failed to delete customer';
      b.sync.signedIn = true;
      b.sync.online = true;
      // Central has her: a customer it never had is deleted here with nothing to send.
      b.customers = b.customers.map((c) => (c.name === 'Achieng Auma' ? { ...c, central_id: 12 } : c));
    });
    // Deleted here; the round that follows finds central refusing it.
    await user.click(within(screen.getByRole('table', { name: 'Customers' })).getByRole('button', { name: 'Achieng Auma' }));
    let detail = await screen.findByRole('region', { name: 'Customer details' });
    await user.click(await within(detail).findByRole('button', { name: 'Delete customer' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Delete customer' })).getByRole('button', { name: 'Delete' }));
    const table = await screen.findByRole('table', { name: 'Customers' });
    await waitFor(() => expect(within(table).queryByText('Achieng Auma')).toBeNull());
    await user.click(within(statusArea()).getByRole('button', { name: 'Sync now' }));

    const explained = 'Central could not delete this customer; it is back as central holds it. See Sync.';
    const row = (await within(table).findByText('Achieng Auma')).closest('tr')!;
    const badge = await within(row).findByText('Deletion refused');
    expect(badge).toHaveAttribute('title', explained);

    await user.click(within(row).getByRole('button', { name: 'Achieng Auma' }));
    detail = await screen.findByRole('region', { name: 'Customer details' });
    expect(await within(detail).findByText('Deletion refused')).toHaveAttribute('title', explained);
    expect(within(detail).getByRole('note')).toHaveTextContent(explained);
    await user.click(within(detail).getByRole('button', { name: 'See Sync.' }));
    const main = await screen.findByRole('main', { name: 'Sync' });
    const queue = await within(main).findByRole('list', { name: 'Changes waiting to be sent' });
    const refused = within(queue).getByText('Achieng Auma').closest('li')!;
    expect(refused).toHaveTextContent('back on this desk as central holds it');

    // Discarding the refused deletion keeps the customer, and says so before.
    await user.click(within(refused).getByRole('button', { name: 'Discard change to Achieng Auma' }));
    const confirm = screen.getByRole('dialog', { name: 'Discard change' });
    expect(confirm).toHaveTextContent('Discard the deletion of Achieng Auma?');
    expect(confirm).toHaveTextContent('Achieng Auma stays on this desk, as central holds them.');
    await user.click(within(confirm).getByRole('button', { name: 'Discard' }));
    expect(await within(screen.getByRole('status')).findByText('Discarded the deletion: Achieng Auma stays.')).toBeInTheDocument();
  });

  it('marks a customer changed here as not synced, in the list and the detail', async () => {
    const { user, backend } = await ready();
    const table = screen.getByRole('table', { name: 'Customers' });
    await user.click(within(table).getByRole('button', { name: 'Suspend Wanjiru Kamau' }));
    const row = () => within(table).getByText('Wanjiru Kamau').closest('tr')!;
    await waitFor(() => expect(within(row()).getByText('not synced')).toBeInTheDocument());
    expect(backend.sync.outbox).toHaveLength(1);

    await user.click(within(table).getByRole('button', { name: 'Wanjiru Kamau' }));
    const detail = await screen.findByRole('region', { name: 'Customer details' });
    expect(await within(detail).findByText('not synced')).toBeInTheDocument();
  });
});

describe('a customer opened while signed in', () => {
  it('asks the central system for their records, and refreshes the tabs when something came', async () => {
    const { user, backend } = await ready((b) => {
      b.sync.recordsFromCentral = true;
      b.sync.signedIn = true;
      // Central is asked about a customer it has.
      b.customers = b.customers.map((c) => (c.name === 'Wanjiru Kamau' ? { ...c, central_id: 7 } : c));
    });
    const table = screen.getByRole('table', { name: 'Customers' });
    await user.click(within(table).getByText('Wanjiru Kamau'));
    await screen.findByRole('region', { name: 'Customer details' });
    await waitFor(() => expect(backend.callsOf('sync_customer_records')).toHaveLength(1));
    const id = backend.callsOf('sync_customer_records')[0]?.id;
    expect(typeof id).toBe('string');
    await waitFor(() =>
      expect(backend.callsOf('list_customer_invoices').filter((c) => c.id === id).length).toBeGreaterThanOrEqual(2),
    );
  });
});
