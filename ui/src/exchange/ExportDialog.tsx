import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/commands';
import { describeError, toCommandError } from '../api/errors';
import { onExportProgress } from '../api/events';
import type { CustomerQueryInput, ExportFormat, ExportProgress } from '../api/types';
import { formatCount } from '../format';
import { useCustomerStats } from '../queries/customers';
import { keys } from '../queries/keys';
import { Dialog } from '../widgets/Dialog';
import { useToast } from '../widgets/Toasts';
import { pickExportTarget } from './files';

interface ExportDialogProps {
  /** The list's query as it shows now: its search, status, filters and sort. */
  query: CustomerQueryInput;
  onClose: () => void;
}

/** The view's query for an export: every page of it. */
export function viewQuery(query: CustomerQueryInput): CustomerQueryInput {
  const rest = { ...query };
  delete rest.page;
  delete rest.per_page;
  return rest;
}

/** Whether the view lists fewer than everyone (a search, a status or a filter). */
function narrowed(query: CustomerQueryInput): boolean {
  return Object.keys(query).some((k) => !['page', 'per_page', 'sort_by', 'sort_order'].includes(k));
}

function customers(n: number, exact = true): string {
  return `${exact ? '' : 'about '}${formatCount(n)} ${n === 1 ? 'customer' : 'customers'}`;
}

/**
 * Exporting the customers to CSV (opens in Excel with phones kept as text) or an Excel workbook:
 * the list as it is filtered, searched and sorted, all its pages, or everyone. The file is
 * written whole or not at all; a toast says where.
 */
export function ExportDialog({ query, onClose }: ExportDialogProps) {
  const toast = useToast();
  const view = viewQuery(query);
  const counted = useQuery({ queryKey: keys.list({ ...view, page: 1, per_page: 1 }), queryFn: () => api.listCustomers({ ...view, page: 1, per_page: 1 }) });
  const stats = useCustomerStats();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [which, setWhich] = useState<'view' | 'everyone'>(narrowed(query) ? 'view' : 'everyone');
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setError(null);
    let path: string | null;
    try {
      path = await pickExportTarget(format);
    } catch (reason) {
      setError(describeError(toCommandError(reason), 'choose the file'));
      return;
    }
    if (path === null) return;
    setRunning(true);
    setProgress(null);
    const unlisten = await onExportProgress(setProgress).catch(() => null);
    try {
      const outcome = await api.exportCustomers(which === 'view' ? view : null, format, path);
      if (outcome.kind === 'cancelled') {
        toast.success('Export cancelled: no file was written.');
      } else {
        toast.success(`Exported ${customers(outcome.rows)} to ${outcome.path}`);
      }
      onClose();
    } catch (reason) {
      setError(describeError(toCommandError(reason), 'export the customers'));
    } finally {
      unlisten?.();
      setRunning(false);
      setCancelling(false);
    }
  }

  const viewTotal = counted.data ? customers(counted.data.total, counted.data.exact) : '…';
  const everyone = stats.data ? customers(stats.data.total) : '…';
  const percent = progress && progress.total > 0 ? Math.round((progress.done * 100) / progress.total) : null;

  return (
    <Dialog label="Export customers" onClose={() => !running && onClose()}>
      <form
        className="form-stack export-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!running) void run();
        }}
      >
        <fieldset disabled={running}>
          <legend>Which customers</legend>
          <label>
            <input type="radio" name="export-which" checked={which === 'view'} onChange={() => setWhich('view')} data-autofocus={which === 'view' || undefined} />
            <span>
              This view: {viewTotal}
              {narrowed(query) ? ', as searched and filtered' : ''}, in the list's order
            </span>
          </label>
          <label>
            <input type="radio" name="export-which" checked={which === 'everyone'} onChange={() => setWhich('everyone')} data-autofocus={which === 'everyone' || undefined} />
            <span>Everyone: {everyone}</span>
          </label>
        </fieldset>
        <fieldset disabled={running}>
          <legend>Format</legend>
          <label>
            <input type="radio" name="export-format" checked={format === 'csv'} onChange={() => setFormat('csv')} />
            <span>
              CSV <span className="muted">(opens in Excel and any spreadsheet; phones stay as typed)</span>
            </span>
          </label>
          <label>
            <input type="radio" name="export-format" checked={format === 'xlsx'} onChange={() => setFormat('xlsx')} />
            <span>Excel workbook (.xlsx)</span>
          </label>
        </fieldset>
        {running && (
          <div className="export-progress">
            <progress aria-label="Export progress" max={progress?.total || 1} value={progress && progress.total > 0 ? progress.done : undefined} />
            <span aria-live="polite">
              {cancelling
                ? 'Cancelling…'
                : progress && percent !== null
                  ? `${formatCount(progress.done)} of ${customers(progress.total)} written (${percent}%)`
                  : 'Starting…'}
            </span>
          </div>
        )}
        {error && (
          <p role="alert" className="form-alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          {running ? (
            <button
              type="button"
              disabled={cancelling}
              onClick={() => {
                setCancelling(true);
                void api.cancelExport().catch(() => false);
              }}
            >
              Cancel export
            </button>
          ) : (
            <button type="button" onClick={onClose}>
              Close
            </button>
          )}
          <button type="submit" className="primary" disabled={running}>
            {running ? 'Exporting…' : 'Export…'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
