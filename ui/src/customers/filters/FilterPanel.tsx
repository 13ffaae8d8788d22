import { useLayoutEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/commands';
import { describeError, isCommandError } from '../../api/errors';
import type { CommandError, CustomerQueryInput, FieldError } from '../../api/types';
import { formatDay, todayInputValue } from '../../format';
import { keys } from '../../queries/keys';
import { DateField } from '../../widgets/DateField';
import { Dialog } from '../../widgets/Dialog';
import { Field } from '../../widgets/Field';
import { PACKAGE_SUGGESTIONS } from '../formModel';
import { fromDraft, INPUT_OF, isFilterField, toDraft, type Draft, type Filters } from './filterModel';

/** Each input's words, also used for the errors said at it. */
const LABELS: Record<keyof Draft, string> = {
  balance: 'Balance',
  balanceMin: 'Balance from (KES)',
  balanceMax: 'Balance to (KES)',
  joinedFrom: 'Joined from',
  joinedTo: 'Joined to',
  lastPayment: 'Last payment',
  unpaidDays: 'Days without a payment',
  paidFrom: 'Last paid from',
  paidTo: 'Last paid to',
  package: 'Package',
  usageMin: 'Usage from (%)',
  usageMax: 'Usage to (%)',
  devicesMin: 'Devices from',
  devicesMax: 'Devices to',
};

/** The shell's field names inside its messages ("must not be before balance_min"), in the panel's words. */
const WORDS: Record<string, string> = {
  balance_min: 'the balance from',
  joined_from: 'the joined-from day',
  paid_from: 'the last-paid-from day',
  usage_min: 'the usage from',
  devices_min: 'the devices from',
};

/** A refusal as the panel says it under its input: its words, days as the region writes them. */
function said(error: FieldError): string {
  const message = error.message
    .replace(/\b(balance_min|joined_from|paid_from|usage_min|devices_min)\b/g, (f) => WORDS[f] ?? f)
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => formatDay(d));
  return message.charAt(0).toUpperCase() + message.slice(1);
}

type Errors = Partial<Record<keyof Draft, string>>;

const ID: Record<keyof Draft, string> = {
  balance: 'filter-balance-any',
  balanceMin: 'filter-balance-min',
  balanceMax: 'filter-balance-max',
  joinedFrom: 'filter-joined-from',
  joinedTo: 'filter-joined-to',
  lastPayment: 'filter-paid-any',
  unpaidDays: 'filter-unpaid-days',
  paidFrom: 'filter-paid-from',
  paidTo: 'filter-paid-to',
  package: 'filter-package',
  usageMin: 'filter-usage-min',
  usageMax: 'filter-usage-max',
  devicesMin: 'filter-devices-min',
  devicesMax: 'filter-devices-max',
};

/** The panel's inputs in the order they are shown (the first one at fault gets the focus). */
const ORDER = Object.keys(ID) as Array<keyof Draft>;

interface FilterPanelProps {
  filters: Filters;
  /** The list as asked now, less its filters: the panel's filters are checked with it. */
  query: CustomerQueryInput;
  onApply: (filters: Filters) => void;
  onClose: () => void;
}

/**
 * The advanced filters, set in one form and applied together. Before it closes, the list is
 * asked for page 1 with them: a refusal is shown at the input it names and the panel stays;
 * otherwise the list shows that answer at once (it is the query the list then asks).
 */
export function FilterPanel({ filters, query, onApply, onClose }: FilterPanelProps) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(filters));
  const [errors, setErrors] = useState<Errors>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [focusFirst, setFocusFirst] = useState(0);
  const today = todayInputValue();

  useLayoutEffect(() => {
    if (focusFirst === 0) return;
    const first = ORDER.find((k) => errors[k] !== undefined);
    if (first) document.getElementById(ID[first])?.focus();
  }, [focusFirst, errors]);

  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) => {
      setDraft((d) => ({ ...d, [key]: value }));
      setErrors((e) => (e[key] === undefined ? e : { ...e, [key]: undefined }));
    };

  function refuse(fields: FieldError[]) {
    const found: Errors = {};
    const other: string[] = [];
    for (const f of fields) {
      if (isFilterField(f.field)) {
        const input = INPUT_OF[f.field];
        found[input] = found[input] ? `${found[input]} ${said(f)}` : said(f);
      } else {
        other.push(said(f));
      }
    }
    setErrors(found);
    setAlert(other.length > 0 ? other.join(' ') : null);
    setFocusFirst((n) => n + 1);
  }

  async function apply(e: FormEvent) {
    e.preventDefault();
    setAlert(null);
    const { filters: next, errors: typed } = fromDraft(draft);
    if (typed.length > 0) {
      refuse(typed);
      return;
    }
    const asked: CustomerQueryInput = { ...query, ...next, page: 1 };
    setChecking(true);
    try {
      await client.fetchQuery({ queryKey: keys.list(asked), queryFn: () => api.listCustomers(asked) });
      onApply(next);
    } catch (error) {
      const refused = error as CommandError;
      if (isCommandError(refused) && refused.code === 'validation' && refused.fields.length > 0) refuse(refused.fields);
      else setAlert(describeError(refused, 'filter the customers'));
    } finally {
      setChecking(false);
    }
  }

  const text = (key: keyof Draft, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field
      field={fieldOf(key)}
      id={ID[key]}
      label={LABELS[key]}
      value={draft[key] as string}
      onChange={set(key) as (v: string) => void}
      error={errors[key]}
      autoComplete="off"
      {...extra}
    />
  );
  const day = (key: 'joinedFrom' | 'joinedTo' | 'paidFrom' | 'paidTo') => (
    <DateField field={fieldOf(key)} id={ID[key]} label={LABELS[key]} value={draft[key]} onChange={set(key)} min="2000-01-01" max={today} error={errors[key]} />
  );

  return (
    <Dialog label="Filters" onClose={onClose} size="large">
      <form className="filter-panel" onSubmit={(e) => void apply(e)} noValidate>
        <Choices
          legend="Balance"
          name="filter-balance"
          value={draft.balance}
          onChange={set('balance')}
          error={errors.balance}
          errorId="balance-error"
          options={[
            ['', 'Any', ID.balance],
            ['owes', 'Owes'],
            ['credit', 'In credit'],
            ['settled', 'Settled'],
          ]}
        />
        <div className="filter-row">
          {text('balanceMin', { inputMode: 'decimal', placeholder: 'e.g. 1000' })}
          {text('balanceMax', { inputMode: 'decimal', placeholder: 'e.g. 5000.50' })}
          {day('joinedFrom')}
          {day('joinedTo')}
        </div>
        <Choices
          legend="Last payment"
          name="filter-paid"
          value={draft.lastPayment}
          onChange={set('lastPayment')}
          error={errors.lastPayment}
          errorId="never_paid-error"
          options={[
            ['', 'Any', ID.lastPayment],
            ['never', 'Never paid'],
            ['unpaid', 'No payment in some days'],
            ['between', 'Last paid between two days'],
          ]}
        />
        {draft.lastPayment === 'unpaid' && (
          <div className="filter-row">{text('unpaidDays', { inputMode: 'numeric', hint: 'Never paid included.' })}</div>
        )}
        {draft.lastPayment === 'between' && (
          <div className="filter-row">
            {day('paidFrom')}
            {day('paidTo')}
          </div>
        )}
        <div className="filter-row">
          {text('usageMin', { inputMode: 'numeric' })}
          {text('usageMax', { inputMode: 'numeric' })}
          {text('devicesMin', { inputMode: 'numeric' })}
          {text('devicesMax', { inputMode: 'numeric' })}
        </div>
        <div className="filter-row">
          {text('package', { list: 'filter-package-suggestions', className: 'span-2' })}
          <datalist id="filter-package-suggestions">
            {PACKAGE_SUGGESTIONS.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </div>
        {alert && (
          <p role="alert" className="form-alert">
            {alert}
          </p>
        )}
        <div className="dialog-actions">
          <span className="dialog-hint">Ranges include both ends.</span>
          <button
            type="button"
            onClick={() => {
              setDraft(toDraft({}));
              setErrors({});
              setAlert(null);
            }}
          >
            Clear
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={checking}>
            {checking ? 'Applying…' : 'Apply'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The query field whose error an input shows (its `<field>-error` id). */
function fieldOf(key: keyof Draft): string {
  return Object.entries(INPUT_OF).find(([, input]) => input === key)?.[0] ?? key;
}

interface ChoicesProps<T extends string> {
  legend: string;
  name: string;
  value: T;
  onChange: (value: T) => void;
  /** [value, label, id of its input (the one focused for an error)]. */
  options: Array<[T, string] | [T, string, string]>;
  error?: string;
  errorId: string;
}

function Choices<T extends string>({ legend, name, value, onChange, options, error, errorId }: ChoicesProps<T>): ReactNode {
  return (
    <fieldset className="choice-group filter-choices" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {options.map(([v, label, id]) => (
        <label key={v} className="choice">
          <input type="radio" id={id} name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
          {label}
        </label>
      ))}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
