import { useState, type FormEvent } from 'react';
import type { TicketPriority } from '../api/types';
import { describeError } from '../api/errors';
import { fieldMessage, humanise } from '../format';
import { MESSAGES, TICKET_CATEGORIES } from '../rules';
import { Dialog } from '../widgets/Dialog';
import { Field } from '../widgets/Field';
import { useOpenTicket } from './queries';

type Errors = Partial<Record<'subject' | 'description' | 'priority' | 'category' | 'form', string>>;
const PRIORITIES: readonly TicketPriority[] = ['low', 'medium', 'high', 'critical'];

/** Opens a support ticket for a customer at this desk (with or without a network). */
export function OpenTicketDialog({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<TicketPriority>('medium');
  const [category, setCategory] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const open = useOpenTicket(customerId);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (open.isPending) return;
    const found: Errors = {};
    if (!subject.trim()) found.subject = fieldMessage('subject', MESSAGES.required);
    if (!description.trim()) found.description = fieldMessage('description', MESSAGES.required);
    if (!category) found.category = fieldMessage('category', MESSAGES.required);
    if (Object.keys(found).length > 0) {
      setErrors(found);
      return;
    }
    open.mutate(
      { subject, description, priority, category },
      {
        onSuccess: onClose,
        onError: (err) => {
          const next: Errors = {};
          for (const f of err.fields) next[f.field as keyof Errors] = fieldMessage(f.field, f.message);
          if (Object.keys(next).length === 0) next.form = describeError(err, 'open the ticket');
          setErrors(next);
        },
      },
    );
  }

  return (
    <Dialog label="Open ticket" title="Open a ticket" onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <Field
          field="subject"
          id="ticket-subject"
          label="Subject"
          required
          maxLength={120}
          autoComplete="off"
          value={subject}
          onChange={(v) => {
            setSubject(v);
            setErrors((e) => ({ ...e, subject: undefined }));
          }}
          error={errors.subject}
          data-autofocus
          hint="e.g. No internet since the storm"
        />
        <div className="field">
          <label htmlFor="ticket-description" className="required">
            Description
          </label>
          <textarea
            id="ticket-description"
            name="description"
            rows={4}
            maxLength={2000}
            required
            value={description}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={errors.description ? 'description-error' : undefined}
            onChange={(e) => {
              setDescription(e.target.value);
              setErrors((x) => ({ ...x, description: undefined }));
            }}
          />
          {errors.description && (
            <p id="description-error" className="field-error">
              {errors.description}
            </p>
          )}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="ticket-priority">Priority</label>
            <select id="ticket-priority" value={priority} onChange={(e) => setPriority(e.target.value as TicketPriority)}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {humanise(p).replace(/^./, (c) => c.toUpperCase())}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ticket-category" className="required">
              Category
            </label>
            <select
              id="ticket-category"
              required
              value={category}
              aria-invalid={errors.category ? true : undefined}
              aria-describedby={errors.category ? 'category-error' : undefined}
              onChange={(e) => {
                setCategory(e.target.value);
                setErrors((x) => ({ ...x, category: undefined }));
              }}
            >
              <option value="">Choose…</option>
              {TICKET_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {humanise(c).replace(/^./, (x) => x.toUpperCase())}
                </option>
              ))}
            </select>
            {errors.category && (
              <p id="category-error" className="field-error">
                {errors.category}
              </p>
            )}
          </div>
        </div>
        <p className="muted small-print">Kept on this desk: the central system cannot take tickets yet.</p>
        {errors.form && (
          <p role="alert" className="form-error">
            {errors.form}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={open.isPending}>
            Open ticket
          </button>
        </div>
      </form>
    </Dialog>
  );
}
