import type {
  Customer,
  DeskPayment,
  FieldError,
  MethodTotal,
  MovementKind,
  Operator,
  Payment,
  PaymentMethod,
  Shift,
  ShiftReport,
  Statement,
  StatementEntry,
} from '../api/types';
import { MESSAGES, NOTE_MAX, REFERENCE_MAX } from '../rules';
import { REFUSALS } from './operators';
import { boundedLine, check, fail, fromCents, instantInput, money, refuseIfAny, reject, required, toCents, validated } from './rules';

// The counter in the fake: shifts, payments with receipts, voids and statements, as the
// store's desk_payments.rs, shifts.rs, statement.rs and the domain's tender.rs do them. The
// recorded `counter` fixture holds it to the shell.

const METHODS: readonly PaymentMethod[] = ['cash', 'mpesa', 'bank', 'card', 'other'];
const PAYMENT_FIELDS = ['amount', 'method', 'code', 'reference', 'note'];
const MAX_CENTS = 9_999_999_999n;

/** What the counter needs of the rest of the fake. */
export interface CounterHost {
  now(): string;
  /** Who is signed in (refused while the desk is locked). */
  operator(): Operator;
  /** Refuses a cashier what only a supervisor may do. */
  may(operator: Operator, refusal: string): void;
  find(id: unknown): Customer;
  /** Writes a balance change made at the desk (history, outbox) with its movement. */
  move(customer: Customer, patch: Partial<Customer>, movement: Movement): Customer;
}

export interface Movement {
  kind: MovementKind;
  paymentId: string | null;
}


interface MovementRow {
  at: string;
  kind: MovementKind;
  change: bigint;
  after: bigint;
  by: string;
  paymentId: string | null;
}

interface PaymentRow extends DeskPayment {
  voidsId: string | null;
}

function positive(amount: string): string {
  if (toCents(amount) <= 0n) fail('amount', 'out_of_range', MESSAGES.paymentAmount);
  return amount;
}

function textOf(field: string, value: unknown): string {
  if (typeof value !== 'string') fail(field, 'wrong_type', 'must be text');
  return value;
}

function optionalLine(field: string, value: unknown, max: number): string | null {
  if (value === undefined || value === null) return null;
  const raw = textOf(field, value);
  return raw.trim() ? boundedLine(field, raw, max) : null;
}

function mpesaCode(raw: string): string {
  const code = raw.trim().toUpperCase();
  if (!code) fail('code', 'required', MESSAGES.mpesaRequired);
  if (!/^[A-Z0-9]{10}$/.test(code)) fail('code', 'format', MESSAGES.mpesaFormat);
  return code;
}

interface NewPayment {
  amount: string;
  method: PaymentMethod;
  reference: string | null;
  note: string | null;
}

/** `NewDeskPayment::from_input`: every field at fault at once, in the shell's order. */
export function newDeskPayment(raw: unknown): NewPayment {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(value).filter((k) => !PAYMENT_FIELDS.includes(k))) {
    errors.push({ field: key, rule: 'unknown_field', message: 'is not a field of this record' });
  }
  const given = (name: string) => (value[name] === null ? undefined : value[name]);
  const amount = check(errors, () => {
    const v = given('amount');
    if (v === undefined) required('amount');
    if (typeof v === 'number') fail('amount', 'wrong_type', 'must be sent as text such as "1500.00", not as a number');
    if (typeof v !== 'string') fail('amount', 'wrong_type', 'must be an amount such as "1500.00"');
    return positive(money('amount', v));
  });
  const method = check(errors, () => {
    const v = given('method');
    if (v === undefined) fail('method', 'required', MESSAGES.paymentMethod);
    const name = textOf('method', v).trim();
    if (!METHODS.includes(name as PaymentMethod)) fail('method', 'not_allowed', MESSAGES.notAMethod(textOf('method', v)));
    return name as PaymentMethod;
  });
  const reference = check(errors, () => optionalLine('reference', given('reference'), REFERENCE_MAX)) ?? null;
  const note = check(errors, () => optionalLine('note', given('note'), NOTE_MAX)) ?? null;
  let tenderReference: string | null | undefined = undefined;
  if (method !== undefined) {
    tenderReference = check(errors, () => {
      switch (method) {
        case 'cash':
          return null;
        case 'mpesa': {
          const code = given('code');
          return mpesaCode(code === undefined ? '' : textOf('code', code));
        }
        case 'bank':
        case 'card':
          return reference;
        case 'other':
          if (reference === null) fail('reference', 'required', MESSAGES.otherReference);
          return reference;
      }
    });
  }
  refuseIfAny(errors);
  return { amount: amount!, method: method!, reference: tenderReference ?? null, note };
}

/** `counted_cash`: an amount of zero or more. */
function countedCash(field: string, raw: unknown): string {
  return validated(() => {
    const amount = money(field, textOf(field, raw));
    if (toCents(amount) < 0n) fail(field, 'out_of_range', MESSAGES.cashNegative);
    return amount;
  });
}

export class FakeCounter {
  deskCode = 'DESK1';
  private nextReceipt = 1;
  private nextZ = 1;
  private shifts: Shift[] = [];
  private payments: PaymentRow[] = [];
  /** M-Pesa codes of payments that stand → the payment. */
  private codes = new Map<string, string>();
  private movements = new Map<string, MovementRow[]>();

  constructor(private readonly host: CounterHost) {}

  /** Records a movement of a balance (every write of a balance comes through here). */
  moved(customer: string, at: string, before: string, after: string, movement: Movement, by: string): void {
    const list = this.movements.get(customer) ?? [];
    list.push({ at, kind: movement.kind, change: toCents(after) - toCents(before), after: toCents(after), by, paymentId: movement.paymentId });
    this.movements.set(customer, list);
  }

  private openShift(): Shift | undefined {
    return this.shifts.find((s) => s.closing === null);
  }

  private receiptNumber(at: string): string {
    const n = this.nextReceipt++;
    return `${this.deskCode}-${at.slice(0, 10).replaceAll('-', '')}-${String(n).padStart(6, '0')}`;
  }

  private shown(row: PaymentRow): DeskPayment {
    const { voidsId, ...payment } = row;
    void voidsId;
    return { ...payment, voided_by: this.payments.find((p) => p.voidsId === row.id)?.receipt_number ?? null };
  }

  private payment(rawId: unknown): PaymentRow {
    const id = validated(() => {
      const text = textOf('id', rawId).trim();
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) fail('id', 'format', 'is not a valid payment id');
      return text.toLowerCase();
    });
    const row = this.payments.find((p) => p.id === id);
    if (!row) reject('not_found', `payment ${id} does not exist`);
    return row;
  }

  /** `shifts::may_handle`: an operator's own shift, or any for a supervisor. */
  private mayHandle(by: Operator, shift: Shift): void {
    if (shift.operator_id !== by.id) this.host.may(by, REFUSALS.othersShift);
  }

  private shift(rawId: unknown): Shift {
    const id = validated(() => {
      const text = textOf('id', rawId).trim();
      if (!/^[0-9a-f-]{36}$/i.test(text)) fail('id', 'format', 'is not a valid shift id');
      return text.toLowerCase();
    });
    const shift = this.shifts.find((s) => s.id === id);
    if (!shift) reject('not_found', `shift ${id} does not exist`);
    return shift;
  }

  private balanceAfter(customer: Customer, change: bigint, field: string): string {
    const after = toCents(customer.balance) + change;
    if (after > MAX_CENTS || after < -MAX_CENTS) {
      validated(() => fail(field, 'out_of_range', `would take the balance (${customer.balance}) beyond what it can hold (±99,999,999.99)`));
    }
    return fromCents(after);
  }

  private tally(shift: Shift, asOf: string): ShiftReport {
    const mine = this.payments.filter((p) => p.shift_id === shift.id);
    const byMethod: MethodTotal[] = METHODS.map((method) => {
      const taken = mine.filter((p) => p.kind === 'payment' && p.method === method);
      return { method, count: taken.length, amount: fromCents(taken.reduce((a, p) => a + toCents(p.amount), 0n)) };
    });
    const voids = mine.filter((p) => p.kind === 'void');
    const voided = voids.reduce((a, p) => a + toCents(p.amount), 0n);
    const cashVoided = voids.filter((p) => p.method === 'cash').reduce((a, p) => a + toCents(p.amount), 0n);
    const taken = byMethod.reduce((a, m) => a + toCents(m.amount), 0n);
    const cash = toCents(byMethod[0]!.amount);
    return {
      shift,
      by_method: byMethod,
      voids: voids.length,
      voided: fromCents(voided),
      net: fromCents(taken - voided),
      expected_cash: fromCents(toCents(shift.float) + cash - cashVoided),
      as_of: shift.closing?.closed_at ?? asOf,
    };
  }

  /** The desk's payments and voids as the customer's payments tab lists them. */
  asPayments(): Payment[] {
    return this.payments.map((row) => {
      const shown = this.shown(row);
      return {
        id: row.id,
        customer_id: row.customer_id,
        invoice_id: null,
        amount: row.amount,
        method: row.method,
        status: 'completed',
        transaction_id: row.method === 'mpesa' ? row.reference : null,
        payment_date: row.taken_at,
        created_at: row.taken_at,
        desk: { receipt_number: row.receipt_number, kind: row.kind, operator_name: row.operator_name, voids: row.voids, voided_by: shown.voided_by },
      };
    });
  }

  readonly commands = {
    counter_status: () => ({ desk_code: this.deskCode, shift: this.openShift() ?? null }),
    open_shift: (args: Record<string, unknown>): Shift => {
      const float = countedCash('float', args.float);
      const by = this.host.operator();
      const open = this.openShift();
      if (open) reject('clash', `A shift is already open (opened by ${open.operator_name}). Close it before opening another.`);
      const shift: Shift = { id: crypto.randomUUID(), operator_id: by.id, operator_name: by.name, opened_at: this.host.now(), float, closing: null };
      this.shifts.push(shift);
      return shift;
    },
    close_shift: (args: Record<string, unknown>): ShiftReport => {
      const counted = countedCash('counted', args.counted);
      const by = this.host.operator();
      const shift = this.shift(args.shiftId);
      this.mayHandle(by, shift);
      if (shift.closing) reject('clash', `This shift was closed with report ${shift.closing.z_number}; a closed shift cannot change.`);
      const at = this.host.now();
      const x = this.tally(shift, at);
      const closed: Shift = {
        ...shift,
        closing: {
          closed_at: at,
          closed_by: by.name,
          z_number: `Z-${this.deskCode}-${String(this.nextZ++).padStart(4, '0')}`,
          expected_cash: x.expected_cash,
          counted_cash: counted,
          difference: fromCents(toCents(counted) - toCents(x.expected_cash)),
        },
      };
      this.shifts = this.shifts.map((s) => (s.id === shift.id ? closed : s));
      return this.tally(closed, at);
    },
    shift_report: (args: Record<string, unknown>): ShiftReport => {
      const by = this.host.operator();
      const shift = this.shift(args.shiftId);
      this.mayHandle(by, shift);
      return this.tally(shift, this.host.now());
    },
    list_shifts: (): Shift[] => {
      const by = this.host.operator();
      return [...this.shifts].reverse().filter((s) => by.role === 'supervisor' || s.operator_id === by.id);
    },
    shift_payments: (args: Record<string, unknown>): DeskPayment[] => {
      const by = this.host.operator();
      const shift = this.shift(args.shiftId);
      this.mayHandle(by, shift);
      return this.payments.filter((p) => p.shift_id === shift.id).map((p) => this.shown(p));
    },
    take_payment: (args: Record<string, unknown>): DeskPayment => {
      const customer = this.host.find(args.customerId);
      const input = newDeskPayment(args.input);
      const by = this.host.operator();
      const shift = this.openShift();
      if (!shift) reject('clash', 'No shift is open. Open a shift, with the cash in the drawer, before taking or voiding payments.');
      const id = crypto.randomUUID();
      if (input.method === 'mpesa' && input.reference) {
        const holder = this.codes.get(input.reference);
        if (holder) {
          const receipt = this.payments.find((p) => p.id === holder)!.receipt_number;
          reject('clash', `The M-Pesa code ${input.reference} is already on receipt ${receipt}.`, [{ field: 'code', rule: 'unique', message: `is already on receipt ${receipt}` }]);
        }
      }
      const balance = this.balanceAfter(customer, -toCents(input.amount), 'amount');
      if (input.method === 'mpesa' && input.reference) this.codes.set(input.reference, id);
      const at = this.host.now();
      const after = this.host.move(customer, { balance, last_payment_date: at }, { kind: 'payment', paymentId: id });
      const row: PaymentRow = {
        id,
        kind: 'payment',
        receipt_number: this.receiptNumber(at),
        customer_id: after.id,
        customer_name: after.name,
        customer_phone: after.phone,
        amount: input.amount,
        method: input.method,
        reference: input.reference,
        note: input.note,
        balance_after: after.balance,
        operator_id: by.id,
        operator_name: by.name,
        shift_id: shift.id,
        taken_at: at,
        voids: null,
        voided_by: null,
        voidsId: null,
      };
      this.payments.push(row);
      return this.shown(row);
    },
    void_payment: (args: Record<string, unknown>): DeskPayment => {
      const original = this.payment(args.paymentId);
      const reason = validated(() => {
        const raw = textOf('reason', args.reason);
        if (!raw.trim()) fail('reason', 'required', MESSAGES.voidReason);
        return boundedLine('reason', raw, NOTE_MAX);
      });
      const by = this.host.operator();
      this.host.may(by, REFUSALS.voidPayment);
      if (original.kind === 'void') validated(() => fail('payment', 'not_allowed', 'is itself a void; a void cannot be voided'));
      const voidedBy = this.payments.find((p) => p.voidsId === original.id);
      if (voidedBy) reject('clash', `Receipt ${original.receipt_number} was already voided (void receipt ${voidedBy.receipt_number}).`);
      const shift = this.openShift();
      if (!shift) reject('clash', 'No shift is open. Open a shift, with the cash in the drawer, before taking or voiding payments.');
      const customer = this.host.find(original.customer_id);
      const balance = this.balanceAfter(customer, toCents(original.amount), 'payment');
      for (const [code, holder] of this.codes) if (holder === original.id) this.codes.delete(code);
      const id = crypto.randomUUID();
      const at = this.host.now();
      const after = this.host.move(customer, { balance }, { kind: 'void', paymentId: id });
      const row: PaymentRow = {
        ...original,
        id,
        kind: 'void',
        receipt_number: this.receiptNumber(at),
        customer_name: after.name,
        customer_phone: after.phone,
        note: reason,
        balance_after: after.balance,
        operator_id: by.id,
        operator_name: by.name,
        shift_id: shift.id,
        taken_at: at,
        voids: original.receipt_number,
        voided_by: null,
        voidsId: original.id,
      };
      this.payments.push(row);
      return this.shown(row);
    },
    get_receipt: (args: Record<string, unknown>): DeskPayment => this.shown(this.payment(args.paymentId)),
    customer_statement: (args: Record<string, unknown>): Statement => {
      const customer = this.host.find(args.id);
      const errors: FieldError[] = [];
      const bound = (field: string) => (args[field] === undefined || args[field] === null ? undefined : check(errors, () => instantInput(field, args[field])));
      const from = bound('from');
      const to = bound('to');
      refuseIfAny(errors);
      const all = this.movements.get(customer.id) ?? [];
      const inside = all.filter((m) => (!from || m.at >= from) && (!to || m.at < to));
      const before = from ? all.filter((m) => m.at < from).at(-1) : undefined;
      const first = all[0];
      const opening = before ? before.after : first ? first.after - first.change : toCents(customer.balance);
      const entries: StatementEntry[] = inside.map((m) => {
        const p = m.paymentId ? this.payments.find((x) => x.id === m.paymentId) : undefined;
        return {
          at: m.at,
          kind: m.kind,
          change: fromCents(m.change),
          balance_after: fromCents(m.after),
          by: m.by,
          receipt_number: p?.receipt_number ?? null,
          method: p?.method ?? null,
          reference: p?.reference ?? null,
        };
      });
      return { opening: fromCents(opening), entries, closing: entries.at(-1)?.balance_after ?? fromCents(opening), earlier: before !== undefined };
    },
  };
}
