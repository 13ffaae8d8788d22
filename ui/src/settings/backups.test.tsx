import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBackend } from '../fake/backend';
import { NOT_A_BACKUP } from '../fake/backups';
import { renderApp, sampleCustomers } from '../test/render';
import { reloadWindow } from './reload';
import { defaultBackupName } from './backupFiles';

vi.mock('./reload', () => ({ reloadWindow: vi.fn() }));

const SAVE_DIR = '/tmp/e2e-saves';

/** A desk started with INFORA_SAVE_DIR: backups go to, and restore from, that folder without a dialog. */
function desk(role: 'supervisor' | 'cashier' = 'supervisor') {
  const name = role === 'supervisor' ? 'Sam Supervisor' : 'Carol Cashier';
  const backend = new FakeBackend({ customers: sampleCustomers(), desk: { name, pin: '2468', role } });
  backend.printing.saveFolder = SAVE_DIR;
  return backend;
}

async function openBackups(user: ReturnType<typeof renderApp>['user']) {
  await screen.findByRole('table', { name: 'Customers' });
  await user.click(screen.getByRole('button', { name: 'Settings' }));
  const dialog = screen.getByRole('dialog', { name: 'Desk settings' });
  await user.click(within(dialog).getByRole('tab', { name: 'Backups' }));
  return dialog;
}

describe('backups', () => {
  beforeEach(() => vi.mocked(reloadWindow).mockClear());

  it('lists the automatic backups by local time and size, and says when the last one failed', async () => {
    const backend = desk();
    const made = backend.backups.backUpAutomatically();
    backend.backups.lastFailure = { at: '2026-11-26T09:00:00Z', reason: 'cannot write in /media/full: No space left on device' };
    const { user } = renderApp(backend);
    const dialog = await openBackups(user);

    const table = await within(dialog).findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveTextContent(/25 Nov 2026/);
    expect(rows[1]).toHaveTextContent('KB');
    expect(made.name).toMatch(/^infora-desk-\d{8}-\d{6}Z\.db$/);
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The last automatic backup failed');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('No space left on device');
    expect(dialog).toHaveTextContent('the newest 7 kept');
  });

  it('backs up now, then restores that backup after saying what will happen, and reloads', async () => {
    const backend = desk();
    const { user } = renderApp(backend);
    const dialog = await openBackups(user);

    await user.click(within(dialog).getByRole('button', { name: 'Back up now' }));
    const path = `${SAVE_DIR}/${defaultBackupName()}`;
    await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent(`Backed up to ${path}`));
    expect(backend.lastCall('back_up_now')).toEqual({ path });

    // A customer made after the backup is gone once it is restored.
    await backend.handle('create_customer', { input: { name: 'Later Customer', email: 'later@example.com', phone: '0712000999' } });
    await user.click(within(dialog).getByRole('button', { name: 'Restore from a file…' }));
    const confirm = screen.getByRole('dialog', { name: 'Restore this backup?' });
    expect(confirm).toHaveTextContent(defaultBackupName());
    expect(confirm).toHaveTextContent('kept as a safety copy');
    expect(confirm).toHaveTextContent('the app reloads');
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Restore and reload' }));

    await waitFor(() => expect(reloadWindow).toHaveBeenCalledOnce());
    expect(backend.lastCall('restore_backup')).toEqual({ path });
    expect(backend.customers.map((c) => c.name)).not.toContain('Later Customer');
    expect(backend.customers).toHaveLength(3);
    expect(backend.desk.session).toBeNull();
  });

  it('says plainly when a file is not a backup, and nothing changes', async () => {
    const backend = desk();
    const { user } = renderApp(backend);
    const dialog = await openBackups(user);
    await user.click(within(dialog).getByRole('button', { name: 'Restore from a file…' }));
    const confirm = screen.getByRole('dialog', { name: 'Restore this backup?' });
    await user.click(within(confirm).getByRole('button', { name: 'Restore and reload' }));

    expect(await within(confirm).findByRole('alert')).toHaveTextContent(`Could not restore the backup: ${NOT_A_BACKUP}`);
    expect(reloadWindow).not.toHaveBeenCalled();
    expect(backend.desk.session).not.toBeNull();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Restore this backup?' })).toBeNull();
  });

  it('lets a supervisor choose how many are kept and refuses a number out of range at the field', async () => {
    const backend = desk();
    const { user } = renderApp(backend);
    const dialog = await openBackups(user);
    const kept = await within(dialog).findByLabelText('Automatic backups kept');
    await user.clear(kept);
    await user.type(kept, '61');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(kept).toHaveAttribute('aria-invalid', 'true'));
    expect(dialog).toHaveTextContent('Must be from 1 to 60.');
    await user.clear(kept);
    await user.type(kept, '14');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(dialog).toHaveTextContent('the newest 14 kept'));
    expect(backend.backups.kept).toBe(14);
  });

  it('shows a cashier the backups and Back up now, but not Restore', async () => {
    const backend = desk('cashier');
    const { user } = renderApp(backend);
    const dialog = await openBackups(user);
    expect(await within(dialog).findByRole('button', { name: 'Back up now' })).toBeEnabled();
    expect(within(dialog).queryByRole('button', { name: /Restore/ })).toBeNull();
    expect(within(dialog).queryByLabelText('Automatic backups kept')).toBeNull();
    expect(dialog).toHaveTextContent('Only a supervisor can restore a backup');
  });
});
