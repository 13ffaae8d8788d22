// Printing through the system's print dialog: the web view prints the page, so the page is
// told what to print (only the element marked `.printable`) and on what paper. Thermal rolls
// are a width and no height; A4 is a page with margins.

export type Paper = 'thermal80' | 'thermal58' | 'a4';

export const PAPERS: readonly { paper: Paper; label: string }[] = [
  { paper: 'thermal80', label: '80 mm roll' },
  { paper: 'thermal58', label: '58 mm roll' },
  { paper: 'a4', label: 'A4' },
];

const PAGE: Record<Paper, string> = {
  thermal80: '@page { size: 80mm auto; margin: 3mm 4mm; }',
  thermal58: '@page { size: 58mm auto; margin: 2mm 3mm; }',
  a4: '@page { size: A4; margin: 20mm; }',
};

const PAPER_KEY = 'infora.paper';

/** The paper last printed on at this desk (a till keeps its printer). */
export function lastPaper(): Paper {
  const saved = localStorage.getItem(PAPER_KEY);
  return saved === 'thermal58' || saved === 'a4' ? saved : 'thermal80';
}

/** Opens the print dialog for the `.printable` element on `paper`. */
export function printOn(paper: Paper): void {
  localStorage.setItem(PAPER_KEY, paper);
  const style = document.createElement('style');
  style.dataset.print = paper;
  style.textContent = PAGE[paper];
  document.head.append(style);
  document.documentElement.dataset.paper = paper;
  try {
    window.print();
  } finally {
    style.remove();
    delete document.documentElement.dataset.paper;
  }
}
