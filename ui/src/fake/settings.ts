import type { DeskSettings, FieldError, Region, Theme } from '../api/types';
import { check, fail, quoted, refuseIfAny, required } from './rules';

// The desk's settings in the fake: `settings.rs` of the domain and the store.

export const REGIONS: readonly Region[] = ['en-KE', 'en-UG', 'en-TZ', 'en-RW', 'en-NG', 'en-ZA', 'en-GB', 'en-US'];
const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

function text(field: string, value: unknown): string {
  if (value === undefined || value === null) required(field);
  if (typeof value !== 'string') fail(field, 'wrong_type', 'must be text');
  return value;
}

/** `DeskSettings::from_json`: both fields, each wrong one named. */
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
  refuseIfAny(errors);
  return { region: region!, theme: theme! };
}
