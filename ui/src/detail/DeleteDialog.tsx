import { useState } from 'react';
import type { Customer } from '../api/types';
import { describeError } from '../api/errors';
import { useDeleteCustomer } from '../queries/customers';
import { Dialog } from '../widgets/Dialog';

export function DeleteDialog({ customer, onClose, onDeleted, onSuspendInstead }: {
  customer: Customer;
  onClose: () => void;
  onDeleted: (customer: Customer) => void;
  onSuspendInstead: () => void;
}) {
  const remove = useDeleteCustomer();
  const [refusal, setRefusal] = useState<{ text: string; hasRecords: boolean } | null>(null);

  function confirm() {
    setRefusal(null);
    remove.mutate(customer.id, {
      onSuccess: onDeleted,
      // A conflict is the store saying the customer has records; its message carries the counts.
      onError: (err) => setRefusal({ text: describeError(err), hasRecords: err.code === 'clash' }),
    });
  }

  return (
    <Dialog label="Delete customer" title={`Delete ${customer.name}?`} onClose={onClose}>
      <p>
        {customer.central_id === null
          ? `This removes ${customer.name} from the desk for good.`
          : `This removes ${customer.name} from the desk, and from the central system at the next sync. If central refuses, the customer comes back here, marked “Deletion refused”.`}{' '}
        A customer with invoices, payments or tickets cannot be deleted; suspend them instead.
      </p>
      {refusal && (
        <div role="alert" className="form-alert">
          <p>
            <strong>Not deleted:</strong> {refusal.text}
          </p>
        </div>
      )}
      <div className="dialog-actions">
        {refusal?.hasRecords && customer.status !== 'suspended' && (
          <button type="button" onClick={onSuspendInstead}>
            Suspend instead
          </button>
        )}
        <button type="button" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="danger" disabled={remove.isPending} onClick={confirm}>
          Delete
        </button>
      </div>
    </Dialog>
  );
}
