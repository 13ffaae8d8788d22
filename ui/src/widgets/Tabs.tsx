import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef<K extends string> {
  key: K;
  label: string;
  /** Shown after the label (a count); not part of the tab's name. */
  badge?: ReactNode;
  panel: () => ReactNode;
}

/** ARIA tabs: ←/→ (and Home/End) move between tabs, only the chosen panel is rendered. */
export function Tabs<K extends string>({ tabs, active, onChange, idPrefix, label = 'Customer records' }: {
  tabs: TabDef<K>[];
  active: K;
  onChange: (key: K) => void;
  idPrefix: string;
  label?: string;
}) {
  const listRef = useRef<HTMLDivElement>(null);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((t) => t.key === active);
    let next = index;
    if (e.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    else return;
    e.preventDefault();
    onChange(tabs[next]!.key);
    listRef.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus();
  }

  const current = tabs.find((t) => t.key === active) ?? tabs[0]!;
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} ref={listRef} onKeyDown={onKeyDown} className="tablist">
        {tabs.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${t.key}`}
            aria-selected={t.key === active}
            aria-controls={`${idPrefix}-panel-${t.key}`}
            tabIndex={t.key === active ? 0 : -1}
            onClick={() => onChange(t.key)}
          >
            {t.label}
            {t.badge !== undefined && (
              <span className="tab-badge" aria-hidden="true">
                {t.badge}
              </span>
            )}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${idPrefix}-panel-${current.key}`}
        aria-labelledby={`${idPrefix}-tab-${current.key}`}
        className="tabpanel"
      >
        {current.panel()}
      </div>
    </div>
  );
}
