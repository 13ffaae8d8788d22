import type { FieldError } from '../api/types';
import type { Paper } from '../bindings/Paper';
import type { Handlers } from './backend';
import type { FakeCounter } from './counter';
import { check, fail, quoted, refuseIfAny } from './rules';

// Saving receipts and reports as PDF files, in the fake: the same checks of the paper and the
// path as the shell's printing.rs, and the same lookups (through the counter's own commands).
// The fake cannot write files: a save resolves to the path the shell would have written. The
// recorded `printing` fixture holds the refusals to the shell's.

const PAPERS: readonly Paper[] = ['thermal80', 'thermal58', 'a4'];

type PrintCommand = 'save_receipt_pdf' | 'save_shift_report_pdf' | 'save_folder';

/** `Uuid::parse_str` of the trimmed text, as the ids' `FromStr`. */
function id(raw: unknown, what: 'payment' | 'shift'): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(text)) fail('id', 'format', `is not a valid ${what} id`);
  return text;
}

/** `PaperName::parse`. */
function paper(raw: unknown): Paper {
  const text = typeof raw === 'string' ? raw : String(raw);
  if (!(PAPERS as readonly string[]).includes(text.trim())) {
    fail('paper', 'not_allowed', `${quoted(text)} is not a paper this desk prints on (thermal80, thermal58 or a4)`);
  }
  return text.trim() as Paper;
}

/** `pdf_path`: a full path to a file; `.pdf` added when missing. */
function pdfPath(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') fail('path', 'required', 'is required: the file to save the PDF as');
  const absolute = /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(text);
  const name = text.split(/[\\/]/).at(-1) ?? '';
  if (!absolute || name === '' || name === '.' || name === '..') fail('path', 'format', 'must be a full path: a folder and a file name');
  return /\.pdf$/i.test(name) ? text : `${text}.pdf`;
}

/** `SaveRequest::parse`: the id, the paper and the path, every fault at once. */
function saveRequest(rawId: unknown, what: 'payment' | 'shift', args: Record<string, unknown>): string {
  const errors: FieldError[] = [];
  check(errors, () => id(rawId, what));
  check(errors, () => paper(args.paper));
  const path = check(errors, () => pdfPath(args.path));
  refuseIfAny(errors);
  return path as string;
}

export class FakePrinting {
  /** `INFORA_SAVE_DIR`: where PDFs go without the save dialog; none, as in normal use. */
  saveFolder: string | null = null;

  constructor(private readonly counter: FakeCounter) {}

  readonly commands: Handlers<PrintCommand> = {
    save_receipt_pdf: (args) => {
      const path = saveRequest(args.paymentId, 'payment', args);
      this.counter.commands.get_receipt({ paymentId: args.paymentId });
      return path;
    },
    save_shift_report_pdf: (args) => {
      const path = saveRequest(args.shiftId, 'shift', args);
      this.counter.commands.shift_report({ shiftId: args.shiftId });
      return path;
    },
    save_folder: () => this.saveFolder,
  };
}
