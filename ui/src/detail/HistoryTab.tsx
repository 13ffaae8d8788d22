import { useState } from 'react';
import type { CustomerChange, FieldChange, JsonValue } from '../api/types';
import { fieldLabel, formatDate, formatDateTime, formatMoney } from '../format';
import { useHistory } from '../queries/customers';
import { ErrorPanel } from '../widgets/ErrorPanel';
import { Pager } from '../widgets/Pager';
import { Skeleton } from '../widgets/Skeleton';

const PER_PAGE = 20;

/** A recorded value as a person would write it: money in KES, dates local, nothing as "—". */
export function formatChangeValue(field: string, value: JsonValue): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'string') {
    if (field === 'balance') return formatMoney(value);
    if (field === 'join_date' || field === 'last_payment_date') return formatDate(value);
    return value;
  }
  if (typeof value === 'number') return field === 'usage_percentage' ? `${value}%` : String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}

/**
 * What a change did to each field: the value a creation set, or "before → after" (read out as
 * "changed to"). Shared by the history and the sync queue, which show changes the same way.
 */
export function FieldChanges({ changes, created }: { changes: [string, FieldChange][]; created: boolean }) {
  if (changes.length === 0) return null;
  return (
    <ul className="history-changes">
      {changes.map(([field, { before, after }]) => (
        <li key={field}>
          <span className="history-field">{fieldLabel(field)}:</span>{' '}
          {created ? (
            <span className="history-after">{formatChangeValue(field, after)}</span>
          ) : (
            <>
              <span className="history-before">{formatChangeValue(field, before)}</span>
              <span aria-hidden="true"> → </span>
              <span className="sr-only"> changed to </span>
              <span className="history-after">{formatChangeValue(field, after)}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

const ACTION_WORDS: Record<CustomerChange['action'], string> = {
  created: 'Created',
  updated: 'Updated',
  deleted: 'Deleted',
};

function Entry({ change }: { change: CustomerChange }) {
  return (
    <li className={`history-entry history-${change.action}`}>
      <div className="history-head">
        <span className="history-action">{ACTION_WORDS[change.action]}</span>
        <span> by </span>
        <span className="history-actor">{change.actor}</span>
        <time dateTime={change.at} title={change.at}>
          {formatDateTime(change.at)}
        </time>
      </div>
      <FieldChanges changes={change.changes} created={change.action === 'created'} />
    </li>
  );
}

export function HistoryTab({ id }: { id: string }) {
  const [page, setPage] = useState(1);
  const history = useHistory(id, page, PER_PAGE);
  const data = history.data;

  if (history.isError && !data) {
    return <ErrorPanel error={history.error} what="the history" onRetry={() => void history.refetch()} />;
  }
  return (
    <div className={`history ${history.isPlaceholderData ? 'is-stale' : ''}`} aria-busy={!data || history.isPlaceholderData}>
      {!data && (
        <p>
          <Skeleton width="60%" />
        </p>
      )}
      {data && data.items.length === 0 && <p className="empty">No changes recorded yet.</p>}
      {data && data.items.length > 0 && (
        <ol className="history-list" aria-label="Changes, newest first">
          {data.items.map((c, i) => (
            <Entry key={`${c.at}-${i}`} change={c} />
          ))}
        </ol>
      )}
      {data && data.pages > 1 && (
        <Pager noun="changes" label="History pages" page={data.current_page} pages={data.pages} total={data.total}
          perPage={PER_PAGE} onPage={setPage} />
      )}
    </div>
  );
}
