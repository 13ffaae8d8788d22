//! Tauri's build step. The capability files live in `src-tauri/capabilities/`, not beside
//! `tauri.conf.json` at the root, so their path is given explicitly (otherwise they would be
//! silently empty). Every app command gets an `allow-…` permission, so the capability file can
//! grant the window exactly our commands and nothing else.

/// Must list the commands of `handlers()` in `src-tauri/lib.rs`.
const COMMANDS: &[&str] = &[
    "list_customers",
    "get_customer",
    "create_customer",
    "update_customer",
    "delete_customer",
    "set_customer_status",
    "set_customer_balance",
    "set_customer_usage",
    "customer_stats",
    "list_customer_invoices",
    "list_customer_payments",
    "list_customer_tickets",
    "customer_history",
    "store_is_empty",
    "load_demo_data",
    "get_settings",
    "save_settings",
    "counter_status",
    "open_shift",
    "close_shift",
    "shift_report",
    "list_shifts",
    "shift_payments",
    "take_payment",
    "void_payment",
    "get_receipt",
    "customer_statement",
    "open_desk_ticket",
    "set_ticket_status",
    "resolve_ticket",
    "desk_session",
    "set_up_desk",
    "sign_in_operator",
    "lock_desk",
    "list_operators",
    "add_operator",
    "update_operator",
    "save_receipt_pdf",
    "save_shift_report_pdf",
    "save_folder",
    "backup_status",
    "back_up_now",
    "set_backups_kept",
    "restore_backup",
    "open_import_file",
    "dry_run_import",
    "save_import_refusals",
    "import_customers",
    "cancel_import",
    "close_import_file",
    "export_customers",
    "cancel_export",
    "sync_status",
    "sync_sign_in",
    "sync_sign_out",
    "sync_now",
    "sync_queue",
    "sync_retry",
    "sync_discard",
    "sync_retry_refused",
    "sync_discard_refused",
    "sync_conflicts",
    "sync_resolve",
    "sync_settle_lost_answer",
    "sync_rejected",
    "list_notices",
    "mark_notices_read",
    "notice_kinds",
    "set_notice_kind",
    "sync_marks",
    "sync_customer_records",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
