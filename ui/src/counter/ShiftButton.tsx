import { useState } from 'react';
import { formatDateTime } from '../format';
import { Dialog } from '../widgets/Dialog';
import { OpenShiftForm } from './OpenShiftForm';
import { ShiftDialog } from './ShiftDialog';
import { useCounterStatus } from './queries';

/** The top bar's shift control: open a shift, or see the open one (X report) and close it. */
export function ShiftButton() {
  const status = useCounterStatus();
  // What the dialog shows is fixed when it opens: closing the shift ends it in the store, and
  // its Z report must stay on screen until the cashier is done with it.
  const [showing, setShowing] = useState<{ shiftId: string } | 'open' | null>(null);
  if (!status.data) return null;
  const { shift, desk_code } = status.data;
  return (
    <>
      {shift ? (
        <button
          type="button"
          className="small shift-open"
          title={`Shift opened by ${shift.operator_name} at ${formatDateTime(shift.opened_at)}: X report, close`}
          onClick={() => setShowing({ shiftId: shift.id })}
        >
          <span className="dot" aria-hidden="true" /> Shift open
        </button>
      ) : (
        <button type="button" className="small shift-none" title="Open a shift with the cash float" onClick={() => setShowing('open')}>
          Open shift
        </button>
      )}
      {showing !== null && showing !== 'open' && <ShiftDialog shiftId={showing.shiftId} deskCode={desk_code} onClose={() => setShowing(null)} />}
      {showing === 'open' && (
        <Dialog label="Open shift" title="Open a shift" onClose={() => setShowing(null)}>
          <OpenShiftForm onCancel={() => setShowing(null)} onOpened={() => setShowing(null)} />
        </Dialog>
      )}
    </>
  );
}
