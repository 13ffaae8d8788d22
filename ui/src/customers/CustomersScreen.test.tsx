import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../fake/backend';
import { makeCustomer } from '../fake/data';
import { renderApp, sampleCustomers } from '../test/render';

function table() {
  return screen.getByRole('table', { name: 'Customers' });
}

async function rowsShown() {
  await waitFor(() => expect(within(table()).getAllByRole('row').length).toBeGreaterThan(1));
  return within(table()).getAllByRole('row').slice(1);
}

describe('customer list', () => {
  it('shows the customers with status badges and the statistics', async () => {
    renderApp();
    const rows = await rowsShown();
    expect(rows).toHaveLength(3);
    const otieno = rows.find((r) => within(r).queryByText('Otieno Odhiambo'))!;
    const badge = within(otieno).getByText('suspended');
    expect(badge).toHaveClass('badge', 'badge-suspended');
    expect(within(otieno).getByText('KES 99,999,999.99')).toBeInTheDocument();

    const total = screen.getByRole('region', { name: 'Total customers' });
    await waitFor(() => expect(within(total).getByText('3')).toBeInTheDocument());
    expect(within(screen.getByRole('region', { name: 'Active' })).getByText('33% of total')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Suspended' })).getByText('Requires attention')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Total balance' })).getByText('KES 100,001,499.99')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Total balance' })).getByText('2 customers owe')).toBeInTheDocument();
    const top = within(screen.getByRole('region', { name: 'Largest debts' })).getAllByRole('listitem');
    expect(top[0]).toHaveTextContent('Otieno Odhiambo');
  });

  it('asks for page 1 of 20, newest first, by default', async () => {
    const { backend } = renderApp();
    await rowsShown();
    expect(backend.lastCall('list_customers')).toEqual({
      query: { page: 1, per_page: 20, sort_by: 'created_at', sort_order: 'desc' },
    });
  });

  it('searches as you type and keeps the old rows until the answer comes', async () => {
    const { user, backend } = renderApp();
    await rowsShown();
    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'otieno');
    // The previous rows stay until the answer comes: nothing blanks while typing.
    expect((await rowsShown()).length).toBeGreaterThan(0);
    await waitFor(() => expect(backend.lastCall('list_customers')).toMatchObject({ query: { search: 'otieno', page: 1 } }));
    await waitFor(async () => expect(await rowsShown()).toHaveLength(1));
    expect(within(table()).getByText('Otieno Odhiambo')).toBeInTheDocument();
    // No waiting for a pause, whatever the length: with the answers this quick, the keystrokes
    // asked as they came (see search.test.tsx for one at a time when slower).
    const searched = backend.callsOf('list_customers').map((c) => (c as { query: { search?: string } }).query.search);
    expect(searched).toContain('o');
    expect(searched.filter((s) => s && 'otieno'.startsWith(s) && s !== 'otieno').length).toBeGreaterThan(1);
  });

  it('passes a phone number typed in local form to the search', async () => {
    const { user, backend } = renderApp();
    await rowsShown();
    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), '0722 000 1');
    await waitFor(() => expect(backend.lastCall('list_customers')).toMatchObject({ query: { search: '0722 000 1' } }));
    await waitFor(async () => expect(await rowsShown()).toHaveLength(1));
    expect(within(table()).getByText('+254722000111')).toBeInTheDocument();
  });

  it('filters by status', async () => {
    const { user, backend } = renderApp();
    await rowsShown();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status filter' }), 'Pending');
    await waitFor(() => expect(backend.lastCall('list_customers')).toMatchObject({ query: { status: 'pending', page: 1 } }));
    await waitFor(async () => expect(await rowsShown()).toHaveLength(1));
    expect(within(table()).getByText('Achieng Auma')).toBeInTheDocument();
    expect(within(screen.getByRole('combobox', { name: 'Status filter' })).getByRole('option', { name: 'All statuses' })).toHaveValue('');
  });

  it('sorts by a column header and marks it with aria-sort', async () => {
    const { user, backend } = renderApp();
    await rowsShown();
    const header = screen.getByRole('columnheader', { name: /Balance/ });
    expect(header).toHaveAttribute('aria-sort', 'none');
    await user.click(within(header).getByRole('button'));
    await waitFor(() => expect(backend.lastCall('list_customers')).toMatchObject({ query: { sort_by: 'balance', sort_order: 'desc' } }));
    expect(header).toHaveAttribute('aria-sort', 'descending');
    await user.click(within(header).getByRole('button'));
    await waitFor(() => expect(backend.lastCall('list_customers')).toMatchObject({ query: { sort_by: 'balance', sort_order: 'asc' } }));
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    await waitFor(async () => expect((await rowsShown())[0]).toHaveTextContent('Achieng Auma'));

    await user.click(within(screen.getByRole('columnheader', { name: /Name/ })).getByRole('button'));
    await waitFor(() => expect(backend.lastCall('list_customers')).toMatchObject({ query: { sort_by: 'name', sort_order: 'asc' } }));
  });

  it('pages through the list and changes the page size', async () => {
    const customers = Array.from({ length: 45 }, (_, i) => makeCustomer({}, 500 + i));
    const { user, backend } = renderApp(new FakeBackend({ customers }));
    await rowsShown();
    const pager = screen.getByRole('navigation', { name: 'Customer pages' });
    expect(within(pager).getByText('Page 1 of 3')).toBeInTheDocument();
    expect(within(pager).getByText('45 customers')).toBeInTheDocument();
    expect(within(pager).getByRole('button', { name: 'Previous page' })).toBeDisabled();

    await user.click(within(pager).getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(within(pager).getByText('Page 2 of 3')).toBeInTheDocument());
    await user.click(within(pager).getByRole('button', { name: 'Last page' }));
    await waitFor(() => expect(within(pager).getByText('Page 3 of 3')).toBeInTheDocument());
    expect(await rowsShown()).toHaveLength(5);

    await user.selectOptions(within(pager).getByRole('combobox', { name: 'Rows per page' }), '50');
    await waitFor(() => expect(backend.lastCall('list_customers')).toMatchObject({ query: { page: 1, per_page: 50 } }));
    await waitFor(() => expect(within(pager).getByText('Page 1 of 1')).toBeInTheDocument());
  });

  it('says when nothing matches and clears the search on request', async () => {
    const { user } = renderApp();
    await rowsShown();
    const search = screen.getByRole('searchbox', { name: 'Search customers' });
    await user.type(search, 'zzz');
    expect(await screen.findByText(/No customers match “zzz”/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    expect(search).toHaveValue('');
    await waitFor(async () => expect(await rowsShown()).toHaveLength(3));
  });

  it('moves a highlight with the arrow keys and opens the row with Enter', async () => {
    const { user } = renderApp();
    await rowsShown();
    await user.click(screen.getByRole('searchbox', { name: 'Search customers' }));
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const rows = await rowsShown();
    expect(rows[1]).toHaveAttribute('aria-current', 'true');
    await user.keyboard('{Enter}');
    const detail = await screen.findByRole('region', { name: 'Customer details' });
    expect(await within(detail).findByRole('heading', { name: 'Otieno Odhiambo' })).toBeInTheDocument();
  });

  it('opens the first match with Enter right after typing a search', async () => {
    const { user } = renderApp();
    await rowsShown();
    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'achieng{Enter}');
    const detail = await screen.findByRole('region', { name: 'Customer details' });
    expect(await within(detail).findByRole('heading', { name: 'Achieng Auma' })).toBeInTheDocument();
  });

  it('suspends from the row and offers to undo', async () => {
    const { user, backend } = renderApp();
    const rows = await rowsShown();
    const wanjiru = rows.find((r) => within(r).queryByText('Wanjiru Kamau'))!;
    await user.click(within(wanjiru).getByRole('button', { name: 'Suspend Wanjiru Kamau' }));
    const status = screen.getByRole('status');
    expect(await within(status).findByText('Suspended Wanjiru Kamau')).toBeInTheDocument();
    expect(backend.lastCall('set_customer_status')).toMatchObject({ status: 'suspended' });
    await waitFor(() => expect(within(wanjiru).getByText('suspended')).toBeInTheDocument());
    await user.click(within(status).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(backend.lastCall('set_customer_status')).toMatchObject({ status: 'active' }));
  });

  it('shows a failed load with a way to try again', async () => {
    const backend = new FakeBackend({ customers: sampleCustomers() });
    backend.overrides.set('list_customers', () => {
      throw { code: 'internal', message: 'Something went wrong in the local store. Try again; if it keeps happening, restart Infora Desk.', fields: [] };
    });
    const { user } = renderApp(backend);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Something went wrong in the local store');
    backend.overrides.delete('list_customers');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(await screen.findByRole('table', { name: 'Customers' })).findByText('Wanjiru Kamau')).toBeInTheDocument();
  });

  it('explains a change to a customer deleted meanwhile and refreshes the list', async () => {
    const { user, backend } = renderApp();
    const rows = await rowsShown();
    const achieng = rows.find((r) => within(r).queryByText('Achieng Auma'))!;
    backend.customers = backend.customers.filter((c) => c.name !== 'Achieng Auma');
    await user.click(within(achieng).getByRole('button', { name: 'Activate Achieng Auma' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Could not change the status of Achieng Auma: customer .* does not exist\. It may have been deleted; the list has been refreshed\./,
    );
    await waitFor(() => expect(within(table()).queryByText('Achieng Auma')).toBeNull());
  });
});
