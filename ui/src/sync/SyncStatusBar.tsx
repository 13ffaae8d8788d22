import { useEffect, useState } from 'react';
import { describeError } from '../api/errors';
import type { SyncStatus } from '../api/types';
import { formatDateTime } from '../format';
import { useToast } from '../widgets/Toasts';
import { formatAgo, needsYou, plural, syncState } from './format';
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
  // Refused changes and conflicts wait for a person: that is said first, in place of a calm
  // "Online" (a state that is not fine, such as offline or paused, is still shown beside it).
  const attention = needsYou(status);
  return (
    <section aria-label="Sync status" className="sync-bar">
      <span className="sync-now-state" aria-live="polite">
        {attention && (
          <button
            type="button"
            className="sync-state sync-attention"
            aria-label={`${attention.lead} ${attention.what}`}
            title="Open the Sync screen to settle them"
            aria-keyshortcuts="S Control+Shift+S"
            onClick={onOpenSync}
          >
            <span className="sync-dot" aria-hidden="true" />
            <span className="sync-attention-lead">{attention.lead}</span>{' '}
            {attention.what}
          </button>
        )}
        {/* A button too: in a narrow window it is the way to the Sync screen ("Sync details" gives way). */}
        {!(attention && state.kind === 'online') && (
          <button
            type="button"
            className={`sync-state sync-state-open sync-${state.tone}`}
            title={`${state.label}: sync details`}
            onClick={onOpenSync}
          >
            <span className="sync-dot" aria-hidden="true" />
            {state.label}
          </button>
        )}
      </span>
      <Counts status={status} attention={attention !== null} />
      {/* Keyed on the time: a new sync remounts it with a fresh clock, so it is not read against a stale one. */}
      {status.signed_in && <LastSynced key={status.last_success_at ?? 'never'} at={status.last_success_at} />}
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
          <button type="button" className="primary small" aria-label="Sign in again" onClick={onSignIn}>
            Sign in <span className="sync-narrow-hide">again</span>
          </button>
        ) : !status.signed_in ? (
          <button type="button" className="small" aria-label="Sign in to sync" onClick={onSignIn}>
            Sign in <span className="sync-narrow-hide">to sync</span>
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

/** What waits to be sent; refused changes and conflicts are counted in the attention button. */
function Counts({ status, attention }: { status: SyncStatus; attention: boolean }) {
  if (status.pending > 0) return <span className="sync-counts">{plural(status.pending, 'change', 'changes')} to send</span>;
  // "All changes sent" only when nothing waits for a person either.
  return status.signed_in && !attention ? <span className="sync-counts">All changes sent</span> : null;
}

/** "Last synced 2 min ago", the local time on hover; only this re-renders as time passes. */
function LastSynced({ at }: { at: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
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
