import type { CommandError } from '../api/types';
import { describeError } from '../api/errors';

/** A failed load, in place of what could not be shown, with the one thing to do about it. */
export function ErrorPanel({ error, what, onRetry }: { error: CommandError; what: string; onRetry: () => void }) {
  return (
    <div role="alert" className="error-panel">
      <p>{describeError(error, `load ${what}`)}</p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
