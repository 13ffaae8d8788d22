import { lazy, Suspense, useState } from 'react';
import { datePattern, deskRegion, fieldLabel, formatDay, parseDay } from '../format';
import { Dialog } from './Dialog';

const Calendar = lazy(() => import('./Calendar'));

interface DateFieldProps {
  /** The store's field name: errors are matched on it and shown at `<field>-error`. */
  field: string;
  id: string;
  label: string;
  /** `YYYY-MM-DD`, or what was typed while it is not a day. */
  value: string;
  /** A day as `YYYY-MM-DD`; text that is no day is passed on as typed (the store refuses it). */
  onChange: (value: string) => void;
  /** The first and last days that may be chosen, `YYYY-MM-DD`. */
  min: string;
  max: string;
  error?: string;
  hint?: string;
  readOnly?: boolean;
}

/**
 * A day, typed in the desk region's order (02/12/2026 in Kenya, 12/02/2026 in the US) or
 * picked from a calendar in the same region. The web view's own date input follows the
 * machine's locale instead, which a Kenyan on an en-US laptop misreads.
 */
export function DateField({ field, id, label, value, onChange, min, max, error, hint, readOnly }: DateFieldProps) {
  const region = deskRegion();
  const pattern = datePattern(region);
  const shown = (v: string) => (parseDay(v, region) === v ? formatDay(v, region) : v);
  const [text, setText] = useState(() => shown(value));
  const [lastValue, setLastValue] = useState(value);
  const [touched, setTouched] = useState(false);
  const [picking, setPicking] = useState(false);
  // A value set from outside (the calendar, a reset) replaces what is in the box.
  if (value !== lastValue) {
    setLastValue(value);
    if (parseDay(text, region) !== value) setText(shown(value));
  }

  const notADay = touched && text.trim() !== '' && parseDay(text, region) === null;
  const shownError = notADay
    ? `${fieldLabel(field)} must be written as ${pattern.placeholder}, e.g. ${formatDay(max, region)}`
    : error;
  const errorId = `${field}-error`;
  const hintId = `${id}-hint`;
  const describedBy = shownError ? errorId : hintId;

  function type(next: string) {
    setText(next);
    const day = parseDay(next, region);
    setLastValue(day ?? next);
    onChange(day ?? next);
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="date-input">
        <input
          id={id}
          name={field}
          value={text}
          placeholder={pattern.placeholder}
          inputMode="numeric"
          autoComplete="off"
          readOnly={readOnly}
          onChange={(e) => type(e.target.value)}
          onBlur={() => setTouched(true)}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={describedBy}
        />
        {!readOnly && (
          <button
            type="button"
            className="date-pick"
            aria-label={`Choose the ${label.toLowerCase()} from a calendar`}
            aria-haspopup="dialog"
            onClick={() => setPicking(true)}
          >
            {/* Drawn, not an emoji: a shop's Linux machine may have no emoji font. */}
            <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2">
              <rect x="3" y="5" width="18" height="16" rx="2" />
              <path d="M3 10h18M8 3v4M16 3v4" />
            </svg>
          </button>
        )}
      </div>
      {shownError ? (
        <p id={errorId} className="field-error">
          {shownError}
        </p>
      ) : (
        <p id={hintId} className="field-hint">
          {hint ?? pattern.placeholder}
        </p>
      )}
      {picking && (
        <Dialog label={`Choose the ${label.toLowerCase()}`} onClose={() => setPicking(false)}>
          <Suspense fallback={<p aria-busy="true">Opening the calendar…</p>}>
            <Calendar
              region={region}
              value={parseDay(text, region)}
              min={min}
              max={max}
              onPick={(day) => {
                setPicking(false);
                setTouched(false);
                type(day);
                setText(formatDay(day, region));
              }}
            />
          </Suspense>
        </Dialog>
      )}
    </div>
  );
}
