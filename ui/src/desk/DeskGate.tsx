import { useEffect, useEffectEvent, type ReactNode } from 'react';
import { describeError } from '../api/errors';
import { LockScreen } from './LockScreen';
import { SetupScreen } from './SetupScreen';
import { useDeskSession, useLockDesk } from './queries';

/**
 * What the window shows for who is at the desk: the first-start setup, the lock screen, or the
 * desk itself for the operator signed in (locked again after the idle time a supervisor set).
 * The desk is unmounted while locked, so nothing of the last operator's work stays on screen.
 */
export function DeskGate({ children }: { children: ReactNode }) {
  const session = useDeskSession();
  if (session.isPending) return <main className="desk-gate" aria-busy="true" />;
  if (session.isError) {
    return (
      <main className="desk-gate">
        <div className="desk-card">
          <h1>Infora Desk could not start</h1>
          <p role="alert" className="form-alert">
            {describeError(session.error)}
          </p>
          <button type="button" className="primary desk-submit" onClick={() => void session.refetch()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  const { data } = session;
  if (data.needs_setup) return <SetupScreen />;
  if (!data.operator) return <LockScreen session={data} />;
  return (
    <>
      {data.idle_lock_minutes !== null && <IdleLock minutes={data.idle_lock_minutes} />}
      {children}
    </>
  );
}

/** What counts as someone at the desk. */
const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/** Locks the desk after `minutes` without a key, a click or a move of the mouse. */
function IdleLock({ minutes }: { minutes: number }) {
  const lock = useLockDesk();
  const onIdle = useEffectEvent(() => lock.mutate());
  useEffect(() => {
    let timer = window.setTimeout(onIdle, minutes * 60_000);
    function restart() {
      window.clearTimeout(timer);
      timer = window.setTimeout(onIdle, minutes * 60_000);
    }
    for (const event of ACTIVITY) window.addEventListener(event, restart, { capture: true, passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const event of ACTIVITY) window.removeEventListener(event, restart, { capture: true });
    };
  }, [minutes]);
  return null;
}
