import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import { describe, expect, it } from 'vitest';
import { api } from './commands';
import { call } from './client';
import { SYNC_NOTICE, onSyncNotice } from './events';
import { describeError, isCommandError, toCommandError } from './errors';
import type { CommandError } from './types';

describe('call', () => {
  it('passes the command name and its arguments through unchanged', async () => {
    const seen: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return { items: [], total: 0, pages: 1, current_page: 2, per_page: 50 };
    });
    const page = await call('list_customers', { query: { page: 2, per_page: 50, search: 'wanj', sort_by: 'balance', sort_order: 'asc' } });
    expect(page.current_page).toBe(2);
    expect(seen).toEqual([
      ['list_customers', { query: { page: 2, per_page: 50, search: 'wanj', sort_by: 'balance', sort_order: 'asc' } }],
    ]);
  });

  it('sends top-level arguments in camelCase, as Tauri expects', async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, args) => {
      seen.push({ cmd, args });
      return cmd === 'customer_history' ? { items: [], total: 0, pages: 1, current_page: 1, per_page: 20 } : {};
    });
    await api.setUsage('c1', { usagePercentage: 40, deviceCount: 3 });
    await api.history('c1', 1, 20);
    await api.setBalance('c1', '1500.00');
    expect(seen).toEqual([
      { cmd: 'set_customer_usage', args: { id: 'c1', usagePercentage: 40, deviceCount: 3 } },
      { cmd: 'customer_history', args: { id: 'c1', page: 1, perPage: 20 } },
      { cmd: 'set_customer_balance', args: { id: 'c1', balance: '1500.00' } },
    ]);
  });

  it('sends the bulk queue commands with no arguments and returns how many they changed', async () => {
    const seen: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return cmd === 'sync_retry_refused' ? 3 : 2;
    });
    await expect(api.syncRetryRefused()).resolves.toBe(3);
    await expect(api.syncDiscardRefused()).resolves.toBe(2);
    expect(seen.map(([cmd]) => cmd)).toEqual(['sync_retry_refused', 'sync_discard_refused']);
  });

  it('hands a sync://notice to its listener as the text sent', async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const heard: string[] = [];
    const stop = await onSyncNotice((text) => heard.push(text));
    await emit(SYNC_NOTICE, 'Chebet’s package stays "Basic WiFi".');
    stop();
    await emit(SYNC_NOTICE, 'not heard: the listener is gone');
    expect(heard).toEqual(['Chebet’s package stays "Basic WiFi".']);
  });

  it('keeps a CommandError rejection typed, fields and all', async () => {
    const refusal: CommandError = {
      code: 'validation',
      message: 'Some fields need attention.',
      fields: [{ field: 'email', rule: 'format', message: 'is not a valid email address' }],
    };
    mockIPC(() => {
      throw refusal;
    });
    const error = await api.createCustomer({ name: 'X' }).catch((e: unknown) => e);
    expect(isCommandError(error)).toBe(true);
    expect(error).toEqual(refusal);
  });

  it('turns a bare Tauri string rejection into an internal CommandError', async () => {
    mockIPC(() => {
      throw 'invalid args `id` for command `get_customer`';
    });
    await expect(api.getCustomer('x')).rejects.toEqual({
      code: 'internal',
      message: 'invalid args `id` for command `get_customer`',
      fields: [],
    });
  });
});

describe('toCommandError', () => {
  it('fills in missing fields and wraps Errors', () => {
    expect(toCommandError({ code: 'clash', message: 'taken' })).toEqual({ code: 'clash', message: 'taken', fields: [] });
    expect(toCommandError(new Error('no IPC'))).toEqual({ code: 'internal', message: 'no IPC', fields: [] });
    expect(toCommandError({ code: 'nonsense', message: 'x' }).code).toBe('internal');
  });

  it('keeps the other customer of a clash, for the form to offer to open', () => {
    const taken = {
      code: 'clash',
      message: 'the email jane@example.com is already used by another customer',
      fields: [{ field: 'email', rule: 'unique', message: 'is already used by another customer' }],
      other_customer: '0191d3a4-0000-7000-8000-000000000001',
    };
    expect(toCommandError(taken)).toEqual(taken);
  });
});

describe('describeError', () => {
  it('says what to do, by code', () => {
    expect(describeError({ code: 'not_found', message: 'customer 1 does not exist', fields: [] })).toMatch(/may have been deleted/);
    expect(describeError({ code: 'unauthorized', message: 'not allowed', fields: [] })).toMatch(/Ask a supervisor/);
    expect(
      describeError(
        { code: 'validation', message: 'Some fields need attention.', fields: [{ field: 'email', rule: 'format', message: 'is not a valid email address' }] },
        'save',
      ),
    ).toBe('Could not save: Email is not a valid email address');
  });
});
