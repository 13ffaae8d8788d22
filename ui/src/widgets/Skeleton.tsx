/** A grey placeholder bar while a figure or a cell is loading; hidden from screen readers. */
export function Skeleton({ width = '100%' }: { width?: string }) {
  return <span className="skeleton" style={{ width }} aria-hidden="true" />;
}
