/**
 * Reloads the window after a restore: every screen then reads the restored store afresh (no
 * query cache, no open form holds the old one). Its own module so tests can replace it.
 */
export function reloadWindow(): void {
  window.location.reload();
}
