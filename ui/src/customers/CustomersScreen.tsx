import { useEffect, useEffectEvent, useRef, useState, type Dispatch, type RefObject } from 'react';
import type { Customer, CustomerStatus, SortField, SortOrder } from '../api/types';
import { describeError } from '../api/errors';
import { useSetStatus } from '../queries/customers';
import { useSyncMarks } from '../sync/queries';
import { ErrorPanel } from '../widgets/ErrorPanel';
import { Pager } from '../widgets/Pager';
import { useToast } from '../widgets/Toasts';
import { useLater } from '../widgets/useLater';
import { isModalOpen, isTypingTarget } from '../widgets/keyboard';
import { ExchangeButtons } from '../exchange/ExchangeButtons';
import { CustomerTable } from './CustomerTable';
import { StatsCards } from './StatsCards';
import { orderLabel, SORT_FIELDS, viewQuery, type ListAction, type ListState } from './listState';
import { useCustomerSearch } from './search';
import { FilterButtons } from './filters/FilterButtons';
import { FilterChips } from './filters/FilterChips';
import { FilterPanel } from './filters/FilterPanel';
import { filterCount, withoutFilters } from './filters/filterModel';
import { useListTotal } from './filters/total';
import { ViewsDialog } from './filters/ViewsDialog';

interface CustomersScreenProps {
  state: ListState;
  dispatch: Dispatch<ListAction>;
  searchRef: RefObject<HTMLInputElement | null>;
  onOpen: (id: string) => void;
  onNew: () => void;
  /** Takes a payment from a customer (P on the highlighted row). */
  onTakePayment: (id: string) => void;
  /** The customer last opened, highlighted again on the way back. */
  lastOpenedId: string | null;
  /** Opens the import wizard. */
  onImport: () => void;
  /** Opens the export of this list. */
  onExport: () => void;
}

export function CustomersScreen({ state, dispatch, searchRef, onOpen, onNew, onTakePayment, lastOpenedId, onImport, onExport }: CustomersScreenProps) {
  const toast = useToast();
  // Searches as typed, one at a time, short terms after a pause (see search.ts). The previous
  // rows stay on screen until the answer arrives.
  const { list, query, term, searching: stale, now } = useCustomerSearch(state);
  const rows = list.data?.items;
  const total = useListTotal(list.data, query, !list.isPlaceholderData);
  const [panelOpen, setPanelOpen] = useState(false);
  const [viewsOpen, setViewsOpen] = useState(false);
  const filtersButton = useRef<HTMLButtonElement>(null);
  const filtering = filterCount(state.filters);
  const slow = useLater(stale, 250);
  const marks = useSyncMarks(rows?.map((r) => r.id));

  // The highlight stays on the same customer while listed; otherwise, in a search, on the first
  // match so "type, Enter" opens it. Derived, not set in an effect: no extra commit per answer.
  const [highlightedId, setHighlightedId] = useState<string | null>(lastOpenedId);
  const found = rows && highlightedId ? rows.findIndex((r) => r.id === highlightedId) : -1;
  const highlighted = found >= 0 ? found : term && rows && rows.length > 0 ? 0 : -1;
  // A ref, not state: nothing on screen shows it, so setting or clearing it needs no render.
  const pendingOpen = useRef(false);
  const tableRef = useRef<HTMLDivElement>(null);

  // Enter pressed while the answer to the latest keystrokes was still on its way: open the
  // first match as soon as it arrives instead of whatever the stale rows showed.
  useEffect(() => {
    if (!pendingOpen.current || stale || !rows) return;
    pendingOpen.current = false;
    const target = rows[highlighted];
    if (target) onOpen(target.id);
  }, [stale, rows, highlighted, onOpen]);

  // Listened to once on the window; each key sees the latest render's rows, highlight and page.
  const onKeyDown = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || isModalOpen()) return;
    // F (or Ctrl+Shift+F, from the search box too): the filters.
    const filterKey = e.key.toLowerCase() === 'f' && !e.altKey;
    if (filterKey && (e.ctrlKey || e.metaKey) && e.shiftKey) {
      e.preventDefault();
      setPanelOpen(true);
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const page = state.page;
    const pages = total?.pages ?? 1;
    const target = e.target;
    const inSearch = target === searchRef.current;
    const inTable = target instanceof Node && !!tableRef.current?.contains(target);
    const free = inSearch || !isTypingTarget(target);
    if (!free) return;

    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && rows && rows.length > 0) {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      const next = highlighted < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(Math.max(highlighted + step, 0), rows.length - 1);
      setHighlightedId(rows[next]!.id);
      if (inTable) {
        const openButtons = tableRef.current?.querySelectorAll<HTMLButtonElement>('tbody tr .row-open');
        openButtons?.[next]?.focus();
      }
    } else if (e.key === 'Enter' && (inSearch || target === document.body)) {
      e.preventDefault();
      if (stale) {
        pendingOpen.current = true;
        now();
      } else if (rows && highlighted >= 0) {
        onOpen(rows[highlighted]!.id);
      }
    } else if (filterKey && !e.shiftKey && !inSearch) {
      e.preventDefault();
      setPanelOpen(true);
    } else if (e.key.toLowerCase() === 'p' && !inSearch && rows && highlighted >= 0) {
      e.preventDefault();
      onTakePayment(rows[highlighted]!.id);
    } else if (e.key === 'PageDown' && page < pages) {
      e.preventDefault();
      dispatch({ type: 'page', page: page + 1 });
    } else if (e.key === 'PageUp' && page > 1) {
      e.preventDefault();
      dispatch({ type: 'page', page: page - 1 });
    }
  });
  useEffect(() => {
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const setStatus = useSetStatus();
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());
  function changeStatus(customer: Customer, status: CustomerStatus, undoable: boolean) {
    setBusyIds((s) => new Set(s).add(customer.id));
    setStatus.mutate(
      { id: customer.id, status },
      {
        onSuccess: (updated) => {
          const verb = status === 'suspended' ? 'Suspended' : status === 'active' ? 'Activated' : 'Set to pending:';
          toast.success(
            `${verb} ${updated.name}`,
            undoable ? { label: 'Undo', run: () => changeStatus(updated, customer.status, false) } : undefined,
          );
        },
        onError: (error) => toast.error(describeError(error, `change the status of ${customer.name}`)),
        onSettled: () =>
          setBusyIds((s) => {
            const next = new Set(s);
            next.delete(customer.id);
            return next;
          }),
      },
    );
  }

  const empty = (
    <div className="empty">
      <p>
        {filtering > 0 ? (
          <>No {state.status ? `${state.status} ` : ''}customers match {state.search ? `“${state.search}” and ` : ''}these filters.</>
        ) : state.search ? (
          <>
            No {state.status ? `${state.status} ` : ''}customers match “{state.search}”.
          </>
        ) : state.status ? (
          <>No {state.status} customers.</>
        ) : (
          <>No customers yet.</>
        )}
      </p>
      <p className="empty-actions">
        {filtering > 0 && (
          <button type="button" onClick={() => dispatch({ type: 'clearFilters' })}>
            Clear filters
          </button>
        )}
        {state.search && (
          <button
            type="button"
            onClick={() => {
              dispatch({ type: 'clearSearch' });
              searchRef.current?.focus();
            }}
          >
            Clear search
          </button>
        )}
        {state.status && (
          <button type="button" onClick={() => dispatch({ type: 'status', status: '' })}>
            Show all statuses
          </button>
        )}
        <button type="button" onClick={onNew}>
          New customer
        </button>
      </p>
    </div>
  );

  return (
    <main className="screen customers-screen">
      <StatsCards onOpen={onOpen} />

      <div className="toolbar">
        <div className="search">
          <input
            ref={searchRef}
            type="search"
            aria-label="Search customers"
            placeholder="Search name, email or phone  ( / )"
            value={state.search}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => dispatch({ type: 'type', text: e.target.value })}
            onKeyDown={(e) => {
              // Esc empties the box first; with nothing left to clear, it leaves it.
              if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                if (state.search) dispatch({ type: 'clearSearch' });
                else e.currentTarget.blur();
              }
            }}
          />
          {slow && <span className="updating" aria-hidden="true" />}
        </div>
        <select
          aria-label="Status filter"
          value={state.status}
          onChange={(e) => dispatch({ type: 'status', status: e.target.value as CustomerStatus | '' })}
        >
          <option value="">All statuses</option>
          <option value="active">Active</option>
          <option value="suspended">Suspended</option>
          <option value="pending">Pending</option>
        </select>
        <FilterButtons count={filtering} onFilters={() => setPanelOpen(true)} onViews={() => setViewsOpen(true)} filtersRef={filtersButton} />
        <ExchangeButtons place="narrow" onImport={onImport} onExport={onExport} />
        <span className="toolbar-break" />
        {/* The sort in force, always in view: the column it sorts by may be hidden in a narrow window. */}
        <span className="sort-by" role="group" aria-label="Sort">
          <select
            aria-label="Sort by"
            value={state.sortBy}
            onChange={(e) => dispatch({ type: 'sort', field: e.target.value as SortField })}
          >
            {SORT_FIELDS.map(({ field, label }) => (
              <option key={field} value={field}>
                Sort: {label}
              </option>
            ))}
          </select>
          <select
            aria-label="Sort order"
            value={state.sortOrder}
            onChange={(e) => dispatch({ type: 'sortOrder', order: e.target.value as SortOrder })}
          >
            <option value="desc">{orderLabel(state.sortBy, 'desc')}</option>
            <option value="asc">{orderLabel(state.sortBy, 'asc')}</option>
          </select>
        </span>
        <span className="toolbar-spacer" />
        <ExchangeButtons place="toolbar" onImport={onImport} onExport={onExport} />
        <button type="button" className="primary" onClick={onNew} aria-keyshortcuts="N Control+N">
          New customer
        </button>
      </div>

      <FilterChips
        filters={state.filters}
        viewName={state.view?.name ?? null}
        onRemove={(group) => dispatch({ type: 'removeFilter', group })}
        onClear={() => dispatch({ type: 'clearFilters' })}
        onSave={() => setViewsOpen(true)}
        onEmptied={() => filtersButton.current?.focus()}
      />

      {list.isError && !list.data ? (
        <ErrorPanel error={list.error} what="the customers" onRetry={() => void list.refetch()} />
      ) : (
        <div ref={tableRef} className="table-host">
          <CustomerTable
            rows={rows}
            sortBy={state.sortBy}
            sortOrder={state.sortOrder}
            onSort={(field) => dispatch({ type: 'sort', field })}
            highlighted={highlighted}
            onHighlight={(i) => rows?.[i] && setHighlightedId(rows[i]!.id)}
            onOpen={(c) => onOpen(c.id)}
            onQuickStatus={(c) => changeStatus(c, c.status === 'active' ? 'suspended' : 'active', true)}
            busyIds={busyIds}
            stale={stale && !!rows}
            dimmed={slow && !!rows}
            empty={empty}
            marks={marks}
          />
        </div>
      )}

      {list.data && total && (
        <Pager
          noun="customers"
          label="Customer pages"
          page={list.data.current_page}
          pages={total.pages}
          total={total.total}
          approximate={!total.exact}
          perPage={state.perPage}
          onPage={(page) => dispatch({ type: 'page', page })}
          onPerPage={(perPage) => dispatch({ type: 'perPage', perPage })}
        />
      )}

      {panelOpen && (
        <FilterPanel
          filters={state.filters}
          query={withoutFilters(query)}
          onApply={(filters) => {
            dispatch({ type: 'filters', filters });
            setPanelOpen(false);
          }}
          onClose={() => setPanelOpen(false)}
        />
      )}

      {viewsOpen && (
        <ViewsDialog
          current={viewQuery(state)}
          onOpen={(view) => {
            dispatch({ type: 'openView', view });
            setViewsOpen(false);
          }}
          onRenamed={(view) => dispatch({ type: 'viewRenamed', view })}
          onDeleted={(id) => dispatch({ type: 'viewDeleted', id })}
          onClose={() => setViewsOpen(false)}
        />
      )}
    </main>
  );
}
