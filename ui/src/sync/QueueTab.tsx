import { useState } from 'react';
import { describeError } from '../api/errors';
import type { OutboxEntry } from '../api/types';
import { FieldChanges } from '../detail/HistoryTab';
import { formatDateTime } from '../format';
import { Dialog } from '../ui/Dialog';
import { ErrorPanel } from '../ui/ErrorPanel';
import { Pager } from '../ui/Pager';
import { Skeleton } from '../ui/Skeleton';
import { useToast } from '../ui/Toasts';
import { ENTRY_STATE_WORDS, OPERATION_WORDS, plural } from './format';
import { useDiscardEntry, useRetryEntry, useSyncQueue } from './queries';

const PER_PAGE = 20;
const CREATE_SUMMARY = ['email', 'phone', 'package', 'balance'];

/** The changes made on this desk that the central system does not have yet, oldest first. */
export function QueueTab({ signedIn }: { signedIn: boolean }) {
  const [page, setPage] = useState(1);
  const queue = useSyncQueue(page, PER_PAGE);
  const retry = useRetryEntry();
  const discard = useDiscardEntry();
  const toast = useToast();
  const [confirming, setConfirming] = useState<OutboxEntry | null>(null);
  const data = queue.data;

  if (queue.isError && !data) {
    return <ErrorPanel error={queue.error} what="the sync queue" onRetry={() => void queue.refetch()} />;
  }
  if (!data) {
    return (
      <p aria-busy="true">
        <Skeleton width="60%" />
      </p>
    );
  }
  if (data.total === 0) {
    return (
      <p className="empty">
        {signedIn
          ? 'Nothing waiting: every change made on this desk is on the central system.'
          : 'No changes waiting. Changes made on this desk wait here until you sign in to sync.'}
      </p>
    );
  }

  function doRetry(entry: OutboxEntry) {
    retry.mutate(entry.seq, {
      onSuccess: () => toast.success(`The change to ${entry.customer_name} will be sent at the next sync.`),
      onError: (error) => toast.error(describeError(error, `retry the change to ${entry.customer_name}`)),
    });
  }

  function doDiscard(entry: OutboxEntry) {
    discard.mutate(entry.seq, {
      onSuccess: () => {
        setConfirming(null);
        toast.success(`Discarded the change to ${entry.customer_name}; it stays on this desk only.`);
      },
      onError: (error) => {
        setConfirming(null);
        toast.error(describeError(error, `discard the change to ${entry.customer_name}`));
      },
    });
  }

  return (
    <div className={queue.isPlaceholderData ? 'is-stale' : undefined} aria-busy={queue.isPlaceholderData}>
      <p className="sync-intro">
        {plural(data.total, 'change', 'changes')} made on this desk {data.total === 1 ? 'is' : 'are'} not on the
        central system yet. Waiting changes are sent automatically; a refused one waits for you.
      </p>
      <ol className="sync-list" aria-label="Changes waiting to be sent">
        {data.items.map((entry) => (
          <QueueItem
            key={entry.seq}
            entry={entry}
            busy={(retry.isPending && retry.variables === entry.seq) || (discard.isPending && discard.variables === entry.seq)}
            onRetry={() => doRetry(entry)}
            onDiscard={() => setConfirming(entry)}
          />
        ))}
      </ol>
      {data.pages > 1 && (
        <Pager noun="changes" label="Queue pages" page={data.current_page} pages={data.pages} total={data.total} perPage={PER_PAGE} onPage={setPage} />
      )}
      {confirming && (
        <Dialog label="Discard change" title={`Discard the change to ${confirming.customer_name}?`} onClose={() => setConfirming(null)}>
          <p>
            {confirming.operation === 'create' && confirming.remote_id === null
              ? `${confirming.customer_name} and every later change to them will not be sent to the central system.`
              : 'This change will not be sent to the central system.'}{' '}
            It stays on this desk as it is; the next sync may bring the central system’s values back.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setConfirming(null)} data-autofocus>
              Cancel
            </button>
            <button type="button" className="danger" disabled={discard.isPending} onClick={() => doDiscard(confirming)}>
              Discard
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

function QueueItem({ entry, busy, onRetry, onDiscard }: { entry: OutboxEntry; busy: boolean; onRetry: () => void; onDiscard: () => void }) {
  // A new customer carries every field; the few that tell who it is are enough here.
  const fields = Object.entries(entry.changes).filter(([f]) => entry.operation !== 'create' || CREATE_SUMMARY.includes(f));
  const sending = entry.state === 'in_flight';
  return (
    <li className={`sync-item sync-item-${entry.state}`}>
      <div className="sync-item-head">
        <span className="sync-item-name">{entry.customer_name}</span>
        <span className="sync-op">{OPERATION_WORDS[entry.operation]}</span>
        <span className={`badge badge-sync-${entry.state}`}>{ENTRY_STATE_WORDS[entry.state]}</span>
        <span className="sync-item-meta">
          {entry.attempts > 0 && <>{plural(entry.attempts, 'attempt', 'attempts')}</>}
          {entry.state === 'pending' && entry.attempts > 0 && <> · next try {formatDateTime(entry.next_attempt_at)}</>}
          {entry.attempts === 0 && <>made {formatDateTime(entry.created_at)}</>}
        </span>
        <span className="sync-item-actions">
          <button type="button" className="small" disabled={busy || sending} aria-label={`Retry change to ${entry.customer_name}`} onClick={onRetry}>
            Retry
          </button>
          <button
            type="button"
            className="small danger-outline"
            disabled={busy || sending}
            aria-label={`Discard change to ${entry.customer_name}`}
            onClick={onDiscard}
          >
            Discard
          </button>
        </span>
      </div>
      {entry.operation !== 'delete' && <FieldChanges changes={fields} created={entry.operation === 'create'} />}
      {entry.last_error && (
        <p className={entry.state === 'refused' ? 'sync-item-error' : 'sync-item-note'}>
          {entry.state === 'refused' ? 'Refused: ' : 'Last try: '}
          {entry.last_error}
        </p>
      )}
    </li>
  );
}
