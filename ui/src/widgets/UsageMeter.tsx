/** A usage percentage as a number with a small bar; the number is what is read out. */
export function UsageMeter({ value }: { value: number }) {
  const level = value >= 90 ? 'high' : value >= 70 ? 'mid' : 'low';
  return (
    <span className="usage">
      <span className="usage-bar" aria-hidden="true">
        <span className={`usage-fill usage-${level}`} style={{ width: `${Math.min(Math.max(value, 0), 100)}%` }} />
      </span>
      <span className="usage-text">{value}%</span>
    </span>
  );
}
