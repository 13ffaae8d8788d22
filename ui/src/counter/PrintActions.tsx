import { useState, type ReactNode } from 'react';
import { describeError, isCommandError } from '../api/errors';
import { useToast } from '../widgets/Toasts';
import { PAPERS, lastPaper, printOn, type Paper } from './print';

/**
 * The paper to print on and the Print button, with whatever else a receipt or report offers
 * (Save PDF, Done) after them. The paper chosen is remembered for the next print.
 */
export function PrintActions({
  children,
  idPrefix,
  onSave,
}: {
  children?: ReactNode;
  idPrefix: string;
  /** Saves the slip as a PDF laid out for `paper`; resolves to the file written, or null. */
  onSave?: (paper: Paper) => Promise<string | null>;
}) {
  const [paper, setPaper] = useState<Paper>(lastPaper);
  const [saving, setSaving] = useState(false);
  const toast = useToast();

  async function save() {
    if (!onSave || saving) return;
    setSaving(true);
    try {
      const path = await onSave(paper);
      if (path) toast.success(`Saved ${path}`);
    } catch (error) {
      toast.error(isCommandError(error) ? describeError(error, 'save the PDF') : 'Could not save the PDF');
    } finally {
      setSaving(false);
    }
  }
  return (
    <div className="dialog-actions print-actions">
      <label htmlFor={`${idPrefix}-paper`}>
        Paper
      </label>
      <select id={`${idPrefix}-paper`} value={paper} onChange={(e) => setPaper(e.target.value as Paper)} title="Paper to print on">
        {PAPERS.map((p) => (
          <option key={p.paper} value={p.paper}>
            {p.label}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => printOn(paper)}>
        Print
      </button>
      {onSave && (
        <button type="button" onClick={() => void save()} disabled={saving}>
          Save PDF
        </button>
      )}
      <span className="actions-spacer" />
      {children}
    </div>
  );
}
