// Money arrives as decimal text ("1500.00") and is shown as text: it never passes through a
// float, so 99,999,999.99 and sums beyond what a double holds exactly print digit for digit.

import { checkMoney } from '../rules';
import { fieldMessage } from './labels';

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

interface Parsed {
  negative: boolean;
  whole: string;
  fraction: string;
}

function parse(amount: string): Parsed | null {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return null;
  const [, sign, wholeRaw = '', fractionRaw = ''] = match;
  if (wholeRaw === '' && fractionRaw === '') return null;
  return { negative: sign === '-', whole: wholeRaw.replace(/^0+(?=\d)/, '') || '0', fraction: fractionRaw };
}

/** Adds one to a string of digits ("0999" → "1000"), for rounding without numbers. */
function incrementDigits(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] === '9') {
      out[i] = '0';
    } else {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
  }
  return '1' + out.join('');
}

/** Rounds to cents, half away from zero, as the store does for averages. */
function toCents(p: Parsed): { whole: string; cents: string } {
  const padded = (p.fraction + '00').slice(0, 2);
  const rest = p.fraction.slice(2);
  if (rest === '' || rest[0]! < '5') return { whole: p.whole, cents: padded };
  const bumped = incrementDigits(p.whole + padded);
  return { whole: bumped.slice(0, -2).replace(/^0+(?=\d)/, '') || '0', cents: bumped.slice(-2) };
}

function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * "1234567.5" → "KES 1,234,567.50"; "-250" → "-KES 250.00". Anything that is not a decimal is
 * returned as it came, so a surprise from the store is visible rather than shown as 0.
 */
export function formatMoney(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  const parsed = parse(amount);
  if (!parsed) return amount;
  const { whole, cents } = toCents(parsed);
  const isZero = /^0*$/.test(whole + cents);
  return `${parsed.negative && !isZero ? '-' : ''}KES ${group(whole)}.${cents}`;
}

/** -1, 0 or 1 for a decimal string (0 for text that is not one): "does this customer owe?". */
export function moneySign(amount: string): -1 | 0 | 1 {
  const parsed = parse(amount);
  if (!parsed || /^0*$/.test(parsed.whole + parsed.fraction)) return 0;
  return parsed.negative ? -1 : 1;
}

/**
 * What a person typed in a money field, tidied for the store: separators, spaces and a "KES"
 * prefix dropped ("KES 1,500" → "1500"). Precision is left alone: the store refuses more than
 * two decimals rather than rounding, and so do we.
 */
export function normaliseMoneyInput(typed: string): string {
  return typed.replace(/kes|ksh/gi, '').replace(/[\s,]/g, '');
}

/**
 * What a balance typed into a field will be stored as, to show under it while typing:
 * "KES 1,500.00 owed", "KES 20.00 in credit", "KES 0.00". For input a save would refuse, the
 * refusal in the store's words instead ("12.345 has more than 2 decimal places"): a preview
 * never shows a value that will not be stored (formatMoney alone would round 12.345 to 12.35).
 * `null` when nothing is typed.
 */
export function balancePreview(typed: string): string | null {
  const text = normaliseMoneyInput(typed);
  if (text === '') return null;
  const checked = checkMoney('balance', text);
  if (!checked.ok) return fieldMessage('balance', checked.error.message);
  const sign = moneySign(checked.value);
  return `${formatMoney(checked.value)}${sign > 0 ? ' owed' : sign < 0 ? ' in credit' : ''}`;
}
