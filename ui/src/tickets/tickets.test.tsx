import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/render';

// A ticket opened at the desk, against the fake: refused without its fields, opened and
// listed as kept here, moved along, resolved with a note.

describe('tickets opened at the desk', () => {
  it('opens a ticket, moves it along and resolves it with a note', async () => {
    const { user, backend } = renderApp();
    const table = await screen.findByRole('table', { name: 'Customers' });
    await user.click(await within(table).findByText('Wanjiru Kamau'));
    const detail = await screen.findByRole('region', { name: 'Customer details' });
    await user.click(await within(detail).findByRole('tab', { name: 'Tickets' }));
    await user.click(await within(detail).findByRole('button', { name: 'Open ticket' }));

    const dialog = await screen.findByRole('dialog', { name: 'Open ticket' });
    await user.click(within(dialog).getByRole('button', { name: 'Open ticket' }));
    expect(within(dialog).getAllByText(/is required/)).toHaveLength(3);
    expect(backend.callsOf('open_desk_ticket')).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/Subject/), 'No internet since the storm');
    await user.type(within(dialog).getByLabelText(/Description/), 'Router lights off.');
    await user.selectOptions(within(dialog).getByLabelText(/Category/), 'equipment');
    await user.selectOptions(within(dialog).getByLabelText(/Priority/), 'high');
    await user.click(within(dialog).getByRole('button', { name: 'Open ticket' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Open ticket' })).toBeNull());
    expect(backend.lastCall('open_desk_ticket')).toMatchObject({ input: { priority: 'high', category: 'equipment' } });

    const tickets = await within(detail).findByRole('table', { name: 'Tickets' });
    expect(await within(tickets).findByText('T-DESK1-00001')).toBeInTheDocument();
    expect(within(tickets).getByText('Kept on this desk')).toBeInTheDocument();
    expect(within(detail).getByText('1 ticket')).toBeInTheDocument();

    await user.selectOptions(within(tickets).getByRole('combobox', { name: 'Status of T-DESK1-00001' }), 'in_progress');
    await waitFor(() => expect(backend.lastCall('set_ticket_status')).toMatchObject({ status: 'in_progress' }));

    await user.click(within(tickets).getByRole('button', { name: 'Resolve T-DESK1-00001' }));
    const resolve = await screen.findByRole('dialog', { name: 'Resolve ticket' });
    await user.click(within(resolve).getByRole('button', { name: 'Resolve' }));
    expect(await within(resolve).findByText(/say how the ticket was resolved/)).toBeInTheDocument();
    await user.type(within(resolve).getByLabelText(/What was done/), 'Replaced the router');
    await user.click(within(resolve).getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Resolve ticket' })).toBeNull());
    await waitFor(() => expect(within(tickets).getByRole('combobox', { name: 'Status of T-DESK1-00001' })).toHaveValue('resolved'));
  });
});
