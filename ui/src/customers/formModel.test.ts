import { describe, expect, it } from 'vitest';
import { makeCustomer } from '../fake/data';
import { createInput, emptyValues, firstInvalid, readOnlyFields, splitFieldErrors, updateInput, valuesOf } from './formModel';

describe('form model', () => {
  it('starts a new customer on Basic WiFi, active, joining today', () => {
    const v = emptyValues(new Date(2026, 10, 25));
    expect(v).toMatchObject({ package: 'Basic WiFi', status: 'active', join_date: '2026-11-25' });
  });

  it('always sends the required fields on create and leaves optional blanks to the store', () => {
    const input = createInput({ ...emptyValues(new Date(2026, 10, 25)), name: ' Jane ', phone: '0712 345 678', balance: 'KES 1,500' });
    expect(input).toEqual({
      name: 'Jane',
      email: '',
      phone: '0712 345 678',
      package: 'Basic WiFi',
      status: 'active',
      balance: '1500',
      join_date: '2026-11-25',
    });
  });

  it('sends a cleared package on create, so the store names it rather than defaulting it', () => {
    expect(createInput({ ...emptyValues(new Date(2026, 10, 25)), package: '  ' })).toMatchObject({ package: '' });
  });

  it('sends only the changed fields on edit; a cleared address becomes null', () => {
    const customer = makeCustomer({ address: '12 Moi Avenue', usage_percentage: 40 });
    const initial = valuesOf(customer);
    expect(updateInput(initial, initial)).toEqual({});
    expect(updateInput(initial, { ...initial, address: '', usage_percentage: '55' })).toEqual({
      address: null,
      usage_percentage: '55',
    });
  });

  it('leaves package and join date to central once central has the customer, and never sends them then', () => {
    expect([...readOnlyFields(undefined)]).toEqual([]);
    expect([...readOnlyFields(makeCustomer({ central_id: null }))]).toEqual([]);
    const synced = makeCustomer({ central_id: 42, package: 'Basic WiFi' });
    const readOnly = readOnlyFields(synced);
    expect([...readOnly].sort()).toEqual(['join_date', 'package']);

    const initial = valuesOf(synced);
    const edited = { ...initial, package: 'Fibre 50', join_date: '2020-01-01', phone: '0700 111 222' };
    expect(updateInput(initial, edited, readOnly)).toEqual({ phone: '0700 111 222' });
    // Central does not have it yet: both are the desk's to change.
    expect(updateInput(initial, edited, readOnlyFields(makeCustomer({ central_id: null })))).toEqual({
      package: 'Fibre 50',
      join_date: '2020-01-01',
      phone: '0700 111 222',
    });
  });

  it('puts store errors at their fields and keeps the rest apart', () => {
    const split = splitFieldErrors([
      { field: 'phone', rule: 'format', message: 'is not a valid phone number' },
      { field: 'email', rule: 'format', message: 'is not a valid email address' },
      { field: 'central_id', rule: 'unknown_field', message: 'is not a field' },
    ]);
    expect(split.byField).toEqual({ phone: 'Phone is not a valid phone number', email: 'Email is not a valid email address' });
    expect(split.other).toEqual(['Central id is not a field']);
    expect(firstInvalid(split.byField)).toBe('email');
  });
});
