import type { ShiftReport } from '../api/types';
import { formatDateTime, formatMoney, moneySign } from '../format';
import { METHOD_LABELS } from './labels';

/** "Short by KES 50.00" / "Over by KES 20.00" / "The cash balances". */
export function differenceText(difference: string): string {
  const sign = moneySign(difference);
  const amount = formatMoney(difference.replace(/^-/, ''));
  return sign < 0 ? `Short by ${amount}` : sign > 0 ? `Over by ${amount}` : 'The cash balances';
}

/**
 * A shift's X report (so far) or Z report (as closed): takings by method, voids, and the cash
 * the drawer should hold against what was counted.
 */
export function ShiftReportView({ report, shopName, deskCode, copy = false }: { report: ShiftReport; shopName: string; deskCode: string; copy?: boolean }) {
  const { shift } = report;
  const closing = shift.closing;
  const title = closing ? `Z report ${closing.z_number}` : 'X report · shift so far';
  return (
    <article className="shift-report printable" aria-label={title}>
      {copy && <p className="receipt-copy">COPY</p>}
      <header className="receipt-head">
        <p className="receipt-shop">{shopName}</p>
        <p className="receipt-title">{title}</p>
      </header>
      <dl className="receipt-lines">
        <div>
          <dt>Desk</dt>
          <dd className="mono">{deskCode}</dd>
        </div>
        <div>
          <dt>Cashier</dt>
          <dd>{shift.operator_name}</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>{formatDateTime(shift.opened_at)}</dd>
        </div>
        <div>
          <dt>{closing ? 'Closed' : 'As of'}</dt>
          <dd>{formatDateTime(report.as_of)}</dd>
        </div>
      </dl>
      <table className="report-table">
        <caption className="sr-only">Takings by method</caption>
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col" className="num">
              Count
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {report.by_method.map((m) => (
            <tr key={m.method} className={m.count === 0 ? 'muted' : undefined}>
              <th scope="row">{METHOD_LABELS[m.method]}</th>
              <td className="num">{m.count}</td>
              <td className="num money">{formatMoney(m.amount)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Voids</th>
            <td className="num">{report.voids}</td>
            <td className="num money">{report.voids > 0 ? `-${formatMoney(report.voided)}` : formatMoney(report.voided)}</td>
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Net takings</th>
            <td />
            <td className="num money">{formatMoney(report.net)}</td>
          </tr>
        </tfoot>
      </table>
      <dl className="receipt-lines cash-up">
        <div>
          <dt>Float</dt>
          <dd className="money">{formatMoney(shift.float)}</dd>
        </div>
        <div>
          <dt>Cash expected</dt>
          <dd className="money">{formatMoney(closing ? closing.expected_cash : report.expected_cash)}</dd>
        </div>
        {closing && (
          <>
            <div>
              <dt>Cash counted</dt>
              <dd className="money">{formatMoney(closing.counted_cash)}</dd>
            </div>
            <div className={`difference ${moneySign(closing.difference) < 0 ? 'short' : moneySign(closing.difference) > 0 ? 'over' : 'even'}`}>
              <dt>Difference</dt>
              <dd>{differenceText(closing.difference)}</dd>
            </div>
          </>
        )}
      </dl>
      {closing && <p className="receipt-foot">Closed by {closing.closed_by}. This report cannot be changed.</p>}
    </article>
  );
}
