import { describe, expect, it } from 'vitest';
import { balancePreview, formatMoney, moneySign, normaliseMoneyInput } from './money';

describe('formatMoney', () => {
  it.each([
    ['0.00', 'KES 0.00'],
    ['1500.00', 'KES 1,500.00'],
    ['1500', 'KES 1,500.00'],
    ['1500.5', 'KES 1,500.50'],
    ['999.99', 'KES 999.99'],
    ['1000', 'KES 1,000.00'],
    ['1234567.89', 'KES 1,234,567.89'],
    ['99999999.99', 'KES 99,999,999.99'],
    ['-99999999.99', '-KES 99,999,999.99'],
    ['-250.00', '-KES 250.00'],
    ['-0.00', 'KES 0.00'],
    ['0007.10', 'KES 7.10'],
    ['.5', 'KES 0.50'],
  ])('%s → %s', (input, expected) => {
    expect(formatMoney(input)).toBe(expected);
  });

  it('keeps every digit of sums beyond what a float holds exactly', () => {
    expect(formatMoney('123456789012345678.91')).toBe('KES 123,456,789,012,345,678.91');
  });

  it('rounds extra decimals half away from zero, on the text', () => {
    expect(formatMoney('1.005')).toBe('KES 1.01');
    expect(formatMoney('1.004')).toBe('KES 1.00');
    expect(formatMoney('999.995')).toBe('KES 1,000.00');
    expect(formatMoney('-0.125')).toBe('-KES 0.13');
  });

  it('shows what is not a decimal as it came, and nothing as a dash', () => {
    expect(formatMoney('abc')).toBe('abc');
    expect(formatMoney(null)).toBe('—');
  });
});

describe('moneySign', () => {
  it('tells owed, credit and settled apart without floats', () => {
    expect(moneySign('0.01')).toBe(1);
    expect(moneySign('-0.01')).toBe(-1);
    expect(moneySign('0.00')).toBe(0);
    expect(moneySign('-0.00')).toBe(0);
  });
});

describe('normaliseMoneyInput', () => {
  it('drops currency words, spaces and separators', () => {
    expect(normaliseMoneyInput('KES 1,500.50')).toBe('1500.50');
    expect(normaliseMoneyInput(' 2 000 ')).toBe('2000');
    expect(normaliseMoneyInput('-300')).toBe('-300');
  });
});

describe('balancePreview', () => {
  it('shows what will be stored, owed or in credit', () => {
    expect(balancePreview('KES 1,500')).toBe('KES 1,500.00 owed');
    expect(balancePreview('-20.5')).toBe('-KES 20.50 in credit');
    expect(balancePreview('0')).toBe('KES 0.00');
    expect(balancePreview('1500.500')).toBe('KES 1,500.50 owed');
    expect(balancePreview('  ')).toBeNull();
  });

  it('never shows a value the store would refuse: it says why instead', () => {
    // formatMoney alone rounds 12.345 to KES 12.35, which saving refuses.
    expect(balancePreview('12.345')).toBe('12.345 has more than 2 decimal places');
    expect(balancePreview('100000000')).toBe('Balance must be between -99,999,999.99 and 99,999,999.99');
    expect(balancePreview('12.5.1')).toBe('"12.5.1" is not an amount (expected e.g. 1500.00)');
  });
});
