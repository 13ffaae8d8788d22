import { useState, type FormEvent } from 'react';
import type { Customer } from '../api/types';
import { describeError } from '../api/errors';
import { fieldMessage } from '../format';
import { useSetUsage } from '../queries/customers';
import { HINTS, MESSAGES, checkDevices, checkUsage, wholeNumber, type Checked } from '../rules';
import { Dialog } from '../widgets/Dialog';
import { Field } from '../widgets/Field';

type Errors = { usage_percentage?: string; device_count?: string; other?: string };

/**
 * The command takes whole numbers (not text), so they are checked here first (sending "abc"
 * would fail in Tauri's argument decoding with no field named), with the store's rules and in
 * its words. `undefined` for a blank field, which the command leaves as it is.
 */
function typed(field: 'usage_percentage' | 'device_count', text: string, check: (n: number) => Checked<number>): Checked<number> | undefined {
  if (text.trim() === '') return undefined;
  const n = wholeNumber(text);
  return n === null ? { ok: false, error: { field, rule: 'wrong_type', message: MESSAGES.wholeNumber } } : check(n);
}

export function SetUsageDialog({ customer, onClose, onSaved }: {
  customer: Customer;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
}) {
  const [usage, setUsage] = useState(String(customer.usage_percentage));
  const [devices, setDevices] = useState(String(customer.device_count));
  const [errors, setErrors] = useState<Errors>({});
  const save = useSetUsage(customer.id);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    const u = typed('usage_percentage', usage, checkUsage);
    const d = typed('device_count', devices, checkDevices);
    const local: Errors = {};
    if (u && !u.ok) local.usage_percentage = fieldMessage('usage_percentage', u.error.message);
    if (d && !d.ok) local.device_count = fieldMessage('device_count', d.error.message);
    if (!u && !d) local.usage_percentage = fieldMessage('usage_percentage', MESSAGES.usageOrDevices);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    save.mutate(
      { usagePercentage: u?.ok ? u.value : undefined, deviceCount: d?.ok ? d.value : undefined },
      {
        onSuccess: onSaved,
        onError: (err) => {
          const next: Errors = {};
          for (const f of err.fields) {
            if (f.field === 'usage_percentage' || f.field === 'device_count') next[f.field] = fieldMessage(f.field, f.message);
            else next.other = fieldMessage(f.field, f.message);
          }
          if (err.fields.length === 0) next.other = describeError(err);
          setErrors(next);
        },
      },
    );
  }

  return (
    <Dialog label="Set usage" title={`Set usage · ${customer.name}`} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <div className="form-grid two">
          <Field field="usage_percentage" id="usage-percentage" label="Usage (%)" inputMode="numeric"
            autoComplete="off" value={usage} data-autofocus error={errors.usage_percentage} hint={HINTS.usage}
            onChange={(v) => { setUsage(v); setErrors((e) => ({ ...e, usage_percentage: undefined })); }} />
          <Field field="device_count" id="device-count" label="Devices" inputMode="numeric" autoComplete="off"
            value={devices} error={errors.device_count} hint={HINTS.devices}
            onChange={(v) => { setDevices(v); setErrors((e) => ({ ...e, device_count: undefined })); }} />
        </div>
        {errors.other && (
          <p role="alert" className="form-alert">
            {errors.other}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={save.isPending}>
            Save usage
          </button>
        </div>
      </form>
    </Dialog>
  );
}
