import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/commands';
import { describeError, toCommandError } from '../api/errors';
import { onImportProgress } from '../api/events';
import type { Delimiter, Field, ImportFile, ImportProgress, ImportReport, Mapping, OnDuplicate } from '../api/types';
import { formatCount } from '../format';
import { keys } from '../queries/keys';
import { Dialog } from '../widgets/Dialog';
import { useToast } from '../widgets/Toasts';
import { pickImportFile, pickReportTarget } from './files';
import { rowsText } from './labels';
import { MappingStep } from './MappingStep';
import { ReportStep } from './ReportStep';

type Stage =
  | { step: 'file' }
  | { step: 'mapping' }
  | { step: 'report'; report: ImportReport }
  | { step: 'importing'; progress: ImportProgress | null; cancelling: boolean }
  | { step: 'done'; report: ImportReport }
  | { step: 'cancelled' };

const STEPS = [
  { key: 'file', label: 'File' },
  { key: 'mapping', label: 'Columns' },
  { key: 'report', label: 'Check' },
  { key: 'import', label: 'Import' },
] as const;

function stepIndex(stage: Stage): number {
  switch (stage.step) {
    case 'file':
      return 0;
    case 'mapping':
      return 1;
    case 'report':
      return 2;
    default:
      return 3;
  }
}

/** Gives `field` to column `column`, taking it from any other column (a field has one column). */
export function withField(mapping: Mapping, column: number, field: Field | null): Mapping {
  return { columns: mapping.columns.map((f, n) => (n === column ? field : field !== null && f === field ? null : f)) };
}

/**
 * Importing customers from a CSV or Excel file, in four steps: the file; its columns matched to
 * the customer's fields with the first rows shown as they will be stored; a dry run over every
 * row (what is new, updated, unchanged, refused and why, with duplicates updated or skipped);
 * then the import itself, in one transaction, with its progress and a Cancel that leaves the
 * desk as it was.
 */
export function ImportWizard({ onClose }: { onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [stage, setStage] = useState<Stage>({ step: 'file' });
  const [file, setFile] = useState<ImportFile | null>(null);
  /** The separator the person chose; null: the one detected. */
  const [delimiter, setDelimiter] = useState<Delimiter | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [onDuplicate, setOnDuplicate] = useState<OnDuplicate>('update');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  /** Answers to earlier changes of the mapping that come late are dropped. */
  const asked = useRef(0);
  const heading = useRef<HTMLHeadingElement>(null);

  // The shell keeps the file's rows while the wizard is open; closed, it forgets them.
  useEffect(
    () => () => {
      void api.closeImportFile().catch(() => undefined);
    },
    [],
  );

  // Each step's heading takes the focus, so a screen reader says where the person is.
  useLayoutEffect(() => {
    if (stage.step !== 'file') heading.current?.focus();
  }, [stage.step]);

  async function attempt<T>(doing: string, run: () => Promise<T>): Promise<T | null> {
    setBusy(true);
    setError(null);
    try {
      return await run();
    } catch (reason) {
      setError(describeError(toCommandError(reason), doing));
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function chooseFile() {
    setSaved(null);
    const opened = await attempt('open the file', async () => {
      const path = await pickImportFile();
      return path === null ? null : api.openImportFile(path, null, null);
    });
    if (!opened) return;
    setFile(opened);
    setMapping(opened.mapping);
    setDelimiter(null);
    setStage({ step: 'mapping' });
  }

  async function reread(nextDelimiter: Delimiter | null, nextMapping: Mapping | null) {
    if (!file) return;
    const n = ++asked.current;
    if (nextMapping) setMapping(nextMapping);
    const opened = await attempt('read the file again', () => api.openImportFile(file.path, nextDelimiter, nextMapping));
    if (!opened || n !== asked.current) return;
    setFile(opened);
    setMapping(opened.mapping);
  }

  async function dryRun(duplicates: OnDuplicate) {
    if (!file || !mapping) return;
    setSaved(null);
    const report = await attempt('check the rows', () => api.dryRunImport(file.path, delimiter, mapping, duplicates));
    if (report) setStage({ step: 'report', report });
  }

  async function saveReport() {
    if (!file) return;
    const path = await attempt('save the report', async () => {
      const target = await pickReportTarget(file.file_name);
      return target === null ? null : api.saveImportRefusals(target);
    });
    if (path) setSaved(path);
  }

  async function runImport() {
    if (!file || !mapping) return;
    setError(null);
    setSaved(null);
    setStage({ step: 'importing', progress: null, cancelling: false });
    // Listen first: the first progress event can come before `invoke` returns.
    const unlisten = await onImportProgress((progress) =>
      setStage((s) => (s.step === 'importing' ? { ...s, progress } : s)),
    ).catch(() => null);
    try {
      const outcome = await api.importCustomers(file.path, delimiter, mapping, onDuplicate);
      if (outcome.kind === 'cancelled') {
        setStage({ step: 'cancelled' });
        return;
      }
      const { report } = outcome;
      setStage({ step: 'done', report });
      toast.success(`Imported ${file.file_name}: ${formatCount(report.new)} new, ${formatCount(report.updated)} updated`);
      await client.invalidateQueries({ queryKey: keys.customers });
      await client.invalidateQueries({ queryKey: keys.storeEmpty() });
    } catch (reason) {
      setError(describeError(toCommandError(reason), 'import the file'));
      setStage({ step: 'mapping' });
    } finally {
      unlisten?.();
    }
  }

  async function cancelImport() {
    setStage((s) => (s.step === 'importing' ? { ...s, cancelling: true } : s));
    await api.cancelImport().catch(() => false);
  }

  const importing = stage.step === 'importing';
  const current = stepIndex(stage);

  return (
    <Dialog label="Import customers" size="wide" onClose={() => !importing && onClose()}>
      <div className="wizard">
        <ol className="wizard-steps" aria-label="Steps">
          {STEPS.map((s, n) => (
            <li key={s.key} aria-current={n === current ? 'step' : undefined} className={n < current ? 'done' : undefined}>
              <span className="wizard-step-number" aria-hidden="true">
                {n + 1}
              </span>{' '}
              {s.label}
            </li>
          ))}
        </ol>

        {stage.step === 'file' && (
          <div className="wizard-body form-stack">
            <p>
              Bring customers in from a spreadsheet: a <strong>CSV</strong> file (separated by commas, semicolons or tabs) or an{' '}
              <strong>Excel workbook</strong> (.xlsx, its first sheet). The first row must name the columns; each customer needs a
              name, an email and a phone.
            </p>
            <p className="muted">
              Nothing is written until you have seen how every row will be stored. Customers already on the desk (the same email, or
              the same phone) are updated or left alone, as you choose.
            </p>
            <div>
              <button type="button" className="primary" data-autofocus disabled={busy} onClick={() => void chooseFile()}>
                {busy ? 'Reading the file…' : 'Choose a file…'}
              </button>
            </div>
          </div>
        )}

        {stage.step === 'mapping' && file && mapping && (
          <MappingStep
            headingRef={heading}
            file={file}
            mapping={mapping}
            busy={busy}
            onDelimiter={(d) => {
              setDelimiter(d);
              void reread(d, null);
            }}
            onField={(column, field) => void reread(delimiter, withField(mapping, column, field))}
          />
        )}

        {stage.step === 'report' && file && (
          <ReportStep
            headingRef={heading}
            fileName={file.file_name}
            report={stage.report}
            onDuplicate={onDuplicate}
            busy={busy}
            saved={saved}
            onDuplicateChange={(d) => {
              setOnDuplicate(d);
              void dryRun(d);
            }}
            onSave={() => void saveReport()}
          />
        )}

        {stage.step === 'importing' && (
          <div className="wizard-body form-stack">
            <h3 ref={heading} tabIndex={-1}>
              Importing {file?.file_name}
            </h3>
            <progress
              className="wizard-progress"
              aria-label="Import progress"
              max={stage.progress?.total || 1}
              value={stage.progress ? stage.progress.done : undefined}
            />
            <p aria-live="polite">
              {stage.cancelling
                ? 'Cancelling: nothing of this import will be kept…'
                : stage.progress && stage.progress.total > 0
                  ? `Writing ${formatCount(stage.progress.done)} of ${formatCount(stage.progress.total)} customers (${Math.round((stage.progress.done * 100) / stage.progress.total)}%)`
                  : 'Checking every row against the desk…'}
            </p>
            <p className="muted">The import is written all at once: until it ends, the desk has none of it, and Cancel leaves the desk as it was.</p>
          </div>
        )}

        {stage.step === 'done' && file && (
          <div className="wizard-body form-stack">
            <h3 ref={heading} tabIndex={-1}>
              Imported {file.file_name}
            </h3>
            <p role="status">
              {formatCount(stage.report.new)} new {stage.report.new === 1 ? 'customer' : 'customers'} added,{' '}
              {formatCount(stage.report.updated)} updated
              {stage.report.unchanged + stage.report.skipped > 0 && `, ${rowsText(stage.report.unchanged + stage.report.skipped)} left as they were`}
              {stage.report.refused.length > 0 && `; ${rowsText(stage.report.refused.length)} refused and left out`}.
            </p>
            {stage.report.refused.length > 0 && (
              <p>
                <button type="button" disabled={busy} onClick={() => void saveReport()}>
                  Save the refused rows as CSV…
                </button>
              </p>
            )}
            {saved && <p role="status">Saved the refused rows to {saved}.</p>}
          </div>
        )}

        {stage.step === 'cancelled' && (
          <div className="wizard-body form-stack">
            <h3 ref={heading} tabIndex={-1}>
              Import cancelled
            </h3>
            <p role="status">Nothing was imported: the desk is as it was before.</p>
          </div>
        )}

        {error && (
          <p role="alert" className="form-alert">
            {error}
          </p>
        )}

        <div className="dialog-actions">
          {stage.step === 'mapping' && (
            <>
              <button type="button" disabled={busy} onClick={() => void chooseFile()}>
                Another file…
              </button>
              <button type="button" onClick={onClose}>
                Close
              </button>
              <button
                type="button"
                className="primary"
                disabled={busy || !file || file.problems.length > 0}
                onClick={() => void dryRun(onDuplicate)}
              >
                Check all {file ? rowsText(file.rows) : 'rows'}
              </button>
            </>
          )}
          {stage.step === 'report' && (
            <>
              <button type="button" disabled={busy} onClick={() => setStage({ step: 'mapping' })}>
                Back to the columns
              </button>
              <button type="button" onClick={onClose}>
                Close
              </button>
              <button
                type="button"
                className="primary"
                disabled={busy || stage.report.new + stage.report.updated === 0}
                onClick={() => void runImport()}
              >
                {stage.report.new + stage.report.updated === 0 ? 'Nothing to import' : `Import ${formatCount(stage.report.new + stage.report.updated)} customers`}
              </button>
            </>
          )}
          {stage.step === 'importing' && (
            <button type="button" disabled={stage.cancelling} onClick={() => void cancelImport()}>
              {stage.cancelling ? 'Cancelling…' : 'Cancel import'}
            </button>
          )}
          {stage.step === 'cancelled' && (
            <>
              <button type="button" onClick={() => setStage({ step: 'mapping' })}>
                Back to the columns
              </button>
              <button type="button" className="primary" onClick={onClose}>
                Close
              </button>
            </>
          )}
          {stage.step === 'done' && (
            <button type="button" className="primary" onClick={onClose}>
              Close
            </button>
          )}
          {stage.step === 'file' && (
            <button type="button" onClick={onClose}>
              Close
            </button>
          )}
        </div>
      </div>
    </Dialog>
  );
}
