import { useEffect, useEffectEvent, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/** Open dialogs, innermost last: Esc closes only the innermost. */
const openDialogs: object[] = [];

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  label: string;
  onClose: () => void;
  children: ReactNode;
  /** Visible title; defaults to the label. */
  title?: ReactNode;
  /** `wide`: a wizard or a table that needs the room; its body scrolls, its buttons stay (exchange.css). */
  size?: 'small' | 'large' | 'wide';
}

/**
 * A modal dialog: focus moves in (to `[data-autofocus]` or the first control), Tab stays
 * inside, Esc closes, and focus returns to where it was.
 *
 * Esc is caught on the window in the capture phase rather than on the dialog: it must close the
 * dialog wherever focus happens to be (a click on the backdrop leaves it on <body>), and the
 * page behind (which closes the detail on Esc) must not act on the same key.
 */
export function Dialog({ label, onClose, children, title, size = 'small' }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  // The listener is added once per dialog, yet must call the onClose of the latest render.
  const close = useEffectEvent(onClose);

  useEffect(() => {
    const token = {};
    openDialogs.push(token);
    function onEscape(e: globalThis.KeyboardEvent) {
      if (e.key !== 'Escape' || openDialogs[openDialogs.length - 1] !== token) return;
      e.preventDefault();
      e.stopPropagation();
      close();
    }
    window.addEventListener('keydown', onEscape, true);
    return () => {
      window.removeEventListener('keydown', onEscape, true);
      openDialogs.splice(openDialogs.indexOf(token), 1);
    };
  }, []);

  // A layout effect, so focus is inside in the same commit that shows the dialog. As a passive
  // effect it ran a task later whenever the dialog opened after an await (a file picker's answer):
  // a keystroke in between went to the page behind, and a test under load saw the old focus.
  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = ref.current;
    if (root) {
      const target = root.querySelector<HTMLElement>('[data-autofocus]') ?? root.querySelector<HTMLElement>(FOCUSABLE);
      (target ?? root).focus();
      if (target instanceof HTMLInputElement) target.select();
    }
    return () => {
      if (previous && previous.isConnected) previous.focus();
    };
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'Tab' || !ref.current) return;
    const items = Array.from(ref.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div className="overlay">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        tabIndex={-1}
        className={`dialog dialog-${size}`}
        onKeyDown={onKeyDown}
      >
        <h2 className="dialog-title">{title ?? label}</h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
