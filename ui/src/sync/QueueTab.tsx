import { useState } from 'react';
import { describeError } from '../api/errors';
import type { OutboxEntry } from '../api/types';
import { FieldChanges } from '../detail/HistoryTab';
import { formatDateTime, formatMoney } from '../format';
import { Dialog } from '../widgets/Dialog';
import { ErrorPanel } from '../widgets/ErrorPanel';
import { Pager } from '../widgets/Pager';
import { Skeleton } from '../widgets/Skeleton';
import { useToast } from '../widgets/Toasts';
import { ENTRY_STATE_WORDS, OPERATION_WORDS, adjustmentOf, plural } from './format';
import { useDiscardEntry, useDiscardRefused, useRetryEntry, useRetryRefused, useSyncQueue, useSyncStatus } from './queries';

const PER_PAGE = 20;
const CREATE_SUMMARY = ['email', 'phone', 'package', 'balance'];

/** The changes made on this desk that the central system does not have yet, oldest first. */
export function QueueTab({ signedIn }: { signedIn: boolean }) {
  const [page, setPage] = useState(1);
  const queue = useSyncQueue(page, PER_PAGE);
  const retry = useRetryEntry();
  const discard = useDiscardEntry();
  const retryAll = useRetryRefused();
  const discardAll = useDiscardRefused();
  const { data: status } = useSyncStatus();
  const toast = useToast();
  const [confirming, setConfirming] = useState<OutboxEntry | null>(null);
  const [confirmingAll, setConfirmingAll] = useState(false);
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
      // `conflict`: the change is held back by something else; the message says what.
      onError: (error) =>
        toast.error(
          error.code === 'clash'
            ? `The change to ${entry.customer_name} can’t go yet. ${error.message}.`
            : describeError(error, `retry the change to ${entry.customer_name}`),
        ),
    });
  }

  function doDiscard(entry: OutboxEntry) {
    discard.mutate(entry.seq, {
      onSuccess: () => {
        setConfirming(null);
        toast.success(discardedWords(entry));
      },
      onError: (error) => {
        setConfirming(null);
        toast.error(describeError(error, `discard the change to ${entry.customer_name}`));
      },
    });
  }

  function doRetryAll() {
    retryAll.mutate(undefined, {
      onSuccess: (n) =>
        toast.success(n === 0 ? 'No refused changes to retry.' : `${plural(n, 'refused change', 'refused changes')} will be sent at the next sync.`),
      onError: (error) => toast.error(describeError(error, 'retry the refused changes')),
    });
  }

  function doDiscardAll() {
    discardAll.mutate(undefined, {
      onSuccess: (n) => {
        setConfirmingAll(false);
        toast.success(n === 0 ? 'No refused changes to discard.' : `Discarded ${plural(n, 'refused change', 'refused changes')}.`);
      },
      onError: (error) => {
        setConfirmingAll(false);
        toast.error(describeError(error, 'discard the refused changes'));
      },
    });
  }

  // The status counts every refused change, not only this page's.
  const refused = status?.refused ?? data.items.filter((e) => e.state === 'refused').length;
  const bulkBusy = retryAll.isPending || discardAll.isPending;

  return (
    <div className={queue.isPlaceholderData ? 'is-stale' : undefined} aria-busy={queue.isPlaceholderData}>
      <p className="sync-intro">
        {plural(data.total, 'change', 'changes')} made on this desk {data.total === 1 ? 'is' : 'are'} not on the
        central system yet. Waiting changes are sent automatically; a refused one waits for you.
      </p>
      {refused > 0 && (
        <div className="sync-bulk" role="group" aria-label="Refused changes">
          <span className="sync-bulk-count">{plural(refused, 'refused change', 'refused changes')}</span>
          <button type="button" className="small" disabled={bulkBusy} aria-busy={retryAll.isPending || undefined} onClick={doRetryAll}>
            Retry all refused
          </button>
          <button type="button" className="small danger-outline" disabled={bulkBusy} onClick={() => setConfirmingAll(true)}>
            Discard all refused
          </button>
        </div>
      )}
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
        <Dialog
          label="Discard change"
          title={confirming.operation === 'delete' ? `Discard the deletion of ${confirming.customer_name}?` : `Discard the change to ${confirming.customer_name}?`}
          onClose={() => setConfirming(null)}
        >
          <p>{discardWords(confirming)}</p>
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
      {confirmingAll && (
        <Dialog label="Discard all refused" title={`Discard ${plural(refused, 'refused change', 'refused changes')}?`} onClose={() => setConfirmingAll(false)}>
          <p>
            They will not be sent to the central system. A changed field goes back to central’s value, a new customer stays
            on this desk only, and a refused deletion keeps the customer.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setConfirmingAll(false)} data-autofocus>
              Cancel
            </button>
            <button type="button" className="danger" disabled={discardAll.isPending} onClick={doDiscardAll}>
              Discard all
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

/** What discarding `entry` does, said before it is done (as the store's `outbox::discard` does it). */
function discardWords(entry: OutboxEntry): string {
  const name = entry.customer_name;
  if (entry.operation === 'create' && entry.central_id === null) {
    return `${name} and every later change to them will not be sent to the central system. They stay on this desk only.`;
  }
  if (entry.operation === 'delete') {
    return entry.state === 'refused'
      ? `The deletion will not be sent again. ${name} stays on this desk, as central holds them.`
      : `The deletion will not be sent. Central keeps ${name}.`;
  }
  if (entry.operation === 'adjust') {
    return 'This payment will not reach the central system: its balance stays without it. The receipt stands on this desk.';
  }
  return 'This change will not be sent to the central system. This desk goes back to central’s value for it.';
}

/** The toast once it is done. */
function discardedWords(entry: OutboxEntry): string {
  const name = entry.customer_name;
  if (entry.operation === 'create' && entry.central_id === null) return `Discarded: ${name} stays on this desk only.`;
  if (entry.operation === 'delete') return `Discarded the deletion: ${name} stays.`;
  return `Discarded the change to ${name}.`;
}

function QueueItem({ entry, busy, onRetry, onDiscard }: { entry: OutboxEntry; busy: boolean; onRetry: () => void; onDiscard: () => void }) {
  // A new customer carries every field; the few that tell who it is are enough here.
  const fields = Object.entries(entry.changes).filter(([f]) => entry.operation !== 'create' || CREATE_SUMMARY.includes(f));
  const sending = entry.state === 'in_flight';
  // A payment or void goes relative to central's balance: its change is what matters.
  const adjustment = adjustmentOf(entry);
  return (
    <li className={`sync-item sync-item-${entry.state}`}>
      <div className="sync-item-head">
        <span className="sync-item-name">{entry.customer_name}</span>
        <span className="sync-op">{adjustment !== null && !adjustment.startsWith('-') ? 'Void' : OPERATION_WORDS[entry.operation]}</span>
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
      {adjustment !== null ? (
        <p className="sync-item-note">Moves central’s balance by {formatMoney(adjustment)}</p>
      ) : (
        entry.operation !== 'delete' && <FieldChanges changes={fields} created={entry.operation === 'create'} />
      )}
      {entry.waiting_for && <p className="sync-item-waiting">{entry.waiting_for}</p>}
      {entry.last_error && entry.last_error !== entry.waiting_for && (
        <p className={entry.state === 'refused' ? 'sync-item-error' : 'sync-item-note'}>
          {entry.state === 'refused' ? 'Refused: ' : 'Last try: '}
          {entry.last_error}
        </p>
      )}
    </li>
  );
}
