import { useState, type FormEvent } from 'react';
import type { DeskPayment, Payment } from '../api/types';
import { describeError } from '../api/errors';
import { fieldMessage, formatDateTime, formatMoney } from '../format';
import { MESSAGES, NOTE_MAX } from '../rules';
import { Dialog } from '../widgets/Dialog';
import { Field } from '../widgets/Field';
import { methodLabel } from './labels';
import { PrintActions } from './PrintActions';
import { saveReceiptPdf } from './savePdf';
import { Receipt } from './Receipt';
import { useVoidPayment } from './queries';
import { useShopName } from './shop';

/**
 * Voids a payment taken at the desk (a supervisor only): the reason, then the void's own
 * receipt. The payment stays as it was; the void gives its amount back to the balance.
 */
export function VoidDialog({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [voided, setVoided] = useState<DeskPayment | null>(null);
  const doVoid = useVoidPayment();
  const shopName = useShopName();
  const receipt = payment.desk?.receipt_number ?? '';

  if (voided) {
    return (
      <Dialog label="Void receipt" title={`Voided ${receipt}`} onClose={onClose}>
        <div className="receipt-frame">
          <Receipt payment={voided} shopName={shopName} />
        </div>
        <PrintActions idPrefix="void" onSave={(paper) => saveReceiptPdf(voided.id, voided.receipt_number, paper, false)}>
          <button type="button" className="primary" data-autofocus onClick={onClose}>
            Done
          </button>
        </PrintActions>
      </Dialog>
    );
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (doVoid.isPending) return;
    if (!reason.trim()) {
      setError(fieldMessage('reason', MESSAGES.voidReason));
      return;
    }
    doVoid.mutate(
      { paymentId: payment.id, reason },
      {
        onSuccess: setVoided,
        onError: (err) => {
          const field = err.fields.find((f) => f.field === 'reason');
          setError(field ? fieldMessage('reason', field.message) : describeError(err, 'void the payment'));
        },
      },
    );
  }

  return (
    <Dialog label="Void payment" title={`Void ${receipt}`} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <p>
          {formatMoney(payment.amount)} by {methodLabel(payment.method)} on {formatDateTime(payment.payment_date)}. Voiding gives the amount back
          to the customer's balance and prints a void receipt; the payment itself is kept.
        </p>
        <Field
          field="reason"
          id="void-reason"
          label="Reason"
          autoComplete="off"
          required
          maxLength={NOTE_MAX}
          value={reason}
          onChange={(v) => {
            setReason(v);
            setError(undefined);
          }}
          error={error}
          data-autofocus
          hint="e.g. taken for the wrong customer"
        />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={doVoid.isPending}>
            Void payment
          </button>
        </div>
      </form>
    </Dialog>
  );
}
