import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBackend } from '../fake/backend';
import { renderApp, sampleCustomers } from '../test/render';

/** A desk set up by Sam Supervisor (PIN 2468) with a cashier, Carol (PIN 1357), and three customers. */
function deskWithCashier(): FakeBackend {
  const backend = new FakeBackend({ customers: sampleCustomers() });
  backend.desk.commands.add_operator({ name: 'Carol Cashier', role: 'cashier', pin: '1357' });
  return backend;
}

async function lockAndChoose(user: ReturnType<typeof renderApp>['user'], name: string) {
  await user.click(await screen.findByRole('button', { name: /Lock/ }));
  await screen.findByRole('heading', { name: 'The desk is locked' });
  await user.click(screen.getByRole('radio', { name: new RegExp(name) }));
}

afterEach(() => {
  vi.useRealTimers();
  window.localStorage.clear();
});

describe('who is at the desk', () => {
  it('asks for the shop and the first supervisor on the first start, then opens the desk signed in', async () => {
    const { user, backend } = renderApp(new FakeBackend({ desk: 'new' }));
    await screen.findByRole('heading', { name: 'Set up this desk' });
    expect(screen.getByLabelText('Shop name')).toHaveValue('Infora WiFi');
    expect(screen.getByLabelText('Your name')).toHaveFocus();
    await user.clear(screen.getByLabelText('Shop name'));
    await user.type(screen.getByLabelText('Shop name'), 'Mama Njeri WiFi');
    await user.type(screen.getByLabelText('Your name'), 'Sam Supervisor');
    await user.type(screen.getByLabelText('Choose a PIN'), '24a68');
    expect(screen.getByLabelText('Choose a PIN')).toHaveValue('2468');
    await user.type(screen.getByLabelText('Type the PIN again'), '2469');
    await user.click(screen.getByRole('button', { name: 'Set up this desk' }));
    expect(await screen.findByText('The two PINs are not the same: type them again.')).toHaveAttribute('id', 'pin_again-error');
    expect(backend.callsOf('set_up_desk')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Type the PIN again'));
    await user.type(screen.getByLabelText('Type the PIN again'), '2468{Enter}');
    const banner = await screen.findByRole('banner');
    expect(await within(banner).findByText('Sam Supervisor')).toBeInTheDocument();
    expect(within(banner).getByText('Supervisor')).toBeInTheDocument();
    expect(backend.lastCall('set_up_desk')).toEqual({ shopName: 'Mama Njeri WiFi', name: 'Sam Supervisor', pin: '2468' });
    expect(backend.settings.shop_name).toBe('Mama Njeri WiFi');
  });

  it('shows the shell’s refusal of a short PIN at the PIN field', async () => {
    const { user } = renderApp(new FakeBackend({ desk: 'new' }));
    await user.type(await screen.findByLabelText('Your name'), 'Sam');
    await user.type(screen.getByLabelText('Choose a PIN'), '12');
    await user.type(screen.getByLabelText('Type the PIN again'), '12{Enter}');
    expect(await screen.findByText('must be at least 4 digits')).toHaveAttribute('id', 'pin-error');
  });

  it('locks with the button and with Ctrl+L, and signs a cashier in by keyboard alone', async () => {
    const { user, backend } = renderApp(deskWithCashier());
    await screen.findByRole('table', { name: 'Customers' });
    await user.keyboard('{Control>}l{/Control}');
    await screen.findByRole('heading', { name: 'The desk is locked' });
    expect(screen.queryByRole('table', { name: 'Customers' })).toBeNull();
    expect(backend.desk.session).toBeNull();

    // Tab to the operators, arrows to choose, digits go to the PIN wherever the focus is.
    await user.click(screen.getByRole('radio', { name: /Carol Cashier/ }));
    await user.keyboard('1358{Backspace}7{Enter}');
    const banner = await screen.findByRole('banner');
    expect(await within(banner).findByText('Carol Cashier')).toBeInTheDocument();
    expect(within(banner).getByText('Cashier')).toBeInTheDocument();
    expect(within(banner).queryByRole('button', { name: 'Operators' })).toBeNull();
    expect(backend.lastCall('sign_in_operator')).toMatchObject({ pin: '1357' });
  });

  it('says how many tries are left, then counts down the wait after the third wrong PIN', async () => {
    const { user } = renderApp(deskWithCashier());
    await lockAndChoose(user, 'Carol Cashier');
    const pin = screen.getByLabelText('PIN for Carol Cashier');
    await user.type(pin, '0000{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong PIN. 2 more tries before a wait.');
    expect(pin).toHaveValue('');
    await user.type(pin, '0000{Enter}');
    await screen.findByText('Wrong PIN. One more try before a wait.');
    await user.type(pin, '0000{Enter}');
    expect(await screen.findByText(/Too many wrong PINs\. You can try again in/)).toHaveTextContent('Too many wrong PINs. You can try again in 0:30.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  });

  it('refuses a cashier what only a supervisor may do, and says so', async () => {
    const { user, backend } = renderApp(deskWithCashier());
    await lockAndChoose(user, 'Carol Cashier');
    await user.keyboard('1357{Enter}');
    const table = await screen.findByRole('table', { name: 'Customers' });
    await user.click(within(table).getByText('Wanjiru Kamau'));
    const detail = await screen.findByRole('region', { name: 'Customer details' });
    await user.click(within(detail).getByRole('button', { name: 'Set balance' }));
    const dialog = screen.getByRole('dialog', { name: 'Set balance' });
    await user.clear(within(dialog).getByLabelText('New balance (KES)'));
    await user.type(within(dialog).getByLabelText('New balance (KES)'), '0');
    await user.click(within(dialog).getByRole('button', { name: 'Save balance' }));
    expect(await within(dialog).findByText(/Only a supervisor can set a balance directly; take a payment instead\./)).toBeInTheDocument();
    expect(backend.customers.find((c) => c.name === 'Wanjiru Kamau')?.balance).toBe('1500.00');

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByRole('button', { name: /Settings/ }));
    const settings = screen.getByRole('dialog', { name: 'Desk settings' });
    expect(settings).toHaveTextContent("Only a supervisor can change the desk's settings.");
    expect(within(settings).queryByRole('button', { name: 'Save' })).toBeNull();
    expect(within(settings).queryByLabelText('Shop name')).toBeNull();
  });

  it('lets a supervisor add a cashier, and refuses to leave the desk without a supervisor', async () => {
    const { user, backend } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Operators' }));
    const dialog = screen.getByRole('dialog', { name: 'Operators' });
    await user.type(within(dialog).getByLabelText('Name'), 'Carol Cashier');
    await user.type(within(dialog).getByLabelText('PIN'), '1357');
    await user.click(within(dialog).getByRole('button', { name: 'Add operator' }));
    expect(await within(dialog).findByRole('rowheader', { name: 'Carol Cashier' })).toBeInTheDocument();
    expect(backend.lastCall('add_operator')).toEqual({ name: 'Carol Cashier', role: 'cashier', pin: '1357' });

    await user.selectOptions(within(dialog).getByLabelText('Role of Sam Supervisor'), 'cashier');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      "Sam Supervisor is the desk's last active supervisor: make another operator a supervisor first",
    );
    expect(within(dialog).getByLabelText('Role of Sam Supervisor')).toHaveValue('supervisor');

    await user.click(within(within(dialog).getByRole('rowheader', { name: 'Carol Cashier' }).closest('tr')!).getByRole('button', { name: 'New PIN…' }));
    await user.type(within(dialog).getByLabelText('New PIN for Carol Cashier'), '864200{Enter}');
    await waitFor(() => expect(backend.lastCall('update_operator')).toMatchObject({ pin: '864200' }));
  });

  it('lets a supervisor set the shop name and the idle lock, and then locks after that long without input', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user, backend } = renderApp();
    await user.click(await screen.findByRole('button', { name: /Settings/ }));
    const dialog = screen.getByRole('dialog', { name: 'Desk settings' });
    await user.clear(within(dialog).getByLabelText('Shop name'));
    await user.type(within(dialog).getByLabelText('Shop name'), 'Mama Njeri WiFi');
    await user.type(within(dialog).getByLabelText('Lock the desk after (minutes without use)'), '2');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.settings).toMatchObject({ shop_name: 'Mama Njeri WiFi', idle_lock_minutes: 2 });

    await waitFor(() => expect(backend.desk.deskSession().idle_lock_minutes).toBe(2));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    expect(screen.queryByRole('heading', { name: 'The desk is locked' })).toBeNull();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(61_000);
    });
    expect(await screen.findByRole('heading', { name: 'The desk is locked' })).toBeInTheDocument();
    expect(screen.getByText(/Mama Njeri WiFi/)).toBeInTheDocument();
  });
});
