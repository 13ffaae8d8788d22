import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
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
    const top = screen.getByRole('region', { name: 'Top customers' });
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
