import { useEffect, useState } from 'react';
import { describeError } from '../api/errors';
import type { SyncStatus } from '../api/types';
import { formatDateTime } from '../format';
import { useToast } from '../ui/Toasts';
import { formatAgo, plural, syncState } from './format';
import { useSyncNow, useSyncStatus, useSyncStatusEvents } from './queries';

interface SyncStatusBarProps {
  onOpenSync: () => void;
  onSignIn: () => void;
}

/**
 * The sync status in the top bar, on every screen: where sync stands, what waits, when it last
 * worked, and "Sync now". Nothing here blocks: a round runs in the shell while people work.
 */
export function SyncStatusBar({ onOpenSync, onSignIn }: SyncStatusBarProps) {
  useSyncStatusEvents();
  const { data: status, isError } = useSyncStatus();
  const syncNow = useSyncNow();
  const toast = useToast();

  function runNow() {
    syncNow.mutate(undefined, {
      onError: (error) =>
        error.code === 'unauthorized'
          ? toast.error('Sign in to the central system to sync.', { label: 'Sign in', run: onSignIn })
          : toast.error(describeError(error, 'sync')),
    });
  }

  const details = (
    <button type="button" className="sync-open" onClick={onOpenSync} aria-keyshortcuts="S Control+Shift+S">
      Sync details
    </button>
  );

  if (!status) {
    return (
      <section aria-label="Sync status" className="sync-bar" aria-busy={!isError}>
        {isError && <span className="sync-state sync-muted">Sync status unavailable</span>}
        {details}
      </section>
    );
  }

  const state = syncState(status);
  const syncing = status.syncing || syncNow.isPending;
  return (
    <section aria-label="Sync status" className="sync-bar">
      <span className={`sync-state sync-${state.tone}`} aria-live="polite">
        <span className="sync-dot" aria-hidden="true" />
        {state.label}
      </span>
      <Counts status={status} />
      {status.signed_in && <LastSynced at={status.last_success_at} />}
      {status.paused ? (
        <span className="sync-problem sync-problem-warn" title={status.paused}>
          {status.paused}
        </span>
      ) : (
        status.signed_in &&
        status.last_error && (
          <span className="sync-problem" title={status.last_error}>
            {status.last_error}
          </span>
        )
      )}
      <span className="sync-actions">
        {status.needs_sign_in ? (
          <button type="button" className="primary small" onClick={onSignIn}>
            Sign in again
          </button>
        ) : !status.signed_in ? (
          <button type="button" className="small" onClick={onSignIn}>
            Sign in to sync
          </button>
        ) : (
          <button type="button" className="small sync-now" disabled={syncing} aria-busy={syncing} onClick={runNow}>
            {syncing && <span className="sync-spinner" aria-hidden="true" />}
            Sync now
          </button>
        )}
        {details}
      </span>
    </section>
  );
}

function Counts({ status }: { status: SyncStatus }) {
  const parts: Array<{ key: string; text: string; tone?: string }> = [];
  if (status.pending > 0) parts.push({ key: 'pending', text: `${plural(status.pending, 'change', 'changes')} to send` });
  if (status.refused > 0) parts.push({ key: 'refused', text: `${status.refused} refused`, tone: 'bad' });
  if (status.conflicts > 0) parts.push({ key: 'conflicts', text: plural(status.conflicts, 'conflict', 'conflicts'), tone: 'warn' });
  if (parts.length === 0) {
    return status.signed_in ? <span className="sync-counts">All changes sent</span> : null;
  }
  return (
    <span className="sync-counts">
      {parts.map((p, i) => (
        <span key={p.key} className={p.tone ? `sync-count-${p.tone}` : undefined}>
          {i > 0 && <span aria-hidden="true"> · </span>}
          {p.text}
        </span>
      ))}
    </span>
  );
}

/** "Last synced 2 min ago", the local time on hover; only this re-renders as time passes. */
function LastSynced({ at }: { at: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!at) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [at]);
  if (!at) return <span className="sync-last">Never synced</span>;
  const local = formatDateTime(at);
  return (
    <span className="sync-last" title={`Last synced ${local}`}>
      Last synced <time dateTime={at}>{formatAgo(at, now)}</time>
    </span>
  );
}
