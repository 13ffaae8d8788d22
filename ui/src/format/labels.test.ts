import { describe, expect, it } from 'vitest';
import { fieldLabel, fieldMessage } from './labels';
import { formatCount, formatPercentText, percentOf } from './number';

describe('labels', () => {
  it('puts the field name in front of a rule message, but not before a full sentence', () => {
    expect(fieldMessage('email', 'is not a valid email address (expected something like jane@example.co.ke)')).toBe(
      'Email is not a valid email address (expected something like jane@example.co.ke)',
    );
    expect(fieldMessage('balance', '"abc" is not an amount (expected e.g. 1500.00)')).toBe(
      '"abc" is not an amount (expected e.g. 1500.00)',
    );
    expect(fieldLabel('usage_percentage')).toBe('Usage');
    expect(fieldLabel('some_new_field')).toBe('Some new field');
  });
});

describe('numbers', () => {
  it('formats counts and shares', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(0, 0)).toBe(0);
    expect(formatPercentText('54.30')).toBe('54.3 %');
  });
});
