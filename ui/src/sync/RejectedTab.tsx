import type { RejectedRecord } from '../api/types';
import { fieldMessage, formatDateTime } from '../format';
import { ErrorPanel } from '../widgets/ErrorPanel';
import { Skeleton } from '../widgets/Skeleton';
import { useSyncRejected } from './queries';

/** A text field of central's record, if it sent one (it may have sent anything). */
function text(raw: unknown, field: string): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const value = (raw as Record<string, unknown>)[field];
  return typeof value === 'string' && value.trim() ? value : null;
}

/**
 * Customers the central system sent that break this desk's rules, kept aside unchanged.
 * `pulled`: whether anything has come from central yet (before that, nothing can be said of its
 * records).
 */
export function RejectedTab({ pulled, signedIn }: { pulled: boolean; signedIn: boolean }) {
  const rejected = useSyncRejected();
  if (rejected.isError && !rejected.data) {
    return <ErrorPanel error={rejected.error} what="the records from central" onRetry={() => void rejected.refetch()} />;
  }
  if (!rejected.data) {
    return (
      <p aria-busy="true">
        <Skeleton width="60%" />
      </p>
    );
  }
  if (rejected.data.length === 0 && !pulled) {
    return (
      <p className="empty">
        Nothing has come from the central system yet{signedIn ? ': its customers arrive with the first sync.' : '. Sign in to sync to bring its customers here.'}
      </p>
    );
  }
  if (rejected.data.length === 0) {
    return <p className="empty">Every customer from the central system fits this desk’s rules.</p>;
  }
  return (
    <>
      <p className="sync-intro">
        The central system sent these customers with values this desk cannot accept, so they were kept aside as sent,
        not changed. Correct them on the central system; the next sync brings them in.
      </p>
      <ul className="sync-list" aria-label="Records from central kept aside">
        {rejected.data.map((r) => (
          <RejectedItem key={r.central_id} record={r} />
        ))}
      </ul>
    </>
  );
}

function RejectedItem({ record }: { record: RejectedRecord }) {
  const name = text(record.raw, 'name');
  const email = text(record.raw, 'email');
  return (
    <li className="sync-item sync-item-rejected">
      <div className="sync-item-head">
        <span className="sync-item-name">{name ?? 'No name'}</span>
        <span className="sync-op">Central #{record.central_id}</span>
        {email && <span className="sync-item-meta">{email}</span>}
        <span className="sync-item-meta sync-item-when">seen {formatDateTime(record.seen_at)}</span>
      </div>
      <ul className="sync-problems" aria-label={`Problems with central #${record.central_id}`}>
        {record.problems.map((p, i) => (
          <li key={`${p.field}-${i}`}>{fieldMessage(p.field, p.message)}</li>
        ))}
      </ul>
      <details className="sync-raw">
        <summary>What the central system sent</summary>
        <pre>{JSON.stringify(record.raw, null, 2)}</pre>
      </details>
    </li>
  );
}
