import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { describeError } from '../api/errors';
import type { DeskSession } from '../api/types';
import { PinField } from './PinField';
import { useSignIn } from './queries';

/** The operator chosen last on this computer, offered first next time. */
const LAST_OPERATOR = 'infora.lastOperator';

function lastOperator(): string | null {
  try {
    return window.localStorage.getItem(LAST_OPERATOR);
  } catch {
    return null;
  }
}

function rememberOperator(id: string): void {
  try {
    window.localStorage.setItem(LAST_OPERATOR, id);
  } catch {
    // Only a convenience: without storage the list simply starts unchosen.
  }
}

/** "0:45", "14:30". */
function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The locked desk: choose who you are, type your PIN, Enter. Digits typed anywhere on the screen
 * go to the PIN. After too many wrong PINs the shell makes the operator wait; the wait counts
 * down here and the shell refuses until it is over.
 */
export function LockScreen({ session }: { session: DeskSession }) {
  const operators = session.operators;
  const [chosen, setChosen] = useState<string | null>(() => {
    const last = lastOperator();
    if (last && operators.some((o) => o.id === last)) return last;
    return operators.length === 1 ? operators[0]!.id : null;
  });
  const [pin, setPin] = useState('');
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const signIn = useSignIn();
  const pinRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  const left = waitUntil === null ? 0 : Math.max(0, Math.ceil((waitUntil - now) / 1000));
  useEffect(() => {
    if (waitUntil === null) return;
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [waitUntil]);

  function choose(id: string) {
    setChosen(id);
    setPin('');
    setWaitUntil(null);
    signIn.reset();
    pinRef.current?.focus();
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!chosen || pin.length === 0 || left > 0) return;
    signIn.mutate(
      { id: chosen, pin },
      {
        onSuccess: () => rememberOperator(chosen),
        onError: (error) => {
          setPin('');
          if (error.wait_seconds !== undefined) {
            setNow(Date.now());
            setWaitUntil(Date.now() + error.wait_seconds * 1000);
          }
          pinRef.current?.focus();
        },
      },
    );
  }

  // Digits and Backspace typed while an operator's button has the focus still reach the PIN.
  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.target === pinRef.current || e.ctrlKey || e.metaKey || e.altKey) return;
    if (/^[0-9]$/.test(e.key)) {
      e.preventDefault();
      setPin((p) => (p + e.key).slice(0, 8));
      pinRef.current?.focus();
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      setPin((p) => p.slice(0, -1));
      pinRef.current?.focus();
    }
  }

  const chosenName = operators.find((o) => o.id === chosen)?.name;
  const fieldError = signIn.error?.fields.find((f) => f.field === 'pin')?.message;
  const refusal = signIn.isError && !fieldError ? describeRefusal(signIn.error) : null;
  return (
    <main className="desk-gate" aria-labelledby={`${ids}-title`}>
      <form className="desk-card lock-card" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
        <p className="desk-brand">
          {session.shop_name} · Infora <span>Desk</span>
        </p>
        <h1 id={`${ids}-title`}>The desk is locked</h1>
        <fieldset className="operator-choice">
          <legend>Who is at the desk?</legend>
          {operators.map((o) => (
            <label key={o.id} className={`operator-option${o.id === chosen ? ' chosen' : ''}`}>
              <input type="radio" name={`${ids}-operator`} value={o.id} checked={o.id === chosen} onChange={() => choose(o.id)} />
              <span className="operator-name">{o.name}</span>
              <span className="operator-role">{o.role === 'supervisor' ? 'Supervisor' : 'Cashier'}</span>
            </label>
          ))}
        </fieldset>
        <PinField
          id={`${ids}-pin`}
          inputRef={pinRef}
          label={chosenName ? `PIN for ${chosenName}` : 'PIN'}
          value={pin}
          onChange={setPin}
          error={fieldError}
          hint="Type your PIN and press Enter."
          autoFocus
        />
        {left > 0 ? (
          <p role="status" className="lock-wait">
            Too many wrong PINs. You can try again in <strong>{clock(left)}</strong>.
          </p>
        ) : (
          refusal && (
            <p role="alert" className="form-alert">
              {refusal}
            </p>
          )
        )}
        <button type="submit" className="primary desk-submit" disabled={!chosen || signIn.isPending || left > 0}>
          {signIn.isPending ? 'Checking…' : 'Sign in'}
        </button>
        {!chosen && <p className="field-hint">Choose your name first.</p>}
      </form>
    </main>
  );
}

/** A refused sign-in: the shell's words ("Wrong PIN. 2 more tries before a wait."). */
function describeRefusal(error: Parameters<typeof describeError>[0]): string {
  return error.code === 'unauthorized' ? error.message : describeError(error, 'sign in');
}
