import { useState, type FormEvent } from 'react';
import type { Ticket } from '../api/types';
import { describeError } from '../api/errors';
import { fieldMessage } from '../format';
import { MESSAGES } from '../rules';
import { Dialog } from '../widgets/Dialog';
import { Field } from '../widgets/Field';
import { useResolveTicket } from './queries';

/** Resolves a ticket opened at this desk, with a note of what was done. */
export function ResolveTicketDialog({ ticket, onClose }: { ticket: Ticket; onClose: () => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const resolve = useResolveTicket();

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (resolve.isPending) return;
    if (!note.trim()) {
      setError(fieldMessage('note', MESSAGES.resolutionNote));
      return;
    }
    resolve.mutate(
      { ticketId: ticket.id, note },
      {
        onSuccess: onClose,
        onError: (err) => {
          const field = err.fields.find((f) => f.field === 'note');
          setError(field ? fieldMessage('note', field.message) : describeError(err, 'resolve the ticket'));
        },
      },
    );
  }

  return (
    <Dialog label="Resolve ticket" title={`Resolve ${ticket.number}`} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <p>{ticket.subject}</p>
        <Field
          field="note"
          id="resolution-note"
          label="What was done"
          required
          maxLength={500}
          autoComplete="off"
          value={note}
          onChange={(v) => {
            setNote(v);
            setError(undefined);
          }}
          error={error}
          data-autofocus
          hint="e.g. Replaced the router"
        />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={resolve.isPending}>
            Resolve
          </button>
        </div>
      </form>
    </Dialog>
  );
}
