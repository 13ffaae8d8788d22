import type { InputHTMLAttributes, ReactNode, Ref } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange'> {
  /** The store's field name: errors are matched on it and shown at `<field>-error`. */
  field: string;
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  /** A control that acts on the error or the value (e.g. open the customer who has this email). */
  action?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * A labelled input whose error (from the store) sits right under it and is announced with it.
 * A required one says so to assistive tech (the `required` attribute) and to the eye (an
 * asterisk after the label, drawn by CSS and left out of the label's accessible name).
 */
export function Field({ field, id, label, value, onChange, error, hint, action, inputRef, className, ...rest }: FieldProps) {
  const errorId = `${field}-error`;
  const hintId = hint && !error ? `${id}-hint` : undefined;
  const describedBy = [error ? errorId : undefined, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id} className={rest.required ? 'required' : undefined}>
        {label}
      </label>
      <input
        {...rest}
        ref={inputRef}
        id={id}
        name={field}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
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
      {action}
    </div>
  );
}
