import { useId, useState, type FormEvent } from 'react';
import type { CommandError } from '../api/types';
import { describeError } from '../api/errors';
import { formatDateTime } from '../format';
import { Dialog } from '../widgets/Dialog';
import { pickBackupTarget, pickBackupToRestore } from './backupFiles';
import { reloadWindow } from './reload';
import { useBackUpNow, useBackupStatus, useRestoreBackup, useSetBackupsKept } from './backupQueries';

/** "340 KB", "12.4 MB": a backup's size as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

interface BackupsSectionProps {
  /** Only a supervisor restores a backup or changes how many are kept; anyone backs up. */
  mayManage: boolean;
  /** After a restore: the window reloads to show the restored store. */
  onRestored?: () => void;
}

/**
 * The Backups section of the settings: the automatic backups (one a day, the newest kept), a
 * failure of the last one, "Back up now" to a file, and for a supervisor, how many are kept and
 * restoring a backup (confirmed first: what is kept aside and that the app reloads).
 */
export function BackupsSection({ mayManage, onRestored = reloadWindow }: BackupsSectionProps) {
  const status = useBackupStatus();
  const backUp = useBackUpNow();
  const setKept = useSetBackupsKept();
  const restore = useRestoreBackup();
  const [kept, setKeptText] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const [pickError, setPickError] = useState<string | null>(null);
  const ids = useId();
  const busy = backUp.isPending || restore.isPending || restored;

  async function onBackUp() {
    setPickError(null);
    backUp.reset();
    try {
      const path = await pickBackupTarget();
      if (path !== null) backUp.mutate(path);
    } catch (error) {
      setPickError(describeError(error as CommandError, 'back up'));
    }
  }

  async function onPickRestore() {
    setPickError(null);
    restore.reset();
    try {
      const path = await pickBackupToRestore();
      if (path !== null) setConfirming(path);
    } catch (error) {
      setPickError(describeError(error as CommandError, 'open the backup'));
    }
  }

  function onConfirmRestore() {
    if (confirming === null) return;
    restore.mutate(confirming, {
      onSuccess: () => {
        setConfirming(null);
        setRestored(true);
        onRestored();
      },
    });
  }

  function onSaveKept(e: FormEvent) {
    e.preventDefault();
    if (kept !== null) setKept.mutate(Number(kept), { onSuccess: () => setKeptText(null) });
  }

  const data = status.data;
  const keptError = setKept.error?.fields.find((f) => f.field === 'backups_kept')?.message;
  return (
    <div className="backups form-stack">
      {status.isError && <p role="alert" className="form-alert">{describeError(status.error, 'read the backups')}</p>}
      {data && (
        <p className="field-hint">
          One automatic backup a day, the newest {data.kept} kept, in <span className="backups-folder">{data.folder}</span>.
        </p>
      )}
      {data?.last_failure && (
        <p role="alert" className="form-alert">
          The last automatic backup failed ({formatDateTime(data.last_failure.at)}): {data.last_failure.reason}
        </p>
      )}
      {data && data.backups.length === 0 && <p>No automatic backup yet: the first is made when the app starts.</p>}
      {data && data.backups.length > 0 && (
        <table className="backups-table">
          <caption className="sr-only">Automatic backups, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Made</th>
              <th scope="col">Size</th>
              {mayManage && <th scope="col"><span className="sr-only">Restore</span></th>}
            </tr>
          </thead>
          <tbody>
            {data.backups.map((b) => (
              <tr key={b.path}>
                <td>{formatDateTime(b.made_at)}</td>
                <td>{formatBytes(b.bytes)}</td>
                {mayManage && (
                  <td>
                    <button type="button" disabled={busy} onClick={() => setConfirming(b.path)}
                      aria-label={`Restore the backup made ${formatDateTime(b.made_at)}`}>
                      Restore
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayManage && data && (
        <form className="backups-kept" onSubmit={onSaveKept} noValidate>
          <label htmlFor={`${ids}-kept`}>Automatic backups kept</label>
          <input id={`${ids}-kept`} inputMode="numeric" maxLength={2} value={kept ?? String(data.kept)}
            aria-invalid={keptError ? true : undefined} aria-describedby={`${ids}-kept-hint`}
            onChange={(e) => setKeptText(e.target.value.replace(/[^0-9]/g, ''))} />
          <button type="submit" disabled={kept === null || setKept.isPending}>Save</button>
          <p id={`${ids}-kept-hint`} className="field-hint">{keptError ? `Must be from 1 to 60.` : '1 to 60; the oldest are deleted.'}</p>
        </form>
      )}
      <div className="dialog-actions backups-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void onBackUp()}>
          {backUp.isPending ? 'Backing up…' : 'Back up now'}
        </button>
        {mayManage && (
          <button type="button" disabled={busy} onClick={() => void onPickRestore()}>
            Restore from a file…
          </button>
        )}
      </div>
      <div role="status" aria-live="polite">
        {backUp.isSuccess && `Backed up to ${backUp.data.path} (${formatBytes(backUp.data.bytes)}).`}
        {restored && 'Restored. Reloading…'}
      </div>
      {backUp.isError && <p role="alert" className="form-alert">{describeError(backUp.error, 'back up')}</p>}
      {pickError && <p role="alert" className="form-alert">{pickError}</p>}
      {!mayManage && <p className="settings-note" role="note">Only a supervisor can restore a backup or change how many are kept.</p>}
      {confirming !== null && (
        <Dialog label="Restore this backup?" onClose={() => !restore.isPending && setConfirming(null)}>
          <div className="form-stack">
            <p>
              Restore <strong>{fileName(confirming)}</strong>? Everything on this desk (customers, payments, shifts, operators and
              their PINs, the sync queue) becomes as it was in this backup.
            </p>
            <p>
              The desk as it is now is not lost: it is kept as a safety copy beside the store
              (<code>customers.before-restore-….db</code>). Then the desk locks and the app reloads: sign in with a PIN from the
              backup.
            </p>
            {restore.isError && <p role="alert" className="form-alert">{describeError(restore.error, 'restore the backup')}</p>}
            <div className="dialog-actions">
              <button type="button" data-autofocus disabled={restore.isPending} onClick={() => setConfirming(null)}>Cancel</button>
              <button type="button" className="primary danger" disabled={restore.isPending} onClick={onConfirmRestore}>
                {restore.isPending ? 'Restoring…' : 'Restore and reload'}
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </div>
  );
}
