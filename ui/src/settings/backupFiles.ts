import { open, save } from '@tauri-apps/plugin-dialog';
import { saveFolder } from '../counter/savePdf';

// Which file a backup is saved as, or restored from: the person picks it in the system's save or
// open dialog. When the app was started with INFORA_SAVE_DIR (end-to-end tests: WebDriver cannot
// drive a native dialog), both use that folder and the default name without asking, so a test
// restores exactly the file it backed up.

const FILTERS = [{ name: 'Infora Desk backup', extensions: ['db'] }];

/** `Infora Desk backup 2026-12-03.db`, by the computer's local day. */
export function defaultBackupName(now: Date = new Date()): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `Infora Desk backup ${day}.db`;
}

async function inSaveFolder(): Promise<string | null> {
  const dir = await saveFolder();
  return dir === null ? null : `${dir.replace(/[\\/]+$/, '')}/${defaultBackupName()}`;
}

/** The file to back up to, or null when the person cancels. */
export async function pickBackupTarget(): Promise<string | null> {
  return (await inSaveFolder()) ?? save({ title: 'Back up the desk to a file', defaultPath: defaultBackupName(), filters: FILTERS });
}

/** The backup file to restore, or null when the person cancels. */
export async function pickBackupToRestore(): Promise<string | null> {
  return (await inSaveFolder()) ?? open({ title: 'Restore the desk from a backup', multiple: false, directory: false, filters: FILTERS });
}
