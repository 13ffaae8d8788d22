import { useState, type ReactNode } from 'react';
import { PAPERS, lastPaper, printOn, type Paper } from './print';

/**
 * The paper to print on and the Print button, with whatever else a receipt or report offers
 * (Save PDF, Done) after them. The paper chosen is remembered for the next print.
 */
export function PrintActions({ children, idPrefix }: { children?: ReactNode; idPrefix: string }) {
  const [paper, setPaper] = useState<Paper>(lastPaper);
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
      <span className="actions-spacer" />
      {children}
    </div>
  );
}
