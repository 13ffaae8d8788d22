import { useEffect, useState } from 'react';

/**
 * True once `on` has stayed true for `ms`, false the moment it turns false. For what only a
 * slow answer should show (dimmed rows, a spinner): a quick answer, the usual case, changes
 * nothing on screen but the rows, instead of starting and cancelling a fade that WebKit would
 * give its own layer and repaint.
 */
export function useLater(on: boolean, ms: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!on) return;
    const timer = setTimeout(() => setLate(true), ms);
    return () => clearTimeout(timer);
  }, [on, ms]);
  // Reset while rendering, and only when set: a quick answer costs no extra commit.
  if (!on && late) setLate(false);
  return on && late;
}
