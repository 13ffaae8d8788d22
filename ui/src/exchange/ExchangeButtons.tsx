interface ExchangeButtonsProps {
  onImport: () => void;
  onExport: () => void;
  /**
   * `toolbar`: beside New customer. `below`: on a line of their own under the toolbar, for a
   * window under ~960 px wide, where the toolbar has no room for them (exchange.css shows one).
   */
  place: 'toolbar' | 'below';
}

/** Import and Export on the customer list. */
export function ExchangeButtons({ onImport, onExport, place }: ExchangeButtonsProps) {
  const size = place === 'below' ? 'small' : undefined;
  return (
    <span className={`exchange-actions exchange-${place}`}>
      <button type="button" className={size} onClick={onImport} aria-keyshortcuts="I Control+I" title="Import customers from a CSV or Excel file (I)">
        Import
      </button>
      <button type="button" className={size} onClick={onExport} title="Export this list, or everyone, to CSV or Excel">
        Export
      </button>
    </span>
  );
}
