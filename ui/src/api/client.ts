import { invoke } from '@tauri-apps/api/core';
import { toCommandError } from './errors';
import type {
  CommandError,
  Customer,
  CustomerChange,
  CustomerInput,
  CustomerQueryInput,
  CustomerStats,
  CustomerStatus,
  DemoSummary,
  Conflict,
  CustomerMark,
  Invoice,
  InvoiceStatus,
  OutboxEntry,
  Page,
  Payment,
  PaymentStatus,
  RejectedRecord,
  RelatedQueryInput,
  Resolution,
  SyncStatus,
  Ticket,
  TicketStatus,
} from './types';

/**
 * Every Rust command the window may call: its top-level arguments (camelCase, as Tauri renames
 * them; objects passed as `query`/`input` keep their snake_case keys) and what it resolves to.
 */
export interface Commands {
  list_customers: { args: { query: CustomerQueryInput }; result: Page<Customer> };
  get_customer: { args: { id: string }; result: Customer };
  create_customer: { args: { input: CustomerInput }; result: Customer };
  update_customer: { args: { id: string; input: CustomerInput }; result: Customer };
  delete_customer: { args: { id: string }; result: Customer };
  set_customer_status: { args: { id: string; status: CustomerStatus }; result: Customer };
  set_customer_balance: { args: { id: string; balance: string }; result: Customer };
  set_customer_usage: {
    args: { id: string; usagePercentage?: number; deviceCount?: number };
    result: Customer;
  };
  customer_stats: { args: Record<string, never>; result: CustomerStats };
  list_customer_invoices: { args: { id: string; query: RelatedQueryInput<InvoiceStatus> }; result: Page<Invoice> };
  list_customer_payments: { args: { id: string; query: RelatedQueryInput<PaymentStatus> }; result: Page<Payment> };
  list_customer_tickets: { args: { id: string; query: RelatedQueryInput<TicketStatus> }; result: Page<Ticket> };
  customer_history: { args: { id: string; page: number; perPage: number }; result: Page<CustomerChange> };
  store_is_empty: { args: Record<string, never>; result: boolean };
  load_demo_data: { args: { count: number }; result: DemoSummary };
  sync_status: { args: Record<string, never>; result: SyncStatus };
  sync_sign_in: { args: { centralUrl: string; email: string; password: string }; result: SyncStatus };
  sync_sign_out: { args: Record<string, never>; result: SyncStatus };
  sync_now: { args: Record<string, never>; result: SyncStatus };
  sync_queue: { args: { page: number; perPage: number }; result: Page<OutboxEntry> };
  sync_retry: { args: { seq: number }; result: null };
  sync_discard: { args: { seq: number }; result: null };
  /** Every refused entry sent again at the next push; resolves to how many. */
  sync_retry_refused: { args: Record<string, never>; result: number };
  /** Every refused entry given up; resolves to how many. */
  sync_discard_refused: { args: Record<string, never>; result: number };
  sync_conflicts: { args: Record<string, never>; result: Conflict[] };
  sync_resolve: { args: { customerId: string; field: string | null; resolution: Resolution }; result: null };
  sync_rejected: { args: Record<string, never>; result: RejectedRecord[] };
  sync_marks: { args: { ids: string[] }; result: CustomerMark[] };
  sync_customer_records: { args: { id: string }; result: boolean };
}

export type CommandName = keyof Commands;

/**
 * The one place the UI talks to Rust. Rejections are always a `CommandError`, so callers
 * switch on `code` and show `fields` without guessing what Tauri produced.
 */
export async function call<K extends CommandName>(
  command: K,
  ...args: Commands[K]['args'] extends Record<string, never> ? [] : [Commands[K]['args']]
): Promise<Commands[K]['result']> {
  try {
    return await invoke<Commands[K]['result']>(command, args[0]);
  } catch (reason) {
    const error: CommandError = toCommandError(reason);
    throw error;
  }
}
