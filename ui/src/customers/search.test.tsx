import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Profiler } from 'react';
import { describe, expect, it } from 'vitest';
import type { CustomerQueryInput } from '../api/types';
import { FakeBackend } from '../fake/backend';
import { Root } from '../Root';
import { createQueryClient } from '../queries/client';
import { sampleCustomers } from '../test/render';
import { termToAsk } from './search';

describe('when a typed term is asked of the store', () => {
  it('asks at once when nothing is in flight, whatever its length', () => {
    expect(termToAsk('wan', 'wa', false)).toBe('wan');
    expect(termToAsk('w', '', false)).toBe('w');
    expect(termToAsk('wa', 'w', false)).toBe('wa');
    expect(termToAsk('', 'wanjiru', false)).toBe(''); // clearing the box lists everyone at once
  });

  it('holds newer keystrokes while a search is in flight, and sends the newest when it returns', () => {
    expect(termToAsk('wanj', 'wan', true)).toBe('wan');
    expect(termToAsk('wanjiru', 'wan', true)).toBe('wan');
    expect(termToAsk('wanjiru', 'wan', false)).toBe('wanjiru');
  });
});

/** A backend whose list answers wait until the test lets them go. */
function slowBackend() {
  const backend = new FakeBackend({ customers: sampleCustomers() });
  const waiting: Array<() => void> = [];
  backend.overrides.set(
    'list_customers',
    (args) =>
      new Promise((resolve) => waiting.push(() => resolve(backend['list'](args.query as CustomerQueryInput)))),
  );
  const searched = () => backend.callsOf('list_customers').map((c) => (c.query as CustomerQueryInput).search ?? '');
  const answer = async () => {
    await waitFor(() => expect(waiting.length).toBeGreaterThan(0));
    await act(async () => waiting.splice(0).forEach((go) => go()));
  };
  return { backend, searched, answer, waiting };
}

function renderWith(backend: FakeBackend, onCommit?: () => void) {
  backend.install();
  const user = userEvent.setup();
  const app = <Root client={createQueryClient()} />;
  render(onCommit ? <Profiler id="app" onRender={onCommit}>{app}</Profiler> : app);
  return user;
}

const table = () => screen.getByRole('table', { name: 'Customers' });

describe('search as you type', () => {
  it('sends one search at a time: keystrokes made meanwhile go as one, the newest', async () => {
    const { backend, searched, answer, waiting } = slowBackend();
    const user = renderWith(backend);
    await answer(); // the first page
    await waitFor(() => expect(within(table()).getByText('Otieno Odhiambo')).toBeInTheDocument());

    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'otieno');
    // "o" went at once; "ot" … "otieno" were typed while it was in flight.
    expect(searched()).toEqual(['', 'o']);
    expect(table()).toHaveAttribute('aria-busy', 'true');
    await answer();
    await waitFor(() => expect(searched()).toEqual(['', 'o', 'otieno']));
    expect(table()).toHaveAttribute('aria-busy', 'true'); // "o"'s rows are not what is typed
    await answer();
    await waitFor(() => expect(table()).toHaveAttribute('aria-busy', 'false'));
    expect(within(table()).getAllByRole('row')).toHaveLength(2);
    expect(waiting).toHaveLength(0);
  });

  it('searches a one- or two-character term at once, and opens the first match on Enter', async () => {
    const backend = new FakeBackend({ customers: sampleCustomers() });
    const user = renderWith(backend);
    await waitFor(() => expect(within(table()).getByText('Otieno Odhiambo')).toBeInTheDocument());
    const search = screen.getByRole('searchbox', { name: 'Search customers' });
    const searched = () => backend.callsOf('list_customers').map((c) => (c.query as CustomerQueryInput).search);

    await user.type(search, 'ac');
    await waitFor(() => expect(searched()).toContain('ac'), { timeout: 200 });
    await waitFor(() => expect(within(table()).getAllByRole('row')).toHaveLength(2));
    expect(table()).toHaveAttribute('aria-busy', 'false');

    await user.clear(search);
    await user.type(search, 'ot{Enter}');
    const detail = await screen.findByRole('region', { name: 'Customer details' }, { timeout: 200 });
    expect(await within(detail).findByRole('heading', { name: 'Otieno Odhiambo' })).toBeInTheDocument();
  });

  it('commits twice per searched keystroke: the keystroke, then the answer', async () => {
    const { backend, answer } = slowBackend();
    let commits = 0;
    const user = renderWith(backend, () => commits++);
    await answer();
    await waitFor(() => expect(within(table()).getByText('Otieno Odhiambo')).toBeInTheDocument());
    const search = screen.getByRole('searchbox', { name: 'Search customers' });
    await user.type(search, 'oti');
    await answer(); // "o", sent at the first keystroke
    await answer(); // "oti", typed meanwhile
    await waitFor(() => expect(table()).toHaveAttribute('aria-busy', 'false'));

    commits = 0;
    await user.type(search, 'e');
    await answer();
    await waitFor(() => expect(table()).toHaveAttribute('aria-busy', 'false'));
    expect(within(table()).getByText('Otieno Odhiambo')).toBeInTheDocument();
    expect(commits).toBe(2);
  });
});
