import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { RelatedQueryInput } from '../api/types';
import type { RelatedQuery } from '../queries/customers';
import { humanise } from '../format';
import { ErrorPanel } from '../widgets/ErrorPanel';
import { Pager } from '../widgets/Pager';
import { Skeleton } from '../widgets/Skeleton';
import { useLater } from '../widgets/useLater';

export interface RelatedColumn<T> {
  label: string;
  className?: string;
  render: (row: T) => ReactNode;
}

interface RelatedTabProps<T, S extends string> {
  /** Plural noun: "invoices". */
  noun: string;
  statuses: readonly S[];
  filterLabel: string;
  /** What to ask for one page of rows (see `relatedQueries`). */
  rowsQuery: (query: RelatedQueryInput<S>) => RelatedQuery<T>;
  columns: RelatedColumn<T>[];
  rowKey: (row: T) => string;
  rowClass?: (row: T) => string;
  /** Actions beside the filter (Open ticket). */
  toolbar?: ReactNode;
}

const PER_PAGE = 10;

/** One of a customer's invoices, payments or tickets: a status filter, a table and a pager. */
export function RelatedTab<T, S extends string>({
  noun,
  statuses,
  filterLabel,
  rowsQuery,
  columns,
  rowKey,
  rowClass,
  toolbar,
}: RelatedTabProps<T, S>) {
  const [status, setStatus] = useState<S | ''>('');
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(PER_PAGE);
  const query: RelatedQueryInput<S> = { page, per_page: perPage, ...(status ? { status } : {}) };
  const result = useQuery(rowsQuery(query));
  const slow = useLater(result.isPlaceholderData, 250);
  const data = result.data;

  return (
    <div className="related">
      <div className="related-toolbar">
        <select
          aria-label={filterLabel}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as S | '');
            setPage(1);
          }}
        >
          <option value="">All statuses</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {humanise(s).replace(/^./, (c) => c.toUpperCase())}
            </option>
          ))}
        </select>
        {toolbar}
      </div>

      {result.isError && !data ? (
        <ErrorPanel error={result.error} what={noun} onRetry={() => void result.refetch()} />
      ) : (
        <div className={`table-wrap ${slow ? 'is-stale' : ''}`}>
          <table aria-label={noun.replace(/^./, (c) => c.toUpperCase())} className="related-table" aria-busy={!data || result.isPlaceholderData}>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.label} scope="col" className={c.className}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {!data &&
                Array.from({ length: 3 }, (_, i) => (
                  <tr key={i} aria-hidden="true">
                    {columns.map((c) => (
                      <td key={c.label}>
                        <Skeleton width="5em" />
                      </td>
                    ))}
                  </tr>
                ))}
              {data && data.items.length === 0 && (
                <tr className="empty-row">
                  <td colSpan={columns.length}>
                    <div className="empty">
                      {status ? `No ${humanise(status)} ${noun}.` : `No ${noun} for this customer.`}
                      {status && (
                        <button type="button" className="link" onClick={() => setStatus('')}>
                          Show all
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              )}
              {data?.items.map((row) => (
                <tr key={rowKey(row)} className={rowClass?.(row)}>
                  {columns.map((c) => (
                    <td key={c.label} className={c.className}>
                      {c.render(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {data && data.total > 0 && (
        <Pager
          noun={noun}
          label={`${noun} pages`}
          page={data.current_page}
          pages={data.pages}
          total={data.total}
          perPage={perPage}
          sizes={[10, 20, 50]}
          onPage={setPage}
          onPerPage={(n) => {
            setPerPage(n);
            setPage(1);
          }}
        />
      )}
    </div>
  );
}
