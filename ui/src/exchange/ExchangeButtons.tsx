interface ExchangeButtonsProps {
  onImport: () => void;
  onExport: () => void;
  /**
   * `toolbar`: beside New customer. `narrow`: on the toolbar's first line, after Views, for a
   * window 1000 px wide or less, where the second line has no room for them beside the sort and
   * New customer (exchange.css shows one of the two; both in the DOM keep the tab order the
   * order on screen).
   */
  place: 'toolbar' | 'narrow';
}

/** Import and Export on the customer list. */
export function ExchangeButtons({ onImport, onExport, place }: ExchangeButtonsProps) {
  return (
    <span className={`exchange-actions exchange-${place}`}>
      <button type="button" onClick={onImport} aria-keyshortcuts="I Control+I" title="Import customers from a CSV or Excel file (I)">
        Import
      </button>
      <button type="button" onClick={onExport} title="Export this list, or everyone, to CSV or Excel">
        Export
      </button>
    </span>
  );
}
