import { useRef, useState, type FormEvent } from 'react';
import type { CommandError, Customer, CustomerStatus } from '../api/types';
import { describeError } from '../api/errors';
import { useCreateCustomer, useCustomer, useUpdateCustomer } from '../queries/customers';
import { Dialog } from '../widgets/Dialog';
import { DateField } from '../widgets/DateField';
import { Field } from '../widgets/Field';
import { useFocusOnRefusal } from '../widgets/focus';
import { balancePreview, datePattern, todayInputValue } from '../format';
import { EARLIEST_JOIN_DATE, HINTS } from '../rules';
import {
  CENTRAL_OWNED_HINT,
  PACKAGE_SUGGESTIONS,
  REQUIRED_FIELDS,
  createInput,
  emptyValues,
  firstInvalid,
  readOnlyFields,
  splitFieldErrors,
  updateInput,
  valuesOf,
  type FormField,
  type FormValues,
  type SplitErrors,
} from './formModel';

interface CustomerFormProps {
  /** The customer being edited; none for a new one. */
  customer?: Customer;
  onClose: () => void;
  onSaved: (customer: Customer, created: boolean) => void;
  /** Opens another customer (the one who already has the email typed here). */
  onOpenCustomer: (id: string) => void;
}

const NO_ERRORS: SplitErrors = { byField: {}, other: [] };

/** A link to the customer who already has the email, by name once known. */
function OpenHolder({ id, onOpen }: { id: string; onOpen: (id: string) => void }) {
  const holder = useCustomer(id);
  return (
    <button type="button" className="link field-action" onClick={() => onOpen(id)}>
      {holder.data ? `Open ${holder.data.name}` : 'Open that customer'}
    </button>
  );
}

export function CustomerForm({ customer, onClose, onSaved, onOpenCustomer }: CustomerFormProps) {
  const editing = customer !== undefined;
  const [initial] = useState<FormValues>(() => (customer ? valuesOf(customer) : emptyValues()));
  const [readOnly] = useState(() => readOnlyFields(customer));
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  // The customer who already has the email typed, after the store refused it for that.
  const [emailHolder, setEmailHolder] = useState<string | null>(null);
  const create = useCreateCustomer();
  const update = useUpdateCustomer(customer?.id ?? '');
  const pending = create.isPending || update.isPending;
  const formRef = useRef<HTMLFormElement>(null);
  // After a refusal, the cursor goes to the first field at fault.
  const focusAfterRefusal = useFocusOnRefusal<FormField>(formRef);

  function set(field: FormField) {
    return (value: string) => {
      setValues((v) => ({ ...v, [field]: value }));
      // The message was about the old value; it goes once the value is being fixed.
      if (errors.byField[field]) {
        setErrors((e) => ({ ...e, byField: { ...e.byField, [field]: undefined } }));
      }
      if (field === 'email') setEmailHolder(null);
    };
  }

  function refused(error: CommandError) {
    // A taken email comes as a clash at the email field, with the customer who has it.
    setEmailHolder(error.code === 'clash' ? (error.other_customer ?? null) : null);
    if (error.fields.length > 0) {
      const split = splitFieldErrors(error.fields);
      setErrors(split);
      const field = firstInvalid(split.byField);
      if (field) focusAfterRefusal(field);
    } else {
      setErrors({ byField: {}, other: [describeError(error)] });
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    setErrors(NO_ERRORS);
    setEmailHolder(null);
    if (editing) {
      const input = updateInput(initial, values, readOnly);
      if (Object.keys(input).length === 0) {
        onClose();
        return;
      }
      update.mutate(input, { onSuccess: (saved) => onSaved(saved, false), onError: refused });
    } else {
      create.mutate(createInput(values), { onSuccess: (saved) => onSaved(saved, true), onError: refused });
    }
  }

  const label = editing ? 'Edit customer' : 'New customer';
  const err = errors.byField;
  const required = (field: FormField) => REQUIRED_FIELDS.includes(field) && !readOnly.has(field);

  return (
    <Dialog label={label} onClose={onClose} size="large">
      <form ref={formRef} className="customer-form" onSubmit={onSubmit} noValidate>
        {/* For the eye only: each required input says so itself (`required`). */}
        <p className="required-note" aria-hidden="true">
          <span className="asterisk">*</span> required
        </p>
        <div className="form-grid">
          <Field field="name" id="customer-name" label="Name" value={values.name} onChange={set('name')}
            error={err.name} autoComplete="off" data-autofocus required={required('name')} />
          <Field field="email" id="customer-email" label="Email" type="email" value={values.email}
            onChange={set('email')} error={err.email} autoComplete="off" required={required('email')}
            action={emailHolder && err.email ? <OpenHolder id={emailHolder} onOpen={onOpenCustomer} /> : undefined} />
          <Field field="phone" id="customer-phone" label="Phone" type="tel" value={values.phone}
            onChange={set('phone')} error={err.phone} autoComplete="off" required={required('phone')}
            hint={HINTS.phone} />
          <Field field="address" id="customer-address" label="Address" value={values.address}
            onChange={set('address')} error={err.address} autoComplete="off" className="span-2" />
          {readOnly.has('package') ? (
            <Field field="package" id="customer-package" label="Package" value={values.package}
              onChange={set('package')} error={err.package} readOnly hint={CENTRAL_OWNED_HINT} />
          ) : (
            <>
              <Field field="package" id="customer-package" label="Package" value={values.package}
                onChange={set('package')} error={err.package} list="package-suggestions" autoComplete="off"
                required={required('package')} />
              <datalist id="package-suggestions">
                {PACKAGE_SUGGESTIONS.map((p) => (
                  <option key={p} value={p} />
                ))}
              </datalist>
            </>
          )}
          <div className="field">
            <label htmlFor="customer-status">Status</label>
            <select
              id="customer-status"
              name="status"
              value={values.status}
              onChange={(e) => set('status')(e.target.value as CustomerStatus)}
              aria-invalid={err.status ? true : undefined}
              aria-describedby={err.status ? 'status-error' : undefined}
            >
              <option value="active">Active</option>
              <option value="pending">Pending</option>
              <option value="suspended">Suspended</option>
            </select>
            {err.status && (
              <p id="status-error" className="field-error">
                {err.status}
              </p>
            )}
          </div>
          <Field field="balance" id="customer-balance" label="Balance (KES)" inputMode="decimal"
            value={values.balance} onChange={set('balance')} error={err.balance} placeholder="0.00"
            autoComplete="off" hint={balancePreview(values.balance) ?? HINTS.balance} />
          <Field field="usage_percentage" id="customer-usage" label="Usage (%)" inputMode="numeric"
            value={values.usage_percentage} onChange={set('usage_percentage')} error={err.usage_percentage}
            placeholder="0" autoComplete="off" hint={HINTS.usage} />
          <Field field="device_count" id="customer-devices" label="Devices" inputMode="numeric"
            value={values.device_count} onChange={set('device_count')} error={err.device_count}
            placeholder="0" autoComplete="off" hint={HINTS.devices} />
          <DateField field="join_date" id="customer-join-date" label="Join date" value={values.join_date}
            onChange={set('join_date')} error={err.join_date} readOnly={readOnly.has('join_date')}
            min={EARLIEST_JOIN_DATE} max={todayInputValue()}
            hint={readOnly.has('join_date') ? CENTRAL_OWNED_HINT : `${datePattern().placeholder} · ${HINTS.joinDate}`} />
        </div>

        {errors.other.length > 0 && (
          <div role="alert" className="form-alert">
            {errors.other.map((m) => (
              <p key={m}>{m}</p>
            ))}
          </div>
        )}

        <div className="dialog-actions">
          <span className="dialog-hint">
            <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels
          </span>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={pending} aria-busy={pending || undefined}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
