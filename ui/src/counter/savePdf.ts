import { save } from '@tauri-apps/plugin-dialog';
import { api } from '../api/commands';
import type { Paper } from '../api/types';

// Saving a receipt or a shift report as a PDF file: the person picks the file in the system's
// save dialog, then the shell makes the PDF in Rust and writes it (whole or not at all). When
// the app was started with INFORA_SAVE_DIR (end-to-end tests: WebDriver cannot drive a native
// dialog), the file goes to that folder under its default name without asking.

/** The paper a PDF is laid out for: 80 mm or 58 mm thermal roll, or A4. */
export type { Paper };

let folder: Promise<string | null> | undefined;

/** The shell's INFORA_SAVE_DIR, asked once; a failed ask is asked again next time. */
export function saveFolder(): Promise<string | null> {
  folder ??= api.saveFolder().catch((error: unknown) => {
    folder = undefined;
    throw error;
  });
  return folder;
}

/** A file name any system takes: the characters a folder separator or Windows refuses become `-`. */
function fileName(name: string, copy: boolean): string {
  const safe = name.replace(/[/\\:*?"<>|]/g, '-').trim();
  return `${safe}${copy ? ' (copy)' : ''}.pdf`;
}

async function savePdf(name: string, title: string, write: (path: string) => Promise<string>): Promise<string | null> {
  const dir = await saveFolder();
  const path =
    dir !== null
      ? `${dir.replace(/[\\/]+$/, '')}/${name}`
      : await save({ title, defaultPath: name, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
  if (path === null) return null;
  return write(path);
}

/**
 * Saves a payment's (or a void's) receipt as a PDF, as `Receipt <number>.pdf` unless the person
 * names it otherwise; a reprint (`copy`) says COPY and is named `… (copy).pdf`. Resolves to the
 * path written, or null when the person cancels the dialog; rejects with a `CommandError`.
 */
export function saveReceiptPdf(paymentId: string, receiptNumber: string, paper: Paper, copy: boolean): Promise<string | null> {
  return savePdf(fileName(`Receipt ${receiptNumber}`, copy), 'Save the receipt as a PDF', (path) =>
    api.saveReceiptPdf(paymentId, paper, copy, path),
  );
}

/**
 * Saves a shift's X report (open) or Z report (closed) as a PDF named `<name>.pdf` (a Z report's
 * number, `Z-DESK1-0001`, makes a good name). Resolves as `saveReceiptPdf` does.
 */
export function saveShiftReportPdf(shiftId: string, name: string, paper: Paper, copy: boolean): Promise<string | null> {
  return savePdf(fileName(name, copy), 'Save the shift report as a PDF', (path) =>
    api.saveShiftReportPdf(shiftId, paper, copy, path),
  );
}
