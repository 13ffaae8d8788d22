import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/render';

async function ready(setup?: Parameters<typeof renderApp>[0] extends infer B ? (backend: NonNullable<B>) => void : never) {
  const app = renderApp();
  setup?.(app.backend);
  await within(await screen.findByRole('table', { name: 'Customers' })).findByText('Wanjiru Kamau');
  return app;
}

describe('the notices', () => {
  it('counts the unread in the top bar, lists them newest first, and marks them read', async () => {
    const { user } = await ready((b) => {
      b.notices.record('status_changed', null, 'Otieno Odhiambo: suspended on central', 'The central system changed Otieno Odhiambo’s status from active to suspended.');
      b.notices.backupFailed('the disk is full');
    });
    const button = await screen.findByRole('button', { name: /^Notices\s*2\s*unread$/ });
    await user.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Notices' });
    const items = within(within(dialog).getByRole('list', { name: 'Notices' })).getAllByRole('listitem');
    expect(items.map((i) => i.querySelector('.notice-title')?.textContent)).toEqual([
      'Unread: A backup failed',
      'Unread: Otieno Odhiambo: suspended on central',
    ]);
    expect(items[0]).toHaveTextContent('The desk could not back up its data: the disk is full');

    await user.click(within(dialog).getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Notices' })).toBeInTheDocument());
    expect(within(dialog).getByRole('button', { name: 'Mark all read' })).toBeDisabled();
  });

  it('turns a kind off, and such notices are no longer recorded', async () => {
    const { user, backend } = await ready();
    await user.click(await screen.findByRole('button', { name: 'Notices' }));
    const dialog = await screen.findByRole('dialog', { name: 'Notices' });
    expect(within(dialog).getByText(/Nothing to tell yet/)).toBeInTheDocument();
    const status = await within(dialog).findByRole('checkbox', { name: 'A customer’s status changed on the central system' });
    expect(status).toBeChecked();
    await user.click(status);
    await waitFor(() => expect(backend.lastCall('set_notice_kind')).toEqual({ kind: 'status_changed', enabled: false }));
    await waitFor(() => expect(status).not.toBeChecked());
    backend.notices.record('status_changed', null, 'ignored', 'ignored');
    expect((await backend.handle('list_notices', {})) as { unread: number }).toMatchObject({ unread: 0 });
  });
});
