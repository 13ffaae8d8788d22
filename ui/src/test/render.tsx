import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Root } from '../Root';
import { FakeBackend } from '../fake/backend';
import { makeCustomer } from '../fake/data';
import { createQueryClient } from '../queries/client';
import type { Customer } from '../api/types';

/** Three customers whose names, statuses and balances the tests can rely on. */
export function sampleCustomers(): Customer[] {
  return [
    makeCustomer({ name: 'Wanjiru Kamau', email: 'wanjiru@example.co.ke', phone: '+254712345678', status: 'active', balance: '1500.00', created_at: '2026-03-03T08:00:00Z' }, 1),
    makeCustomer({ name: 'Otieno Odhiambo', email: 'otieno@example.co.ke', phone: '+254722000111', status: 'suspended', balance: '99999999.99', created_at: '2026-03-02T08:00:00Z' }, 2),
    makeCustomer({ name: 'Achieng Auma', email: 'achieng@example.co.ke', phone: '+254733000222', status: 'pending', balance: '0.00', created_at: '2026-03-01T08:00:00Z' }, 3),
  ];
}

export function renderApp(backend: FakeBackend = new FakeBackend({ customers: sampleCustomers() })) {
  backend.install();
  const user = userEvent.setup();
  const utils = render(<Root client={createQueryClient()} />);
  return { ...utils, user, backend };
}
