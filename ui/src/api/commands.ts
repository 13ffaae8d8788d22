import { call } from './client';
import type {
  CustomerInput,
  Delimiter,
  ExportFormat,
  Mapping,
  OnDuplicate,
  CustomerQueryInput,
  CustomerStatus,
  DeskSettings,
  DeskTicketInput,
  InvoiceStatus,
  NoticeKind,
  PaymentInput,
  Paper,
  PaymentStatus,
  RelatedQueryInput,
  Resolution,
  Role,
  TicketStatus,
} from './types';

// Named wrappers so screens read as intent (`api.setStatus(id, 'suspended')`) and the argument
// spelling Tauri expects lives here only.
export const api = {
  listCustomers: (query: CustomerQueryInput) => call('list_customers', { query }),
  /** The exact total of a list query whose page's total was an estimate. */
  countCustomers: (query: CustomerQueryInput) => call('count_customers', { query }),
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
  listViews: () => call('list_views'),
  saveView: (name: string, query: CustomerQueryInput) => call('save_view', { name, query }),
  renameView: (id: number, name: string) => call('rename_view', { id, name }),
  deleteView: (id: number) => call('delete_view', { id }),
  openTicket: (customerId: string, input: DeskTicketInput) => call('open_desk_ticket', { customerId, input }),
  setTicketStatus: (ticketId: string, status: TicketStatus) => call('set_ticket_status', { ticketId, status }),
  resolveTicket: (ticketId: string, note: string) => call('resolve_ticket', { ticketId, note }),
  counterStatus: () => call('counter_status'),
  openShift: (float: string) => call('open_shift', { float }),
  closeShift: (shiftId: string, counted: string) => call('close_shift', { shiftId, counted }),
  shiftReport: (shiftId: string) => call('shift_report', { shiftId }),
  shifts: () => call('list_shifts'),
  shiftPayments: (shiftId: string) => call('shift_payments', { shiftId }),
  takePayment: (customerId: string, input: PaymentInput) => call('take_payment', { customerId, input }),
  voidPayment: (paymentId: string, reason: string) => call('void_payment', { paymentId, reason }),
  receipt: (paymentId: string) => call('get_receipt', { paymentId }),
  /** `from`/`to`: instants (RFC 3339); either left out for an open end. */
  statement: (id: string, range: { from?: string; to?: string }) => call('customer_statement', { id, ...range }),
  deskSession: () => call('desk_session'),
  setUpDesk: (shopName: string, name: string, pin: string) => call('set_up_desk', { shopName, name, pin }),
  signIn: (id: string, pin: string) => call('sign_in_operator', { id, pin }),
  lockDesk: () => call('lock_desk'),
  listOperators: () => call('list_operators'),
  addOperator: (name: string, role: Role, pin: string) => call('add_operator', { name, role, pin }),
  /** Only what is given changes. */
  updateOperator: (id: string, change: { role?: Role; active?: boolean; pin?: string }) => call('update_operator', { id, ...change }),
  saveReceiptPdf: (paymentId: string, paper: Paper, copy: boolean, path: string) =>
    call('save_receipt_pdf', { paymentId, paper, copy, path }),
  saveShiftReportPdf: (shiftId: string, paper: Paper, copy: boolean, path: string) =>
    call('save_shift_report_pdf', { shiftId, paper, copy, path }),
  saveFolder: () => call('save_folder'),
  backupStatus: () => call('backup_status'),
  backUpNow: (path: string) => call('back_up_now', { path }),
  setBackupsKept: (kept: number) => call('set_backups_kept', { kept }),
  restoreBackup: (path: string) => call('restore_backup', { path }),
  /** `delimiter` null: detected; `mapping` null: guessed from the headers. */
  openImportFile: (path: string, delimiter: Delimiter | null, mapping: Mapping | null) =>
    call('open_import_file', delimiter === null ? { path, mapping } : { path, delimiter, mapping }),
  dryRunImport: (path: string, delimiter: Delimiter | null, mapping: Mapping, onDuplicate: OnDuplicate) =>
    call('dry_run_import', delimiter === null ? { path, mapping, onDuplicate } : { path, delimiter, mapping, onDuplicate }),
  saveImportRefusals: (path: string) => call('save_import_refusals', { path }),
  importCustomers: (path: string, delimiter: Delimiter | null, mapping: Mapping, onDuplicate: OnDuplicate) =>
    call('import_customers', delimiter === null ? { path, mapping, onDuplicate } : { path, delimiter, mapping, onDuplicate }),
  cancelImport: () => call('cancel_import'),
  closeImportFile: () => call('close_import_file'),
  /** `query` null: everyone. */
  exportCustomers: (query: CustomerQueryInput | null, format: ExportFormat, path: string) => call('export_customers', { query, format, path }),
  cancelExport: () => call('cancel_export'),
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
  /** A payment whose answer was lost: central has it, or it goes again. */
  syncSettleLostAnswer: (customerId: string, centralHasIt: boolean) => call('sync_settle_lost_answer', { customerId, centralHasIt }),
  /** Every chart of the analytics screen, with `days` (1 to 90) of payments. */
  analytics: (days: number) => call('get_analytics', { days }),
  listNotices: () => call('list_notices'),
  markNoticesRead: () => call('mark_notices_read'),
  noticeKinds: () => call('notice_kinds'),
  setNoticeKind: (kind: NoticeKind, enabled: boolean) => call('set_notice_kind', { kind, enabled }),
  syncRejected: () => call('sync_rejected'),
  syncMarks: (ids: string[]) => call('sync_marks', { ids }),
  syncCustomerRecords: (id: string) => call('sync_customer_records', { id }),
};
