import { isTypingTarget } from './keyboard';

/**
 * Keeps the web view's own right-click menu (Back, Forward, Reload, Inspect Element) out of
 * the app: in a desk app those tear down the screen a cashier is working in. Text fields keep
 * theirs (cut, copy, paste an M-Pesa code), and so does selected text (copy a phone number).
 */
export function suppressBrowserMenu(target: Window = window): () => void {
  function onContextMenu(e: MouseEvent) {
    if (isTypingTarget(e.target)) return;
    if (target.getSelection()?.toString()) return;
    e.preventDefault();
  }
  target.addEventListener('contextmenu', onContextMenu);
  return () => target.removeEventListener('contextmenu', onContextMenu);
}
