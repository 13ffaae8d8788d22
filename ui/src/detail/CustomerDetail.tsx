import { useLayoutEffect, useRef, useState } from 'react';
import type { Customer, CustomerStatus } from '../api/types';
import { describeError } from '../api/errors';
import { formatDate, formatDateTime, formatMoney, moneySign } from '../format';
import { useCustomer, useSetStatus } from '../queries/customers';
import { ErrorPanel } from '../widgets/ErrorPanel';
import { Skeleton } from '../widgets/Skeleton';
import { StatusBadge } from '../widgets/StatusBadge';
import { Tabs } from '../widgets/Tabs';
import { CustomerSyncBadge, CustomerSyncNote } from '../sync/SyncBadge';
import { useCustomerRecordsFromCentral } from '../sync/queries';
import { useToast } from '../widgets/Toasts';
import { UsageMeter } from '../widgets/UsageMeter';
import { DeleteDialog } from './DeleteDialog';
import { HistoryTab } from './HistoryTab';
import { InvoicesTab, PaymentsTab, TicketsTab } from './relatedTabs';
import { SetBalanceDialog } from './SetBalanceDialog';
import { SetUsageDialog } from './SetUsageDialog';
import { StatementTab } from './StatementTab';

type TabKey = 'invoices' | 'payments' | 'statement' | 'tickets' | 'history';
type OpenDialog = 'balance' | 'usage' | 'delete' | null;

interface CustomerDetailProps {
  id: string;
  onBack: () => void;
  /** The back button's words, when it does not go back to the list. */
  backLabel?: string;
  onEdit: (customer: Customer) => void;
  /** Opens the Sync screen (from a note about this customer's sync). */
  onOpenSync?: () => void;
  /** Opens "Take payment" for this customer (P). */
  onTakePayment: (customer: Customer) => void;
}

const STATUS_ACTIONS: { status: CustomerStatus; label: string; tone?: string }[] = [
  { status: 'active', label: 'Activate', tone: 'good' },
  { status: 'suspended', label: 'Suspend', tone: 'warn' },
  { status: 'pending', label: 'Set pending' },
];

function BalanceSummary({ balance }: { balance: string }) {
  const sign = moneySign(balance);
  return (
    <div className={`balance-summary ${sign > 0 ? 'owes' : sign < 0 ? 'credit' : 'settled'}`}>
      <span className="balance-label">{sign > 0 ? 'Owes' : sign < 0 ? 'In credit' : 'Balance'}</span>
      <span className="balance-figure money">{formatMoney(balance)}</span>
      {sign === 0 && <span className="balance-note">Settled</span>}
    </div>
  );
}

export function CustomerDetail({ id, onBack, backLabel = 'Back to customers', onEdit, onOpenSync, onTakePayment }: CustomerDetailProps) {
  const query = useCustomer(id);
  const customer = query.data;
  useCustomerRecordsFromCentral(id);
  const toast = useToast();
  const setStatus = useSetStatus();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [tab, setTab] = useState<TabKey>('invoices');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const loaded = customer !== undefined;

  // Focus lands on the name so a screen reader says whose page this is, and Tab starts at the
  // actions.
  useLayoutEffect(() => {
    if (loaded) headingRef.current?.focus();
  }, [loaded]);

  function changeStatus(status: CustomerStatus) {
    if (!customer) return;
    setStatus.mutate(
      { id: customer.id, status },
      {
        onSuccess: (c) =>
          toast.success(
            status === 'suspended' ? `Suspended ${c.name}` : status === 'active' ? `Activated ${c.name}` : `${c.name} is now pending`,
          ),
        onError: (err) => toast.error(describeError(err, 'change the status')),
      },
    );
  }

  if (query.isError && !customer) {
    return (
      <section role="region" aria-label="Customer details" className="screen detail">
        <button type="button" className="back" onClick={onBack}>
          {backLabel}
        </button>
        {query.error.code === 'not_found' ? (
          <div role="alert" className="error-panel">
            <p>This customer no longer exists; it may have been deleted on this desk or by a sync.</p>
          </div>
        ) : (
          <ErrorPanel error={query.error} what="this customer" onRetry={() => void query.refetch()} />
        )}
      </section>
    );
  }

  const statusBusy = setStatus.isPending;

  return (
    <section role="region" aria-label="Customer details" className="screen detail" aria-busy={!customer}>
      <div className="detail-top">
        <button type="button" className="back" onClick={onBack} aria-keyshortcuts="Escape">
          {backLabel}
        </button>
      </div>

      <header className="detail-header">
        <div className="detail-title">
          <h2 ref={headingRef} tabIndex={-1}>
            {customer ? customer.name : <Skeleton width="12em" />}
          </h2>
          {customer && <StatusBadge status={customer.status} />}
          {customer && <CustomerSyncBadge id={customer.id} />}
        </div>
        {customer && (
          <p className="detail-contact">
            <a href={`mailto:${customer.email}`}>{customer.email}</a>
            <span aria-hidden="true"> · </span>
            <a href={`tel:${customer.phone}`}>{customer.phone}</a>
            <span aria-hidden="true"> · </span>
            <span>{customer.package}</span>
          </p>
        )}
      </header>

      {customer && (
        <>
          <CustomerSyncNote id={customer.id} onOpenSync={onOpenSync} />
          <div className="actions" role="group" aria-label="Customer actions">
            <button type="button" className="primary" onClick={() => onTakePayment(customer)} aria-keyshortcuts="P">
              Take payment
            </button>
            <button type="button" onClick={() => onEdit(customer)}>
              Edit
            </button>
            {/* The three status actions keep their places whatever the status: the one that
                would change nothing is disabled, not removed, so nothing moves under the mouse. */}
            {STATUS_ACTIONS.map(({ status, label, tone }) => (
              <button
                key={status}
                type="button"
                className={tone}
                disabled={statusBusy || customer.status === status}
                title={customer.status === status ? `Already ${status}` : undefined}
                onClick={() => changeStatus(status)}
              >
                {label}
              </button>
            ))}
            <button type="button" onClick={() => setDialog('balance')}>
              Set balance
            </button>
            <button type="button" onClick={() => setDialog('usage')}>
              Set usage
            </button>
            <span className="actions-spacer" />
            <button type="button" className="danger-outline" onClick={() => setDialog('delete')}>
              Delete customer
            </button>
          </div>

          <div className="profile">
            <BalanceSummary balance={customer.balance} />
            <dl className="facts">
              <div>
                <dt>Last payment</dt>
                <dd>{customer.last_payment_date ? formatDate(customer.last_payment_date) : 'None recorded'}</dd>
              </div>
              <div>
                <dt>Usage</dt>
                <dd>
                  <UsageMeter value={customer.usage_percentage} />
                </dd>
              </div>
              <div>
                <dt>Devices</dt>
                <dd>{customer.device_count}</dd>
              </div>
              <div>
                <dt>Address</dt>
                <dd>{customer.address || '—'}</dd>
              </div>
              <div>
                <dt>Joined</dt>
                <dd>{formatDate(customer.join_date)}</dd>
              </div>
              <div>
                <dt>Last changed</dt>
                <dd>{formatDateTime(customer.updated_at)}</dd>
              </div>
              <div>
                <dt>Sync</dt>
                <dd>{customer.central_id !== null ? `Central #${customer.central_id}` : 'Not yet synced'}</dd>
              </div>
            </dl>
          </div>

          <Tabs<TabKey>
            idPrefix="detail"
            active={tab}
            onChange={setTab}
            tabs={[
              { key: 'invoices', label: 'Invoices', panel: () => <InvoicesTab id={customer.id} /> },
              { key: 'payments', label: 'Payments', panel: () => <PaymentsTab id={customer.id} /> },
              { key: 'statement', label: 'Statement', panel: () => <StatementTab id={customer.id} /> },
              { key: 'tickets', label: 'Tickets', panel: () => <TicketsTab id={customer.id} /> },
              { key: 'history', label: 'History', panel: () => <HistoryTab id={customer.id} /> },
            ]}
          />

          {dialog === 'balance' && (
            <SetBalanceDialog
              customer={customer}
              onClose={() => setDialog(null)}
              onSaved={(c) => {
                setDialog(null);
                toast.success(`Balance of ${c.name} set to ${formatMoney(c.balance)}`);
              }}
            />
          )}
          {dialog === 'usage' && (
            <SetUsageDialog
              customer={customer}
              onClose={() => setDialog(null)}
              onSaved={(c) => {
                setDialog(null);
                toast.success(`Usage of ${c.name}: ${c.usage_percentage}% on ${c.device_count} device(s)`);
              }}
            />
          )}
          {dialog === 'delete' && (
            <DeleteDialog
              customer={customer}
              onClose={() => setDialog(null)}
              onDeleted={(c) => {
                setDialog(null);
                toast.success(`Deleted ${c.name}`);
                onBack();
              }}
              onSuspendInstead={() => {
                setDialog(null);
                changeStatus('suspended');
              }}
            />
          )}
        </>
      )}
    </section>
  );
}
