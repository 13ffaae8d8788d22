// Sync's words for people: the one state the status area shows, "2 min ago", and what each
// queue entry, conflict and mark is called.
import type { EntryState, JsonValue, Operation, OutboxEntry, SyncMark, SyncStatus } from '../api/types';
import { formatChangeValue } from '../detail/HistoryTab';
import { formatCount, formatDate, formatDateTime, formatDateTimeSeconds, type DateOptions } from '../format';

export type SyncStateKind = 'needs_sign_in' | 'signed_out' | 'paused' | 'syncing' | 'offline' | 'online' | 'waiting';

export interface SyncState {
  kind: SyncStateKind;
  label: string;
  tone: 'good' | 'warn' | 'bad' | 'muted' | 'busy';
}

/** The one word for where sync stands; the first that applies wins. */
export function syncState(status: SyncStatus): SyncState {
  if (status.needs_sign_in) return { kind: 'needs_sign_in', label: 'Sign-in expired', tone: 'warn' };
  if (!status.signed_in) return { kind: 'signed_out', label: 'Not signed in', tone: 'muted' };
  if (status.paused) return { kind: 'paused', label: 'Sync paused', tone: 'warn' };
  if (status.syncing) return { kind: 'syncing', label: 'Syncing…', tone: 'busy' };
  if (status.online === false) return { kind: 'offline', label: 'Offline', tone: 'bad' };
  if (status.online === true) return { kind: 'online', label: 'Online', tone: 'good' };
  return { kind: 'waiting', label: 'Connecting…', tone: 'muted' };
}

/**
 * What waits for a person, for the status area ("Needs you: 2 refused · 1 conflict"), or null
 * when nothing does. Refused changes and conflicts never go on their own, so while there are any
 * the status must not read as all being well. `lead` apart, so a narrow window can drop it.
 */
export function needsYou(status: SyncStatus): { lead: string; what: string } | null {
  const parts: string[] = [];
  if (status.refused > 0) parts.push(`${formatCount(status.refused)} refused`);
  if (status.conflicts > 0) parts.push(plural(status.conflicts, 'conflict', 'conflicts'));
  return parts.length > 0 ? { lead: 'Needs you:', what: parts.join(' · ') } : null;
}

/** "just now", "1 min ago", "3 h ago", "2 days ago": how long since an instant. */
export function formatAgo(at: string, now: number = Date.now()): string {
  const then = new Date(at).getTime();
  if (Number.isNaN(then)) return at;
  const minutes = Math.floor(Math.max(0, now - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? 'yesterday' : `${formatCount(days)} days ago`;
}

/** "1 change", "3 changes". */
export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export const OPERATION_WORDS: Record<Operation, string> = {
  create: 'New customer',
  update: 'Changed',
  delete: 'Deleted',
  adjust: 'Payment',
};

/**
 * What a payment or void on its way (an `adjust` entry) changes central's balance by, with its
 * sign ("-100.00"): it is sent relative to central's balance, so the desk's own balances before
 * and after are not what central will show. Null for other entries.
 */
export function adjustmentOf(entry: OutboxEntry): string | null {
  const change = entry.operation === 'adjust' ? entry.changes.balance : undefined;
  if (!change || typeof change.before !== 'string' || typeof change.after !== 'string') return null;
  const cents = (text: string) => BigInt(text.replace('.', ''));
  const diff = cents(change.after) - cents(change.before);
  const abs = diff < 0n ? -diff : diff;
  const whole = abs / 100n;
  const part = (abs % 100n).toString().padStart(2, '0');
  return `${diff < 0n ? '-' : ''}${whole}.${part}`;
}

export const ENTRY_STATE_WORDS: Record<EntryState, string> = {
  pending: 'waiting',
  in_flight: 'sending',
  done: 'sent',
  refused: 'refused',
};

export const MARK_WORDS: Record<SyncMark, { label: string; title: string }> = {
  unsynced: { label: 'not synced', title: 'Changed on this desk; not yet on the central system' },
  refused: { label: 'refused', title: 'The central system refused a change; see the Sync screen' },
  delete_refused: {
    label: 'Deletion refused',
    title: 'Central could not delete this customer; it is back as central holds it. See Sync.',
  },
  conflict: { label: 'conflict', title: 'Changed here and on the central system; choose which to keep on the Sync screen' },
};

/** A value from the queue or a conflict as a person would write it (money in KES, dates local). */
export function formatSyncValue(field: string, value: unknown): string {
  return formatChangeValue(field, (value === undefined ? null : value) as JsonValue);
}

/** Fields that hold an instant (RFC 3339, UTC): people read them in local time. */
const INSTANT_FIELDS = new Set(['join_date', 'last_payment_date', 'created_at', 'updated_at']);

/** Coarsest first: the date, then with the time, then with seconds. */
const INSTANT_PRECISIONS = [formatDate, formatDateTime, formatDateTimeSeconds];

/**
 * Both values of a conflict as a person reads them. An instant is shown in local time, as its
 * date; if both sides show the same date the time is added, and if they still read the same,
 * the seconds, so that two different values never look alike.
 */
export function formatConflictValues(field: string, mine: unknown, theirs: unknown, options: DateOptions = {}): [string, string] {
  if (!INSTANT_FIELDS.has(field)) return [formatSyncValue(field, mine), formatSyncValue(field, theirs)];
  const side = (value: unknown, format: (v: string, o?: DateOptions) => string) =>
    typeof value === 'string' && value !== '' ? format(value, options) : formatSyncValue(field, value);
  let shown: [string, string] = ['', ''];
  for (const format of INSTANT_PRECISIONS) {
    shown = [side(mine, format), side(theirs, format)];
    if (shown[0] !== shown[1]) break;
  }
  return shown;
}
