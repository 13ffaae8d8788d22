import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Analytics } from '../api/types';
import { FakeBackend } from '../fake/backend';
import { makeCustomer } from '../fake/data';
import { renderApp, sampleCustomers } from '../test/render';
import { addAmounts, balanceChart, dayLabel, joinedChart, methodRows, monthLabel, paymentsChart, usageChart } from './chartData';

// uPlot draws on a canvas, which jsdom has not: a stand-in that keeps what it was given, so the
// tests can see each chart's series and hover words. The data shaping is tested on its own.
const drawn = vi.hoisted(() => [] as Array<{ options: { series: Array<{ label?: string; value?: unknown }> }; data: unknown[][] }>);
vi.mock('uplot', () => {
  class FakePlot {
    width: number;
    constructor(options: { width: number; series: Array<{ label?: string }> }, data: unknown[][]) {
      this.width = options.width;
      drawn.push({ options, data });
    }
    setSize() {}
    setCursor() {}
    valToPos(v: number) {
      return v;
    }
    destroy() {}
    static paths = { bars: () => () => null };
  }
  return { default: FakePlot };
});

function analytics(overrides: Partial<Analytics> = {}): Analytics {
  return {
    as_of: '2026-11-25T09:00:00Z',
    today: '2026-11-25',
    customers: 3,
    statuses: [
      { status: 'active', customers: 2 },
      { status: 'suspended', customers: 1 },
      { status: 'pending', customers: 0 },
    ],
    joined: Array.from({ length: 24 }, (_, i) => ({
      month: new Date(Date.UTC(2024, 11 + i, 1)).toISOString().slice(0, 7),
      customers: i === 23 ? 2 : i === 5 ? 1 : 0,
    })),
    balances: [
      { band: 'credit', customers: 0, total: '0.00' },
      { band: 'settled', customers: 1, total: '0.00' },
      { band: 'up_to_500', customers: 0, total: '0.00' },
      { band: 'up_to_2000', customers: 1, total: '1500.00' },
      { band: 'up_to_5000', customers: 0, total: '0.00' },
      { band: 'over_5000', customers: 1, total: '99999999.99' },
    ],
    usage: Array.from({ length: 10 }, (_, d) => ({ from: d * 10, to: d === 9 ? 100 : d * 10 + 9, customers: d === 9 ? 2 : d === 0 ? 1 : 0 })),
    payments: {
      days: 30,
      recorded: true,
      per_day: [
        { day: '2026-11-24', count: 2, desk: '0.10', central: '0.20' },
        { day: '2026-11-25', count: 1, desk: '9007199254740993.01', central: '0.00' },
      ],
      by_method: [
        { source: 'desk', method: 'mpesa', count: 2, amount: '9007199254740993.01' },
        { source: 'central', method: 'bank_transfer', count: 1, amount: '0.20' },
      ],
      count: 3,
      total: '9007199254740993.31',
    },
    top_debtors: [],
    ...overrides,
  };
}

describe('the charts’ data', () => {
  it('adds amounts exactly, as decimal text', () => {
    expect(addAmounts('0.10', '0.20')).toBe('0.30');
    expect(addAmounts('9007199254740993.01', '0.99')).toBe('9007199254740994.00');
    expect(addAmounts('-150.00', '100.5')).toBe('-49.50');
    expect(addAmounts()).toBe('0.00');
  });

  it('labels months and days in the desk’s words', () => {
    expect(monthLabel('2026-11')).toBe('Nov 2026');
    expect(dayLabel('2026-11-25')).toBe('25 Nov');
  });

  it('shapes the joins: 24 bars, the sum and the busiest month in the summary', () => {
    const chart = joinedChart(analytics());
    expect(chart.values).toHaveLength(24);
    expect(chart.labels.at(-1)).toBe('Nov 2026');
    expect(chart.summary).toBe('3 customers joined from Dec 2024 to Nov 2026, the most in Nov 2026 (2).');
    expect(chart.empty).toBe(false);
  });

  it('says the balances in exact money: who owes, and how much in all', () => {
    const chart = balanceChart(analytics());
    expect(chart.labels).toEqual(['Credit', 'Settled', '≤ 500', '500–2,000', '2,000–5,000', '> 5,000']);
    expect(chart.extra[0]!.cells[5]).toBe('KES 99,999,999.99');
    expect(chart.summary).toBe('2 of 3 customers owe KES 100,001,499.99 in all; 1 owe over KES 5,000 (KES 99,999,999.99).');
    expect(chart.colors).toEqual(['--credit', '--muted', '--owes', '--owes', '--owes', '--owes']);
  });

  it('counts heavy users in the usage summary', () => {
    expect(usageChart(analytics()).summary).toBe('2 of 3 customers (67 %) use 80 % or more of their allowance.');
    expect(usageChart(analytics()).labels[9]).toBe('90–100 %');
  });

  it('shows each day’s money from the store’s text, never from the bar’s float', () => {
    const chart = paymentsChart(analytics());
    expect(chart.rows.map((r) => r.value)).toEqual(['KES 0.30', 'KES 9,007,199,254,740,993.01']);
    expect(chart.extra.map((e) => e.cells[0])).toEqual(['2', 'KES 0.10', 'KES 0.20']);
    expect(chart.summary).toContain('KES 9,007,199,254,740,993.31 received in 3 payments over the last 30 days');
  });

  it('names each method with its source, the largest amount the longest bar', () => {
    const rows = methodRows(analytics().payments.by_method);
    expect(rows.map((r) => [r.method, r.source, r.count, r.amount])).toEqual([
      ['M-Pesa', 'At this desk', '2', 'KES 9,007,199,254,740,993.01'],
      ['Bank transfer', 'From central', '1', 'KES 0.20'],
    ]);
    expect(rows[0]!.percent).toBe(100);
  });
});

function deskWithDebts() {
  const customers = [
    ...sampleCustomers(),
    makeCustomer({ name: 'Kiprop Kibet', email: 'kiprop@example.co.ke', status: 'active', balance: '4200.00', usage_percentage: 93 }, 4),
  ];
  return new FakeBackend({ customers });
}

describe('the analytics screen', () => {
  it('opens with A, lists the top debtors, draws every chart, and goes back with Escape', async () => {
    drawn.length = 0;
    const { user, backend } = renderApp(deskWithDebts());
    await screen.findByRole('table', { name: 'Customers' });
    await user.keyboard('a');
    const debtors = await screen.findByRole('region', { name: 'Top debtors' });
    const main = screen.getByRole('main', { name: 'Analytics' });
    // The cards are on the page before the figures: the query starts in a passive effect, so
    // the call is looked for once the debtors' table (which needs its answer) is there.
    const rows = within(await within(debtors).findByRole('table')).getAllByRole('row').slice(1);
    expect(backend.lastCall('get_analytics')).toEqual({ days: 30 });
    expect(rows.map((r) => within(r).getByRole('button').textContent)).toEqual(['Otieno Odhiambo', 'Kiprop Kibet', 'Wanjiru Kamau']);
    expect(rows[0]).toHaveTextContent('KES 99,999,999.99');

    const status = within(main).getByRole('region', { name: 'Customers by status' });
    expect(within(status).getByRole('img')).toHaveAccessibleName(/Active 2 \(50 %\), Suspended 1 \(25 %\), Pending 1 \(25 %\)/);
    expect(status).toHaveTextContent('Owed to the shopKES 100,005,699.99 by 3 customers');
    expect(status).toHaveTextContent('Paid aheadKES 0.00 by 0 customers');

    // Three charts drawn (no payments yet: that one says so instead), each focusable with its summary.
    await waitFor(() => expect(drawn).toHaveLength(3));
    expect(drawn.map((d) => d.options.series[1]!.label)).toEqual(['Joined', 'Customers', 'Customers']);
    const balances = within(main).getByRole('region', { name: 'Who owes how much' });
    const plot = within(balances).getByRole('img');
    expect(plot).toHaveAttribute('tabindex', '0');
    expect(plot).toHaveAccessibleName(/3 of 4 customers owe KES 100,005,699.99 in all/);
    expect(within(balances).getByRole('table', { hidden: true })).toHaveTextContent('Owes over KES 5,000');
    expect(within(main).getByRole('region', { name: 'Payments per day' })).toHaveTextContent('No payments yet');

    await user.keyboard('{Escape}');
    await screen.findByRole('table', { name: 'Customers' });
  });

  it('opens a debtor’s page and comes back to the analytics', async () => {
    const { user } = renderApp(deskWithDebts());
    await screen.findByRole('table', { name: 'Customers' });
    await user.click(screen.getByRole('button', { name: 'A analytics' }));
    const debtors = await screen.findByRole('region', { name: 'Top debtors' });
    await user.click(await within(debtors).findByRole('button', { name: 'Kiprop Kibet' }));
    const page = await screen.findByRole('region', { name: 'Customer details' });
    await within(page).findByRole('heading', { name: /Kiprop Kibet/ });
    await user.click(within(page).getByRole('button', { name: 'Back to analytics' }));
    await screen.findByRole('region', { name: 'Top debtors' });
    // Escape there goes back to where the analytics were opened from: the list.
    await user.keyboard('{Escape}');
    await screen.findByRole('table', { name: 'Customers' });
  });

  it('draws the payments of 30 or 90 days, with each day’s figures on hover', async () => {
    drawn.length = 0;
    const backend = deskWithDebts();
    const { user } = renderApp(backend);
    await screen.findByRole('table', { name: 'Customers' });
    // A payment taken at the counter today.
    await backend.handle('open_shift', { float: '0' });
    await backend.handle('take_payment', { customerId: backend.customers[0]!.id, input: { amount: '1500', method: 'cash' } });
    await user.keyboard('a');
    const payments = await screen.findByRole('region', { name: 'Payments per day' });
    await waitFor(() => expect(drawn.find((d) => d.options.series[1]!.label === 'Received')).toBeDefined());
    const chart = drawn.find((d) => d.options.series[1]!.label === 'Received')!;
    expect(chart.data[0]).toHaveLength(30);
    const hover = chart.options.series.map((s) => (s.value as (u: unknown, v: unknown, s: number, i: number) => string)(null, null, 0, 29));
    expect(hover).toEqual(['25 Nov', 'KES 1,500.00', '1', 'KES 1,500.00', 'KES 0.00']);
    expect(within(screen.getByRole('region', { name: 'By method' })).getByRole('row', { name: /Cash At this desk 1 KES 1,500.00/ })).toBeInTheDocument();

    await user.click(within(payments).getByRole('button', { name: '90 days' }));
    await waitFor(() => expect(backend.lastCall('get_analytics')).toEqual({ days: 90 }));
    await waitFor(() => expect(drawn.at(-1)!.data[0]).toHaveLength(90));
    expect(within(payments).getByRole('button', { name: '90 days' })).toHaveAttribute('aria-pressed', 'true');
  });
});
