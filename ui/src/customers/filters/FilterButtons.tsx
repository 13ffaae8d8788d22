import type { Ref } from 'react';

interface FilterButtonsProps {
  /** How many filters are in force. */
  count: number;
  onFilters: () => void;
  onViews: () => void;
  filtersRef: Ref<HTMLButtonElement>;
}

/** The toolbar's "Filters" (saying how many are in use) and "Views" buttons. */
export function FilterButtons({ count, onFilters, onViews, filtersRef }: FilterButtonsProps) {
  return (
    <>
      <button
        ref={filtersRef}
        type="button"
        className={`filters-open ${count > 0 ? 'is-active' : ''}`}
        aria-haspopup="dialog"
        aria-keyshortcuts="F Control+Shift+F"
        title="Filter by balance, join date, last payment, package, usage or devices (F)"
        onClick={onFilters}
      >
        Filters
        {count > 0 && (
          <span className="filters-count">
            <span className="sr-only">:</span> {count} <span className="sr-only">in use</span>
          </span>
        )}
      </button>
      <button type="button" aria-haspopup="dialog" title="Open, save, rename or delete saved views" onClick={onViews}>
        Views
      </button>
    </>
  );
}
