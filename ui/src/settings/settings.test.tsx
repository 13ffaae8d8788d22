import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../fake/backend';
import { renderApp, sampleCustomers } from '../test/render';

describe('desk settings', () => {
  it('shows dates the Kenyan way by default, and the US way once the region is changed', async () => {
    const customers = sampleCustomers().map((c) => ({ ...c, join_date: '2026-02-12T09:00:00Z' }));
    const { user, backend } = renderApp(new FakeBackend({ customers }));
    const table = await screen.findByRole('table', { name: 'Customers' });
    await user.selectOptions(screen.getByLabelText('Sort by'), 'join_date');
    await waitFor(() => expect(within(table).getAllByText('12 Feb 2026').length).toBeGreaterThan(0));

    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Desk settings' });
    expect(within(dialog).getByLabelText('Region')).toHaveValue('en-KE');
    expect(dialog).toHaveTextContent('typed as DD/MM/YYYY');
    await user.selectOptions(within(dialog).getByLabelText('Region'), 'en-US');
    expect(dialog).toHaveTextContent('typed as MM/DD/YYYY');
    await user.click(within(dialog).getByRole('radio', { name: 'Dark' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.lastCall('save_settings')).toEqual({ settings: { region: 'en-US', theme: 'dark', shop_name: 'Infora WiFi', idle_lock_minutes: null } });
    expect(document.documentElement.dataset.theme).toBe('dark');
    await user.selectOptions(await screen.findByLabelText('Sort by'), 'join_date');
    const again = await screen.findByRole('table', { name: 'Customers' });
    await waitFor(() => expect(within(again).getAllByText('Feb 12, 2026').length).toBeGreaterThan(0));
  });
});
