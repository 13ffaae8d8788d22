import type { Backup } from '../bindings/Backup';
import type { BackupFailure } from '../bindings/BackupFailure';
import type { Operator } from '../api/types';
import type { Handlers } from './backend';
import { fail, reject, validated } from './rules';
import { REFUSALS } from './operators';

// Backups in the fake: the same checks as the shell's backups.rs and the store's backup.rs (the
// path, who may, 1 to 60 kept). A backup holds what the hooks snapshot (the customers) in
// memory, by its path; restoring one of those brings it back and locks the desk, as the shell
// does. Any other path is "not an Infora Desk backup". The recorded `backups` fixture holds the
// refusals to the shell's.

type BackupCommand = 'backup_status' | 'back_up_now' | 'set_backups_kept' | 'restore_backup';

export const KEPT_MIN = 1;
export const KEPT_MAX = 60;

/** The fake store's folder (the shell's is the OS app-data folder). */
export const STORE_FOLDER = '/home/cashier/.local/share/ke.infora.desk';

export const NOT_A_BACKUP = 'This file is not an Infora Desk backup.';

export interface BackupHooks {
  /** The next instant of the fake's clock. */
  now: () => string;
  operator: () => Operator;
  may: (operator: Operator, refusal: string) => void;
  /** What a backup holds, and how many customers that is. */
  snapshot: () => { data: unknown; customers: number };
  /** Puts a snapshot back. */
  restore: (data: unknown) => void;
  /** Signs the operator out, as a restore does. */
  lock: () => void;
}

/** `file_path(raw, "db", "the backup")`: a full path to a file; `.db` added when missing. */
function backupPath(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') fail('path', 'required', 'is required: the file to save the backup as');
  const absolute = /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(text);
  const name = text.split(/[\\/]/).at(-1) ?? '';
  if (!absolute || name === '' || name === '.' || name === '..') fail('path', 'format', 'must be a full path: a folder and a file name');
  return /\.db$/i.test(name) ? text : `${text}.db`;
}

/** A backup's size in the fake: about what SQLite would take for so many customers. */
function bytesFor(customers: number): number {
  return 4096 * 40 + customers * 1200;
}

export class FakeBackups {
  /** The automatic backups, newest first. */
  automatic: Backup[] = [];
  kept = 7;
  lastFailure: BackupFailure | null = null;
  private readonly saved = new Map<string, { data: unknown; customers: number }>();

  constructor(private readonly hooks: BackupHooks) {}

  readonly commands: Handlers<BackupCommand> = {
    backup_status: () => ({
      folder: `${STORE_FOLDER}/backups`,
      backups: this.automatic,
      kept: this.kept,
      last_failure: this.lastFailure,
    }),
    back_up_now: (args) => {
      this.hooks.operator();
      const path = validated(() => backupPath(args.path));
      const snapshot = this.hooks.snapshot();
      this.saved.set(path, snapshot);
      return { path, bytes: bytesFor(snapshot.customers) };
    },
    set_backups_kept: (args) => {
      const by = this.hooks.operator();
      this.hooks.may(by, REFUSALS.manageBackups);
      const kept = validated(() => {
        const n = Number(args.kept);
        if (!Number.isInteger(n) || n < KEPT_MIN || n > KEPT_MAX) fail('backups_kept', 'out_of_range', `must be from ${KEPT_MIN} to ${KEPT_MAX}`);
        return n;
      });
      this.kept = kept;
      this.automatic = this.automatic.slice(0, kept);
      return kept;
    },
    restore_backup: (args) => {
      const by = this.hooks.operator();
      const path = validated(() => backupPath(args.path));
      this.hooks.may(by, REFUSALS.manageBackups);
      const backup = this.saved.get(path) ?? this.saved.get(this.automatic.find((b) => b.path === path)?.path ?? '');
      if (!backup) reject('validation', 'Some fields need attention.', [{ field: 'file', rule: 'format', message: NOT_A_BACKUP }]);
      const stamp = this.hooks.now().replace(/[-:]/g, '').replace(/\.\d+/, '');
      this.hooks.restore(backup.data);
      this.hooks.lock();
      return { safety_copy: `${STORE_FOLDER}/customers.before-restore-${stamp}.db`, customers: backup.customers };
    },
  };

  /** Makes an automatic backup now (what the shell's hourly task does). */
  backUpAutomatically(): Backup {
    const at = this.hooks.now();
    const snapshot = this.hooks.snapshot();
    const stamp = at.replace(/[-:]/g, '').replace('T', '-').replace(/\.\d+/, '');
    const name = `infora-desk-${stamp}.db`;
    const backup: Backup = { name, path: `${STORE_FOLDER}/backups/${name}`, made_at: at, bytes: bytesFor(snapshot.customers) };
    this.saved.set(backup.path, snapshot);
    this.automatic = [backup, ...this.automatic].slice(0, this.kept);
    return backup;
  }
}
