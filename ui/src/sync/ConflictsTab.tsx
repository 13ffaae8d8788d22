import { describeError } from '../api/errors';
import type { Conflict, LostAnswer, Resolution } from '../api/types';
import { fieldLabel, formatDateTime, formatMoney } from '../format';
import { ErrorPanel } from '../widgets/ErrorPanel';
import { Skeleton } from '../widgets/Skeleton';
import { useToast } from '../widgets/Toasts';
import { formatConflictValues } from './format';
import { useResolveConflict, useSettleLostAnswer, useSyncConflicts } from './queries';

/** The conflicted field, or null for "deleted on the central system while changed here". */
function fieldOf(conflict: Conflict): string | null {
  return conflict.about.kind === 'field' ? conflict.about.field : null;
}

function keyOf(conflict: Conflict): string {
  const about = conflict.about;
  return `${conflict.customer_id}/${about.kind === 'field' ? about.field : about.kind}`;
}

/** Fields both this desk and the central system changed, each waiting for a person's choice. */
export function ConflictsTab() {
  const conflicts = useSyncConflicts();
  const resolve = useResolveConflict();
  const settleLost = useSettleLostAnswer();
  const toast = useToast();

  if (conflicts.isError && !conflicts.data) {
    return <ErrorPanel error={conflicts.error} what="the conflicts" onRetry={() => void conflicts.refetch()} />;
  }
  if (!conflicts.data) {
    return (
      <p aria-busy="true">
        <Skeleton width="60%" />
      </p>
    );
  }
  if (conflicts.data.length === 0) {
    return <p className="empty">No conflicts: nothing was changed both here and on the central system.</p>;
  }

  function settle(conflict: Conflict, resolution: Resolution) {
    const field = fieldOf(conflict);
    const deleted = field === null;
    const what = deleted ? conflict.customer_name : `${fieldLabel(field)} of ${conflict.customer_name}`;
    resolve.mutate(
      { customerId: conflict.customer_id, field, resolution },
      {
        onSuccess: () =>
          toast.success(
            deleted
              ? resolution === 'keep_mine'
                ? `Kept ${conflict.customer_name}; they will be created on the central system again.`
                : `Deleted ${conflict.customer_name} here, as on the central system.`
              : resolution === 'keep_mine'
                ? `Kept your ${what}; it will be sent at the next sync.`
                : `Took the central system’s ${what}.`,
          ),
        onError: (error) => toast.error(describeError(error, `settle the conflict on ${what}`)),
      },
    );
  }

  function answer(conflict: Conflict, centralHasIt: boolean) {
    const name = conflict.customer_name;
    settleLost.mutate(
      { customerId: conflict.customer_id, centralHasIt },
      {
        onSuccess: () =>
          toast.success(
            centralHasIt
              ? `Marked ${name}’s payment as on the central system; it will not be sent again.`
              : `${name}’s payment will be sent again at the next sync.`,
          ),
        onError: (error) => toast.error(describeError(error, `settle ${name}’s payment`)),
      },
    );
  }

  const busyWith = resolve.isPending ? resolve.variables : undefined;
  const answering = settleLost.isPending ? settleLost.variables : undefined;
  return (
    <>
      <p className="sync-intro">
        These were changed on this desk and on the central system to different values. Choose which to keep; only
        that field waits until you do, the customer’s other changes go.
      </p>
      <ul className="sync-list" aria-label="Conflicts">
        {conflicts.data.map((c) =>
          c.about.kind === 'lost_answer' ? (
            <LostAnswerItem
              key={keyOf(c)}
              conflict={c}
              lost={c.about}
              busy={answering?.customerId === c.customer_id}
              onAnswer={(centralHasIt) => answer(c, centralHasIt)}
            />
          ) : (
            <ConflictItem
              key={keyOf(c)}
              conflict={c}
              busy={busyWith?.customerId === c.customer_id && busyWith.field === fieldOf(c)}
              onSettle={(resolution) => settle(c, resolution)}
            />
          ),
        )}
      </ul>
    </>
  );
}

function ConflictItem({ conflict: c, busy, onSettle }: { conflict: Conflict; busy: boolean; onSettle: (r: Resolution) => void }) {
  const about = c.about;
  if (about.kind === 'lost_answer') return null;
  const deleted = about.kind === 'deleted_on_central';
  const label = deleted ? 'Whole customer' : fieldLabel(about.field);
  const keep = deleted ? 'Keep mine (create it again)' : 'Keep mine';
  const take = deleted ? 'Take theirs (delete here)' : 'Take theirs';
  const whose = deleted ? c.customer_name : `${c.customer_name}, ${label}`;
  const [mine, theirs] = deleted ? ['', ''] : formatConflictValues(about.field, about.mine, about.theirs);
  // The list item holds the group: a <ul> may hold only items, and an item is not a group.
  return (
    <li>
      <div className={`sync-item conflict ${deleted ? 'conflict-deleted' : ''}`} role="group" aria-label={`Conflict: ${whose}`}>
        <div className="sync-item-head">
          <span className="sync-item-name">{c.customer_name}</span>
          <span className="sync-op">{label}</span>
          <span className="sync-item-meta">found {formatDateTime(c.found_at)}</span>
        </div>
        {deleted ? (
          <p className="conflict-explain">Deleted on the central system while you changed it here.</p>
        ) : (
          <div className="conflict-values">
            <div className="conflict-side">
              <span className="conflict-whose">Yours (this desk)</span>
              <span className="conflict-value">{mine}</span>
            </div>
            <div className="conflict-side">
              <span className="conflict-whose">Central</span>
              <span className="conflict-value">{theirs}</span>
            </div>
          </div>
        )}
        <div className="conflict-actions">
          <button type="button" className="small" disabled={busy} aria-label={`${keep} for ${whose}`} onClick={() => onSettle('keep_mine')}>
            {keep}
          </button>
          <button type="button" className="small" disabled={busy} aria-label={`${take} for ${whose}`} onClick={() => onSettle('take_theirs')}>
            {take}
          </button>
        </div>
      </div>
    </li>
  );
}

/**
 * A payment or void sent to the central system whose answer was lost, after which central's
 * balance moved: the desk cannot tell whether central has it, so it shows what it knows and
 * asks. It never guesses (money must count exactly once).
 */
function LostAnswerItem({
  conflict: c,
  lost,
  busy,
  onAnswer,
}: {
  conflict: Conflict;
  lost: LostAnswer;
  busy: boolean;
  onAnswer: (centralHasIt: boolean) => void;
}) {
  const what = lost.change.startsWith('-') ? 'payment' : 'void';
  const whose = `${c.customer_name}, ${what} of ${formatMoney(lost.change.replace('-', ''))}`;
  return (
    <li>
      <div className="sync-item conflict" role="group" aria-label={`Conflict: ${whose}`}>
        <div className="sync-item-head">
          <span className="sync-item-name">{c.customer_name}</span>
          <span className="sync-op">{what === 'payment' ? 'Payment' : 'Void'} not confirmed</span>
          <span className="sync-item-meta">found {formatDateTime(c.found_at)}</span>
        </div>
        <p className="conflict-explain">
          This desk sent a {what} of {formatMoney(lost.change.replace('-', ''))}, but the central system’s answer was lost, and its
          balance has changed since. Check the customer’s account on the central system, then say whether it has this {what}.
        </p>
        <div className="conflict-values">
          <div className="conflict-side">
            <span className="conflict-whose">Central before · what this desk wrote</span>
            <span className="conflict-value">
              {formatMoney(lost.read)} → {formatMoney(lost.aimed)}
            </span>
          </div>
          <div className="conflict-side">
            <span className="conflict-whose">Central now</span>
            <span className="conflict-value">{formatMoney(lost.now)}</span>
          </div>
        </div>
        <div className="conflict-actions">
          <button type="button" className="small" disabled={busy} aria-label={`Central has it: ${whose}`} onClick={() => onAnswer(true)}>
            Central has it
          </button>
          <button type="button" className="small" disabled={busy} aria-label={`Send it again: ${whose}`} onClick={() => onAnswer(false)}>
            Send it again
          </button>
        </div>
      </div>
    </li>
  );
}
