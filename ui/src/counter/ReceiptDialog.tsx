import { Dialog } from '../widgets/Dialog';
import { ErrorPanel } from '../widgets/ErrorPanel';
import { PrintActions } from './PrintActions';
import { saveReceiptPdf } from './savePdf';
import { Receipt } from './Receipt';
import { useReceipt } from './queries';
import { useShopName } from './shop';

/** A receipt shown again, to reprint: it says COPY. */
export function ReceiptDialog({ paymentId, onClose }: { paymentId: string; onClose: () => void }) {
  const receipt = useReceipt(paymentId);
  const shopName = useShopName();
  return (
    <Dialog label="Receipt copy" title="Receipt · copy" onClose={onClose}>
      {receipt.isError ? (
        <ErrorPanel error={receipt.error} what="the receipt" onRetry={() => void receipt.refetch()} />
      ) : !receipt.data ? (
        <p aria-busy="true">Finding the receipt…</p>
      ) : (
        <>
          <div className="receipt-frame">
            <Receipt payment={receipt.data} shopName={shopName} copy />
          </div>
          <PrintActions idPrefix="receipt-copy" onSave={(paper) => saveReceiptPdf(receipt.data.id, receipt.data.receipt_number, paper, true)}>
            <button type="button" className="primary" data-autofocus onClick={onClose}>
              Done
            </button>
          </PrintActions>
        </>
      )}
    </Dialog>
  );
}
