import { screen, waitFor, within } from '@testing-library/react';
import { emit } from '@tauri-apps/api/event';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../fake/backend';
import { DEMO_PROGRESS } from '../api/events';
import { renderApp } from '../test/render';

describe('first start on an empty store', () => {
  it('offers demo data and the first customer', async () => {
    renderApp(new FakeBackend());
    expect(await screen.findByRole('heading', { name: 'Welcome to Infora Desk' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Load demo data' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add your first customer' })).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Customers' })).toBeNull();
  });

  it('loads demo data with a progress bar fed by demo://progress, then shows the list', async () => {
    const backend = new FakeBackend();
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    // Hold the load open so the progress bar can be seen mid-way.
    backend.overrides.set('load_demo_data', async (args) => {
      await emit(DEMO_PROGRESS, { done: 250, total: 1000 });
      await gate;
      backend.overrides.delete('load_demo_data');
      return backend.handle('load_demo_data', args);
    });
    const { user } = renderApp(backend);
    await user.click(await screen.findByRole('button', { name: 'Load demo data' }));

    const bar = await screen.findByRole('progressbar', { name: 'Loading demo data' });
    await waitFor(() => expect(bar).toHaveAttribute('value', '250'));
    expect(bar).toHaveAttribute('max', '1000');
    expect(screen.getByText('250 of 1,000 customers (25%)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Load demo data' })).toBeDisabled();

    finish();
    expect(await within(screen.getByRole('status')).findByText(/Loaded 1,000 demo customers/)).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Customers' })).toBeInTheDocument();
    expect(backend.lastCall('load_demo_data')).toEqual({ count: 1000 });
    const total = screen.getByRole('region', { name: 'Total customers' });
    await waitFor(() => expect(within(total).getByText('1,000')).toBeInTheDocument());
  });

  it('opens the form for the first customer', async () => {
    const { user } = renderApp(new FakeBackend());
    await user.click(await screen.findByRole('button', { name: 'Add your first customer' }));
    expect(screen.getByRole('dialog', { name: 'New customer' })).toBeInTheDocument();
  });

  it('says what went wrong when the load fails', async () => {
    const backend = new FakeBackend();
    backend.overrides.set('load_demo_data', () => {
      throw { code: 'internal', message: 'Something went wrong in the local store. Try again; if it keeps happening, restart Infora Desk.', fields: [] };
    });
    const { user } = renderApp(backend);
    await user.click(await screen.findByRole('button', { name: 'Load demo data' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the demo data: Something went wrong');
    expect(screen.getByRole('button', { name: 'Load demo data' })).toBeEnabled();
  });
});
