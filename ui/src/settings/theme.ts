import type { Theme } from '../api/types';

// The theme is the store's setting; the window also keeps the last one it applied (a display
// preference, nothing secret) so that the first frame after a start is already in it, before
// the store has answered.
const REMEMBERED = 'infora.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

let following: MediaQueryList | null = null;

function show(dark: boolean) {
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

function followSystem(e: MediaQueryListEvent) {
  show(e.matches);
}

/** Colours the window: `system` follows the OS as it changes, light and dark hold. */
export function applyTheme(theme: Theme): void {
  following?.removeEventListener('change', followSystem);
  following = null;
  if (theme === 'system') {
    const query = window.matchMedia?.(DARK_QUERY);
    show(!!query?.matches);
    if (query) {
      query.addEventListener('change', followSystem);
      following = query;
    }
  } else {
    show(theme === 'dark');
  }
  try {
    localStorage.setItem(REMEMBERED, theme);
  } catch {
    // Storage refused (a locked-down profile): the store still has the setting.
  }
}

/** The theme applied last time, for the first frame. */
export function rememberedTheme(): Theme {
  try {
    const value = localStorage.getItem(REMEMBERED);
    if (value === 'light' || value === 'dark' || value === 'system') return value;
  } catch {
    // As above.
  }
  return 'system';
}
