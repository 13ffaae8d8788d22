import type { DeskPayment } from '../api/types';
import { formatDateTime, formatMoney, moneySign } from '../format';
import { METHOD_LABELS } from './labels';

/** The balance after a payment, as a receipt words it. */
function balanceLine(balance: string): [string, string] {
  const sign = moneySign(balance);
  const amount = formatMoney(balance.replace(/^-/, ''));
  return sign > 0 ? ['Balance owed', amount] : sign < 0 ? ['In credit', amount] : ['Balance', amount];
}

/**
 * A payment's or a void's receipt as the till prints it: shop, desk and number, when, who paid,
 * how much and how, the new balance and the cashier. A reprint says COPY.
 */
export function Receipt({ payment, shopName, copy = false }: { payment: DeskPayment; shopName: string; copy?: boolean }) {
  const isVoid = payment.kind === 'void';
  const [balanceLabel, balanceAmount] = balanceLine(payment.balance_after);
  return (
    <article className="receipt printable" aria-label={`${isVoid ? 'Void' : 'Receipt'} ${payment.receipt_number}`}>
      {copy && <p className="receipt-copy">COPY</p>}
      <header className="receipt-head">
        <p className="receipt-shop">{shopName}</p>
        <p className="receipt-title">{isVoid ? 'VOID · payment reversed' : 'Payment receipt'}</p>
      </header>
      <dl className="receipt-lines">
        <div>
          <dt>Receipt</dt>
          <dd className="mono">{payment.receipt_number}</dd>
        </div>
        <div>
          <dt>Date</dt>
          <dd>{formatDateTime(payment.taken_at)}</dd>
        </div>
        <div>
          <dt>Customer</dt>
          <dd>
            {payment.customer_name}
            <br />
            <span className="muted">{payment.customer_phone}</span>
          </dd>
        </div>
        <div>
          <dt>Method</dt>
          <dd>{METHOD_LABELS[payment.method]}</dd>
        </div>
        {payment.reference && (
          <div>
            <dt>{payment.method === 'mpesa' ? 'M-Pesa code' : 'Reference'}</dt>
            <dd className="mono">{payment.reference}</dd>
          </div>
        )}
        {isVoid && payment.voids && (
          <div>
            <dt>Reverses</dt>
            <dd className="mono">{payment.voids}</dd>
          </div>
        )}
        {payment.note && (
          <div>
            <dt>{isVoid ? 'Reason' : 'Note'}</dt>
            <dd>{payment.note}</dd>
          </div>
        )}
      </dl>
      <p className="receipt-amount">
        <span>{isVoid ? 'Amount reversed' : 'Amount paid'}</span>
        <strong className="money">{isVoid ? `-${formatMoney(payment.amount)}` : formatMoney(payment.amount)}</strong>
      </p>
      <dl className="receipt-lines">
        <div>
          <dt>{balanceLabel}</dt>
          <dd className="money">{balanceAmount}</dd>
        </div>
        <div>
          <dt>Cashier</dt>
          <dd>{payment.operator_name}</dd>
        </div>
      </dl>
      {payment.voided_by && !isVoid && <p className="receipt-voided">Voided by {payment.voided_by}</p>}
      <p className="receipt-foot">{copy ? 'COPY · a reprint, not a new payment' : 'Thank you'}</p>
    </article>
  );
}
