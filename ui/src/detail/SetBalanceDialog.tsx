import { useState, type FormEvent } from 'react';
import type { Customer } from '../api/types';
import { describeError } from '../api/errors';
import { balancePreview, fieldMessage, formatMoney, normaliseMoneyInput } from '../format';
import { useSetBalance } from '../queries/customers';
import { HINTS, checkMoney } from '../rules';
import { Dialog } from '../widgets/Dialog';
import { Field } from '../widgets/Field';

export function SetBalanceDialog({ customer, onClose, onSaved }: {
  customer: Customer;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
}) {
  const [value, setValue] = useState(customer.balance);
  const [error, setError] = useState<string | undefined>();
  const save = useSetBalance(customer.id);
  const typed = normaliseMoneyInput(value.trim());

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    // Checked here first, in the store's words, so nothing is sent that it would refuse.
    const checked = checkMoney('balance', typed);
    if (!checked.ok) {
      setError(fieldMessage('balance', checked.error.message));
      return;
    }
    save.mutate(typed, {
      onSuccess: onSaved,
      onError: (err) => {
        const field = err.fields.find((f) => f.field === 'balance') ?? err.fields[0];
        setError(field ? fieldMessage('balance', field.message) : describeError(err));
      },
    });
  }

  return (
    <Dialog label="Set balance" title={`Set balance · ${customer.name}`} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <p className="muted">
          Now {formatMoney(customer.balance)}. {HINTS.balance}.
        </p>
        <Field
          field="balance"
          id="new-balance"
          label="New balance (KES)"
          inputMode="decimal"
          autoComplete="off"
          value={value}
          onChange={(v) => {
            setValue(v);
            setError(undefined);
          }}
          error={error}
          data-autofocus
          hint={balancePreview(value) ?? HINTS.newBalance}
        />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={save.isPending}>
            Save balance
          </button>
        </div>
      </form>
    </Dialog>
  );
}
