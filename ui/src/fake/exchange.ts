import { emit } from '@tauri-apps/api/event';
import { EXPORT_PROGRESS, IMPORT_PROGRESS } from '../api/events';
import type { Customer, FieldError, Operator } from '../api/types';
import type { Delimiter } from '../bindings/Delimiter';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { Exported } from '../bindings/Exported';
import type { Field } from '../bindings/Field';
import type { ImportFile } from '../bindings/ImportFile';
import type { ImportOutcome } from '../bindings/ImportOutcome';
import type { ImportReport } from '../bindings/ImportReport';
import type { OnDuplicate } from '../bindings/OnDuplicate';
import type { ParsedCustomer } from '../bindings/ParsedCustomer';
import type { PreviewRow } from '../bindings/PreviewRow';
import type { Handlers } from './backend';
import { isCommandError } from '../api/errors';
import { newCustomer } from './input';
import { check, fail, quoted, refuseIfAny, reject, validated } from './rules';
import {
  csvLine,
  FIELDS,
  guardFormula,
  guessMapping,
  mappingErrors,
  mappingProblems,
  NotASheet,
  readSheet,
  scientific,
  utf8,
  type Mapping,
  type Sheet,
} from './sheet';

// Importing a sheet and exporting the list, in the fake: the same commands, checks, words and
// outcomes as the shell's exchange.rs over the store's import.rs and export.rs, on a file system
// in memory (`files`: a path → its bytes). A fixture gives the fake the same files it gives the
// shell (`given file`), and the fake's written files are read back as the shell's are; the
// recorded `import_export` fixture holds both to the shell's answers. The fake reads CSV only
// and writes `.xlsx` as a stand-in (no workbook inside).

type ExchangeCommand =
  | 'open_import_file'
  | 'dry_run_import'
  | 'save_import_refusals'
  | 'import_customers'
  | 'cancel_import'
  | 'close_import_file'
  | 'export_customers'
  | 'cancel_export';

/** `PREVIEW_ROWS`: the rows the wizard shows as they will be stored. */
const PREVIEW_ROWS = 10;
/** Rows per batch of the store's bulk insert: a progress event each. */
const BATCH = 500;

/** The values of a new customer, as `NewCustomer` holds them. */
type NewValues = Omit<ParsedCustomer, never>;

export interface ExchangeHooks {
  operator: () => Operator;
  /** The next instant of the clock (a write). */
  now: () => string;
  /** The clock as it stands, for the join date's bound. */
  clockMs: () => number;
  customers: () => Customer[];
  /** Every customer the list shows for a raw query, over all its pages, in its order. */
  listed: (query: unknown) => Customer[];
  /** Writes what an import makes, at `at`, as `actor`: the new customers, then the changes. */
  write: (created: NewValues[], updates: Array<[Customer, Customer]>, at: string, actor: string) => void;
}

/** `Rule::NotAllowed` at `field`: a value outside a closed set, trimmed as serde reads it. */
function oneOf<T extends string>(field: string, all: readonly T[], raw: unknown, refusal: (raw: string) => string): T {
  const text = typeof raw === 'string' ? raw : String(raw);
  if (!(all as readonly string[]).includes(text.trim())) fail(field, 'not_allowed', refusal(text));
  return text.trim() as T;
}

function delimiterOf(raw: unknown): Delimiter {
  return oneOf('delimiter', ['comma', 'semicolon', 'tab'], raw, (r) => `${quoted(r)} is not a separator this desk reads (comma, semicolon or tab)`);
}

function onDuplicateOf(raw: unknown): OnDuplicate {
  return oneOf('on_duplicate', ['update', 'skip'], raw, (r) => `${quoted(r)} is not a choice for duplicates (update or skip)`);
}

function formatOf(raw: unknown): ExportFormat {
  return oneOf('format', ['csv', 'xlsx'], raw, (r) => `${quoted(r)} is not a format this desk writes (csv or xlsx)`);
}

const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/** `import_path`: the file to import, a full path. */
function importPath(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') fail('path', 'required', 'is required: the file to import');
  if (!ABSOLUTE.test(text)) fail('path', 'format', 'must be a full path: a folder and a file name');
  return text;
}

/** `file_path(raw, extension, what)`: a full path to a file; the extension added when missing. */
function filePath(raw: unknown, extension: string, what: string): string {
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') fail('path', 'required', `is required: the file to save ${what} as`);
  const name = text.split(/[\\/]/).at(-1) ?? '';
  if (!ABSOLUTE.test(text) || name === '' || name === '.' || name === '..') fail('path', 'format', 'must be a full path: a folder and a file name');
  return name.toLowerCase().endsWith(`.${extension}`) ? text : `${text}.${extension}`;
}

function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut <= 0 ? '/' : path.slice(0, cut);
}

function nameOf(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** `mapping(raw, columns)`: `{columns: [field or null, …]}`, one entry a column. */
function mappingOf(raw: unknown, columns: number): Mapping {
  const wrong = () => fail('mapping', 'wrong_type', 'must be {columns: [a field or null for each column]}');
  const given = raw !== null && typeof raw === 'object' ? (raw as { columns?: unknown }).columns : undefined;
  if (!Array.isArray(given)) return wrong();
  if (given.length !== columns) fail('mapping', 'out_of_range', `names ${given.length} columns; the file has ${columns}`);
  return {
    columns: given.map((cell: unknown) => {
      if (cell === null) return null;
      if (typeof cell !== 'string') return wrong();
      return oneOf('mapping', FIELDS, cell, (name) => `${quoted(name)} is not a customer field`);
    }),
  };
}

/** A row parsed (`parse_row`): the new customer and the fields its cells gave, or its problems. */
type Parsed = { ok: true; customer: NewValues; given: Field[] } | { ok: false; problems: FieldError[] };

function parseRow(mapping: Mapping, cells: string[], nowMs: number): Parsed {
  const input: Record<string, string> = {};
  const given: Field[] = [];
  const errors: FieldError[] = [];
  mapping.columns.forEach((field, column) => {
    const raw = cells[column];
    if (field === null || raw === undefined) return;
    const text = raw.trim();
    if (text === '') return;
    if (field === 'phone' && scientific(text)) {
      errors.push({ field: 'phone', rule: 'format', message: `was turned into a number by the spreadsheet (${text}); type it as text` });
      return;
    }
    // The form offers the statuses in a list; a sheet has them typed, in any case.
    input[field] = field === 'status' ? text.toLowerCase() : text;
    given.push(field);
  });
  let values: ReturnType<typeof newCustomer>;
  try {
    values = newCustomer(input, nowMs);
  } catch (error) {
    if (!isCommandError(error)) throw error;
    // A phone refused above is absent from the input: its "is required" gives way to the reason.
    for (const e of error.fields) if (!errors.some((x) => x.field === e.field)) errors.push(e);
    return { ok: false, problems: errors };
  }
  if (errors.length > 0) return { ok: false, problems: errors };
  const customer: NewValues = {
    address: null,
    status: 'active',
    package: 'Basic WiFi',
    balance: '0.00',
    usage_percentage: 0,
    device_count: 0,
    join_date: null,
    last_payment_date: null,
    ...values,
  };
  return { ok: true, customer, given };
}

/** The given fields of a row, as `patch_of` makes them. */
function patchOf(row: { customer: NewValues; given: Field[] }): Partial<NewValues> {
  const patch: Partial<NewValues> = {};
  for (const field of row.given) (patch as Record<string, unknown>)[field] = row.customer[field];
  return patch;
}

/** `CustomerPatch::apply_to`, with the tracked fields compared as the store compares customers. */
function changedBy(customer: Customer, patch: Partial<NewValues>): Customer {
  return { ...customer, ...patch } as Customer;
}

function sameTracked(a: Customer, b: Customer): boolean {
  return FIELDS.every((f) => a[f] === b[f]);
}

type Target = { kind: 'stored'; before: Customer; after: Customer } | { kind: 'new'; customer: NewValues };

function refusal(message: string): FieldError[] {
  return [{ field: 'phone', rule: 'unique', message }];
}

export class FakeExchange {
  /** The files the fake can read and has written, by path. */
  readonly files = new Map<string, Uint8Array>();
  /** Folders that exist (a save elsewhere is refused, as the shell refuses a missing folder). */
  readonly folders = new Set<string>();
  /** A pause between an import's or an export's batches (tests use it to cancel half-way). */
  stepMs = 0;
  private report: ImportReport | null = null;
  private running = { import: false, export: false };
  private cancelled = { import: false, export: false };

  constructor(private readonly hooks: ExchangeHooks) {}

  /** A file as a person would have it on disk (the fixtures' `given file`). */
  give(path: string, content: Uint8Array | string): void {
    this.files.set(path, typeof content === 'string' ? utf8(content) : content);
    this.folders.add(folderOf(path));
  }

  /** A file written by the fake (an export, a report), as text without its BOM. */
  text(path: string): string | undefined {
    const bytes = this.files.get(path);
    return bytes && new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  }

  private sheet(path: string, delimiter: Delimiter | null): Sheet {
    if (this.folders.has(path)) fail('file', 'format', 'is a folder: choose a file in it');
    const bytes = this.files.get(path);
    if (!bytes) return fail('file', 'not_allowed', 'cannot be read: there is no such file');
    try {
      return readSheet(bytes, { delimiter });
    } catch (error) {
      if (error instanceof NotASheet) return fail('file', 'format', error.message);
      throw error;
    }
  }

  /** The file and how to read it, every fault at once (`Asked::parse`), with `more` checked beside them. */
  private asked<T>(args: Record<string, unknown>, more: (errors: FieldError[]) => T): { path: string; delimiter: Delimiter | null; extra: T } {
    const errors: FieldError[] = [];
    const path = check(errors, () => importPath(args.path));
    const raw = args.delimiter;
    const delimiter = raw === undefined || raw === null ? null : (check(errors, () => delimiterOf(raw)) ?? null);
    const extra = more(errors);
    refuseIfAny(errors);
    return { path: path as string, delimiter, extra };
  }

  private request(args: Record<string, unknown>) {
    const { path, delimiter, extra: onDuplicate } = this.asked(args, (errors) => check(errors, () => onDuplicateOf(args.onDuplicate)));
    this.hooks.operator();
    const sheet = validated(() => this.sheet(path, delimiter));
    const mapping = validated(() => mappingOf(args.mapping, sheet.headers.length));
    return { path, sheet, mapping, onDuplicate: onDuplicate as OnDuplicate };
  }

  /** What the store's `plan` decides for every row, reading the customers as they are. */
  private plan(sheet: Sheet, mapping: Mapping, onDuplicate: OnDuplicate): { report: ImportReport; targets: Target[] } {
    refuseIfAny(mappingErrors(mapping));
    const nowMs = this.hooks.clockMs();
    const parsed = sheet.rows.map((r) => parseRow(mapping, r.cells, nowMs));
    const customers = this.hooks.customers();
    const ok = parsed.flatMap((p) => (p.ok ? [p.customer] : []));
    const emails = new Set(ok.map((c) => c.email));
    const phones = new Set(ok.map((c) => c.phone));
    const stored = new Map(customers.filter((c) => emails.has(c.email)).map((c) => [c.email, c] as const));
    const byPhone = new Map<string, Customer[]>();
    for (const c of customers) if (phones.has(c.phone)) byPhone.set(c.phone, [...(byPhone.get(c.phone) ?? []), c]);
    const known = new Set([...stored.values()].map((c) => c.id));
    for (const owners of byPhone.values()) {
      if (owners.length === 1 && !known.has(owners[0]!.id)) stored.set(owners[0]!.email, owners[0]!);
    }
    const byId = new Map([...stored.values()].map((c) => [c.id, c] as const));

    const report: ImportReport = { rows: sheet.rows.length, new: 0, updated: 0, unchanged: 0, skipped: 0, refused: [] };
    const targets: Target[] = [];
    const fileEmail = new Map<string, [number, number]>();
    const filePhone = new Map<string, [number, number]>();
    const storedTarget = new Map<string, number>();
    sheet.rows.forEach((row, n) => {
      const p = parsed[n]!;
      if (!p.ok) {
        report.refused.push({ line: row.line, problems: p.problems });
        return;
      }
      const { email, phone } = p.customer;
      const byEmail = fileEmail.get(email);
      const byPhoneInFile = filePhone.get(phone);
      if (byEmail && byPhoneInFile && byEmail[0] !== byPhoneInFile[0]) {
        report.refused.push({
          line: row.line,
          problems: refusal(`is line ${byPhoneInFile[1]}'s, but the email is line ${byEmail[1]}'s: they are two customers`),
        });
        return;
      }
      const inFile = (byEmail ?? byPhoneInFile)?.[0] ?? null;
      let inStore: string | null = stored.get(email)?.id ?? null;
      if (inStore === null) {
        const owners = byPhone.get(phone) ?? [];
        if (owners.length > 1) {
          report.refused.push({ line: row.line, problems: refusal('is shared by several customers; give the email of the one this row is') });
          return;
        }
        inStore = owners[0]?.id ?? null;
      }
      let target = inFile ?? (inStore !== null ? (storedTarget.get(inStore) ?? null) : null);
      if (target === null && inStore !== null) {
        const before = byId.get(inStore)!;
        targets.push({ kind: 'stored', before, after: before });
        target = targets.length - 1;
        storedTarget.set(inStore, target);
      } else if (target === null) {
        targets.push({ kind: 'new', customer: p.customer });
        fileEmail.set(email, [targets.length - 1, row.line]);
        filePhone.set(phone, [targets.length - 1, row.line]);
        report.new += 1;
        return;
      }
      if (!fileEmail.has(email)) fileEmail.set(email, [target, row.line]);
      if (!filePhone.has(phone)) filePhone.set(phone, [target, row.line]);
      if (onDuplicate === 'skip') {
        report.skipped += 1;
        return;
      }
      const patch = patchOf(p);
      const t = targets[target]!;
      if (t.kind === 'stored') {
        const next = changedBy(t.after, patch);
        if (sameTracked(next, t.after)) report.unchanged += 1;
        else {
          report.updated += 1;
          t.after = next;
        }
      } else {
        t.customer = { ...t.customer, ...patch };
        report.updated += 1;
      }
    });
    return { report, targets };
  }

  private async pause(which: 'import' | 'export'): Promise<boolean> {
    if (this.stepMs > 0) await new Promise((resolve) => setTimeout(resolve, this.stepMs));
    return !this.cancelled[which];
  }

  readonly commands: Handlers<ExchangeCommand> = {
    open_import_file: (args) => {
      const { path, delimiter } = this.asked(args, () => null);
      this.hooks.operator();
      const sheet = validated(() => this.sheet(path, delimiter));
      const mapping = args.mapping === null || args.mapping === undefined ? guessMapping(sheet.headers) : validated(() => mappingOf(args.mapping, sheet.headers.length));
      const nowMs = this.hooks.clockMs();
      const sample = sheet.rows.slice(0, PREVIEW_ROWS);
      const preview: PreviewRow[] = sample.map((row) => {
        const parsed = parseRow(mapping, row.cells, nowMs);
        return { line: row.line, outcome: parsed.ok ? { kind: 'parsed', customer: parsed.customer } : { kind: 'refused', problems: parsed.problems } };
      });
      const file: ImportFile = {
        path,
        file_name: nameOf(path),
        detected: sheet.detected,
        headers: sheet.headers,
        mapping,
        problems: mappingProblems(mapping),
        rows: sheet.rows.length,
        sample,
        preview,
      };
      return file;
    },
    dry_run_import: (args) => {
      const { sheet, mapping, onDuplicate } = this.request(args);
      const { report } = this.plan(sheet, mapping, onDuplicate);
      this.report = report;
      return report;
    },
    save_import_refusals: (args) => {
      const path = validated(() => filePath(args.path, 'csv', 'the report'));
      this.hooks.operator();
      if (!this.report) reject('not_found', 'There is no report to save yet: run the dry run first.');
      this.save(path, this.refusalsCsv(this.report));
      return path;
    },
    import_customers: async (args): Promise<ImportOutcome> => {
      const { path, sheet, mapping, onDuplicate } = this.request(args);
      const actor = `${this.hooks.operator().name} (import of ${nameOf(path)})`;
      if (this.running.import) reject('clash', 'An import is already running: wait for it or cancel it.');
      this.running.import = true;
      this.cancelled.import = false;
      try {
        const { report, targets } = this.plan(sheet, mapping, onDuplicate);
        const created = targets.flatMap((t) => (t.kind === 'new' ? [t.customer] : []));
        const updates = targets.flatMap((t) => (t.kind === 'stored' && !sameTracked(t.before, t.after) ? [[t.before, t.after] as [Customer, Customer]] : []));
        const total = created.length + updates.length;
        for (let done = 0; done < created.length; done += BATCH) {
          await emit(IMPORT_PROGRESS, { done: Math.min(done + BATCH, created.length), total });
          if (!(await this.pause('import'))) return { kind: 'cancelled' };
        }
        await emit(IMPORT_PROGRESS, { done: total, total });
        this.hooks.write(created, updates, this.hooks.now(), actor);
        this.report = report;
        return { kind: 'imported', report };
      } finally {
        this.running.import = false;
        this.cancelled.import = false;
      }
    },
    cancel_import: () => {
      if (this.running.import) this.cancelled.import = true;
      return this.running.import;
    },
    // The fake reads the file again at each call: there is nothing kept to forget.
    close_import_file: () => null,
    export_customers: async (args): Promise<Exported> => {
      const errors: FieldError[] = [];
      let rows: Customer[] | undefined;
      try {
        rows = args.query === null || args.query === undefined ? this.hooks.listed({}) : this.hooks.listed(args.query);
      } catch (error) {
        if (!isCommandError(error) || error.code !== 'validation') throw error;
        errors.push(...error.fields);
      }
      const format = check(errors, () => formatOf(args.format));
      const path = check(errors, () => filePath(args.path, format === 'xlsx' ? 'xlsx' : 'csv', 'the export')) as string;
      refuseIfAny(errors);
      this.hooks.operator();
      this.writable(path);
      if (this.running.export) reject('clash', 'An export is already running: wait for it or cancel it.');
      this.running.export = true;
      this.cancelled.export = false;
      try {
        const all = rows ?? [];
        await emit(EXPORT_PROGRESS, { done: 0, total: all.length });
        if (!(await this.pause('export'))) return { kind: 'cancelled' };
        this.save(path, format === 'xlsx' ? new Uint8Array([0x50, 0x4b, 0x03, 0x04]) : this.customersCsv(all));
        await emit(EXPORT_PROGRESS, { done: all.length, total: all.length });
        return { kind: 'written', path, rows: all.length };
      } finally {
        this.running.export = false;
        this.cancelled.export = false;
      }
    },
    cancel_export: () => {
      if (this.running.export) this.cancelled.export = true;
      return this.running.export;
    },
  };

  /** `not_writable`: a folder that is not there, refused at the path. */
  private writable(path: string): void {
    const folder = folderOf(path);
    validated(() => {
      if (!this.folders.has(folder)) fail('path', 'not_allowed', `cannot be saved: the folder ${folder} does not exist`);
    });
  }

  private save(path: string, bytes: Uint8Array): void {
    this.writable(path);
    this.files.set(path, bytes);
  }

  /** `ImportReport::refusals_csv`: `Line,Field,Reason`, a line a problem, UTF-8 with a BOM. */
  private refusalsCsv(report: ImportReport): Uint8Array {
    let text = '\uFEFF' + csvLine(['Line', 'Field', 'Reason']);
    for (const row of report.refused) for (const p of row.problems) text += csvLine([String(row.line), p.field, p.message]);
    return utf8(text);
  }

  /** `CsvExport`: the export's columns and cell forms (`infora_exchange::columns`), UTF-8 with a BOM. */
  private customersCsv(rows: Customer[]): Uint8Array {
    let text = '\uFEFF' + csvLine(EXPORT_HEADERS);
    for (const c of rows) {
      text += csvLine([
        guardFormula(c.name),
        guardFormula(c.email),
        phoneText(c.phone),
        guardFormula(c.address ?? ''),
        c.status,
        guardFormula(c.package),
        c.balance,
        String(c.usage_percentage),
        String(c.device_count),
        c.join_date,
        c.last_payment_date ?? '',
        c.created_at,
        c.updated_at,
        c.id,
      ]);
    }
    return utf8(text);
  }
}

const EXPORT_HEADERS = ['Name', 'Email', 'Phone', 'Address', 'Status', 'Package', 'Balance (KES)', 'Usage %', 'Devices', 'Join date', 'Last payment', 'Created', 'Updated', 'ID'];

/** `phone_text`: `+254 712 345 678`, so that Excel keeps it as text (the fake knows Kenyan numbers). */
function phoneText(e164: string): string {
  const national = e164.startsWith('+254') ? e164.slice(4) : null;
  if (national === null) return e164;
  return `+254 ${national.match(/.{1,3}/g)!.join(' ')}`;
}
