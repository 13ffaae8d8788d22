import { useState } from 'react';
import type { Invoice, InvoiceStatus, Payment, PaymentStatus, RelatedQueryInput, Ticket, TicketStatus } from '../api/types';
import { formatDate, formatDateTime, formatMoney, humanise } from '../format';
import { relatedQueries } from '../queries/customers';
import { StatusBadge } from '../widgets/StatusBadge';
import { RelatedTab } from './RelatedTab';
import { methodLabel } from '../counter/labels';
import { ReceiptDialog } from '../counter/ReceiptDialog';
import { VoidDialog } from '../counter/VoidDialog';
import { describeError } from '../api/errors';
import { OpenTicketDialog } from '../tickets/OpenTicketDialog';
import { ResolveTicketDialog } from '../tickets/ResolveTicketDialog';
import { useSetTicketStatus } from '../tickets/queries';
import { useToast } from '../widgets/Toasts';

const INVOICE_STATUSES: readonly InvoiceStatus[] = ['pending', 'paid', 'overdue', 'cancelled'];
const PAYMENT_STATUSES: readonly PaymentStatus[] = ['pending', 'completed', 'failed', 'refunded'];
const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'in_progress', 'on_hold', 'pending', 'resolved', 'closed'];

export function InvoicesTab({ id }: { id: string }) {
  return (
    <RelatedTab<Invoice, InvoiceStatus>
      noun="invoices"
      statuses={INVOICE_STATUSES}
      filterLabel="Invoice status filter"
      rowsQuery={(q: RelatedQueryInput<InvoiceStatus>) => relatedQueries.invoices(id, q)}
      rowKey={(r) => r.id}
      rowClass={(r) => `invoice-${r.status}`}
      columns={[
        { label: 'Number', render: (r) => r.number },
        { label: 'Amount', className: 'num money', render: (r) => formatMoney(r.amount) },
        { label: 'Status', render: (r) => <StatusBadge status={r.status} /> },
        { label: 'Due', render: (r) => formatDate(r.due_date) },
        { label: 'Paid', render: (r) => formatDate(r.paid_date) },
        { label: 'Issued', render: (r) => formatDate(r.created_at) },
        { label: 'Notes', className: 'wrap', render: (r) => r.notes ?? '' },
      ]}
    />
  );
}

export function PaymentsTab({ id }: { id: string }) {
  const [receipt, setReceipt] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<Payment | null>(null);
  return (
    <>
      <RelatedTab<Payment, PaymentStatus>
        noun="payments"
        statuses={PAYMENT_STATUSES}
        filterLabel="Payment status filter"
        rowsQuery={(q: RelatedQueryInput<PaymentStatus>) => relatedQueries.payments(id, q)}
        rowKey={(r) => r.id}
        rowClass={(r) => (r.desk?.kind === 'void' ? 'payment-void' : r.desk?.voided_by ? 'payment-voided' : '')}
        columns={[
          { label: 'Date', render: (r) => formatDateTime(r.payment_date) },
          {
            label: 'Amount',
            className: 'num money',
            render: (r) => (r.desk?.kind === 'void' ? `-${formatMoney(r.amount)}` : formatMoney(r.amount)),
          },
          { label: 'Method', render: (r) => methodLabel(r.method) },
          { label: 'Status', render: (r) => <StatusBadge status={r.status} /> },
          { label: 'Transaction', className: 'mono', render: (r) => r.transaction_id ?? '—' },
          { label: 'Receipt', render: (r) => <DeskReceiptCell payment={r} /> },
          {
            label: 'Actions',
            render: (r) =>
              r.desk ? (
                <span className="row-actions">
                  <button type="button" className="small" onClick={() => setReceipt(r.id)} aria-label={`Receipt ${r.desk.receipt_number}`}>
                    Receipt
                  </button>
                  {r.desk.kind === 'payment' && !r.desk.voided_by && (
                    <button type="button" className="small danger-outline" onClick={() => setVoiding(r)} aria-label={`Void ${r.desk.receipt_number}`}>
                      Void
                    </button>
                  )}
                </span>
              ) : (
                <span className="muted">From central</span>
              ),
          },
        ]}
      />
      {receipt && <ReceiptDialog paymentId={receipt} onClose={() => setReceipt(null)} />}
      {voiding && <VoidDialog payment={voiding} onClose={() => setVoiding(null)} />}
    </>
  );
}

/** A desk payment's receipt, marked as kept on this desk; a void names what it reverses. */
function DeskReceiptCell({ payment }: { payment: Payment }) {
  const desk = payment.desk;
  if (!desk) return <>—</>;
  return (
    <span className="desk-receipt">
      <span className="mono">{desk.receipt_number}</span>
      {desk.kind === 'void' && desk.voids && <span className="tag">Void of {desk.voids}</span>}
      {desk.voided_by && <span className="tag warn">Voided</span>}
      <span className="tag" title="The central system has no way to take payments yet: this one is kept on this desk.">
        Kept on this desk
      </span>
    </span>
  );
}

export function TicketsTab({ id }: { id: string }) {
  const [opening, setOpening] = useState(false);
  const [resolving, setResolving] = useState<Ticket | null>(null);
  const setStatus = useSetTicketStatus();
  const toast = useToast();
  return (
    <>
      <RelatedTab<Ticket, TicketStatus>
        noun="tickets"
        statuses={TICKET_STATUSES}
        filterLabel="Ticket status filter"
        rowsQuery={(q: RelatedQueryInput<TicketStatus>) => relatedQueries.tickets(id, q)}
        rowKey={(r) => r.id}
        toolbar={
          <button type="button" className="small" onClick={() => setOpening(true)}>
            Open ticket
          </button>
        }
        columns={[
          {
            label: 'Number',
            render: (r) => (
              <span className="desk-receipt">
                <span>{r.number}</span>
                {r.opened_by !== null && (
                  <span className="tag" title={`Opened by ${r.opened_by}. The central system cannot take tickets yet: this one is kept on this desk.`}>
                    Kept on this desk
                  </span>
                )}
              </span>
            ),
          },
          {
            label: 'Subject',
            className: 'wrap',
            // What happened to the ticket is the usual question: the resolution is one click away.
            render: (r) => (
              <details className="ticket">
                <summary>{r.subject}</summary>
                <p>{r.description}</p>
                {r.opened_by && <p className="muted">Opened by {r.opened_by}</p>}
                {r.resolved_at && (
                  <p className="ticket-resolution">
                    Resolved {formatDateTime(r.resolved_at)}
                    {r.resolved_by ? ` by ${r.resolved_by}` : ''}
                    {r.resolution_note ? `: ${r.resolution_note}` : ''}
                  </p>
                )}
              </details>
            ),
          },
          { label: 'Priority', render: (r) => <span className={`priority priority-${r.priority}`}>{r.priority}</span> },
          {
            label: 'Status',
            render: (r) =>
              r.opened_by === null ? (
                <StatusBadge status={r.status} />
              ) : (
                <select
                  aria-label={`Status of ${r.number}`}
                  value={r.status}
                  disabled={setStatus.isPending}
                  onChange={(e) => {
                    const status = e.target.value as TicketStatus;
                    if (status === 'resolved') {
                      setResolving(r);
                      return;
                    }
                    setStatus.mutate(
                      { ticketId: r.id, status },
                      { onError: (err) => toast.error(describeError(err, 'change the ticket')) },
                    );
                  }}
                >
                  {TICKET_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {humanise(s).replace(/^./, (c) => c.toUpperCase())}
                    </option>
                  ))}
                </select>
              ),
          },
          { label: 'Category', render: (r) => humanise(r.category) },
          { label: 'Opened', render: (r) => formatDate(r.created_at) },
          {
            label: 'Resolved',
            render: (r) =>
              r.resolved_at ? (
                formatDate(r.resolved_at)
              ) : r.opened_by !== null ? (
                <button type="button" className="small" onClick={() => setResolving(r)} aria-label={`Resolve ${r.number}`}>
                  Resolve
                </button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {opening && <OpenTicketDialog customerId={id} onClose={() => setOpening(false)} />}
      {resolving && <ResolveTicketDialog ticket={resolving} onClose={() => setResolving(null)} />}
    </>
  );
}
