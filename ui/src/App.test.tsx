import { act, screen, waitFor, within } from '@testing-library/react';
import { emit } from '@tauri-apps/api/event';
import { describe, expect, it } from 'vitest';
import { SYNC_NOTICE } from './api/events';
import { renderApp } from './test/render';

async function ready() {
  const app = renderApp();
  await within(await screen.findByRole('table', { name: 'Customers' })).findByText('Wanjiru Kamau');
  return app;
}

describe('keyboard shortcuts', () => {
  it('focuses the search with / and with Ctrl+K', async () => {
    const { user } = await ready();
    const search = screen.getByRole('searchbox', { name: 'Search customers' });
    expect(search).not.toHaveFocus();
    await user.keyboard('/');
    expect(search).toHaveFocus();
    expect(search).toHaveValue('');
    search.blur();
    await user.keyboard('{Control>}k{/Control}');
    expect(search).toHaveFocus();
  });

  it('opens New customer with n (not while typing) and with Ctrl+N', async () => {
    const { user } = await ready();
    await user.click(screen.getByRole('searchbox', { name: 'Search customers' }));
    await user.keyboard('n');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('searchbox', { name: 'Search customers' })).toHaveValue('n');

    await user.keyboard('{Control>}n{/Control}');
    expect(screen.getByRole('dialog', { name: 'New customer' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();

    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('n');
    expect(screen.getByRole('dialog', { name: 'New customer' })).toBeInTheDocument();
  });

  it('opens a top customer from the statistics and comes back with the Back button', async () => {
    const { user } = await ready();
    const top = screen.getByRole('region', { name: 'Largest debts' });
    await user.click(await within(top).findByRole('button', { name: 'Otieno Odhiambo' }));
    const detail = await screen.findByRole('region', { name: 'Customer details' });
    expect(await within(detail).findByRole('heading', { name: 'Otieno Odhiambo' })).toBeInTheDocument();
    await user.click(within(detail).getByRole('button', { name: 'Back to customers' }));
    await waitFor(() => expect(screen.getByRole('table', { name: 'Customers' })).toBeInTheDocument());
  });

  it('lists the shortcuts on screen', async () => {
    await ready();
    const help = screen.getByRole('contentinfo', { name: 'Keyboard shortcuts' });
    expect(help).toHaveTextContent('new customer');
    expect(help).toHaveTextContent('search');
  });
});

describe('sync notices', () => {
  it('shows what the sync engine says once as a toast that stays until dismissed, on any screen', async () => {
    const { user } = await ready();
    const text =
      'Chebet\'s package stays "Basic WiFi": the central system cannot change the package of a customer it already has, so "Fibre 50" was not applied. Change it on central if needed.';
    await act(() => emit(SYNC_NOTICE, text));
    const polite = screen.getByRole('status');
    expect(await within(polite).findAllByText(text)).toHaveLength(1);

    // It follows the person to another screen, and goes only when dismissed.
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('s');
    await screen.findByRole('main', { name: 'Sync' });
    const toast = within(polite).getByText(text).parentElement!;
    await user.click(within(toast).getByRole('button', { name: 'Dismiss' }));
    expect(within(polite).queryByText(text)).toBeNull();

    await act(() => emit(SYNC_NOTICE, 'Another notice'));
    expect(await within(polite).findByText('Another notice')).toBeInTheDocument();
  });
});
