import { formatCount } from '../format/number';

interface PagerProps {
  page: number;
  pages: number;
  total: number;
  perPage: number;
  /** "customers", "invoices", …: what the total counts. */
  noun: string;
  onPage: (page: number) => void;
  onPerPage?: (perPage: number) => void;
  sizes?: number[];
  label?: string;
  /** The total is an estimate: said as "about …", and the last page is not offered until the exact total comes. */
  approximate?: boolean;
}

export function Pager({ page, pages, total, perPage, noun, onPage, onPerPage, sizes = [10, 20, 50, 100], label, approximate = false }: PagerProps) {
  const last = Math.max(pages, 1);
  const atStart = page <= 1;
  const atEnd = page >= last;
  const about = approximate ? 'about ' : '';
  return (
    <nav className="pager" aria-label={label ?? `${noun} pages`}>
      <span className="pager-total" title={approximate ? 'Estimated: counting them exactly…' : undefined}>
        {about}
        {formatCount(total)} {total === 1 && !approximate ? noun.replace(/s$/, '') : noun}
      </span>
      {onPerPage && (
        <label className="pager-size">
          <span>Rows per page</span>
          <select value={perPage} onChange={(e) => onPerPage(Number(e.target.value))}>
            {sizes.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="pager-buttons">
        <button type="button" aria-label="First page" disabled={atStart} onClick={() => onPage(1)}>
          «
        </button>
        <button type="button" aria-label="Previous page" disabled={atStart} onClick={() => onPage(page - 1)}>
          ‹
        </button>
        <span className="pager-status" aria-live="polite">
          Page {formatCount(Math.min(page, last))} of {about}
          {formatCount(last)}
        </span>
        <button type="button" aria-label="Next page" disabled={atEnd} onClick={() => onPage(page + 1)}>
          ›
        </button>
        <button type="button" aria-label="Last page" disabled={atEnd || approximate} onClick={() => onPage(last)}>
          »
        </button>
      </span>
    </nav>
  );
}
