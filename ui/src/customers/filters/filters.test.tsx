import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Customer, Page } from '../../api/types';
import { FakeBackend } from '../../fake/backend';
import { makeCustomer } from '../../fake/data';
import { renderApp } from '../../test/render';

/** Customers the filters tell apart: who owes, when they joined, what they use. */
function customers(): Customer[] {
  return [
    makeCustomer({ name: 'Wanjiru Kamau', balance: '1500.00', join_date: '2026-01-15T00:00:00Z', usage_percentage: 85, device_count: 3, created_at: '2026-03-04T08:00:00Z' }, 1),
    makeCustomer({ name: 'Otieno Odhiambo', balance: '-20.50', join_date: '2025-06-30T00:00:00Z', usage_percentage: 10, device_count: 1, created_at: '2026-03-03T08:00:00Z' }, 2),
    makeCustomer({ name: 'Achieng Auma', balance: '0.00', join_date: '2026-03-31T00:00:00Z', usage_percentage: 100, device_count: 5, created_at: '2026-03-02T08:00:00Z' }, 3),
    makeCustomer({ name: 'Kamau Wanyama', balance: '250.25', join_date: '2026-04-01T00:00:00Z', usage_percentage: 40, device_count: 2, created_at: '2026-03-01T08:00:00Z' }, 4),
  ];
}

function setup(backend = new FakeBackend({ customers: customers() })) {
  return renderApp(backend);
}

function names() {
  const table = screen.getByRole('table', { name: 'Customers' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.querySelector('.row-open')?.textContent ?? r.textContent);
}

async function listed(expected: string[]) {
  // The first list of a file also waits for the screen's modules to load: slow on a busy machine.
  await waitFor(() => expect(names()).toEqual(expected), { timeout: 5000 });
}

function panel() {
  return screen.getByRole('dialog', { name: 'Filters' });
}

function chipsGroup() {
  return screen.getByRole('group', { name: 'Filters in use' });
}

describe('advanced filters', () => {
  it('opens with F, applies a balance and a join date range, and shows each as a chip in words', async () => {
    const { user, backend } = setup();
    await listed(['Wanjiru Kamau', 'Otieno Odhiambo', 'Achieng Auma', 'Kamau Wanyama']);
    await user.keyboard('f');
    const dialog = await screen.findByRole('dialog', { name: 'Filters' });
    await user.click(within(dialog).getByRole('radio', { name: 'Owes' }));
    await user.type(within(dialog).getByLabelText('Joined from'), '01/01/2026');
    await user.type(within(dialog).getByLabelText('Joined to'), '31/03/2026');
    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));

    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Filters' })).toBeNull());
    await listed(['Wanjiru Kamau']);
    expect(backend.lastCall('list_customers')).toEqual({
      query: { page: 1, per_page: 20, sort_by: 'created_at', sort_order: 'desc', balance: 'owes', joined_from: '2026-01-01', joined_to: '2026-03-31' },
    });
    const chips = within(chipsGroup()).getAllByRole('listitem').map((li) => li.firstChild?.textContent);
    expect(chips).toEqual(['Owes', 'Joined 1 Jan 2026 – 31 Mar 2026']);
    expect(screen.getByRole('button', { name: /Filters: 2 in use/ })).toBeInTheDocument();
    expect(within(screen.getByRole('navigation', { name: 'Customer pages' })).getByText('1 customer')).toBeInTheDocument();
  });

  it('combines with the status, goes back to page 1, and keeps the panel in step', async () => {
    const many = Array.from({ length: 30 }, (_, i) => makeCustomer({ balance: i % 2 ? '10.00' : '0.00' }, 100 + i));
    const { user, backend } = setup(new FakeBackend({ customers: many }));
    const pager = await screen.findByRole('navigation', { name: 'Customer pages' });
    await user.click(within(pager).getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(within(pager).getByText('Page 2 of 2')).toBeInTheDocument());
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status filter' }), 'Active');
    await user.click(screen.getByRole('button', { name: 'Filters' }));
    await user.click(within(panel()).getByRole('radio', { name: 'Settled' }));
    await user.type(within(panel()).getByLabelText('Usage from (%)'), '0');
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(backend.lastCall('list_customers')).toMatchObject({ query: { page: 1, status: 'active', balance: 'settled', usage_min: 0 } }),
    );
    expect(within(chipsGroup()).getByText('Usage ≥ 0%')).toBeInTheDocument();
    await waitFor(() => expect(within(pager).getByText('15 customers')).toBeInTheDocument());
    // Opened again, the panel shows what is in force.
    await user.keyboard('f');
    expect(within(panel()).getByRole('radio', { name: 'Settled' })).toBeChecked();
    expect(within(panel()).getByLabelText('Usage from (%)')).toHaveValue('0');
  });

  it('leaves an f typed in the search box to the search', async () => {
    const { user } = setup();
    await listed(['Wanjiru Kamau', 'Otieno Odhiambo', 'Achieng Auma', 'Kamau Wanyama']);
    const search = screen.getByRole('searchbox', { name: 'Search customers' });
    await user.type(search, 'f');
    expect(search).toHaveValue('f');
    expect(screen.queryByRole('dialog', { name: 'Filters' })).toBeNull();
    await user.keyboard('{Control>}{Shift>}f{/Shift}{/Control}');
    expect(await screen.findByRole('dialog', { name: 'Filters' })).toBeInTheDocument();
  });

  it('removes one chip with its ×, then the rest with Clear all', async () => {
    const { user, backend } = setup();
    await listed(['Wanjiru Kamau', 'Otieno Odhiambo', 'Achieng Auma', 'Kamau Wanyama']);
    await user.keyboard('f');
    await user.click(within(panel()).getByRole('radio', { name: 'Owes' }));
    await user.type(within(panel()).getByLabelText('Usage from (%)'), '80');
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }));
    await listed(['Wanjiru Kamau']);

    await user.click(screen.getByRole('button', { name: 'Remove filter: Owes' }));
    await listed(['Wanjiru Kamau', 'Achieng Auma']);
    expect(backend.lastCall('list_customers')).not.toHaveProperty('query.balance');
    expect(screen.getByRole('button', { name: 'Remove filter: Usage ≥ 80%' })).toHaveFocus();

    await user.click(within(chipsGroup()).getByRole('button', { name: 'Clear all' }));
    await listed(['Wanjiru Kamau', 'Otieno Odhiambo', 'Achieng Auma', 'Kamau Wanyama']);
    expect(screen.queryByRole('group', { name: 'Filters in use' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Filters' })).toHaveFocus();
  });

  it('shows a refusal of the shell at the field it names and keeps the panel open', async () => {
    const { user } = setup();
    await listed(['Wanjiru Kamau', 'Otieno Odhiambo', 'Achieng Auma', 'Kamau Wanyama']);
    await user.keyboard('f');
    await user.type(within(panel()).getByLabelText('Balance from (KES)'), '500');
    await user.type(within(panel()).getByLabelText('Balance to (KES)'), '100');
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }));

    const to = within(panel()).getByLabelText('Balance to (KES)');
    await waitFor(() => expect(to).toHaveAttribute('aria-invalid', 'true'));
    expect(to).toHaveAccessibleDescription('Must not be before the balance from (500.00; got 100.00)');
    expect(to).toHaveFocus();
    expect(screen.queryByRole('group', { name: 'Filters in use' })).toBeNull();

    // A number that is not one is said before anything is asked.
    await user.clear(to);
    await user.type(within(panel()).getByLabelText('Devices to'), 'many');
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }));
    expect(within(panel()).getByLabelText('Devices to')).toHaveAccessibleDescription('Must be a whole number');

    await user.clear(within(panel()).getByLabelText('Devices to'));
    await user.click(within(panel()).getByRole('radio', { name: 'No payment in some days' }));
    const days = within(panel()).getByLabelText('Days without a payment');
    expect(days).toHaveValue('30');
    await user.clear(days);
    await user.type(days, '0');
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(days).toHaveAccessibleDescription('Must be from 1 to 3650 days'));
  });

  it('says "about" while the total is an estimate, then the exact count when it comes', async () => {
    const backend = new FakeBackend({ customers: customers() });
    const estimate = (query: { balance?: string }): Page<Customer> => ({
      items: backend.customers.slice(0, 2),
      total: 120_000,
      pages: 6000,
      current_page: 1,
      per_page: 20,
      exact: !query.balance,
    });
    backend.overrides.set('list_customers', (args) => estimate(args.query as { balance?: string }));
    let count: (n: number) => void = () => {};
    backend.overrides.set('count_customers', () => new Promise<number>((resolve) => (count = resolve)));
    const { user } = setup(backend);
    const pager = await screen.findByRole('navigation', { name: 'Customer pages' });
    await waitFor(() => expect(within(pager).getByText('120,000 customers')).toBeInTheDocument());
    expect(backend.callsOf('count_customers')).toHaveLength(0);

    await user.keyboard('f');
    await user.click(within(panel()).getByRole('radio', { name: 'Owes' }));
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(within(pager).getByText('about 120,000 customers')).toBeInTheDocument());
    expect(within(pager).getByText('Page 1 of about 6,000')).toBeInTheDocument();
    expect(within(pager).getByRole('button', { name: 'Last page' })).toBeDisabled();
    await waitFor(() => expect(backend.lastCall('count_customers')).toEqual({ query: { sort_by: 'created_at', sort_order: 'desc', balance: 'owes' } }));

    count(118_345);
    await waitFor(() => expect(within(pager).getByText('118,345 customers')).toBeInTheDocument());
    expect(within(pager).getByText('Page 1 of 5,918')).toBeInTheDocument();
    expect(within(pager).getByRole('button', { name: 'Last page' })).toBeEnabled();
  });

  it('says when nothing matches the filters and clears them on request', async () => {
    const { user } = setup();
    await listed(['Wanjiru Kamau', 'Otieno Odhiambo', 'Achieng Auma', 'Kamau Wanyama']);
    await user.keyboard('f');
    await user.type(within(panel()).getByLabelText('Package'), 'No such package');
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('No customers match these filters.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await listed(['Wanjiru Kamau', 'Otieno Odhiambo', 'Achieng Auma', 'Kamau Wanyama']);
  });
});

describe('saved views', () => {
  async function saveAs(user: ReturnType<typeof setup>['user'], name: string) {
    await user.click(screen.getByRole('button', { name: 'Views' }));
    const dialog = await screen.findByRole('dialog', { name: 'Saved views' });
    await user.type(within(dialog).getByLabelText('Save this list as'), `${name}{Enter}`);
    return dialog;
  }

  it('saves the list by name, then opens it again from Views', async () => {
    const { user, backend } = setup();
    await listed(['Wanjiru Kamau', 'Otieno Odhiambo', 'Achieng Auma', 'Kamau Wanyama']);
    await user.keyboard('f');
    await user.click(within(panel()).getByRole('radio', { name: 'Owes' }));
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }));
    await listed(['Wanjiru Kamau', 'Kamau Wanyama']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Sort: Balance');

    await user.click(within(chipsGroup()).getByRole('button', { name: 'Save view…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Saved views' });
    const name = within(dialog).getByLabelText('Save this list as');
    expect(name).toHaveFocus();
    expect(name).toHaveAccessibleDescription('Keeps: Owes · Sort: Balance, largest first');
    await user.type(name, 'Owing{Enter}');
    await waitFor(() => expect(backend.lastCall('save_view')).toEqual({ name: 'Owing', query: { balance: 'owes', sort_by: 'balance', sort_order: 'desc' } }));
    expect(await within(dialog).findByRole('button', { name: 'Owing' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));

    await user.click(within(chipsGroup()).getByRole('button', { name: 'Clear all' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Sort: Name');
    await listed(['Achieng Auma', 'Kamau Wanyama', 'Otieno Odhiambo', 'Wanjiru Kamau']);

    await user.click(screen.getByRole('button', { name: 'Views' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Saved views' })).getByRole('button', { name: 'Owing' }));
    await listed(['Wanjiru Kamau', 'Kamau Wanyama']);
    expect(within(chipsGroup()).getByText('Owing')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Sort by' })).toHaveValue('balance');
    expect(screen.getByRole('button', { name: 'Remove filter: Owes' })).toBeInTheDocument();
  });

  it('refuses a name another view has, then renames and deletes a view', async () => {
    const { user, backend } = setup();
    await listed(['Wanjiru Kamau', 'Otieno Odhiambo', 'Achieng Auma', 'Kamau Wanyama']);
    const dialog = await saveAs(user, 'Everyone');
    expect(await within(dialog).findByRole('button', { name: 'Everyone' })).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('Save this list as'), 'EVERYONE{Enter}');
    const name = within(dialog).getByLabelText('Save this list as');
    await waitFor(() => expect(name).toHaveAccessibleDescription('Name is already used by another saved view'));
    expect(name).toHaveAttribute('aria-invalid', 'true');

    await user.click(within(dialog).getByRole('button', { name: 'Rename Everyone' }));
    const rename = within(dialog).getByLabelText('New name for Everyone');
    await user.clear(rename);
    await user.type(rename, 'All customers{Enter}');
    expect(await within(dialog).findByRole('button', { name: 'All customers' })).toBeInTheDocument();
    expect(backend.lastCall('rename_view')).toEqual({ id: 1, name: 'All customers' });

    await user.click(within(dialog).getByRole('button', { name: 'Delete All customers' }));
    await user.click(within(dialog).getByRole('button', { name: 'Delete All customers' }));
    await waitFor(() => expect(within(dialog).queryByRole('button', { name: 'All customers' })).toBeNull());
    expect(backend.views.views).toEqual([]);
    expect(within(dialog).getByText(/None yet/)).toBeInTheDocument();
  });
});
