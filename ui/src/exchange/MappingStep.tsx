import { useId, type RefObject } from 'react';
import type { Delimiter, Field, FieldError, ImportFile, Mapping, PreviewRow, SheetRow } from '../api/types';
import { fieldMessage } from '../format';
import { DELIMITERS, ENCODINGS, FIELD_CHOICES, fieldChoice, problemText, rowsText, storedValue } from './labels';

interface MappingStepProps {
  headingRef: RefObject<HTMLHeadingElement | null>;
  file: ImportFile;
  /** The mapping as the person set it (shown at once; the preview follows the shell's answer). */
  mapping: Mapping;
  busy: boolean;
  onDelimiter: (delimiter: Delimiter) => void;
  onField: (column: number, field: Field | null) => void;
}

/** The first non-blank value of a column in the rows shown, as an example of what it holds. */
function example(sample: readonly SheetRow[], column: number): string {
  return sample.map((r) => r.cells[column]?.trim() ?? '').find((v) => v !== '') ?? '';
}

/**
 * The file's columns, each given a customer field (or left out), and its first rows as they will
 * be stored: each cell the desk refuses says why, in the form's words.
 */
export function MappingStep({ headingRef, file, mapping, busy, onDelimiter, onField }: MappingStepProps) {
  const ids = useId();
  const { detected } = file;
  const mapped = file.mapping.columns.flatMap((field, column) => (field === null ? [] : [{ field, column }]));
  return (
    <div className="wizard-body mapping-step">
      <div className="mapping-file">
        <h3 ref={headingRef} tabIndex={-1}>
          Match the columns of {file.file_name}
        </h3>
        <p className="muted">
          {rowsText(file.rows)} of customers
          {detected.format === 'xlsx' ? ', from the first sheet of the workbook' : detected.encoding ? `, ${ENCODINGS[detected.encoding]} text` : ''}.
        </p>
        {detected.format === 'csv' && (
          <label className="inline-label">
            <span>Columns separated by</span>
            <select
              value={detected.delimiter ?? 'comma'}
              disabled={busy}
              onChange={(e) => onDelimiter(e.target.value as Delimiter)}
            >
              {DELIMITERS.map((d) => (
                <option key={d.delimiter} value={d.delimiter}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>

      {file.problems.length > 0 && (
        <ul className="form-alert mapping-problems" role="alert">
          {file.problems.map((p) => (
            <li key={`${p.kind}-${p.field}`}>{problemText(p, file.headers)}</li>
          ))}
        </ul>
      )}

      <div className="mapping-grid">
        <table className="mapping-table">
          <caption className="sr-only">Each column of the file and the customer field it fills</caption>
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">For example</th>
              <th scope="col">Goes into</th>
            </tr>
          </thead>
          <tbody>
            {file.headers.map((header, column) => {
              const id = `${ids}-col-${column}`;
              const field = mapping.columns[column] ?? null;
              return (
                <tr key={column} className={field === null ? 'ignored' : undefined}>
                  <th scope="row">
                    <label htmlFor={id}>{header.trim() || `Column ${column + 1}`}</label>
                  </th>
                  <td className="mapping-example" title={example(file.sample, column)}>
                    {example(file.sample, column) || <span className="muted">(empty)</span>}
                  </td>
                  <td>
                    <select id={id} value={field ?? ''} onChange={(e) => onField(column, (e.target.value || null) as Field | null)}>
                      <option value="">— Not imported —</option>
                      {FIELD_CHOICES.map((c) => (
                        <option key={c.field} value={c.field}>
                          {c.label}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>

        <Preview file={file} mapped={mapped} busy={busy} />
      </div>
    </div>
  );
}

function Preview({ file, mapped, busy }: { file: ImportFile; mapped: { field: Field; column: number }[]; busy: boolean }) {
  const shown = file.preview.length;
  return (
    <section className="preview" aria-labelledby="preview-title" aria-busy={busy || undefined}>
      <h4 id="preview-title">
        The first {shown === 1 ? 'row' : `${shown} rows`} as they will be stored
      </h4>
      {/* Scrolls sideways when the file has many columns: focusable, so the keyboard scrolls it too. */}
      <div className="preview-scroll" tabIndex={0} role="region" aria-label="Preview of the first rows">
        <table className="preview-table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              {mapped.map(({ field, column }) => (
                <th scope="col" key={column}>
                  {fieldChoice(field)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {file.preview.map((row, n) => (
              <PreviewLine key={row.line} row={row} raw={file.sample[n]?.cells ?? []} mapped={mapped} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PreviewLine({ row, raw, mapped }: { row: PreviewRow; raw: string[]; mapped: { field: Field; column: number }[] }) {
  const { outcome } = row;
  if (outcome.kind === 'parsed') {
    return (
      <tr>
        <th scope="row">{row.line}</th>
        {mapped.map(({ field, column }) => (
          <td key={column}>{storedValue(outcome.customer, field)}</td>
        ))}
      </tr>
    );
  }
  const problem = (field: string): FieldError | undefined => outcome.problems.find((p) => p.field === field);
  // Problems of fields that have no column here (a required field not chosen yet).
  const elsewhere = outcome.problems.filter((p) => !mapped.some((m) => m.field === p.field));
  return (
    <tr className="refused">
      <th scope="row">
        {row.line}
        <span className="refused-mark"> refused</span>
        {elsewhere.map((p) => (
          <span key={p.field} className="cell-error">
            {fieldMessage(p.field, p.message)}
          </span>
        ))}
      </th>
      {mapped.map(({ field, column }) => {
        const at = problem(field);
        return (
          <td key={column} className={at ? 'invalid' : undefined}>
            {raw[column] ?? ''}
            {at && <span className="cell-error">{fieldMessage(at.field, at.message)}</span>}
          </td>
        );
      })}
    </tr>
  );
}
