import type { ReactNode } from 'react';
import { useCustomerStats } from '../queries/customers';
import { formatCount, formatMoney, formatPercentText, moneySign, percentOf } from '../format';
import { Skeleton } from '../widgets/Skeleton';

function Card({ label, figure, note, tone, children }: {
  label: string;
  figure?: ReactNode;
  note?: ReactNode;
  tone?: 'good' | 'warn' | 'bad' | 'money';
  children?: ReactNode;
}) {
  return (
    <section aria-label={label} className={`card ${tone ? `card-${tone}` : ''}`}>
      <h2 className="card-label">{label}</h2>
      {figure !== undefined && <p className="card-figure">{figure}</p>}
      {note !== undefined && <p className="card-note">{note}</p>}
      {children}
    </section>
  );
}

export function StatsCards({ onOpen }: { onOpen: (id: string) => void }) {
  const { data: stats, isError, refetch } = useCustomerStats();
  const loading = <Skeleton width="4em" />;
  // Central's "top customers" are the largest balances; only those who owe are debts.
  const debts = stats?.top_customers.filter((c) => moneySign(c.balance) > 0).slice(0, 5);

  if (isError && !stats) {
    return (
      <div className="stats stats-error">
        <p>
          The statistics could not be loaded.{' '}
          <button type="button" className="link" onClick={() => void refetch()}>
            Try again
          </button>
        </p>
      </div>
    );
  }

  return (
    <div className="stats">
      <Card
        label="Total customers"
        figure={stats ? formatCount(stats.total) : loading}
        note={stats ? `Average usage ${formatPercentText(stats.average_usage)}` : undefined}
      />
      <Card
        label="Active"
        tone="good"
        figure={stats ? formatCount(stats.active) : loading}
        note={stats ? `${percentOf(stats.active, stats.total)}% of total` : undefined}
      />
      <Card
        label="Suspended"
        tone="bad"
        figure={stats ? formatCount(stats.suspended) : loading}
        note={stats ? (stats.suspended > 0 ? 'Requires attention' : 'None need attention') : undefined}
      />
      <Card
        label="Pending"
        tone="warn"
        figure={stats ? formatCount(stats.pending) : loading}
        note={stats ? 'Awaiting activation' : undefined}
      />
      <Card
        label="Total balance"
        tone="money"
        figure={stats ? formatMoney(stats.total_balance) : loading}
        note={
          stats
            ? `${formatCount(stats.customers_with_balance)} ${stats.customers_with_balance === 1 ? 'customer owes' : 'customers owe'}`
            : undefined
        }
      />
      <Card
        label="Average balance"
        tone="money"
        figure={stats ? formatMoney(stats.average_balance) : loading}
        note={stats ? 'Per customer' : undefined}
      />
      <Card label="Largest debts">
        {stats ? (
          debts!.length > 0 ? (
            <ol className="top-list">
              {debts!.map((c) => (
                <li key={c.id}>
                  <button type="button" className="link top-name" title={c.name} onClick={() => onOpen(c.id)}>
                    {c.name}
                  </button>
                  <span className="money">{formatMoney(c.balance)}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="card-note">Nobody owes anything</p>
          )
        ) : (
          <p className="card-note">{loading}</p>
        )}
      </Card>
    </div>
  );
}
