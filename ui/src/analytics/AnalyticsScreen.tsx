import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Analytics } from '../api/types';
import { formatCount, formatDate, formatDateTime, formatMoney } from '../format';
import { ErrorPanel } from '../widgets/ErrorPanel';
import { Skeleton } from '../widgets/Skeleton';
import { StatusBadge } from '../widgets/StatusBadge';
import { BarChartView } from './BarChartView';
import { balanceChart, balanceFacts, joinedChart, methodRows, paymentsChart, statusShares, usageChart, type Share } from './chartData';
import { PAYMENT_WINDOWS, useAnalytics, type PaymentWindow } from './queries';

interface AnalyticsScreenProps {
  onBack: () => void;
  /** Opens a customer's page (a debtor clicked). */
  onOpenCustomer: (id: string) => void;
}

/**
 * The analytics screen: who the customers are (status, joins, usage), who owes how much, what
 * came in per day and by which method, and the largest debts. Loaded on demand (App.tsx), so
 * the charting library does not weigh on the app's start.
 */
export default function AnalyticsScreen({ onBack, onOpenCustomer }: AnalyticsScreenProps) {
  const [days, setDays] = useState<PaymentWindow>(30);
  const query = useAnalytics(days);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => headingRef.current?.focus(), []);
  const a = query.data;

  return (
    <main className="screen analytics-screen" aria-labelledby="analytics-title" aria-busy={!a}>
      <div className="detail-top">
        <button type="button" className="back" onClick={onBack} aria-keyshortcuts="Escape">
          Back to customers
        </button>
      </div>
      <header className="analytics-header">
        <h2 id="analytics-title" ref={headingRef} tabIndex={-1}>
          Analytics
        </h2>
        <p className="detail-contact">
          {a ? `${formatCount(a.customers)} customers · as of ${formatDateTime(a.as_of)}` : 'Counting…'}
        </p>
      </header>
      {query.isError && !a ? (
        <ErrorPanel error={query.error} what="the analytics" onRetry={() => void query.refetch()} />
      ) : (
        <Figures analytics={a} days={days} onDays={setDays} stale={query.isPlaceholderData} onOpenCustomer={onOpenCustomer} />
      )}
    </main>
  );
}

interface FiguresProps {
  analytics: Analytics | undefined;
  days: PaymentWindow;
  onDays: (days: PaymentWindow) => void;
  /** Showing the other window's payments while this one loads. */
  stale: boolean;
  onOpenCustomer: (id: string) => void;
}

function Figures({ analytics: a, days, onDays, stale, onOpenCustomer }: FiguresProps) {
  const charts = useMemo(
    () => a && { joined: joinedChart(a), balances: balanceChart(a), usage: usageChart(a), payments: paymentsChart(a) },
    [a],
  );
  const none = a?.customers === 0;
  return (
    <div className="analytics-grid">
      <Card id="status" title="Customers by status">
        {a ? (
          <>
            <ShareBar shares={statusShares(a)} label="Customers by status" empty={none ? 'No customers yet.' : null} />
            {!none && <BalanceFacts analytics={a} />}
          </>
        ) : (
          <Loading />
        )}
      </Card>
      <Card id="joined" title="Joined per month" note="Last 24 months, by join date">
        {charts ? <BarChartView chart={charts.joined} xName="Month" title="Customers joined per month" /> : <Loading chart />}
      </Card>
      <Card id="balances" title="Who owes how much" note="Customers per balance">
        {charts ? <BarChartView chart={charts.balances} xName="Balance" title="Customers per balance" /> : <Loading chart />}
      </Card>
      <Card id="usage" title="Usage" note="Customers per share of their allowance used">
        {charts ? <BarChartView chart={charts.usage} xName="Usage" title="Customers per usage" /> : <Loading chart />}
      </Card>
      <Card
        id="payments"
        wide
        title="Payments per day"
        note={a ? `${formatMoney(a.payments.total)} in ${formatCount(a.payments.count)} payments` : undefined}
        action={<WindowPicker days={days} onDays={onDays} />}
      >
        {!a || !charts ? (
          <Loading chart />
        ) : !a.payments.recorded ? (
          <Empty>No payments yet. Payments taken at the counter and those synced from central show here.</Empty>
        ) : (
          <div className={stale ? 'is-stale' : undefined}>
            <BarChartView chart={charts.payments} xName="Day" title={`Payments per day, last ${a.payments.days} days`} height={210} />
          </div>
        )}
      </Card>
      <Card id="methods" wide title="By method" note={a ? `Last ${a.payments.days} days` : undefined}>
        {a ? <Methods analytics={a} /> : <Loading />}
      </Card>
      <Card id="debtors" wide title="Top debtors" note="The largest balances owed">
        {a ? <Debtors analytics={a} onOpenCustomer={onOpenCustomer} /> : <Loading />}
      </Card>
    </div>
  );
}

function Card({ id, title, note, action, wide, children }: { id: string; title: string; note?: string; action?: ReactNode; wide?: boolean; children: ReactNode }) {
  const titleId = `analytics-${id}-title`;
  return (
    <section className={`analytics-card${wide ? ' wide' : ''}`} aria-labelledby={titleId} data-chart={id}>
      <div className="analytics-card-head">
        <div>
          <h3 id={titleId}>{title}</h3>
          {note && <p className="muted">{note}</p>}
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}

function Loading({ chart }: { chart?: boolean }) {
  return (
    <div className={chart ? 'analytics-loading chart' : 'analytics-loading'} aria-hidden="true">
      <Skeleton />
      <Skeleton width="70%" />
      {chart && <Skeleton width="85%" />}
    </div>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="analytics-empty">{children}</p>;
}

function WindowPicker({ days, onDays }: { days: PaymentWindow; onDays: (days: PaymentWindow) => void }) {
  return (
    <div className="window-picker" role="group" aria-label="Payments over">
      {PAYMENT_WINDOWS.map((d) => (
        <button key={d} type="button" className="small" aria-pressed={d === days} onClick={() => onDays(d)}>
          {d} days
        </button>
      ))}
    </div>
  );
}

/** A whole split into coloured parts (a bar), with a legend that says each part in words. */
function ShareBar({ shares, label, empty }: { shares: Share[]; label: string; empty: string | null }) {
  if (empty) return <Empty>{empty}</Empty>;
  return (
    <div className="share">
      <div className="share-bar" role="img" aria-label={`${label}: ${shares.map((s) => `${s.label} ${s.detail} (${Math.round(s.percent)} %)`).join(', ')}`}>
        {shares
          .filter((s) => s.percent > 0)
          .map((s) => (
            <span key={s.key} style={{ width: `${s.percent}%`, background: `var(${s.color})` }} title={`${s.label}: ${s.detail}`} />
          ))}
      </div>
      <ul className="share-legend">
        {shares.map((s) => (
          <li key={s.key}>
            <span className="share-swatch" style={{ background: `var(${s.color})` }} aria-hidden="true" />
            <span className="share-label">{s.label}</span>
            <span className="num">{s.detail}</span>
            <span className="muted num">{Math.round(s.percent)} %</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The money the balances add up to: owed to the shop, and paid ahead. */
function BalanceFacts({ analytics: a }: { analytics: Analytics }) {
  const facts = balanceFacts(a);
  return (
    <dl className="analytics-facts">
      <div>
        <dt>Owed to the shop</dt>
        <dd>
          <span className="money owes">{formatMoney(facts.owed)}</span>
          <span className="muted"> by {formatCount(facts.owing)} customers</span>
        </dd>
      </div>
      <div>
        <dt>Paid ahead</dt>
        <dd>
          <span className="money credit">{formatMoney(facts.ahead)}</span>
          <span className="muted"> by {formatCount(facts.inCredit)} customers</span>
        </dd>
      </div>
    </dl>
  );
}

function Methods({ analytics: a }: { analytics: Analytics }) {
  const rows = methodRows(a.payments.by_method);
  if (!a.payments.recorded) return <Empty>No payments yet.</Empty>;
  if (rows.length === 0) return <Empty>No payments in the last {a.payments.days} days.</Empty>;
  return (
    <table className="methods">
      <thead>
        <tr>
          <th scope="col">Method</th>
          <th scope="col" className="num">
            Payments
          </th>
          <th scope="col" className="num">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.key}>
            <th scope="row">
              <span className="method-name">{m.method}</span> <span className="method-source muted">{m.source}</span>
              <span className="method-bar" style={{ width: `${m.percent}%` }} aria-hidden="true" />
            </th>
            <td className="num">{m.count}</td>
            <td className="num money">{m.amount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Debtors({ analytics: a, onOpenCustomer }: { analytics: Analytics; onOpenCustomer: (id: string) => void }) {
  if (a.top_debtors.length === 0) return <Empty>Nobody owes anything.</Empty>;
  return (
    <div className="table-wrap debtors">
      <table>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Phone</th>
            <th scope="col">Status</th>
            <th scope="col">Last paid</th>
            <th scope="col" className="num">
              Owes
            </th>
          </tr>
        </thead>
        <tbody>
          {a.top_debtors.map((d) => (
            <tr key={d.id}>
              <th scope="row">
                <button type="button" className="link" onClick={() => onOpenCustomer(d.id)}>
                  {d.name}
                </button>
              </th>
              <td>{d.phone}</td>
              <td>
                <StatusBadge status={d.status} />
              </td>
              <td>{d.last_payment_date ? formatDate(d.last_payment_date) : 'Never'}</td>
              <td className="num money owes">{formatMoney(d.balance)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
