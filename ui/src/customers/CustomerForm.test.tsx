import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/render';

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
    for (const label of ['Name', 'Email', 'Phone', 'Address', 'Package', 'Status', 'Balance (KES)', 'Usage (%)', 'Devices', 'Join date']) {
      expect(within(dialog).getByLabelText(label)).toBeInTheDocument();
    }
    expect(within(dialog).getByLabelText('Package')).toHaveValue('Basic WiFi');
    expect(within(dialog).getByLabelText('Status')).toHaveValue('active');
    expect(within(dialog).getByLabelText('Name')).toHaveFocus();
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

  it('shows a clash with no field (email taken) above the buttons', async () => {
    const { user, dialog } = await openNewForm();
    await user.type(within(dialog).getByLabelText('Name'), 'Copy Cat');
    await user.type(within(dialog).getByLabelText('Email'), 'wanjiru@example.co.ke');
    await user.type(within(dialog).getByLabelText('Phone'), '0712 345 000');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('the email wanjiru@example.co.ke is already used by another customer');
  });
});
