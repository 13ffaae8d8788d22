import { useState, type FormEvent } from 'react';
import type { CommandError, Customer, DeskPayment, PaymentInput, PaymentMethod } from '../api/types';
import { describeError } from '../api/errors';
import { fieldMessage, formatMoney, moneySign, normaliseMoneyInput } from '../format';
import { MESSAGES, NOTE_MAX, REFERENCE_MAX, checkMpesaCode, checkPaymentAmount, fromCents, toCents } from '../rules';
import { Dialog } from '../widgets/Dialog';
import { Field } from '../widgets/Field';
import { METHOD_LABELS, METHODS } from './labels';
import { OpenShiftForm } from './OpenShiftForm';
import { PrintActions } from './PrintActions';
import { saveReceiptPdf } from './savePdf';
import { Receipt } from './Receipt';
import { useCustomer } from '../queries/customers';
import { useCounterStatus, useTakePayment } from './queries';
import { useShopName } from './shop';

type Errors = Partial<Record<'amount' | 'method' | 'code' | 'reference' | 'note' | 'form', string>>;

/** "KES 500.00 owed" for the balance a payment would leave; null while the amount is not one. */
function balanceAfter(balance: string, typed: string): string | null {
  const checked = checkPaymentAmount(normaliseMoneyInput(typed));
  if (!checked.ok) return null;
  const after = fromCents(toCents(balance) - toCents(checked.value));
  const sign = moneySign(after);
  return `${formatMoney(after.replace(/^-/, ''))}${sign > 0 ? ' owed' : sign < 0 ? ' in credit' : ' · settled'}`;
}

/**
 * Take a payment from a customer: amount, method (with its M-Pesa code or reference) and a
 * note; then its receipt, ready to print. With no shift open, the cashier opens one first.
 */
export function TakePaymentDialog({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const customer = useCustomer(customerId).data;
  const status = useCounterStatus();
  const [taken, setTaken] = useState<DeskPayment | null>(null);
  const shopName = useShopName();

  if (taken) {
    return (
      <Dialog label="Receipt" title={`Payment taken · ${formatMoney(taken.amount)}`} onClose={onClose}>
        <div className="receipt-frame">
          <Receipt payment={taken} shopName={shopName} />
        </div>
        <PrintActions idPrefix="receipt" onSave={(paper) => saveReceiptPdf(taken.id, taken.receipt_number, paper, false)}>
          <button type="button" className="primary" data-autofocus onClick={onClose}>
            Done
          </button>
        </PrintActions>
      </Dialog>
    );
  }

  const noShift = status.data !== undefined && status.data.shift === null;
  return (
    <Dialog label="Take payment" title={`Take payment · ${customer?.name ?? ''}`} onClose={onClose}>
      {!customer || !status.data ? (
        <p aria-busy="true">Opening…</p>
      ) : noShift ? (
        <OpenShiftForm
          intro="No shift is open. Count the cash in the drawer to open one, then take the payment."
          onCancel={onClose}
        />
      ) : (
        <PaymentForm customer={customer} onCancel={onClose} onTaken={setTaken} />
      )}
    </Dialog>
  );
}

function PaymentForm({ customer, onCancel, onTaken }: { customer: Customer; onCancel: () => void; onTaken: (p: DeskPayment) => void }) {
  const owes = moneySign(customer.balance) > 0;
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [code, setCode] = useState('');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const take = useTakePayment(customer.id);
  const preview = balanceAfter(customer.balance, amount);

  function edit(field: keyof Errors, set: (v: string) => void) {
    return (v: string) => {
      set(v);
      setErrors((e) => ({ ...e, [field]: undefined, form: undefined }));
    };
  }

  /** The store's refusal at its fields; anything else above the buttons. */
  function showRefusal(err: CommandError) {
    const next: Errors = {};
    for (const f of err.fields) {
      if (f.field in { amount: 1, method: 1, code: 1, reference: 1, note: 1 }) next[f.field as keyof Errors] = fieldMessage(f.field, f.message);
    }
    if (Object.keys(next).length === 0) next.form = describeError(err);
    setErrors(next);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (take.isPending) return;
    // Checked here first, in the store's words, so nothing is sent that it would refuse.
    const found: Errors = {};
    const checkedAmount = checkPaymentAmount(normaliseMoneyInput(amount));
    if (!checkedAmount.ok) found.amount = fieldMessage('amount', checkedAmount.error.message);
    if (method === 'mpesa') {
      const checkedCode = checkMpesaCode(code);
      if (!checkedCode.ok) found.code = fieldMessage('code', checkedCode.error.message);
    }
    if (method === 'other' && !reference.trim()) found.reference = fieldMessage('reference', MESSAGES.otherReference);
    if (Object.keys(found).length > 0) {
      setErrors(found);
      return;
    }
    const input: PaymentInput = { amount: normaliseMoneyInput(amount), method };
    if (method === 'mpesa') input.code = code;
    if (method !== 'cash' && method !== 'mpesa' && reference.trim()) input.reference = reference;
    if (note.trim()) input.note = note;
    take.mutate(input, { onSuccess: onTaken, onError: showRefusal });
  }

  const amountOk = checkPaymentAmount(normaliseMoneyInput(amount));
  return (
    <form onSubmit={onSubmit} noValidate className="payment-form">
      <p className="muted">
        {customer.phone} · {owes ? `Owes ${formatMoney(customer.balance)}` : moneySign(customer.balance) < 0 ? `In credit ${formatMoney(customer.balance.replace(/^-/, ''))}` : 'Nothing owed'}
      </p>
      <Field
        field="amount"
        id="payment-amount"
        label="Amount (KES)"
        inputMode="decimal"
        autoComplete="off"
        required
        value={amount}
        onChange={edit('amount', setAmount)}
        error={errors.amount}
        data-autofocus
        hint={preview ? `New balance: ${preview}` : 'e.g. 1500 or 1500.50'}
        action={
          owes && amount === '' ? (
            <button type="button" className="small" onClick={() => setAmount(customer.balance)}>
              Pay all {formatMoney(customer.balance)}
            </button>
          ) : undefined
        }
      />
      <fieldset className="field method-choice">
        <legend className="required">Method</legend>
        <div className="segmented" role="radiogroup" aria-label="Method">
          {METHODS.map((m) => (
            <label key={m} className={method === m ? 'on' : undefined}>
              <input
                type="radio"
                name="method"
                value={m}
                checked={method === m}
                onChange={() => {
                  setMethod(m);
                  setErrors((e) => ({ ...e, code: undefined, reference: undefined, form: undefined }));
                }}
              />
              {METHOD_LABELS[m]}
            </label>
          ))}
        </div>
      </fieldset>
      {method === 'mpesa' && (
        <Field
          field="code"
          id="payment-code"
          label="M-Pesa code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
          className="mono-input"
          maxLength={14}
          value={code}
          onChange={edit('code', (v) => setCode(v.toUpperCase()))}
          error={errors.code}
          hint="The 10 letters and digits in the customer's M-Pesa message"
        />
      )}
      {(method === 'bank' || method === 'card' || method === 'other') && (
        <Field
          field="reference"
          id="payment-reference"
          label={method === 'other' ? 'What it was' : 'Reference'}
          autoComplete="off"
          required={method === 'other'}
          maxLength={REFERENCE_MAX}
          value={reference}
          onChange={edit('reference', setReference)}
          error={errors.reference}
          hint={method === 'other' ? 'e.g. voucher 2231' : 'Optional: the slip or card reference'}
        />
      )}
      <Field
        field="note"
        id="payment-note"
        label="Note"
        autoComplete="off"
        maxLength={NOTE_MAX}
        value={note}
        onChange={edit('note', setNote)}
        error={errors.note}
        hint="Optional, printed on the receipt"
      />
      {errors.form && (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={take.isPending}>
          {amountOk.ok ? `Take ${formatMoney(amountOk.value)}` : 'Take payment'}
        </button>
      </div>
    </form>
  );
}
