/**
 * A coloured status word. The word itself is the text (colour alone says nothing to a
 * colour-blind cashier or a screen reader); `badge-<status>` carries the colour.
 */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status.replace(/_/g, ' ')}</span>;
}
