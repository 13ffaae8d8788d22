import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

export interface ToastAction {
  label: string;
  run: () => void;
}

interface Toast {
  id: number;
  kind: 'success' | 'error' | 'notice';
  text: string;
  action?: ToastAction;
}

interface ToastApi {
  success: (text: string, action?: ToastAction) => void;
  error: (text: string, action?: ToastAction) => void;
  /** Something the user must be told once (not a failure): it stays until dismissed. */
  notice: (text: string, action?: ToastAction) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

/**
 * Success fades quickly; an error stays long enough to be read and acted on; a notice stays
 * until dismissed (`null`), since it is said once and may come while nobody is looking.
 */
export const TOAST_LIFETIME = { success: 4_000, error: 12_000, notice: null } as const;
/** A fast session at the counter makes many toasts: only the newest few are shown. */
export const MAX_TOASTS = 4;

/**
 * The toasts to keep when one more arrives: the same message again replaces the old one (its
 * time starts over) instead of stacking; past the limit, the oldest success goes first, since
 * an error still waits to be acted on.
 */
export function withToast(all: Toast[], toast: Toast, max = MAX_TOASTS): Toast[] {
  const next = [...all.filter((t) => t.kind !== toast.kind || t.text !== toast.text), toast];
  while (next.length > max) {
    const oldestSuccess = next.findIndex((t) => t.kind === 'success');
    next.splice(oldestSuccess >= 0 && oldestSuccess < next.length - 1 ? oldestSuccess : 0, 1);
  }
  return next;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const stopTimer = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);

  const dismiss = useCallback(
    (id: number) => {
      stopTimer(id);
      setToasts((all) => all.filter((t) => t.id !== id));
    },
    [stopTimer],
  );

  const startTimer = useCallback(
    (toast: Toast) => {
      stopTimer(toast.id);
      const lifetime = TOAST_LIFETIME[toast.kind];
      if (lifetime === null) return;
      timers.current.set(
        toast.id,
        setTimeout(() => dismiss(toast.id), lifetime),
      );
    },
    [dismiss, stopTimer],
  );

  const push = useCallback(
    (kind: Toast['kind'], text: string, action?: ToastAction) => {
      const toast: Toast = { id: nextId.current++, kind, text, action };
      setToasts((all) => withToast(all, toast));
      startTimer(toast);
    },
    [startTimer],
  );

  // Timers of toasts dropped for newer ones (or replaced by the same message) are stopped.
  useEffect(() => {
    const shown = new Set(toasts.map((t) => t.id));
    for (const id of [...timers.current.keys()]) if (!shown.has(id)) stopTimer(id);
  }, [toasts, stopTimer]);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((t) => clearTimeout(t));
  }, []);

  const api = useMemo<ToastApi>(
    () => ({
      success: (t, a) => push('success', t, a),
      error: (t, a) => push('error', t, a),
      notice: (t, a) => push('notice', t, a),
    }),
    [push],
  );

  // Notices are news, not failures: announced politely, with the successes.
  const polite = toasts.filter((t) => t.kind !== 'error');
  const errors = toasts.filter((t) => t.kind === 'error');

  function render(t: Toast) {
    // While the pointer or the keyboard is on a toast it stays: it is being read or acted on.
    return (
      <div
        key={t.id}
        className={`toast toast-${t.kind}`}
        onMouseEnter={() => stopTimer(t.id)}
        onMouseLeave={() => startTimer(t)}
        onFocus={() => stopTimer(t.id)}
        onBlur={() => startTimer(t)}
      >
        <span className="toast-text">{t.text}</span>
        {t.action && (
          <button
            type="button"
            className="toast-action"
            onClick={() => {
              dismiss(t.id);
              t.action!.run();
            }}
          >
            {t.action.label}
          </button>
        )}
        <button type="button" className="toast-dismiss" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
          ×
        </button>
      </div>
    );
  }

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts">
        {/* The polite region exists from the start so screen readers announce what lands in it. */}
        <div role="status" aria-live="polite" className="toast-stack">
          {polite.map(render)}
        </div>
        {/* Errors are rendered only while there are some: an empty alert would be found by
            anything looking for "the" alert on the page. */}
        {errors.length > 0 && (
          <div role="alert" className="toast-stack">
            {errors.map(render)}
          </div>
        )}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast needs a <ToastProvider> above it');
  return api;
}
