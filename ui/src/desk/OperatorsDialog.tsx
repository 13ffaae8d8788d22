import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../api/errors';
import type { OperatorListing, Role } from '../api/types';
import { Dialog } from '../widgets/Dialog';
import { Field } from '../widgets/Field';
import { PinField } from './PinField';
import { useAddOperator, useOperators, useUpdateOperator } from './queries';

const ROLES: { value: Role; label: string }[] = [
  { value: 'cashier', label: 'Cashier' },
  { value: 'supervisor', label: 'Supervisor' },
];

/**
 * A supervisor's list of the desk's operators: add one, change a role, turn one off or back on,
 * give one a new PIN. The shell refuses what would leave the desk without an active supervisor,
 * and says so here.
 */
export function OperatorsDialog({ onClose }: { onClose: () => void }) {
  const operators = useOperators();
  const update = useUpdateOperator();
  const [resetting, setResetting] = useState<string | null>(null);
  return (
    <Dialog label="Operators" onClose={onClose} size="large">
      {operators.isError && (
        <p role="alert" className="form-alert">
          {describeError(operators.error, 'list the operators')}
        </p>
      )}
      <table className="operators-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Can sign in</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(operators.data ?? []).map((o) => (
            <OperatorRow key={o.id} operator={o} resetting={resetting === o.id} onReset={(open) => setResetting(open ? o.id : null)} update={update} />
          ))}
        </tbody>
      </table>
      {update.isError && (
        <p role="alert" className="form-alert">
          {describeError(update.error, 'change the operator')}
        </p>
      )}
      <AddOperator />
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

interface RowProps {
  operator: OperatorListing;
  resetting: boolean;
  onReset: (open: boolean) => void;
  update: ReturnType<typeof useUpdateOperator>;
}

function OperatorRow({ operator, resetting, onReset, update }: RowProps) {
  const [pin, setPin] = useState('');
  const ids = useId();
  const pinError = resetting ? update.error?.fields.find((f) => f.field === 'pin')?.message : undefined;

  function savePin(e: FormEvent) {
    e.preventDefault();
    update.mutate(
      { id: operator.id, pin },
      {
        onSuccess: () => {
          setPin('');
          onReset(false);
        },
      },
    );
  }

  return (
    <tr className={operator.active ? undefined : 'inactive'}>
      <th scope="row">{operator.name}</th>
      <td>
        <select aria-label={`Role of ${operator.name}`} value={operator.role} disabled={update.isPending}
          onChange={(e) => update.mutate({ id: operator.id, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </td>
      <td>{operator.active ? 'Yes' : 'No (turned off)'}</td>
      <td>
        <div className="operator-actions">
        {resetting ? (
          <form className="pin-reset" onSubmit={savePin} noValidate>
            <PinField id={`${ids}-pin`} label={`New PIN for ${operator.name}`} value={pin} onChange={setPin} error={pinError} autoFocus />
            <button type="submit" className="primary small" disabled={update.isPending}>
              Save PIN
            </button>
            <button type="button" className="small" onClick={() => onReset(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <>
            <button type="button" className="small" onClick={() => onReset(true)}>
              New PIN…
            </button>
            <button type="button" className="small" disabled={update.isPending}
              onClick={() => update.mutate({ id: operator.id, active: !operator.active })}>
              {operator.active ? 'Turn off' : 'Turn on'}
            </button>
          </>
        )}
        </div>
      </td>
    </tr>
  );
}

function AddOperator() {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [pin, setPin] = useState('');
  const add = useAddOperator();
  const ids = useId();
  const fieldError = (field: string) => add.error?.fields.find((f) => f.field === field)?.message;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    add.mutate(
      { name, role, pin },
      {
        onSuccess: () => {
          setName('');
          setPin('');
          setRole('cashier');
        },
      },
    );
  }

  return (
    <form className="add-operator" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Add an operator</h3>
      <div className="add-operator-fields">
        <Field field="name" id={`${ids}-name`} label="Name" value={name} onChange={setName} required maxLength={40} error={fieldError('name')}
          autoComplete="off" data-autofocus />
        <div className="field">
          <label htmlFor={`${ids}-role`}>Role</label>
          <select id={`${ids}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <PinField id={`${ids}-pin`} label="PIN" value={pin} onChange={setPin} error={fieldError('pin')} hint="4 to 8 digits; tell it to them alone." />
      </div>
      {add.isError && add.error.fields.length === 0 && (
        <p role="alert" className="form-alert">
          {describeError(add.error, 'add the operator')}
        </p>
      )}
      {add.isSuccess && (
        <p role="status" className="field-hint">
          Added {add.data.name}.
        </p>
      )}
      <button type="submit" className="primary" disabled={add.isPending}>
        Add operator
      </button>
    </form>
  );
}
