import { describe, expect, it } from 'vitest';
import type { FieldError } from '../api/types';
import { HINTS, MESSAGES, checkJoinDate, checkMoney, latestJoinDate } from '.';

// The screens' words against the shell's: every refusal the shell's tests recorded
// (fake/fixtures/*.json) is read here, and each sentence and hint of this module must be one of
// them, or the phrase they share. A sentence changed in the Rust domain changes a fixture and
// fails this until the UI says the same.

interface Step {
  err?: { fields?: FieldError[] };
}

const recorded: FieldError[] = Object.values(
  import.meta.glob<{ steps: Step[] }>('../fake/fixtures/*.json', { eager: true, import: 'default' }),
).flatMap((f) => f.steps.flatMap((s) => s.err?.fields ?? []));

/** What the shell said when `field` broke `rule`. */
function shellSaid(field: string, rule: FieldError['rule']): string[] {
  const said = recorded.filter((e) => e.field === field && e.rule === rule).map((e) => e.message);
  if (said.length === 0) throw new Error(`no recorded refusal of ${field} for ${rule}: record one in src-tauri/fixtures`);
  return said;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

describe('the rules in the words the shell uses', () => {
  it.each([
    ['name', 'required', MESSAGES.required],
    ['name', 'format', MESSAGES.oneLine],
    ['name', 'wrong_type', MESSAGES.text],
    ['email', 'format', MESSAGES.email],
    ['email', 'unique', MESSAGES.emailTaken],
    ['phone', 'format', MESSAGES.phone],
    ['balance', 'out_of_range', MESSAGES.moneyRange],
    ['usage_percentage', 'wrong_type', MESSAGES.wholeNumber],
    ['usage_percentage', 'required', MESSAGES.usageOrDevices],
    ['join_date', 'format', MESSAGES.date],
    ['join_date', 'out_of_range', MESSAGES.joinDate],
  ] as const)('%s %s', (field, rule, message) => {
    expect(shellSaid(field, rule)).toContain(message);
  });

  it('words the sentences that name a value as the shell does', () => {
    expect(shellSaid('usage_percentage', 'out_of_range')).toContain(MESSAGES.usage(101));
    expect(shellSaid('device_count', 'out_of_range')).toContain(MESSAGES.devices(10_001));
    expect(shellSaid('name', 'too_long')).toContain(MESSAGES.tooLong(50, 51));
    expect(shellSaid('balance', 'precision')).toContain(MESSAGES.precision('10.005'));
  });

  it('gives each hint the phrase of its rule’s refusal', () => {
    for (const [field, hint] of [
      ['usage_percentage', HINTS.usage],
      ['device_count', HINTS.devices],
      ['join_date', HINTS.joinDate],
    ] as const) {
      for (const message of shellSaid(field, 'out_of_range')) expect(message, field).toContain(lowerFirst(hint));
    }
    // The phone's example is the one its refusal gives.
    for (const example of ['0712 345 678', '+254…']) {
      expect(HINTS.phone).toContain(example);
      expect(MESSAGES.phone).toContain(example);
    }
  });
});

describe('checks the screens make before the store does', () => {
  it('refuses extra decimals rather than rounding, and keeps trailing zeros out of it', () => {
    expect(checkMoney('balance', '12.345')).toEqual({
      ok: false,
      error: { field: 'balance', rule: 'precision', message: '12.345 has more than 2 decimal places' },
    });
    expect(checkMoney('balance', '1500.500')).toEqual({ ok: true, value: '1500.50' });
    expect(checkMoney('balance', '-0.5')).toEqual({ ok: true, value: '-0.50' });
  });

  it('allows a join date up to today in the zone furthest ahead', () => {
    const nineUtc = Date.parse('2026-11-25T09:00:00Z');
    expect(latestJoinDate(nineUtc)).toBe('2026-11-25');
    expect(latestJoinDate(Date.parse('2026-11-25T10:00:00Z'))).toBe('2026-11-26');
    expect(checkJoinDate('2000-01-01T00:00:00Z', nineUtc).ok).toBe(true);
    expect(checkJoinDate('1999-12-31T00:00:00Z', nineUtc).ok).toBe(false);
    expect(checkJoinDate('2026-11-26T00:00:00Z', nineUtc).ok).toBe(false);
    expect(checkJoinDate('0001-03-15T00:00:00Z', nineUtc).ok).toBe(false);
  });
});
