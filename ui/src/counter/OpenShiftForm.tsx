import { useState, type FormEvent } from 'react';
import type { Shift } from '../api/types';
import { describeError } from '../api/errors';
import { fieldMessage, formatMoney, normaliseMoneyInput } from '../format';
import { checkCountedCash } from '../rules';
import { Field } from '../widgets/Field';
import { useOpenShift } from './queries';

/** Opens a shift with the cash float counted into the drawer. */
export function OpenShiftForm({ intro, onCancel, onOpened }: { intro?: string; onCancel: () => void; onOpened?: (shift: Shift) => void }) {
  const [float, setFloat] = useState('');
  const [error, setError] = useState<string | undefined>();
  const open = useOpenShift();
  const typed = normaliseMoneyInput(float);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (open.isPending) return;
    const checked = checkCountedCash('float', typed);
    if (!checked.ok) {
      setError(fieldMessage('float', checked.error.message));
      return;
    }
    open.mutate(checked.value, {
      onSuccess: (shift) => onOpened?.(shift),
      onError: (err) => {
        const field = err.fields.find((f) => f.field === 'float');
        setError(field ? fieldMessage('float', field.message) : describeError(err, 'open the shift'));
      },
    });
  }

  const checked = checkCountedCash('float', typed);
  return (
    <form onSubmit={onSubmit} noValidate>
      {intro && <p>{intro}</p>}
      <Field
        field="float"
        id="shift-float"
        label="Cash in the drawer (KES)"
        inputMode="decimal"
        autoComplete="off"
        required
        value={float}
        onChange={(v) => {
          setFloat(v);
          setError(undefined);
        }}
        error={error}
        data-autofocus
        hint="The float you start with; 0 if the drawer is empty"
      />
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={open.isPending}>
          {checked.ok ? `Open shift with ${formatMoney(checked.value)}` : 'Open shift'}
        </button>
      </div>
    </form>
  );
}
