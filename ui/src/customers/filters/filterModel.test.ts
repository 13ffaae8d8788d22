import { describe, expect, it } from 'vitest';
import { initialListState, listReducer, toQuery, viewQuery } from '../listState';
import { chips, filterCount, fromDraft, localDayOf, localMidnight, toDraft, withoutGroup, type Filters } from './filterModel';

const words = (filters: Filters) => chips(filters).map((c) => c.label);

describe('filters in words', () => {
  it('says each filter as its chip does', () => {
    expect(words({ balance: 'owes' })).toEqual(['Owes']);
    expect(words({ balance: 'credit' })).toEqual(['In credit']);
    expect(words({ balance: 'settled' })).toEqual(['Settled']);
    expect(words({ balance_min: '1000', balance_max: '5000.5' })).toEqual(['Balance KES 1,000.00 – KES 5,000.50']);
    expect(words({ balance_min: '-100' })).toEqual(['Balance ≥ -KES 100.00']);
    expect(words({ balance_max: '0' })).toEqual(['Balance ≤ KES 0.00']);
    expect(words({ joined_from: '2026-01-01', joined_to: '2026-03-31' })).toEqual(['Joined 1 Jan 2026 – 31 Mar 2026']);
    expect(words({ joined_from: '2026-01-01' })).toEqual(['Joined from 1 Jan 2026']);
    expect(words({ joined_to: '2026-03-31' })).toEqual(['Joined up to 31 Mar 2026']);
    expect(words({ never_paid: true })).toEqual(['Never paid']);
    expect(words({ unpaid_days: 30 })).toEqual(['No payment in 30 days']);
    expect(words({ unpaid_days: 1 })).toEqual(['No payment in 1 day']);
    expect(words({ paid_from: localMidnight('2026-11-01'), paid_to: localMidnight('2026-11-20', true) })).toEqual(['Last paid 1 Nov 2026 – 20 Nov 2026']);
    expect(words({ package: 'Home 10 Mbps' })).toEqual(['Package: Home 10 Mbps']);
    expect(words({ usage_min: 80 })).toEqual(['Usage ≥ 80%']);
    expect(words({ usage_min: 20, usage_max: 80 })).toEqual(['Usage 20–80%']);
    expect(words({ usage_max: 0 })).toEqual(['Usage ≤ 0%']);
    expect(words({ devices_min: 2, devices_max: 4 })).toEqual(['Devices 2–4']);
    expect(words({ devices_min: 3, devices_max: 3 })).toEqual(['Devices: 3']);
  });

  it('counts a filter once however many fields make it, and removes it whole', () => {
    const filters: Filters = { balance: 'owes', balance_min: '10', balance_max: '20', usage_min: 5 };
    expect(filterCount(filters)).toBe(3);
    expect(withoutGroup(filters, 'balanceRange')).toEqual({ balance: 'owes', usage_min: 5 });
  });
});

describe('the panel form', () => {
  it('turns days into the local midnights the shell compares, the last day included', () => {
    const draft = { ...toDraft({}), lastPayment: 'between' as const, paidFrom: '01/11/2026', paidTo: '20/11/2026' };
    const { filters, errors } = fromDraft(draft);
    expect(errors).toEqual([]);
    expect(filters).toEqual({ paid_from: localMidnight('2026-11-01'), paid_to: localMidnight('2026-11-21') });
    expect(localDayOf(filters.paid_to!, true)).toBe('2026-11-20');
    // And back: the panel opens on the days that were chosen.
    expect(toDraft(filters)).toMatchObject({ lastPayment: 'between', paidFrom: '2026-11-01', paidTo: '2026-11-20' });
  });

  it('sends money as typed text without separators, and numbers as numbers', () => {
    const draft = { ...toDraft({}), balanceMin: 'KES 1,000', usageMin: ' 80 ', devicesMax: '4', package: ' Home 10 Mbps ', joinedFrom: '2026-01-01' };
    expect(fromDraft(draft).filters).toEqual({ balance_min: '1000', usage_min: 80, devices_max: 4, package: 'Home 10 Mbps', joined_from: '2026-01-01' });
  });

  it('says which number is not one, and leaves every other rule to the shell', () => {
    const draft = { ...toDraft({}), usageMin: '8O', joinedTo: '31/02/2026', lastPayment: 'unpaid' as const, unpaidDays: '' };
    const { filters, errors } = fromDraft(draft);
    expect(errors.map((e) => e.field)).toEqual(['unpaid_days', 'usage_min']);
    expect(filters).toEqual({ joined_to: '31/02/2026' });
  });
});

describe('the list state with filters', () => {
  it('sends the filters with the query, back on page 1 when they change', () => {
    const onPage3 = { ...initialListState, page: 3 };
    const s = listReducer(onPage3, { type: 'filters', filters: { balance: 'owes' } });
    expect(toQuery(s)).toEqual({ page: 1, per_page: 20, sort_by: 'created_at', sort_order: 'desc', balance: 'owes' });
    expect(listReducer({ ...s, page: 2 }, { type: 'removeFilter', group: 'balance' })).toMatchObject({ page: 1, filters: {} });
  });

  it('opens a saved view whole, and forgets its name once the list is changed by hand', () => {
    const before = { ...initialListState, search: 'wan', status: 'active' as const, page: 4, perPage: 50 };
    const s = listReducer(before, {
      type: 'openView',
      view: { id: 7, name: 'Owing', query: { balance: 'owes', sort_by: 'balance' } },
    });
    expect(s).toMatchObject({ search: '', status: '', sortBy: 'balance', sortOrder: 'desc', page: 1, perPage: 50, filters: { balance: 'owes' }, view: { id: 7, name: 'Owing' } });
    expect(viewQuery(s)).toEqual({ balance: 'owes', sort_by: 'balance', sort_order: 'desc' });
    expect(listReducer(s, { type: 'page', page: 2 }).view).not.toBeNull();
    expect(listReducer(s, { type: 'type', text: 'k' }).view).toBeNull();
    expect(listReducer(s, { type: 'viewRenamed', view: { id: 7, name: 'Debts', query: {} } }).view).toEqual({ id: 7, name: 'Debts' });
    expect(listReducer(s, { type: 'viewDeleted', id: 7 }).view).toBeNull();
  });
});
