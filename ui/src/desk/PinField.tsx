import type { Ref } from 'react';

interface PinFieldProps {
  id: string;
  /** The store's field name, for the error's id (`pin-error`). */
  field?: string;
  label: string;
  value: string;
  onChange: (digits: string) => void;
  error?: string;
  hint?: string;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
  required?: boolean;
}

/**
 * A PIN typed on the keyboard alone: digits only (anything else is dropped as it is typed),
 * Backspace to correct, Enter to submit the form it is in. Shown as dots, never read back.
 */
export function PinField({ id, field = 'pin', label, value, onChange, error, hint, inputRef, autoFocus, required = true }: PinFieldProps) {
  const errorId = `${field}-error`;
  const hintId = hint && !error ? `${id}-hint` : undefined;
  return (
    <div className="field pin-field">
      <label htmlFor={id} className={required ? 'required' : undefined}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        name={field}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        required={required}
        value={value}
        // The one thing to do on the lock screen.
        autoFocus={autoFocus}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 8))}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : hintId}
      />
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {hintId && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
