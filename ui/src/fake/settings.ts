import type { DeskSettings, FieldError, Region, Theme } from '../api/types';
import { boundedLine, check, fail, quoted, refuseIfAny, required } from './rules';
import { SHOP_NAME_MAX } from './operators';

// The desk's settings in the fake: `settings.rs` of the domain and the store.

export const REGIONS: readonly Region[] = ['en-KE', 'en-UG', 'en-TZ', 'en-RW', 'en-NG', 'en-ZA', 'en-GB', 'en-US'];
const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

function text(field: string, value: unknown): string {
  if (value === undefined || value === null) required(field);
  if (typeof value !== 'string') fail(field, 'wrong_type', 'must be text');
  return value;
}

export const IDLE_LOCK_MIN = 1;
export const IDLE_LOCK_MAX = 240;

function idleLock(value: unknown): number | null {
  const field = 'idle_lock_minutes';
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(field, 'wrong_type', 'must be a whole number of minutes');
  if (value < IDLE_LOCK_MIN || value > IDLE_LOCK_MAX) {
    fail(field, 'out_of_range', `must be ${IDLE_LOCK_MIN}–${IDLE_LOCK_MAX} minutes, or empty to never lock by itself`);
  }
  return value;
}

/** `DeskSettings::from_json`: region, theme and shop name required, the idle lock off when left out; each wrong one named. */
export function deskSettings(raw: unknown): DeskSettings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const region = check(errors, () => {
    const tag = text('region', value.region);
    if (!REGIONS.includes(tag as Region)) fail('region', 'not_allowed', `${quoted(tag)} is not a region this desk knows`);
    return tag as Region;
  });
  const theme = check(errors, () => {
    const name = text('theme', value.theme);
    if (!THEMES.includes(name as Theme)) fail('theme', 'not_allowed', `${quoted(name)} is not a theme (expected system, light or dark)`);
    return name as Theme;
  });
  const shopName = check(errors, () => boundedLine('shop_name', text('shop_name', value.shop_name), SHOP_NAME_MAX));
  const idle = check(errors, () => idleLock(value.idle_lock_minutes));
  refuseIfAny(errors);
  return { region: region!, theme: theme!, shop_name: shopName!, idle_lock_minutes: idle ?? null };
}
