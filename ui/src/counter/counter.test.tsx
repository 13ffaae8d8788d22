import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/render';

// The counter in the window, against the fake: a payment taken (opening a shift first), its
// receipt, refusals at their fields, a void from the payments tab, the statement, and the
// shift closed into a Z report.

async function openCustomer(name: string) {
  const app = renderApp();
  const table = await screen.findByRole('table', { name: 'Customers' });
  await app.user.click(await within(table).findByText(name));
  const detail = await screen.findByRole('region', { name: 'Customer details' });
  await within(detail).findByRole('heading', { name });
  return { ...app, detail };
}

async function openShiftInPaymentDialog(user: ReturnType<typeof renderApp>['user'], float = '2000') {
  const dialog = await screen.findByRole('dialog', { name: 'Take payment' });
  await within(dialog).findByText(/No shift is open/);
  await user.type(within(dialog).getByLabelText(/Cash in the drawer/), float);
  await user.click(within(dialog).getByRole('button', { name: /Open shift with/ }));
  await within(dialog).findByLabelText(/Amount \(KES\)/);
  return dialog;
}

describe('the counter', () => {
  it('opens a shift on the first payment, previews the balance and shows the receipt', async () => {
    const { user, detail, backend } = await openCustomer('Wanjiru Kamau');
    await user.keyboard('p');
    const dialog = await openShiftInPaymentDialog(user);
    expect(backend.lastCall('open_shift')).toEqual({ float: '2000.00' });

    await user.type(within(dialog).getByLabelText(/Amount \(KES\)/), '1000');
    expect(within(dialog).getByText('New balance: KES 500.00 owed')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('radio', { name: 'M-Pesa' }));
    await user.type(within(dialog).getByLabelText(/M-Pesa code/), 'sgh4k2l9xq');
    await user.click(within(dialog).getByRole('button', { name: 'Take KES 1,000.00' }));

    const receipt = await screen.findByRole('article', { name: /Receipt DESK1-\d{8}-000001/ });
    expect(backend.lastCall('take_payment')).toMatchObject({ input: { amount: '1000', method: 'mpesa', code: 'SGH4K2L9XQ' } });
    for (const text of ['KES 1,000.00', 'Balance owed', 'KES 500.00', 'SGH4K2L9XQ', 'Wanjiru Kamau', 'M-Pesa']) {
      expect(within(receipt).getAllByText(text).length).toBeGreaterThan(0);
    }
    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(within(detail).getByText('KES 500.00')).toBeInTheDocument());
    expect(screen.getByRole('button', { name: /Shift open/ })).toBeInTheDocument();
  });

  it('refuses a bad amount and a reused M-Pesa code at their fields, sending nothing it would refuse', async () => {
    const { user, backend } = await openCustomer('Wanjiru Kamau');
    await user.keyboard('p');
    const dialog = await openShiftInPaymentDialog(user);
    await user.type(within(dialog).getByLabelText(/Amount \(KES\)/), '10.005');
    await user.click(within(dialog).getByRole('button', { name: 'Take payment' }));
    expect(await within(dialog).findByText(/more than 2 decimal places/)).toBeInTheDocument();
    expect(backend.callsOf('take_payment')).toHaveLength(0);

    await user.clear(within(dialog).getByLabelText(/Amount \(KES\)/));
    await user.type(within(dialog).getByLabelText(/Amount \(KES\)/), '100');
    await user.click(within(dialog).getByRole('radio', { name: 'M-Pesa' }));
    await user.type(within(dialog).getByLabelText(/M-Pesa code/), 'QWE1234567');
    await user.click(within(dialog).getByRole('button', { name: 'Take KES 100.00' }));
    await screen.findByRole('article', { name: /Receipt/ });
    await user.click(screen.getByRole('button', { name: 'Done' }));

    await user.keyboard('p');
    const again = await screen.findByRole('dialog', { name: 'Take payment' });
    await user.type(within(again).getByLabelText(/Amount \(KES\)/), '100');
    await user.click(within(again).getByRole('radio', { name: 'M-Pesa' }));
    await user.type(within(again).getByLabelText(/M-Pesa code/), 'QWE1234567');
    await user.click(within(again).getByRole('button', { name: 'Take KES 100.00' }));
    expect(await within(again).findByText(/is already on receipt DESK1-\d{8}-000001/)).toBeInTheDocument();
  });

  it('voids a payment from the payments tab, then the statement adds up', async () => {
    const { user, detail } = await openCustomer('Wanjiru Kamau');
    await user.keyboard('p');
    const dialog = await openShiftInPaymentDialog(user);
    await user.type(within(dialog).getByLabelText(/Amount \(KES\)/), '500');
    await user.click(within(dialog).getByRole('button', { name: 'Take KES 500.00' }));
    await screen.findByRole('article', { name: /Receipt/ });
    await user.click(screen.getByRole('button', { name: 'Done' }));

    await user.click(within(detail).getByRole('tab', { name: 'Payments' }));
    await user.click(await within(detail).findByRole('button', { name: /^Void DESK1/ }));
    const voiding = await screen.findByRole('dialog', { name: 'Void payment' });
    await user.click(within(voiding).getByRole('button', { name: 'Void payment' }));
    expect(await within(voiding).findByText(/say why this payment is voided/)).toBeInTheDocument();
    await user.type(within(voiding).getByLabelText(/Reason/), 'Wrong customer');
    await user.click(within(voiding).getByRole('button', { name: 'Void payment' }));
    const receipt = await screen.findByRole('article', { name: /Void DESK1-\d{8}-000002/ });
    expect(within(receipt).getByText('Wrong customer')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(await within(detail).findByText('Voided')).toBeInTheDocument();

    await user.click(within(detail).getByRole('tab', { name: 'Statement' }));
    const statement = await within(detail).findByRole('table', { name: 'Statement' });
    expect(within(statement).getByText('Opening balance')).toBeInTheDocument();
    expect(within(statement).getByText('-KES 500.00')).toBeInTheDocument();
    expect(within(statement).getByText('+KES 500.00')).toBeInTheDocument();
    const foot = within(statement).getByText('Balance now').closest('tr')!;
    expect(foot).toHaveTextContent('KES 1,500.00');
  });

  it('closes the shift with the counted cash into a Z report that shows the difference', async () => {
    const { user } = await openCustomer('Wanjiru Kamau');
    await user.keyboard('p');
    const dialog = await openShiftInPaymentDialog(user, '1000');
    await user.type(within(dialog).getByLabelText(/Amount \(KES\)/), '300');
    await user.click(within(dialog).getByRole('button', { name: 'Take KES 300.00' }));
    await screen.findByRole('article', { name: /Receipt/ });
    await user.click(screen.getByRole('button', { name: 'Done' }));

    await user.click(screen.getByRole('button', { name: /Shift open/ }));
    const shift = await screen.findByRole('dialog', { name: 'Shift' });
    const x = await within(shift).findByRole('article', { name: /X report/ });
    expect(within(x).getByText('KES 1,300.00')).toBeInTheDocument();
    await user.type(within(shift).getByLabelText(/Cash counted/), '1320');
    expect(within(shift).getByText(/Over by KES 20.00/)).toBeInTheDocument();
    await user.click(within(shift).getByRole('button', { name: 'Close shift' }));
    const z = await screen.findByRole('article', { name: /Z report Z-DESK1-0001/ });
    expect(within(z).getByText('Over by KES 20.00')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(await screen.findByRole('button', { name: 'Open shift' })).toBeInTheDocument();
  });
});
