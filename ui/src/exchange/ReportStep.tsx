import type { RefObject } from 'react';
import type { ImportReport, OnDuplicate } from '../api/types';
import { formatCount } from '../format';
import { fieldChoice, rowsText } from './labels';

interface ReportStepProps {
  headingRef: RefObject<HTMLHeadingElement | null>;
  fileName: string;
  report: ImportReport;
  onDuplicate: OnDuplicate;
  busy: boolean;
  /** Where the refused rows were saved last, if they were. */
  saved: string | null;
  onDuplicateChange: (choice: OnDuplicate) => void;
  onSave: () => void;
}

/** The refused rows shown at most: the rest are in the saved report. */
const SHOWN = 200;

/**
 * What the import would do with every row, nothing written yet: the counts, the choice for
 * customers already on the desk, and each refused row's line, field and reason (the form's
 * words), which can be saved as CSV to fix the file row by row.
 */
export function ReportStep({ headingRef, fileName, report, onDuplicate, busy, saved, onDuplicateChange, onSave }: ReportStepProps) {
  const problems = report.refused.flatMap((row) => row.problems.map((p, n) => ({ line: row.line, problem: p, key: `${row.line}-${n}` })));
  const duplicates = report.updated + report.unchanged + report.skipped;
  const counts: { label: string; value: number; tone?: string }[] = [
    { label: 'New', value: report.new },
    onDuplicate === 'update' ? { label: 'Updated', value: report.updated } : { label: 'Left as they are', value: report.skipped },
    ...(onDuplicate === 'update' ? [{ label: 'Unchanged', value: report.unchanged }] : []),
    { label: 'Refused', value: report.refused.length, tone: report.refused.length > 0 ? 'bad' : undefined },
  ];
  return (
    <div className="wizard-body report-step" aria-busy={busy || undefined}>
      <h3 ref={headingRef} tabIndex={-1}>
        Checked all {rowsText(report.rows)} of {fileName}
      </h3>
      <p className="muted">Nothing has been written yet.</p>
      <dl className="report-counts">
        {counts.map((c) => (
          <div key={c.label} className={c.tone}>
            <dt>{c.label}</dt>
            <dd>{formatCount(c.value)}</dd>
          </div>
        ))}
      </dl>

      <fieldset className="duplicates" disabled={busy}>
        <legend>Customers already on the desk (the same email or phone)</legend>
        <label>
          <input type="radio" name="on-duplicate" checked={onDuplicate === 'update'} onChange={() => onDuplicateChange('update')} />
          Update them with the file's values
        </label>
        <label>
          <input type="radio" name="on-duplicate" checked={onDuplicate === 'skip'} onChange={() => onDuplicateChange('skip')} />
          Leave them as they are
        </label>
        <p className="field-hint">
          {duplicates === 0 ? 'No row of this file is a customer already on the desk.' : `${rowsText(duplicates)} of this file ${duplicates === 1 ? 'is a customer' : 'are customers'} already on the desk or earlier in the file.`}
        </p>
      </fieldset>

      {problems.length === 0 ? (
        <p>No row is refused.</p>
      ) : (
        <section aria-labelledby="refused-title" className="refused-rows">
          <div className="refused-head">
            <h4 id="refused-title">
              {rowsText(report.refused.length)} refused: {report.refused.length === 1 ? 'it is' : 'they are'} left out of the import
            </h4>
            <button type="button" disabled={busy} onClick={onSave}>
              Save report as CSV…
            </button>
          </div>
          {saved && <p role="status">Saved the report to {saved}.</p>}
          <div className="refused-scroll" tabIndex={0} role="region" aria-label="Refused rows">
            <table className="refused-table">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Field</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {problems.slice(0, SHOWN).map(({ line, problem, key }) => (
                  <tr key={key}>
                    <td className="num">{line}</td>
                    <td>{fieldChoice(problem.field)}</td>
                    <td>{problem.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {problems.length > SHOWN && <p className="muted">The first {SHOWN} of {formatCount(problems.length)} problems; the saved report has them all.</p>}
        </section>
      )}
    </div>
  );
}
