import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBackend } from '../fake/backend';
import { renderApp, sampleCustomers } from '../test/render';

// The form fills in today's date as the join date, and the store refuses a date after its
// today: the page's clock and the fake's must say the same day (the fake's starts at
// 2026-11-25T09:00:00Z). Only Date is faked; timers run as usual for the user events.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-25T09:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

async function openNewForm() {
  const app = renderApp();
  await within(await screen.findByRole('table', { name: 'Customers' })).findByText('Wanjiru Kamau');
  await app.user.click(screen.getByRole('button', { name: 'New customer' }));
  const dialog = screen.getByRole('dialog', { name: 'New customer' });
  return { ...app, dialog };
}

describe('new customer form', () => {
  it('has every field, labelled, with the defaults filled in and the cursor in Name', async () => {
    const { dialog } = await openNewForm();
    // A new customer is the desk's own: its package and join date are set here.
    for (const label of ['Package', 'Join date']) expect(within(dialog).getByLabelText(label)).not.toHaveAttribute('readonly');
    for (const label of ['Name', 'Email', 'Phone', 'Address', 'Package', 'Status', 'Balance (KES)', 'Usage (%)', 'Devices', 'Join date']) {
      expect(within(dialog).getByLabelText(label)).toBeInTheDocument();
    }
    expect(within(dialog).getByLabelText('Package')).toHaveValue('Basic WiFi');
    expect(within(dialog).getByLabelText('Status')).toHaveValue('active');
    expect(within(dialog).getByLabelText('Name')).toHaveFocus();
  });

  it('marks the required fields, for the eye and for assistive tech', async () => {
    const { dialog } = await openNewForm();
    expect(within(dialog).getByText('required').closest('p')).toHaveTextContent('* required');
    for (const label of ['Name', 'Email', 'Phone', 'Package']) {
      const input = within(dialog).getByLabelText(label);
      expect(input, label).toBeRequired();
      // The asterisk is drawn after a label marked so; the label's text stays the name alone.
      expect(dialog.querySelector(`label[for="${input.id}"]`), label).toHaveClass('required');
    }
    for (const label of ['Address', 'Balance (KES)', 'Usage (%)', 'Devices', 'Join date']) {
      const input = within(dialog).getByLabelText(label);
      expect(input, label).not.toBeRequired();
      expect(dialog.querySelector(`label[for="${input.id}"]`), label).not.toHaveClass('required');
    }
  });

  it('says under each bounded field what it takes, in the words of its rule', async () => {
    const { dialog } = await openNewForm();
    expect(within(dialog).getByLabelText('Usage (%)')).toHaveAccessibleDescription('A whole number from 0 to 100');
    expect(within(dialog).getByLabelText('Devices')).toHaveAccessibleDescription('A whole number from 0 to 10,000');
    expect(within(dialog).getByLabelText('Join date')).toHaveAccessibleDescription('DD/MM/YYYY · From 2000-01-01 to today');
  });

  it('previews a balance only as it will be stored, and says why when it will not be', async () => {
    const { user, dialog } = await openNewForm();
    const balance = within(dialog).getByLabelText('Balance (KES)');
    expect(balance).toHaveAccessibleDescription('Positive means the customer owes; negative means credit');
    await user.type(balance, '12.345');
    // Not "KES 12.35 owed": saving refuses 12.345 rather than rounding it.
    expect(balance).toHaveAccessibleDescription('12.345 has more than 2 decimal places');
    expect(within(dialog).queryByText(/KES 12\.35/)).toBeNull();
    await user.clear(balance);
    await user.type(balance, 'KES 1,500.5');
    expect(balance).toHaveAccessibleDescription('KES 1,500.50 owed');
    await user.clear(balance);
    await user.type(balance, '-20');
    expect(balance).toHaveAccessibleDescription('-KES 20.00 in credit');
  });

  it.each([
    ['in the future', '2031-01-15'],
    ['in the year 1', '0001-03-15'],
  ])('refuses a join date %s at the Join date field and focuses it', async (_, date) => {
    const { user, dialog, backend } = await openNewForm();
    await user.type(within(dialog).getByLabelText('Name'), 'Jane Wairimu');
    await user.type(within(dialog).getByLabelText('Email'), 'jane@example.co.ke');
    await user.type(within(dialog).getByLabelText('Phone'), '0712 345 999');
    const joinDate = within(dialog).getByLabelText('Join date');
    fireEvent.change(joinDate, { target: { value: date } });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(joinDate).toHaveAttribute('aria-invalid', 'true'));
    expect(document.getElementById('join_date-error')).toHaveTextContent('Join date must be from 2000-01-01 to today');
    expect(joinDate).toHaveAccessibleDescription('Join date must be from 2000-01-01 to today');
    expect(joinDate).toHaveFocus();
    expect(backend.customers.some((c) => c.email === 'jane@example.co.ke')).toBe(false);
  });

  it('shows the store’s validation error under the Email field and focuses it', async () => {
    const { user, dialog, backend } = await openNewForm();
    await user.type(within(dialog).getByLabelText('Name'), 'Jane Wairimu');
    await user.type(within(dialog).getByLabelText('Email'), 'jane-at-example');
    await user.type(within(dialog).getByLabelText('Phone'), '0712 345 999');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    const email = within(dialog).getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    const error = document.getElementById('email-error')!;
    expect(error).toHaveTextContent('is not a valid email address (expected something like jane@example.co.ke)');
    expect(email).toHaveAttribute('aria-describedby', expect.stringContaining('email-error'));
    expect(email).toHaveFocus();
    expect(within(dialog).getByLabelText('Name')).not.toHaveAttribute('aria-invalid');
    expect(backend.lastCall('create_customer')).toMatchObject({ input: { email: 'jane-at-example', phone: '0712 345 999' } });

    // Fixing the value clears its message.
    await user.clear(email);
    expect(document.getElementById('email-error')).toBeNull();
  });

  it('saves with Enter and shows the normalised phone', async () => {
    const { user, dialog } = await openNewForm();
    await user.type(within(dialog).getByLabelText('Name'), 'Jane Wairimu');
    await user.type(within(dialog).getByLabelText('Email'), 'jane@example.co.ke');
    await user.type(within(dialog).getByLabelText('Phone'), '0712 345 999{Enter}');

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await within(screen.getByRole('status')).findByText('Added Jane Wairimu · +254712345999')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Customers' });
    expect(await within(table).findByText('Jane Wairimu')).toBeInTheDocument();
    expect(within(table).getByText('+254712345999')).toBeInTheDocument();
  });

  it('cancels with Esc without saving', async () => {
    const { user, dialog, backend } = await openNewForm();
    await user.type(within(dialog).getByLabelText('Name'), 'Half typed');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(backend.callsOf('create_customer')).toHaveLength(0);
    // Esc closed the dialog only; the list is still there.
    expect(screen.getByRole('table', { name: 'Customers' })).toBeInTheDocument();
  });

  it('shows a taken email (in any case) under Email, keeps the cursor there, and opens who has it', async () => {
    const { user, dialog } = await openNewForm();
    await user.type(within(dialog).getByLabelText('Name'), 'Copy Cat');
    const email = within(dialog).getByLabelText('Email');
    await user.type(email, 'Wanjiru@Example.co.ke');
    await user.type(within(dialog).getByLabelText('Phone'), '0712 345 000');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('Email is already used by another customer');
    expect(email).toHaveFocus();
    expect(within(dialog).queryByRole('alert')).toBeNull();
    const open = await within(dialog).findByRole('button', { name: 'Open Wanjiru Kamau' });

    await user.click(open);
    expect(screen.queryByRole('dialog')).toBeNull();
    const detail = await screen.findByRole('region', { name: 'Customer details' });
    expect(await within(detail).findByRole('heading', { name: 'Wanjiru Kamau' })).toBeInTheDocument();
  });

  it('drops the offer to open the other customer once the email is changed', async () => {
    const { user, dialog } = await openNewForm();
    await user.type(within(dialog).getByLabelText('Name'), 'Copy Cat');
    const email = within(dialog).getByLabelText('Email');
    await user.type(email, 'wanjiru@example.co.ke');
    await user.type(within(dialog).getByLabelText('Phone'), '0712 345 000');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await within(dialog).findByRole('button', { name: 'Open Wanjiru Kamau' });
    await user.type(email, 'x');
    expect(within(dialog).queryByRole('button', { name: /^Open/ })).toBeNull();
    expect(email).not.toHaveAttribute('aria-invalid');
  });
});

/** The edit form of Wanjiru Kamau, who central has (`central_id`) or not yet. */
async function openEditForm(centralId: number | null) {
  const customers = sampleCustomers().map((c) => (c.name === 'Wanjiru Kamau' ? { ...c, central_id: centralId, package: 'Basic WiFi' } : c));
  const app = renderApp(new FakeBackend({ customers }));
  const table = await screen.findByRole('table', { name: 'Customers' });
  await app.user.click(await within(table).findByRole('button', { name: 'Wanjiru Kamau' }));
  const detail = await screen.findByRole('region', { name: 'Customer details' });
  await app.user.click(await within(detail).findByRole('button', { name: 'Edit' }));
  const dialog = screen.getByRole('dialog', { name: 'Edit customer' });
  return { ...app, dialog, id: customers[0]!.id };
}

const CENTRAL_HINT = 'Set by central when the customer was created; this version of central can’t change it.';

describe('edit customer form', () => {
  it('shows package and join date read-only, with why, for a customer central has, and does not send them', async () => {
    const { user, dialog, backend, id } = await openEditForm(42);
    for (const label of ['Package', 'Join date']) {
      const input = within(dialog).getByLabelText(label);
      // Read-only, not disabled: still focusable and read out, with the reason under it.
      expect(input).toHaveAttribute('readonly');
      expect(input).toBeEnabled();
      expect(input).toHaveAccessibleDescription(CENTRAL_HINT);
    }
    const pkg = within(dialog).getByLabelText('Package');
    await user.type(pkg, ' Fibre');
    expect(pkg).toHaveValue('Basic WiFi');

    const phone = within(dialog).getByLabelText('Phone');
    await user.clear(phone);
    await user.type(phone, '0700 111 222{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.lastCall('update_customer')).toEqual({ id, input: { phone: '0700 111 222' } });
  });

  it('refuses an email another customer has, naming them', async () => {
    const { user, dialog, backend } = await openEditForm(null);
    const email = within(dialog).getByLabelText('Email');
    await user.clear(email);
    await user.type(email, 'OTIENO@example.co.ke{Enter}');
    await waitFor(() => expect(email).toHaveAccessibleDescription('Email is already used by another customer'));
    expect(email).toHaveFocus();
    expect(await within(dialog).findByRole('button', { name: 'Open Otieno Odhiambo' })).toBeInTheDocument();
    expect(backend.customers.find((c) => c.name === 'Wanjiru Kamau')?.email).toBe('wanjiru@example.co.ke');
  });

  it('keeps package and join date editable for a customer central does not have yet', async () => {
    const { user, dialog, backend, id } = await openEditForm(null);
    const pkg = within(dialog).getByLabelText('Package');
    expect(pkg).not.toHaveAttribute('readonly');
    expect(within(dialog).getByLabelText('Join date')).not.toHaveAttribute('readonly');
    expect(within(dialog).queryByText(CENTRAL_HINT)).toBeNull();
    await user.clear(pkg);
    await user.type(pkg, 'Fibre 50{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.lastCall('update_customer')).toEqual({ id, input: { package: 'Fibre 50' } });
  });
});
