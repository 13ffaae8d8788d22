import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../fake/backend';
import { demoSet } from '../fake/data';
import { renderApp, sampleCustomers } from '../test/render';
import { fieldMessage } from '../format';
import { isCommandError } from '../api/errors';
import type { Invoice } from '../api/types';

function invoiceFor(customerId: string, n: number, status: Invoice['status']): Invoice {
  return {
    id: `inv-${n}`,
    customer_id: customerId,
    number: `INV-00000${n}`,
    amount: '2500.00',
    status,
    due_date: '2026-10-01T00:00:00Z',
    paid_date: null,
    notes: null,
    created_at: `2026-09-0${n}T00:00:00Z`,
  };
}

async function openCustomer(name: string, backend?: FakeBackend) {
  const app = renderApp(backend);
  const table = await screen.findByRole('table', { name: 'Customers' });
  await app.user.click(await within(table).findByText(name));
  const detail = await screen.findByRole('region', { name: 'Customer details' });
  await within(detail).findByRole('heading', { name });
  return { ...app, detail };
}

describe('customer detail', () => {
  it('shows the profile and what the customer owes', async () => {
    const { detail } = await openCustomer('Wanjiru Kamau');
    expect(within(detail).getByText('Owes')).toBeInTheDocument();
    expect(within(detail).getByText('KES 1,500.00')).toBeInTheDocument();
    expect(within(detail).getByText('+254712345678')).toBeInTheDocument();
    expect(within(detail).getByText('active')).toHaveClass('badge-active');
    for (const name of ['Edit', 'Suspend', 'Set balance', 'Set usage', 'Delete customer', 'Back to customers']) {
      expect(within(detail).getByRole('button', { name })).toBeInTheDocument();
    }
  });

  it('keeps the status actions in place, the current one disabled, and changes the status', async () => {
    const { user, detail, backend } = await openCustomer('Otieno Odhiambo');
    const names = () =>
      within(within(detail).getByRole('group', { name: 'Customer actions' }))
        .getAllByRole('button')
        .map((b) => b.textContent);
    const before = names();
    expect(within(detail).getByRole('button', { name: 'Suspend' })).toBeDisabled();
    await user.click(within(detail).getByRole('button', { name: 'Activate' }));
    await waitFor(() => expect(within(detail).getByText('active')).toBeInTheDocument());
    expect(backend.lastCall('set_customer_status')).toMatchObject({ status: 'active' });
    await waitFor(() => expect(within(detail).getByRole('button', { name: 'Suspend' })).toBeEnabled());
    expect(within(detail).getByRole('button', { name: 'Activate' })).toBeDisabled();
    expect(names()).toEqual(before);
  });

  it('says before deleting a customer central has that central may refuse and the customer come back', async () => {
    const customers = sampleCustomers();
    customers[0] = { ...customers[0]!, central_id: 41 };
    const { user, detail } = await openCustomer('Wanjiru Kamau', new FakeBackend({ customers }));
    await user.click(within(detail).getByRole('button', { name: 'Delete customer' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete customer' });
    expect(dialog).toHaveTextContent('from the central system at the next sync');
    expect(dialog).toHaveTextContent('comes back here, marked “Deletion refused”');
    expect(dialog).not.toHaveTextContent('for good');
  });

  it('shows why a customer with records cannot be deleted', async () => {
    const customers = sampleCustomers();
    const id = customers[0]!.id;
    const backend = new FakeBackend({
      customers,
      invoices: [invoiceFor(id, 1, 'paid'), invoiceFor(id, 2, 'overdue')],
    });
    const { user, detail } = await openCustomer('Wanjiru Kamau', backend);
    await user.click(within(detail).getByRole('button', { name: 'Delete customer' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete customer' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(
      'this customer has 2 invoice(s), 0 payment(s) and 0 ticket(s); a customer with records cannot be deleted (suspend them instead)',
    );
    // Still there, and suspending is one click away.
    await user.click(within(dialog).getByRole('button', { name: 'Suspend instead' }));
    await waitFor(() => expect(backend.lastCall('set_customer_status')).toMatchObject({ id, status: 'suspended' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('deletes a customer without records and returns to the list', async () => {
    const { user, detail, backend } = await openCustomer('Achieng Auma');
    await user.click(within(detail).getByRole('button', { name: 'Delete customer' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Delete customer' })).getByRole('button', { name: 'Delete' }));
    expect(await within(screen.getByRole('status')).findByText('Deleted Achieng Auma')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Customers' });
    await waitFor(() => expect(within(table).queryByText('Achieng Auma')).toBeNull());
    expect(backend.customers).toHaveLength(2);
  });

  it('sets the balance as text and shows a refusal at the field', async () => {
    const { user, detail, backend } = await openCustomer('Wanjiru Kamau');
    await user.click(within(detail).getByRole('button', { name: 'Set balance' }));
    const dialog = screen.getByRole('dialog', { name: 'Set balance' });
    const input = within(dialog).getByLabelText('New balance (KES)');
    expect(input).toHaveValue('1500.00');
    await user.clear(input);
    expect(input).toHaveAccessibleDescription('e.g. 1500.00; 0 when settled');
    await user.click(within(dialog).getByRole('button', { name: 'Save balance' }));
    expect(await within(dialog).findByText('Balance is required')).toHaveAttribute('id', 'balance-error');
    await user.type(input, '12.345');
    // The preview never rounds to a value that saving would refuse.
    expect(input).toHaveAccessibleDescription('12.345 has more than 2 decimal places');
    expect(within(dialog).queryByText(/KES 12\.35/)).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Save balance' }));
    expect(await within(dialog).findByText('12.345 has more than 2 decimal places')).toHaveAttribute('id', 'balance-error');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(backend.callsOf('set_customer_balance')).toHaveLength(0);

    await user.clear(input);
    await user.type(input, '2,750.50{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.lastCall('set_customer_balance')).toEqual({ id: backend.customers[0]!.id, balance: '2750.50' });
    expect(await within(detail).findByText('KES 2,750.50')).toBeInTheDocument();
  });

  it('sets usage and devices as whole numbers', async () => {
    const { user, detail, backend } = await openCustomer('Wanjiru Kamau');
    await user.click(within(detail).getByRole('button', { name: 'Set usage' }));
    const dialog = screen.getByRole('dialog', { name: 'Set usage' });
    const usage = within(dialog).getByLabelText('Usage (%)');
    await user.clear(usage);
    await user.type(usage, '150');
    await user.click(within(dialog).getByRole('button', { name: 'Save usage' }));
    expect(await within(dialog).findByText('Usage must be a whole number from 0 to 100 (got 150)')).toBeInTheDocument();
    expect(backend.callsOf('set_customer_usage')).toHaveLength(0);

    await user.clear(usage);
    await user.type(usage, '85');
    const devices = within(dialog).getByLabelText('Devices');
    await user.clear(devices);
    await user.type(devices, '4');
    await user.click(within(dialog).getByRole('button', { name: 'Save usage' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.lastCall('set_customer_usage')).toMatchObject({ usagePercentage: 85, deviceCount: 4 });
    expect(within(detail).getByText('85%')).toBeInTheDocument();
  });

  it('words its own checks of usage and devices as the store words the same rules', async () => {
    const { user, detail, backend } = await openCustomer('Wanjiru Kamau');
    const id = backend.customers[0]!.id;
    /** The store's refusal of these arguments, as the dialog would show it. */
    async function storeSays(args: Record<string, unknown>): Promise<string> {
      const error = await backend.handle('set_customer_usage', { id, ...args }).catch((e: unknown) => e);
      if (!isCommandError(error)) throw new Error(`expected a refusal of ${JSON.stringify(args)}`);
      return error.fields.map((f) => fieldMessage(f.field, f.message)).join(' ');
    }
    await user.click(within(detail).getByRole('button', { name: 'Set usage' }));
    const dialog = screen.getByRole('dialog', { name: 'Set usage' });
    const usage = within(dialog).getByLabelText('Usage (%)');
    const devices = within(dialog).getByLabelText('Devices');
    expect(usage).toHaveAccessibleDescription('A whole number from 0 to 100');
    expect(devices).toHaveAccessibleDescription('A whole number from 0 to 10,000');

    for (const [u, d, args] of [
      ['-1', '', { usagePercentage: -1 }],
      ['', '10001', { deviceCount: 10_001 }],
      ['', '', {}],
    ] as const) {
      await user.clear(usage);
      if (u) await user.type(usage, u);
      await user.clear(devices);
      if (d) await user.type(devices, d);
      await user.click(within(dialog).getByRole('button', { name: 'Save usage' }));
      const shown = [document.getElementById('usage_percentage-error'), document.getElementById('device_count-error')]
        .filter((e) => e !== null)
        .map((e) => e.textContent)
        .join(' ');
      expect(shown, JSON.stringify(args)).toBe(await storeSays(args));
    }
    expect(document.getElementById('usage_percentage-error')).toHaveTextContent('Enter the usage, the devices or both');
    // Refused here, never sent: the only calls are the three asked of the store above.
    expect(backend.callsOf('set_customer_usage')).toHaveLength(3);
  });

  it('lists invoices, payments and tickets in tabs, with a status filter', async () => {
    const set = demoSet(3, 7);
    const first = set.customers[0]!;
    const backend = new FakeBackend({ ...set, invoices: [invoiceFor(first.id, 1, 'paid'), invoiceFor(first.id, 2, 'overdue')] });
    const { user, detail } = await openCustomer(first.name, backend);

    const tablist = within(detail).getByRole('tablist');
    expect(within(tablist).getAllByRole('tab').map((t) => t.textContent)).toEqual(['Invoices', 'Payments', 'Statement', 'Tickets', 'History']);
    const invoices = await within(detail).findByRole('table', { name: 'Invoices' });
    expect(await within(invoices).findByText('INV-000002')).toBeInTheDocument();
    expect(within(invoices).getByText('INV-000001')).toBeInTheDocument();

    await user.selectOptions(within(detail).getByRole('combobox', { name: 'Invoice status filter' }), 'overdue');
    await waitFor(() => expect(backend.lastCall('list_customer_invoices')).toMatchObject({ query: { status: 'overdue', page: 1 } }));
    await waitFor(() => expect(within(invoices).queryByText('INV-000001')).toBeNull());

    await user.click(within(tablist).getByRole('tab', { name: 'Tickets' }));
    expect(within(tablist).getByRole('tab', { name: 'Tickets' })).toHaveAttribute('aria-selected', 'true');
    expect(await within(detail).findByRole('table', { name: 'Tickets' })).toBeInTheDocument();
    // The table is drawn (busy) before its query starts, in a passive effect.
    await waitFor(() => expect(backend.lastCall('list_customer_tickets')).toMatchObject({ id: first.id, query: { page: 1, per_page: 10 } }));
  });

  it('shows the history: who, when and each field before → after', async () => {
    const { user, detail } = await openCustomer('Wanjiru Kamau');
    await user.click(within(detail).getByRole('button', { name: 'Set balance' }));
    const input = within(screen.getByRole('dialog', { name: 'Set balance' })).getByLabelText('New balance (KES)');
    await user.clear(input);
    await user.type(input, '0{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await user.click(within(detail).getByRole('tab', { name: 'History' }));
    const entries = await within(detail).findAllByRole('listitem');
    const entry = entries.find((e) => e.textContent?.includes('Updated'))!;
    expect(entry).toHaveTextContent('by Sam Supervisor');
    expect(entry).toHaveTextContent('Balance: KES 1,500.00 → changed to KES 0.00');
    expect(within(entry).getByText(/2026/)).toBeInTheDocument();
  });

  it('edits the customer and shows the saved values', async () => {
    const { user, detail, backend } = await openCustomer('Wanjiru Kamau');
    await user.click(within(detail).getByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit customer' });
    expect(within(dialog).getByLabelText('Name')).toHaveValue('Wanjiru Kamau');
    const phone = within(dialog).getByLabelText('Phone');
    await user.clear(phone);
    await user.type(phone, '0700 111 222');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.lastCall('update_customer')).toEqual({ id: backend.customers[0]!.id, input: { phone: '0700 111 222' } });
    expect(await within(detail).findByText('+254700111222')).toBeInTheDocument();
  });

  it('goes back to the list with Esc, the search ready for the next customer', async () => {
    const { user } = await openCustomer('Otieno Odhiambo');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Customer details' })).toBeNull();
    expect(screen.getByRole('searchbox', { name: 'Search customers' })).toHaveFocus();
    const table = screen.getByRole('table', { name: 'Customers' });
    const row = within(table).getByText('Otieno Odhiambo').closest('tr')!;
    expect(row).toHaveAttribute('aria-current', 'true');
  });

  it('says so when the customer no longer exists', async () => {
    const { user, backend } = renderApp();
    const table = await screen.findByRole('table', { name: 'Customers' });
    await within(table).findByText('Achieng Auma');
    backend.customers = backend.customers.filter((c) => c.name !== 'Achieng Auma');
    await user.click(within(table).getByText('Achieng Auma'));
    const detail = await screen.findByRole('region', { name: 'Customer details' });
    expect(await within(detail).findByRole('alert')).toHaveTextContent('no longer exists');
  });

  it('closes a dialog with Esc wherever the focus is, and stays on the customer', async () => {
    const { user, detail } = await openCustomer('Wanjiru Kamau');
    await user.click(within(detail).getByRole('button', { name: 'Delete customer' }));
    expect(screen.getByRole('dialog', { name: 'Delete customer' })).toBeInTheDocument();
    (document.activeElement as HTMLElement | null)?.blur();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('region', { name: 'Customer details' })).toBeInTheDocument();
    // The next Esc, with no dialog open, goes back to the list.
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Customer details' })).toBeNull();
  });

  it('names the way back plainly, the arrow being decoration', async () => {
    const { detail } = await openCustomer('Wanjiru Kamau');
    expect(within(detail).getByRole('button', { name: 'Back to customers' }).textContent).toBe('Back to customers');
  });
});
