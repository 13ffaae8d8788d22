import { call } from './client';
import type {
  CustomerInput,
  CustomerQueryInput,
  CustomerStatus,
  DeskSettings,
  InvoiceStatus,
  Paper,
  PaymentStatus,
  RelatedQueryInput,
  Resolution,
  TicketStatus,
} from './types';

// Named wrappers so screens read as intent (`api.setStatus(id, 'suspended')`) and the argument
// spelling Tauri expects lives here only.
export const api = {
  listCustomers: (query: CustomerQueryInput) => call('list_customers', { query }),
  getCustomer: (id: string) => call('get_customer', { id }),
  createCustomer: (input: CustomerInput) => call('create_customer', { input }),
  updateCustomer: (id: string, input: CustomerInput) => call('update_customer', { id, input }),
  deleteCustomer: (id: string) => call('delete_customer', { id }),
  setStatus: (id: string, status: CustomerStatus) => call('set_customer_status', { id, status }),
  setBalance: (id: string, balance: string) => call('set_customer_balance', { id, balance }),
  setUsage: (id: string, usage: { usagePercentage?: number; deviceCount?: number }) =>
    call('set_customer_usage', { id, ...usage }),
  stats: () => call('customer_stats'),
  invoices: (id: string, query: RelatedQueryInput<InvoiceStatus>) => call('list_customer_invoices', { id, query }),
  payments: (id: string, query: RelatedQueryInput<PaymentStatus>) => call('list_customer_payments', { id, query }),
  tickets: (id: string, query: RelatedQueryInput<TicketStatus>) => call('list_customer_tickets', { id, query }),
  history: (id: string, page: number, perPage: number) => call('customer_history', { id, page, perPage }),
  storeIsEmpty: () => call('store_is_empty'),
  loadDemoData: (count: number) => call('load_demo_data', { count }),
  settings: () => call('get_settings'),
  saveSettings: (settings: DeskSettings) => call('save_settings', { settings }),
  saveReceiptPdf: (paymentId: string, paper: Paper, copy: boolean, path: string) =>
    call('save_receipt_pdf', { paymentId, paper, copy, path }),
  saveShiftReportPdf: (shiftId: string, paper: Paper, copy: boolean, path: string) =>
    call('save_shift_report_pdf', { shiftId, paper, copy, path }),
  saveFolder: () => call('save_folder'),
  syncStatus: () => call('sync_status'),
  syncSignIn: (centralUrl: string, email: string, password: string) =>
    call('sync_sign_in', { centralUrl, email, password }),
  syncSignOut: () => call('sync_sign_out'),
  syncNow: () => call('sync_now'),
  syncQueue: (page: number, perPage: number) => call('sync_queue', { page, perPage }),
  syncRetry: (seq: number) => call('sync_retry', { seq }),
  syncDiscard: (seq: number) => call('sync_discard', { seq }),
  syncRetryRefused: () => call('sync_retry_refused'),
  syncDiscardRefused: () => call('sync_discard_refused'),
  syncConflicts: () => call('sync_conflicts'),
  /** `field` null: the conflict "deleted on central while changed here" (no field is sent). */
  syncResolve: (customerId: string, field: string | null, resolution: Resolution) =>
    call('sync_resolve', field === null ? { customerId, resolution } : { customerId, field, resolution }),
  syncRejected: () => call('sync_rejected'),
  syncMarks: (ids: string[]) => call('sync_marks', { ids }),
  syncCustomerRecords: (id: string) => call('sync_customer_records', { id }),
};
