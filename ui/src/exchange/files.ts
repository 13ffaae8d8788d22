import { open, save } from '@tauri-apps/plugin-dialog';
import type { ExportFormat } from '../api/types';
import { saveFolder } from '../counter/savePdf';

// Which file is imported, and where an export or an import's report is saved: the person picks
// it in the system's open or save dialog.
//
// The test hook lives here and only here. WebDriver cannot drive a native dialog, so when the
// app was started with INFORA_SAVE_DIR (the end-to-end tests; as for PDFs and backups) no dialog
// opens: the import opens `Infora Desk import.csv` in that folder (the test writes its file
// there first), and exports and reports are saved there under their default names. Unset, as in
// normal use, the person picks every file.

/** The file the import opens from INFORA_SAVE_DIR. */
export const TEST_IMPORT_FILE = 'Infora Desk import.csv';

const SPREADSHEETS = [{ name: 'Spreadsheets (CSV, Excel)', extensions: ['csv', 'txt', 'xlsx'] }];

function day(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** `Infora Desk customers 2026-12-03.csv`, by the computer's local day. */
export function defaultExportName(format: ExportFormat, now: Date = new Date()): string {
  return `Infora Desk customers ${day(now)}.${format}`;
}

/** `customers - refused rows.csv` for `customers.csv`. */
export function defaultReportName(fileName: string): string {
  const stem = fileName.replace(/\.[^.]*$/, '') || 'import';
  return `${stem} - refused rows.csv`;
}

async function inSaveFolder(name: string): Promise<string | null> {
  const dir = await saveFolder();
  return dir === null ? null : `${dir.replace(/[\\/]+$/, '')}/${name}`;
}

/** The file to import, or null when the person cancels. */
export async function pickImportFile(): Promise<string | null> {
  return (
    (await inSaveFolder(TEST_IMPORT_FILE)) ??
    open({ title: 'Import customers from a file', multiple: false, directory: false, filters: SPREADSHEETS })
  );
}

/** Where to export the list, or null when the person cancels. */
export async function pickExportTarget(format: ExportFormat): Promise<string | null> {
  const name = defaultExportName(format);
  const filters = format === 'csv' ? [{ name: 'CSV', extensions: ['csv'] }] : [{ name: 'Excel workbook', extensions: ['xlsx'] }];
  return (await inSaveFolder(name)) ?? save({ title: 'Export the customers', defaultPath: name, filters });
}

/** Where to save an import's refused rows, or null when the person cancels. */
export async function pickReportTarget(fileName: string): Promise<string | null> {
  const name = defaultReportName(fileName);
  return (await inSaveFolder(name)) ?? save({ title: 'Save the refused rows', defaultPath: name, filters: [{ name: 'CSV', extensions: ['csv'] }] });
}
