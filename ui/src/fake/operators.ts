import type { CommandError, DeskSession, FieldError, Operator, OperatorListing, Role } from '../api/types';
import { boundedLine, check, fail, quoted, refuseIfAny, reject, required, validated } from './rules';

// Who is at the desk, in the fake: the shell's session (`src-tauri/operators.rs`) and the
// store's operators (`crates/store/src/operators.rs`): the first setup, the wrong-PIN throttle
// and what only a supervisor may do, in the same order of checks and the same words. PINs are
// kept as they are typed: this is a stand-in, never a store.

export const OPERATOR_NAME_MAX = 40;
export const SHOP_NAME_MAX = 60;
const FREE_ATTEMPTS = 3;
const FIRST_WAIT_SECONDS = 30;
const LONGEST_WAIT_SECONDS = 15 * 60;
const ROLES: readonly Role[] = ['cashier', 'supervisor'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `SupervisorOnly::refusal`. */
export const REFUSALS = {
  setBalance: 'Only a supervisor can set a balance directly; take a payment instead.',
  deleteCustomer: 'Only a supervisor can delete a customer.',
  manageOperators: "Only a supervisor can manage the desk's operators.",
  changeSettings: "Only a supervisor can change the desk's settings.",
  voidPayment: 'Only a supervisor can void a payment.',
  othersShift: "Only a supervisor can see or close another operator's shift.",
  manageBackups: 'Only a supervisor can restore a backup or change how many are kept.',
} as const;

export const LOCKED = 'The desk is locked: sign in with your PIN.';

interface Stored extends OperatorListing {
  pin: string;
  failed: number;
  /** Milliseconds of the fake's clock; sign-in is refused before it. */
  lockedUntil: number | null;
}

/** `Pin::parse`. */
export function pin(raw: unknown): string {
  const value = typeof raw === 'string' ? raw : '';
  if (!value) required('pin');
  if (!/^[0-9]+$/.test(value)) fail('pin', 'format', 'must be digits only (0–9)');
  if (value.length < 4) fail('pin', 'too_short', 'must be at least 4 digits');
  if (value.length > 8) fail('pin', 'too_long', 'must be at most 8 digits');
  return value;
}

export function role(raw: unknown): Role {
  const value = String(raw).trim();
  if (!(ROLES as readonly string[]).includes(value)) fail('role', 'not_allowed', `${quoted(value)} is not a role (cashier or supervisor)`);
  return value as Role;
}

function operatorId(raw: unknown): string {
  const id = String(raw).trim();
  if (!UUID.test(id)) fail('id', 'format', 'is not a valid operator id');
  return id.toLowerCase();
}

function waitText(seconds: number): string {
  if (seconds === 1) return '1 second';
  if (seconds <= 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function refused(message: string, waitSeconds?: number): never {
  const error: CommandError = { code: 'unauthorized', message, fields: [] };
  if (waitSeconds !== undefined) error.wait_seconds = waitSeconds;
  throw error;
}

function waitAfter(failed: number): number | null {
  if (failed < FREE_ATTEMPTS) return null;
  return Math.min(FIRST_WAIT_SECONDS * 2 ** Math.min(failed - FREE_ATTEMPTS, 32), LONGEST_WAIT_SECONDS);
}

export interface DeskHooks {
  /** The next instant of the fake's clock (it moves a minute), as text and in milliseconds. */
  now: () => { at: string; ms: number };
  shopName: () => string;
  setShopName: (name: string) => void;
  idleLockMinutes: () => number | null;
}

export class FakeDesk {
  operators: Stored[] = [];
  session: Operator | null = null;

  constructor(private readonly hooks: DeskHooks) {}

  /** A desk set up by `name`, who is signed in (what the component tests start from). */
  setUp(name: string, pinDigits: string, role: Role = 'supervisor', at: string): Operator {
    const stored = this.insert(name, role, pinDigits, at);
    this.session = listed(stored);
    return this.session;
  }

  /** Who is signed in, for a write; refused while the desk is locked (`Desk::operator`). */
  operator(): Operator {
    if (!this.session) reject('forbidden', LOCKED);
    return this.session;
  }

  /** `Operator::may`. */
  may(operator: Operator, refusal: string): void {
    if (operator.role !== 'supervisor') reject('forbidden', refusal);
  }

  deskSession(): DeskSession {
    return {
      needs_setup: this.operators.length === 0,
      operator: this.session,
      operators: this.sorted()
        .filter((o) => o.active)
        .map(listed),
      shop_name: this.hooks.shopName(),
      idle_lock_minutes: this.hooks.idleLockMinutes(),
    };
  }

  private sorted(): Stored[] {
    return [...this.operators].sort((a, b) => {
      const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
      return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
    });
  }

  private insert(name: string, roleOf: Role, pinDigits: string, at: string): Stored {
    if (this.operators.some((o) => o.name.toLowerCase() === name.toLowerCase())) {
      reject('clash', `an operator named ${name} already exists`, [{ field: 'name', rule: 'unique', message: 'is already used by another operator' }]);
    }
    const stored: Stored = { id: crypto.randomUUID(), name, role: roleOf, active: true, created_at: at, pin: pinDigits, failed: 0, lockedUntil: null };
    this.operators.push(stored);
    return stored;
  }

  private find(id: string): Stored {
    const stored = this.operators.find((o) => o.id === id);
    if (!stored) reject('not_found', `operator ${id} does not exist`);
    return stored;
  }

  readonly commands = {
    desk_session: (): DeskSession => this.deskSession(),
    set_up_desk: (args: Record<string, unknown>): DeskSession => {
      const errors: FieldError[] = [];
      const shop = check(errors, () => boundedLine('shop_name', String(args.shopName ?? ''), SHOP_NAME_MAX));
      const name = check(errors, () => boundedLine('name', String(args.name ?? ''), OPERATOR_NAME_MAX));
      const digits = check(errors, () => pin(args.pin));
      refuseIfAny(errors);
      if (this.operators.length > 0) reject('clash', 'this desk is already set up: sign in with your PIN');
      this.session = listed(this.insert(name!, 'supervisor', digits!, this.hooks.now().at));
      this.hooks.setShopName(shop!);
      return this.deskSession();
    },
    sign_in_operator: (args: Record<string, unknown>): DeskSession => {
      const id = validated(() => operatorId(args.id));
      const digits = validated(() => pin(args.pin));
      const stored = this.find(id);
      const now = this.hooks.now().ms;
      if (!stored.active) refused(`${stored.name} can no longer sign in at this desk; a supervisor can turn them back on.`);
      if (stored.lockedUntil !== null && stored.lockedUntil > now) {
        const wait = Math.ceil((stored.lockedUntil - now) / 1000);
        refused(`Too many wrong PINs: wait ${waitText(wait)}, then try again.`, wait);
      }
      if (stored.pin === digits) {
        stored.failed = 0;
        stored.lockedUntil = null;
        this.session = listed(stored);
        return this.deskSession();
      }
      stored.failed += 1;
      const wait = waitAfter(stored.failed);
      stored.lockedUntil = wait === null ? null : now + wait * 1000;
      if (wait !== null) refused(`Wrong PIN. Too many wrong PINs: wait ${waitText(wait)}, then try again.`, wait);
      const left = FREE_ATTEMPTS - stored.failed;
      return refused(left === 1 ? 'Wrong PIN. One more try before a wait.' : `Wrong PIN. ${left} more tries before a wait.`);
    },
    lock_desk: (): DeskSession => {
      this.session = null;
      return this.deskSession();
    },
    list_operators: (): OperatorListing[] => {
      this.operator();
      return this.sorted().map(listing);
    },
    add_operator: (args: Record<string, unknown>): OperatorListing => {
      const by = this.operator();
      const errors: FieldError[] = [];
      const name = check(errors, () => boundedLine('name', String(args.name ?? ''), OPERATOR_NAME_MAX));
      const roleOf = check(errors, () => role(args.role));
      const digits = check(errors, () => pin(args.pin));
      refuseIfAny(errors);
      this.may(by, REFUSALS.manageOperators);
      return listing(this.insert(name!, roleOf!, digits!, this.hooks.now().at));
    },
    update_operator: (args: Record<string, unknown>): OperatorListing => {
      const by = this.operator();
      const id = validated(() => operatorId(args.id));
      const errors: FieldError[] = [];
      const roleOf = args.role == null ? undefined : check(errors, () => role(args.role));
      const digits = args.pin == null ? undefined : check(errors, () => pin(args.pin));
      refuseIfAny(errors);
      this.may(by, REFUSALS.manageOperators);
      const stored = this.find(id);
      const next = { ...stored };
      if (roleOf) next.role = roleOf;
      if (typeof args.active === 'boolean') next.active = args.active;
      if (digits) Object.assign(next, { pin: digits, failed: 0, lockedUntil: null });
      const supervisors = this.operators.map((o) => (o.id === id ? next : o)).filter((o) => o.role === 'supervisor' && o.active);
      if (supervisors.length === 0) {
        reject('clash', `${stored.name} is the desk's last active supervisor: make another operator a supervisor first`);
      }
      Object.assign(stored, next);
      if (by.id === stored.id) this.session = stored.active ? listed(stored) : null;
      return listing(stored);
    },
  };
}

function listed(stored: Stored): Operator {
  return { id: stored.id, name: stored.name, role: stored.role };
}

function listing(stored: Stored): OperatorListing {
  return { id: stored.id, name: stored.name, role: stored.role, active: stored.active, created_at: stored.created_at };
}
