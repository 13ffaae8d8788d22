import { isTypingTarget } from './keyboard';

/**
 * Keeps the web view's own right-click menu (Back, Forward, Reload, Inspect Element) out of
 * the app: in a desk app those tear down the screen a cashier is working in. Text fields keep
 * theirs (cut, copy, paste an M-Pesa code), and so does selected text (copy a phone number).
 */
export function suppressBrowserMenu(target: Window = window): () => void {
  function onContextMenu(e: MouseEvent) {
    if (isTypingTarget(e.target)) return;
    // A right-click on text the person selected (not on a selection elsewhere, such as the
    // search box's text) keeps Copy.
    const selection = target.getSelection();
    const node = e.target instanceof Node ? e.target : null;
    if (node && selection && selection.rangeCount > 0 && !selection.isCollapsed && selection.getRangeAt(0).intersectsNode(node)) return;
    e.preventDefault();
  }
  target.addEventListener('contextmenu', onContextMenu);
  return () => target.removeEventListener('contextmenu', onContextMenu);
}
