import { useState, type FormEvent } from 'react';
import type { ShiftReport } from '../api/types';
import { describeError } from '../api/errors';
import { fieldMessage, formatMoney, normaliseMoneyInput } from '../format';
import { checkCountedCash, fromCents, toCents } from '../rules';
import { Dialog } from '../widgets/Dialog';
import { ErrorPanel } from '../widgets/ErrorPanel';
import { Field } from '../widgets/Field';
import { PrintActions } from './PrintActions';
import { saveShiftReportPdf } from './savePdf';
import { ShiftReportView, differenceText } from './ShiftReportView';
import { useCloseShift, useShiftReport } from './queries';
import { useShopName } from './shop';

/**
 * The open shift: its X report (printable), and closing it with the cash counted in the drawer,
 * which shows expected, counted and the difference before it is final, then the Z report.
 */
export function ShiftDialog({ shiftId, deskCode, onClose }: { shiftId: string; deskCode: string; onClose: () => void }) {
  const report = useShiftReport(shiftId);
  const [closed, setClosed] = useState<ShiftReport | null>(null);
  const shopName = useShopName();

  if (closed) {
    return (
      <Dialog label="Z report" title="Shift closed" onClose={onClose}>
        <div className="receipt-frame">
          <ShiftReportView report={closed} shopName={shopName} deskCode={deskCode} />
        </div>
        <PrintActions idPrefix="z-report" onSave={(paper) => saveShiftReportPdf(closed.shift.id, closed.shift.closing?.z_number ?? 'Z report', paper, false)}>
          <button type="button" className="primary" data-autofocus onClick={onClose}>
            Done
          </button>
        </PrintActions>
      </Dialog>
    );
  }

  return (
    <Dialog label="Shift" title="Shift · X report" onClose={onClose} size="large">
      {report.isError ? (
        <ErrorPanel error={report.error} what="the shift's report" onRetry={() => void report.refetch()} />
      ) : !report.data ? (
        <p aria-busy="true">Adding up the shift…</p>
      ) : (
        <div className="shift-layout">
          <div>
            <div className="receipt-frame">
              <ShiftReportView report={report.data} shopName={shopName} deskCode={deskCode} />
            </div>
            <PrintActions idPrefix="x-report" onSave={(paper) => saveShiftReportPdf(report.data.shift.id, `X report ${deskCode}`, paper, false)} />
          </div>
          <CloseShiftForm report={report.data} onClosed={setClosed} onCancel={onClose} />
        </div>
      )}
    </Dialog>
  );
}

function CloseShiftForm({ report, onClosed, onCancel }: { report: ShiftReport; onClosed: (z: ShiftReport) => void; onCancel: () => void }) {
  const [counted, setCounted] = useState('');
  const [error, setError] = useState<string | undefined>();
  const close = useCloseShift();
  const checked = checkCountedCash('counted', normaliseMoneyInput(counted));
  const difference = checked.ok ? fromCents(toCents(checked.value) - toCents(report.expected_cash)) : null;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (close.isPending) return;
    if (!checked.ok) {
      setError(fieldMessage('counted', checked.error.message));
      return;
    }
    close.mutate(
      { shiftId: report.shift.id, counted: checked.value },
      {
        onSuccess: onClosed,
        onError: (err) => {
          const field = err.fields.find((f) => f.field === 'counted');
          setError(field ? fieldMessage('counted', field.message) : describeError(err, 'close the shift'));
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="close-shift">
      <h3>Close the shift</h3>
      <p className="muted">Count the cash in the drawer. The drawer should hold {formatMoney(report.expected_cash)}.</p>
      <Field
        field="counted"
        id="shift-counted"
        label="Cash counted (KES)"
        inputMode="decimal"
        autoComplete="off"
        required
        value={counted}
        onChange={(v) => {
          setCounted(v);
          setError(undefined);
        }}
        error={error}
        data-autofocus
        hint={difference !== null ? `Expected ${formatMoney(report.expected_cash)} · ${differenceText(difference)}` : 'e.g. 2450'}
      />
      <p className="muted small-print">Closing makes the numbered Z report. It cannot be changed afterwards.</p>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Keep shift open
        </button>
        <button type="submit" className="primary" disabled={close.isPending}>
          Close shift
        </button>
      </div>
    </form>
  );
}
