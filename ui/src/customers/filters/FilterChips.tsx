import { useRef } from 'react';
import { chips, type FilterGroup, type Filters } from './filterModel';

interface FilterChipsProps {
  filters: Filters;
  /** The saved view the list was opened from, while it still is that view. */
  viewName: string | null;
  onRemove: (group: FilterGroup) => void;
  onClear: () => void;
  onSave: () => void;
  /** Where the focus goes once the last chip is removed. */
  onEmptied: () => void;
}

/**
 * The filters in force, each a chip in words ("Owes", "Usage ≥ 80%") that × removes; "Clear
 * all" removes them all; "Save view…" keeps the list as it is under a name.
 */
export function FilterChips({ filters, viewName, onRemove, onClear, onSave, onEmptied }: FilterChipsProps) {
  const shown = chips(filters);
  const ref = useRef<HTMLDivElement>(null);
  if (shown.length === 0 && viewName === null) return null;

  function remove(group: FilterGroup, index: number) {
    onRemove(group);
    // The focus stays among the chips: on the next one's ×, or the one before when it was last.
    const left = shown.length - 1;
    if (left === 0) {
      onEmptied();
      return;
    }
    const next = Math.min(index, left - 1);
    requestAnimationFrame(() => ref.current?.querySelectorAll<HTMLButtonElement>('.chip-remove')[next]?.focus());
  }

  return (
    <div ref={ref} className="filter-chips" role="group" aria-label="Filters in use">
      {viewName !== null && (
        <span className="view-name" title="The saved view this list was opened from">
          View: <strong>{viewName}</strong>
        </span>
      )}
      {shown.length > 0 && (
        <ul className="chips">
          {shown.map((chip, i) => (
            <li key={chip.group} className="chip">
              <span>{chip.label}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove filter: ${chip.label}`}
                title="Remove this filter"
                onClick={() => remove(chip.group, i)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown.length > 0 && (
        <button
          type="button"
          className="link chips-action"
          onClick={() => {
            onClear();
            onEmptied();
          }}
        >
          Clear all
        </button>
      )}
      <button type="button" className="link chips-action" onClick={onSave}>
        Save view…
      </button>
    </div>
  );
}
