import { useState } from 'react';
import type { StatementEntry } from '../api/types';
import { formatDateTime, formatMoney, parseDay, todayInputValue } from '../format';
import { methodLabel } from '../counter/labels';
import { useStatement } from '../counter/queries';
import { DateField } from '../widgets/DateField';
import { ErrorPanel } from '../widgets/ErrorPanel';

/** Local midnight of a `YYYY-MM-DD` day, as an instant; `after` moves to the next midnight. */
function localMidnight(day: string, after = false): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (after ? 1 : 0)).toISOString();
}

function what(entry: StatementEntry): string {
  switch (entry.kind) {
    case 'payment':
      return `Payment · ${entry.method ? methodLabel(entry.method) : ''}${entry.reference ? ` ${entry.reference}` : ''}`;
    case 'void':
      return 'Void · payment given back';
    case 'set':
      return entry.by === 'central' || entry.by === 'sync' ? 'Changed on central' : 'Balance set';
  }
}

/** Money with its sign always shown: a statement's change column. */
function signed(amount: string): string {
  return amount.startsWith('-') ? formatMoney(amount) : `+${formatMoney(amount)}`;
}

/**
 * A customer's statement: every payment, void and balance change with the balance after each,
 * from the balance brought forward to the balance at the end; optionally between two days.
 */
export function StatementTab({ id }: { id: string }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const fromDay = from ? parseDay(from) ?? (/^\d{4}-\d{2}-\d{2}$/.test(from) ? from : null) : null;
  const toDay = to ? parseDay(to) ?? (/^\d{4}-\d{2}-\d{2}$/.test(to) ? to : null) : null;
  const statement = useStatement(id, fromDay ? localMidnight(fromDay) : undefined, toDay ? localMidnight(toDay, true) : undefined);
  const today = todayInputValue();
  const data = statement.data;

  return (
    <div className="related statement">
      <div className="related-toolbar statement-range">
        <DateField field="from" id="statement-from" label="From" value={from} onChange={setFrom} min="2000-01-01" max={today} />
        <DateField field="to" id="statement-to" label="To" value={to} onChange={setTo} min="2000-01-01" max={today} />
        {(from || to) && (
          <button
            type="button"
            className="small"
            onClick={() => {
              setFrom('');
              setTo('');
            }}
          >
            All dates
          </button>
        )}
      </div>
      {statement.isError ? (
        <ErrorPanel error={statement.error} what="the statement" onRetry={() => void statement.refetch()} />
      ) : !data ? (
        <p aria-busy="true">Reading the statement…</p>
      ) : (
        <table className="related-table statement-table">
          <caption className="sr-only">Statement</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">What</th>
              <th scope="col">Receipt</th>
              <th scope="col">By</th>
              <th scope="col" className="num">
                Change
              </th>
              <th scope="col" className="num">
                Balance
              </th>
            </tr>
          </thead>
          <tbody>
            <tr className="statement-edge">
              <td />
              <th scope="row" colSpan={4}>
                {data.earlier || fromDay ? 'Brought forward' : 'Opening balance'}
              </th>
              <td className="num money">{formatMoney(data.opening)}</td>
            </tr>
            {data.entries.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No payments or balance changes {fromDay || toDay ? 'in these days' : 'yet'}.
                </td>
              </tr>
            )}
            {data.entries.map((e, i) => (
              <tr key={i} className={`movement-${e.kind}`}>
                <td>{formatDateTime(e.at)}</td>
                <td>{what(e)}</td>
                <td className="mono">{e.receipt_number ?? '—'}</td>
                <td>{e.by}</td>
                <td className="num money">{signed(e.change)}</td>
                <td className="num money">{formatMoney(e.balance_after)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="statement-edge">
              <td />
              <th scope="row" colSpan={4}>
                {toDay ? 'Balance at the end' : 'Balance now'}
              </th>
              <td className="num money">{formatMoney(data.closing)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </div>
  );
}
