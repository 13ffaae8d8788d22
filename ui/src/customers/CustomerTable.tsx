import { memo, useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import type { Customer, SortField, SortOrder, SyncMark } from '../api/types';
import { formatDate, formatMoney, moneySign } from '../format';
import { SyncBadge } from '../sync/SyncBadge';
import { StatusBadge } from '../widgets/StatusBadge';
import { Skeleton } from '../widgets/Skeleton';
import { UsageMeter } from '../widgets/UsageMeter';

interface Column {
  label: string;
  sort?: SortField;
  className?: string;
}

const COLUMNS: Column[] = [
  { label: 'Name', sort: 'name', className: 'col-name' },
  { label: 'Email', sort: 'email', className: 'col-email' },
  { label: 'Phone', className: 'col-phone' },
  { label: 'Status', sort: 'status', className: 'col-status' },
  { label: 'Balance', sort: 'balance', className: 'col-balance num' },
  { label: 'Usage', sort: 'usage_percentage', className: 'col-usage' },
  { label: 'Devices', sort: 'device_count', className: 'col-devices num' },
  { label: 'Joined', sort: 'join_date', className: 'col-joined' },
  { label: 'Added', sort: 'created_at', className: 'col-created' },
];

interface CustomerTableProps {
  rows: Customer[] | undefined;
  sortBy: SortField;
  sortOrder: SortOrder;
  onSort: (field: SortField) => void;
  highlighted: number;
  onHighlight: (index: number) => void;
  onOpen: (customer: Customer) => void;
  onQuickStatus: (customer: Customer) => void;
  busyIds: ReadonlySet<string>;
  /** Rows on screen belong to the previous query while the next one loads. */
  stale: boolean;
  /** …and it has been a while: the rows are dimmed. */
  dimmed: boolean;
  empty: ReactNode;
  /** Sync badges by customer id (unsynced, refused, conflict); customers without one are absent. */
  marks?: ReadonlyMap<string, SyncMark>;
}

export function CustomerTable({
  rows,
  sortBy,
  sortOrder,
  onSort,
  highlighted,
  onHighlight,
  onOpen,
  onQuickStatus,
  busyIds,
  stale,
  dimmed,
  empty,
  marks,
}: CustomerTableProps) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  // Rows are memoised and re-render only when their own customer or state changes, so a
  // keystroke whose answer has not come yet does not touch them. They get stable handlers that
  // call the latest props, kept current once each render is committed (before any click on it).
  const latest = useRef({ onOpen, onHighlight, onQuickStatus });
  useLayoutEffect(() => {
    latest.current = { onOpen, onHighlight, onQuickStatus };
  });
  const actions = useMemo<RowActions>(
    () => ({
      open: (c) => latest.current.onOpen(c),
      highlight: (i) => latest.current.onHighlight(i),
      quickStatus: (c) => latest.current.onQuickStatus(c),
    }),
    [],
  );

  useEffect(() => {
    // Keeps the row moved to with the arrow keys on screen in a long page.
    const row = bodyRef.current?.querySelector<HTMLElement>('tr[aria-current="true"]');
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [highlighted]);

  return (
    <div className={`table-wrap ${dimmed ? 'is-stale' : ''}`}>
      <table aria-label="Customers" aria-busy={stale || !rows} className="customers">
        <thead>
          <tr>
            {COLUMNS.map((col) => {
              const sorted = col.sort && col.sort === sortBy;
              const ariaSort = sorted ? (sortOrder === 'asc' ? 'ascending' : 'descending') : col.sort ? 'none' : undefined;
              return (
                <th key={col.label} scope="col" className={col.className} aria-sort={ariaSort}>
                  {col.sort ? (
                    <button type="button" className="sort" onClick={() => onSort(col.sort!)}>
                      {col.label}
                      <span className="sort-arrow" aria-hidden="true">
                        {sorted ? (sortOrder === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    col.label
                  )}
                </th>
              );
            })}
            <th scope="col" className="col-actions">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody ref={bodyRef}>
          {!rows &&
            Array.from({ length: 8 }, (_, i) => (
              <tr key={i} className="skeleton-row" aria-hidden="true">
                {COLUMNS.map((col) => (
                  <td key={col.label} className={col.className}>
                    <Skeleton width={col.label === 'Name' ? '9em' : '5em'} />
                  </td>
                ))}
                <td className="col-actions" />
              </tr>
            ))}
          {rows && rows.length === 0 && (
            <tr className="empty-row">
              <td colSpan={COLUMNS.length + 1}>{empty}</td>
            </tr>
          )}
          {rows?.map((c, i) => (
            // Keyed by position: the next page or search fills the same 20 rows with other
            // customers (their text changes) instead of removing them and building new ones,
            // which is quicker and leaves the window far less garbage to collect.
            <CustomerRow
              key={i}
              customer={c}
              index={i}
              highlighted={i === highlighted}
              busy={busyIds.has(c.id)}
              mark={marks?.get(c.id)}
              actions={actions}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RowActions {
  open: (customer: Customer) => void;
  highlight: (index: number) => void;
  quickStatus: (customer: Customer) => void;
}

const CustomerRow = memo(function CustomerRow({
  customer: c,
  index,
  highlighted,
  busy,
  mark,
  actions,
}: {
  customer: Customer;
  index: number;
  highlighted: boolean;
  busy: boolean;
  mark: SyncMark | undefined;
  actions: RowActions;
}) {
  const owes = moneySign(c.balance) > 0;
  return (
    <tr
      className={`row status-${c.status} ${highlighted ? 'is-highlighted' : ''}`}
      aria-current={highlighted ? 'true' : undefined}
      onClick={() => actions.open(c)}
      onMouseMove={() => !highlighted && actions.highlight(index)}
    >
      <td className="col-name">
        {/* The name is a real button so the row can be opened with Tab + Enter too. */}
        <button
          type="button"
          className="link row-open"
          title={c.name}
          onClick={(e) => {
            e.stopPropagation();
            actions.open(c);
          }}
        >
          {c.name}
        </button>
      </td>
      <td className="col-email" title={c.email}>
        {c.email}
      </td>
      <td className="col-phone">{c.phone}</td>
      <td className="col-status">
        <StatusBadge status={c.status} />
        {mark && <SyncBadge mark={mark} />}
      </td>
      <td className={`col-balance num money ${owes ? 'owes' : ''}`}>{formatMoney(c.balance)}</td>
      <td className="col-usage">
        <UsageMeter value={c.usage_percentage} />
      </td>
      <td className="col-devices num">{c.device_count}</td>
      <td className="col-joined">{formatDate(c.join_date)}</td>
      <td className="col-created">{formatDate(c.created_at)}</td>
      <td className="col-actions">
        <button
          type="button"
          className="quick"
          disabled={busy}
          aria-label={`${c.status === 'active' ? 'Suspend' : 'Activate'} ${c.name}`}
          onClick={(e) => {
            e.stopPropagation();
            actions.quickStatus(c);
          }}
        >
          {c.status === 'active' ? 'Suspend' : 'Activate'}
        </button>
      </td>
    </tr>
  );
});
