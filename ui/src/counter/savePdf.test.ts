import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandError, DeskPayment, Shift } from '../api/types';
import { FakeBackend } from '../fake/backend';
import { sampleCustomers } from '../test/render';

// The save dialog is native: here it is a mock that answers as the person would (a path, or
// null for Cancel). The commands run in the fake, which checks them as the shell does.
const dialog = vi.hoisted(() => ({ save: vi.fn<(options?: unknown) => Promise<string | null>>() }));
vi.mock('@tauri-apps/plugin-dialog', () => dialog);

/** savePdf.ts afresh: it asks for the save folder once per load of the module. */
const load = () => import('./savePdf');

async function counterWithPayment(setup?: (backend: FakeBackend) => void) {
  const backend = new FakeBackend({ customers: sampleCustomers() }).install();
  setup?.(backend);
  const shift = (await backend.handle('open_shift', { float: '1000' })) as Shift;
  const paid = (await backend.handle('take_payment', {
    customerId: backend.customers[0]!.id,
    input: { amount: '500', method: 'cash' },
  })) as DeskPayment;
  return { backend, shift, paid };
}

beforeEach(() => {
  vi.resetModules();
  dialog.save.mockReset();
});

describe('saveReceiptPdf', () => {
  it('asks where to save, offering the receipt number as the name, then has the shell write there', async () => {
    const { backend, paid } = await counterWithPayment();
    dialog.save.mockResolvedValue('/home/cashier/Receipt.pdf');
    const { saveReceiptPdf } = await load();

    const written = await saveReceiptPdf(paid.id, paid.receipt_number, 'thermal80', false);

    expect(written).toBe('/home/cashier/Receipt.pdf');
    expect(dialog.save).toHaveBeenCalledWith({
      title: 'Save the receipt as a PDF',
      defaultPath: `Receipt ${paid.receipt_number}.pdf`,
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    });
    expect(backend.lastCall('save_receipt_pdf')).toEqual({ paymentId: paid.id, paper: 'thermal80', copy: false, path: '/home/cashier/Receipt.pdf' });
  });

  it('names a reprint as a copy', async () => {
    const { paid } = await counterWithPayment();
    dialog.save.mockResolvedValue(null);
    const { saveReceiptPdf } = await load();
    await saveReceiptPdf(paid.id, 'DESK1-20261203-000001', 'a4', true);
    expect(dialog.save).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'Receipt DESK1-20261203-000001 (copy).pdf' }));
  });

  it('resolves to null and writes nothing when the person cancels', async () => {
    const { backend, paid } = await counterWithPayment();
    dialog.save.mockResolvedValue(null);
    const { saveReceiptPdf } = await load();

    expect(await saveReceiptPdf(paid.id, paid.receipt_number, 'a4', false)).toBeNull();
    expect(backend.callsOf('save_receipt_pdf')).toEqual([]);
  });

  it('saves straight into INFORA_SAVE_DIR without a dialog, asking the shell for the folder once', async () => {
    const { backend, paid } = await counterWithPayment((b) => {
      b.printing.saveFolder = '/tmp/e2e-pdfs/';
    });
    const { saveReceiptPdf } = await load();

    const first = await saveReceiptPdf(paid.id, paid.receipt_number, 'thermal58', false);
    const again = await saveReceiptPdf(paid.id, paid.receipt_number, 'thermal58', true);

    expect(first).toBe(`/tmp/e2e-pdfs/Receipt ${paid.receipt_number}.pdf`);
    expect(again).toBe(`/tmp/e2e-pdfs/Receipt ${paid.receipt_number} (copy).pdf`);
    expect(dialog.save).not.toHaveBeenCalled();
    expect(backend.callsOf('save_folder')).toHaveLength(1);
  });

  it('rejects with the shell’s error, at its field', async () => {
    await counterWithPayment();
    dialog.save.mockResolvedValue('/home/cashier/r.pdf');
    const { saveReceiptPdf } = await load();

    const error = (await saveReceiptPdf('0191d3a4-0000-7000-8000-000000000000', 'X', 'a4', false).catch((e: unknown) => e)) as CommandError;
    expect(error.code).toBe('not_found');
  });
});

describe('saveShiftReportPdf', () => {
  it('offers the report’s name, then has the shell write the report there', async () => {
    const { backend, shift } = await counterWithPayment();
    dialog.save.mockResolvedValue('/home/cashier/Z-DESK1-0001.pdf');
    const { saveShiftReportPdf } = await load();

    const written = await saveShiftReportPdf(shift.id, 'Z-DESK1-0001', 'thermal80', false);

    expect(written).toBe('/home/cashier/Z-DESK1-0001.pdf');
    expect(dialog.save).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'Z-DESK1-0001.pdf', title: 'Save the shift report as a PDF' }));
    expect(backend.lastCall('save_shift_report_pdf')).toEqual({ shiftId: shift.id, paper: 'thermal80', copy: false, path: '/home/cashier/Z-DESK1-0001.pdf' });
  });

  it('keeps a name a file system would refuse out of the file name', async () => {
    const { shift } = await counterWithPayment();
    dialog.save.mockResolvedValue(null);
    const { saveShiftReportPdf } = await load();
    await saveShiftReportPdf(shift.id, 'X report 3/12 14:05', 'a4', false);
    expect(dialog.save).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'X report 3-12 14-05.pdf' }));
  });
});
