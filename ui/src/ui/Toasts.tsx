import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

export interface ToastAction {
  label: string;
  run: () => void;
}

interface Toast {
  id: number;
  kind: 'success' | 'error';
  text: string;
  action?: ToastAction;
}

interface ToastApi {
  success: (text: string, action?: ToastAction) => void;
  error: (text: string, action?: ToastAction) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

// Success fades quickly; an error stays long enough to be read and acted on.
const LIFETIME = { success: 4_000, error: 12_000 };
const MAX_SHOWN = 4;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    setToasts((all) => all.filter((t) => t.id !== id));
    const timer = timers.current.get(id);
    if (timer) clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  const push = useCallback(
    (kind: Toast['kind'], text: string, action?: ToastAction) => {
      const id = nextId.current++;
      setToasts((all) => [...all, { id, kind, text, action }].slice(-MAX_SHOWN));
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), LIFETIME[kind]),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((t) => clearTimeout(t));
  }, []);

  const api = useMemo<ToastApi>(
    () => ({ success: (t, a) => push('success', t, a), error: (t, a) => push('error', t, a) }),
    [push],
  );

  const successes = toasts.filter((t) => t.kind === 'success');
  const errors = toasts.filter((t) => t.kind === 'error');

  function render(t: Toast) {
    return (
      <div key={t.id} className={`toast toast-${t.kind}`}>
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
          {successes.map(render)}
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
