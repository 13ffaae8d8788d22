import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/commands';
import { describeError, toCommandError } from '../api/errors';
import { onDemoProgress } from '../api/events';
import type { ImportProgress } from '../api/types';
import { formatCount } from '../format';
import { useToast } from '../widgets/Toasts';

const SIZES = [100, 1_000, 10_000];

/** The first screen of a new install: try the desk with demo data, or start for real. */
export function EmptyStore({ onNew, onImport }: { onNew: () => void; onImport?: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [count, setCount] = useState(1_000);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loading = progress !== null;

  async function load() {
    setError(null);
    setProgress({ done: 0, total: count });
    // Listen first: the first progress event can come before `invoke` returns.
    const unlisten = await onDemoProgress(setProgress).catch(() => null);
    try {
      const summary = await api.loadDemoData(count);
      toast.success(
        `Loaded ${formatCount(summary.customers)} demo customers with ${formatCount(summary.invoices)} invoices, ` +
          `${formatCount(summary.payments)} payments and ${formatCount(summary.tickets)} tickets.`,
      );
      await client.invalidateQueries();
    } catch (reason) {
      setError(describeError(toCommandError(reason), 'load the demo data'));
      setProgress(null);
    } finally {
      unlisten?.();
    }
  }

  const percent = progress && progress.total > 0 ? Math.round((progress.done * 100) / progress.total) : 0;

  return (
    <main className="screen welcome">
      <section className="welcome-card" aria-labelledby="welcome-title">
        <h2 id="welcome-title">Welcome to Infora Desk</h2>
        <p>There are no customers in this desk yet. Try it out with demo data, or start with your first real customer.</p>

        <div className="welcome-actions">
          <div className="welcome-option">
            <h3>Explore with demo data</h3>
            <p className="muted">Kenyan customers with invoices, payments and support tickets. Everything stays on this computer.</p>
            <div className="inline-row">
              <label className="inline-label">
                <span>Customers</span>
                <select
                  aria-label="Number of demo customers"
                  value={count}
                  disabled={loading}
                  onChange={(e) => setCount(Number(e.target.value))}
                >
                  {SIZES.map((n) => (
                    <option key={n} value={n}>
                      {formatCount(n)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="primary" disabled={loading} onClick={() => void load()}>
                Load demo data
              </button>
            </div>
            {progress && (
              <div className="demo-progress">
                <progress aria-label="Loading demo data" max={progress.total || 1} value={progress.done} />
                <span aria-live="polite">
                  {formatCount(progress.done)} of {formatCount(progress.total)} customers ({percent}%)
                </span>
              </div>
            )}
            {error && (
              <p role="alert" className="form-alert">
                {error}
              </p>
            )}
          </div>

          <div className="welcome-option">
            <h3>Start for real</h3>
            <p className="muted">Add a customer with their name, email and phone; everything else can come later.</p>
            <div className="inline-row">
              <button type="button" disabled={loading} onClick={onNew}>
                Add your first customer
              </button>
              {onImport && (
                <button type="button" disabled={loading} onClick={onImport} aria-keyshortcuts="I Control+I">
                  Import from a spreadsheet…
                </button>
              )}
            </div>
          </div>
        </div>
      </section>
    </main>
  );
}
