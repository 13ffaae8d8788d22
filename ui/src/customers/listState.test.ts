import { describe, expect, it } from 'vitest';
import { initialListState, listReducer, orderLabel, SORT_FIELDS, toQuery } from './listState';

describe('list state', () => {
  it('asks for the newest 20 customers by default', () => {
    expect(toQuery(initialListState)).toEqual({ page: 1, per_page: 20, sort_by: 'created_at', sort_order: 'desc' });
  });

  it('sorts a new column its natural way first, then flips it', () => {
    let s = listReducer(initialListState, { type: 'sort', field: 'name' });
    expect([s.sortBy, s.sortOrder]).toEqual(['name', 'asc']);
    s = listReducer(s, { type: 'sort', field: 'name' });
    expect([s.sortBy, s.sortOrder]).toEqual(['name', 'desc']);
    s = listReducer(s, { type: 'sort', field: 'balance' });
    expect([s.sortBy, s.sortOrder]).toEqual(['balance', 'desc']);
  });

  it('goes back to page 1 when what is listed changes', () => {
    const onPage3 = { ...initialListState, page: 3 };
    expect(listReducer(onPage3, { type: 'type', text: 'wa' }).page).toBe(1);
    expect(listReducer({ ...onPage3, search: 'wa' }, { type: 'type', text: 'wa' }).page).toBe(3);
    expect(listReducer(onPage3, { type: 'status', status: 'pending' }).page).toBe(1);
    expect(listReducer(onPage3, { type: 'perPage', perPage: 50 }).page).toBe(1);
  });

  it('sends search and status only when set, search trimmed', () => {
    const s = { ...initialListState, search: '  0712 ', status: 'suspended' as const };
    expect(toQuery(s)).toMatchObject({ search: '0712', status: 'suspended' });
    expect(toQuery({ ...s, search: '   ' })).not.toHaveProperty('search');
  });

  it('chooses the order from the toolbar, back on page 1, and words it for the field', () => {
    const s = listReducer({ ...initialListState, page: 4 }, { type: 'sortOrder', order: 'asc' });
    expect([s.sortBy, s.sortOrder, s.page]).toEqual(['created_at', 'asc', 1]);
    expect(orderLabel('created_at', 'desc')).toBe('Newest first');
    expect(orderLabel('name', 'asc')).toBe('A–Z');
    expect(orderLabel('balance', 'desc')).toBe('Largest first');
    // The default sort is one the toolbar offers, so it is always shown.
    expect(SORT_FIELDS.map((f) => f.field)).toContain(initialListState.sortBy);
  });
});
