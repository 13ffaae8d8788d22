import type { Delimiter } from '../bindings/Delimiter';
import type { Detected } from '../bindings/Detected';
import type { Field } from '../bindings/Field';
import type { MappingProblem } from '../bindings/MappingProblem';
import type { SheetRow } from '../bindings/SheetRow';
import type { TextEncoding } from '../bindings/TextEncoding';
import type { FieldError } from '../api/types';
import { CUSTOMER_FIELDS } from './input';

// A file read as `infora-exchange` reads it, in the fake: CSV only (a workbook is refused), its
// encoding and separator detected the same way (`text.rs`), blank rows dropped, each row known
// by its line; and the headers matched to fields by the same words (`mapping.rs`). The recorded
// `import_export` fixture holds the answers to the shell's.

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
  detected: Detected;
}

export interface ReadOptions {
  delimiter: Delimiter | null;
}

/** A file that is not a sheet, in the words of the shell's `not_a_sheet`. */
export class NotASheet extends Error {}

const BOM = [0xef, 0xbb, 0xbf];
/** Records the separator is guessed from. */
const SAMPLE = 50;
const BYTE: Record<Delimiter, string> = { comma: ',', semicolon: ';', tab: '\t' };
const DELIMITERS: readonly Delimiter[] = ['comma', 'semicolon', 'tab'];

function startsWithBom(bytes: Uint8Array): boolean {
  return BOM.every((b, i) => bytes[i] === b);
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** `detect_encoding` and `decode`: UTF-8 (its BOM removed) when the bytes are, else Windows-1252. */
function decode(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (startsWithBom(bytes) || isUtf8(bytes)) {
    const text = new TextDecoder('utf-8').decode(startsWithBom(bytes) ? bytes.subarray(3) : bytes);
    return { text, encoding: 'utf8' };
  }
  return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows1252' };
}

interface CsvRecord {
  /** The line the record starts on, from 1. */
  line: number;
  cells: string[];
}

/**
 * The `csv` crate's reading, flexible (rows of any width) and without headers: quotes honoured
 * (`""` is a quote inside them), a record ends at `\n`, `\r\n` or `\r`, and empty lines are no
 * records.
 */
function records(text: string, delimiter: string, limit = Infinity): CsvRecord[] {
  const out: CsvRecord[] = [];
  let line = 1;
  let at = 0;
  const n = text.length;
  while (at < n && out.length < limit) {
    // Empty lines between records are skipped.
    if (text[at] === '\n' || text[at] === '\r') {
      if (text[at] === '\n') line += 1;
      at += 1;
      continue;
    }
    const start = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    let ended = false;
    while (at < n && !ended) {
      const c = text[at]!;
      if (quoted) {
        if (c === '"') {
          if (text[at + 1] === '"') {
            cell += '"';
            at += 2;
            continue;
          }
          quoted = false;
        } else {
          if (c === '\n') line += 1;
          cell += c;
        }
        at += 1;
      } else if (c === '"' && cell === '') {
        quoted = true;
        at += 1;
      } else if (c === delimiter) {
        cells.push(cell);
        cell = '';
        at += 1;
      } else if (c === '\n' || c === '\r') {
        ended = true;
      } else {
        cell += c;
        at += 1;
      }
    }
    cells.push(cell);
    out.push({ line: start, cells });
  }
  return out;
}

/** `detect_delimiter`: the separator most of the first records agree on, the header being wider than one cell. */
function detectDelimiter(text: string): Delimiter {
  const score = (d: Delimiter): [number, number] => {
    const sample = records(text, BYTE[d], SAMPLE);
    const header = sample[0];
    if (!header || header.cells.length < 2) return [0, 0];
    const width = header.cells.length;
    return [sample.slice(1).filter((r) => r.cells.length === width).length + 1, width];
  };
  let best: Delimiter | null = null;
  let bestScore: [number, number] = [-1, -1];
  // Rust's `max_by_key` keeps the last of equals.
  for (const d of DELIMITERS) {
    const s = score(d);
    if (s[0] > bestScore[0] || (s[0] === bestScore[0] && s[1] >= bestScore[1])) {
      best = d;
      bestScore = s;
    }
  }
  return best !== null && bestScore[1] > 0 ? best : 'comma';
}

/** `="0712345678"`: how some spreadsheets keep a number as text; the text is what was meant. */
function unwrapTextFormula(cell: string): string {
  return cell.startsWith('="') && cell.endsWith('"') && cell.length >= 3 ? cell.slice(2, -1).replaceAll('""', '"') : cell;
}

/** `formula.rs`: text that starts a formula, after any apostrophes. */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** `formula::guard`: a CSV cell a spreadsheet shows as text instead of running it. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** `formula::unguard`: the text `guardFormula` was given, if `cell` is one it changed. */
function unguardFormula(cell: string): string | null {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : null;
}

/** `Sheet::read`: an `.xlsx` is refused here (the fake reads no workbooks); CSV as the shell reads it. */
export function readSheet(bytes: Uint8Array, options: ReadOptions): Sheet {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new NotASheet('could not be read as an Excel workbook: the fake reads CSV files only');
  }
  const { text, encoding } = decode(bytes);
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const all = records(text, BYTE[delimiter]).map((r) => ({ line: r.line, cells: r.cells.map((c) => unguardFormula(c) ?? unwrapTextFormula(c)) }));
  const header = all.shift();
  if (!header) throw new NotASheet('is empty: it has no header row');
  return {
    headers: header.cells,
    rows: all.filter((r) => r.cells.some((c) => c.trim() !== '')),
    detected: { format: 'csv', delimiter, encoding },
  };
}

/** The columns a sheet can map to: a customer input's fields, in the same order. */
export const FIELDS: readonly Field[] = CUSTOMER_FIELDS;

/** `Field::headers`: the headers that mean each field, normalised. */
const HEADERS: Record<Field, readonly string[]> = {
  name: ['name', 'fullname', 'names', 'customername', 'customer', 'clientname', 'client', 'subscriber', 'subscribername'],
  email: ['email', 'emailaddress', 'mail', 'customeremail'],
  phone: ['phone', 'phonenumber', 'phoneno', 'mobile', 'mobilenumber', 'mobileno', 'tel', 'telephone', 'telno', 'cell', 'cellphone', 'msisdn', 'contact', 'mpesanumber'],
  address: ['address', 'location', 'physicaladdress', 'estate', 'area'],
  status: ['status', 'accountstatus', 'state'],
  package: ['package', 'plan', 'tariff', 'subscription', 'bundle', 'service'],
  balance: ['balance', 'balancekes', 'balanceksh', 'amountdue', 'outstanding', 'arrears', 'amountowed'],
  usage_percentage: ['usage', 'usagepercentage', 'usagepercent', 'usagepct', 'datausage'],
  device_count: ['devices', 'devicecount', 'device', 'noofdevices', 'numberofdevices'],
  join_date: ['joined', 'joindate', 'datejoined', 'joiningdate', 'joinedon', 'startdate', 'customersince', 'since'],
  last_payment_date: ['lastpayment', 'lastpaymentdate', 'lastpaid', 'lastpaymenton', 'datelastpaid'],
};

/** `normalise`: lower-case letters and digits only, anything in brackets dropped. */
function normalise(header: string): string {
  let depth = 0;
  let key = '';
  for (const c of header) {
    if (c === '(' || c === '[') depth += 1;
    else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0 && /[\p{Alphabetic}\p{N}]/u.test(c)) key += c.toLowerCase();
  }
  return key;
}

export function fieldOfHeader(header: string): Field | null {
  const key = normalise(header);
  return FIELDS.find((f) => HEADERS[f].includes(key)) ?? null;
}

export type Mapping = { columns: Array<Field | null> };

/** `Mapping::guess`: each header's field, a field already taken by an earlier column not given twice. */
export function guessMapping(headers: string[]): Mapping {
  const columns: Array<Field | null> = [];
  for (const header of headers) {
    const field = fieldOfHeader(header);
    columns.push(field !== null && !columns.includes(field) ? field : null);
  }
  return { columns };
}

export const REQUIRED: readonly Field[] = ['name', 'email', 'phone'];

/** `Mapping::problems`. */
export function mappingProblems(mapping: Mapping): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const field of REQUIRED) if (!mapping.columns.includes(field)) problems.push({ kind: 'missing', field });
  for (const field of FIELDS) {
    const columns = mapping.columns.flatMap((f, n) => (f === field ? [n] : []));
    if (columns.length > 1) problems.push({ kind: 'twice', field, columns });
  }
  return problems;
}

/** `check_mapping` in the store's import: the problems as errors at the fields they concern. */
export function mappingErrors(mapping: Mapping): FieldError[] {
  return mappingProblems(mapping).map((p) =>
    p.kind === 'missing'
      ? { field: p.field, rule: 'required', message: 'has no column in the file' }
      : { field: p.field, rule: 'unique', message: 'is given to more than one column' },
  );
}

/** `2.54712E+11`: a number Excel shortened; its digits are gone. */
export function scientific(text: string): boolean {
  return /^[+-]?\d+(\.\d+)?[eE][+-]?\d+$/.test(text);
}

/** A `Uint8Array` of UTF-8 text. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `csv::Writer` with its defaults: a cell quoted when it holds the separator, a quote or a line break; lines end in `\n`. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((c) => (/[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')}\n`;
}
