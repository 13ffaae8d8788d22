//! The desktop shell: opens the customer store in the OS app-data folder and exposes it to the
//! window through thin commands. Everything with rules lives in the `infora-*` crates.

mod analytics;
mod backups;
mod commands;
mod counter;
mod error;
mod exchange;
mod notices;
mod operators;
mod printing;
mod sync;
mod tickets;
mod views;
mod window_fit;

use error::CommandError;
use infora_domain::Operator;
use infora_store::{Actor, Store};
use infora_sync::vault::{Keychain, TokenVault};
use infora_sync::SyncEngine;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use tauri::{Emitter, Manager, Runtime};

/// The store's file name inside the app-data folder.
const DATABASE_FILE: &str = "customers.db";

/// What every command works with: the store, the sync engine, and who is signed in at the desk
/// (every change names them).
///
/// The store and its engine can be replaced while the app runs: a restore closes the store,
/// swaps the file and opens it again (`backups::restore_backup`). They sit behind a lock that
/// is held only to clone them out or to put new ones in, never across an `.await`; a command
/// that cloned the old store just before a restore fails with the store's "closed" error, and
/// the window reloads after a restore anyway. (Restoring at the next start instead would need
/// the app to restart itself, which loses the window's place and, under test, the WebDriver
/// session; the staged file still makes that the fallback: see `infora_store::backup`.)
pub struct Desk {
    live: RwLock<Live>,
    /// The operator signed in; `None` while the desk is locked. Held only to copy or replace it,
    /// never across an `.await`.
    session: Mutex<Option<Operator>>,
    /// Where PDFs and backups are saved (and a restore is read from) without asking:
    /// `INFORA_SAVE_DIR`, set by the end-to-end tests (WebDriver cannot drive a native file
    /// dialog). None in normal use.
    pub save_folder: Option<PathBuf>,
    /// Where the central API's tokens are kept, for the engine made again after a restore.
    vault: Arc<dyn TokenVault>,
    /// The automatic backups' last outcome, and one backup or restore at a time.
    pub backups: backups::Backups,
    /// The import wizard's file and last report; one import and one export at a time.
    pub exchange: exchange::Exchange,
}

/// The store and the engine over it, replaced together by a restore.
struct Live {
    store: Store,
    sync: SyncEngine,
    /// The engine's background rounds, when started (the app starts them; tests do not).
    rounds: Option<tokio::task::AbortHandle>,
}

impl Desk {
    /// A locked desk: nobody is signed in until a PIN is entered.
    pub fn new(
        store: Store,
        sync: SyncEngine,
        vault: Arc<dyn TokenVault>,
        save_folder: Option<PathBuf>,
    ) -> Self {
        Self {
            live: RwLock::new(Live {
                store,
                sync,
                rounds: None,
            }),
            session: Mutex::new(None),
            save_folder,
            vault,
            backups: backups::Backups::default(),
            exchange: exchange::Exchange::default(),
        }
    }

    fn live(&self) -> std::sync::RwLockReadGuard<'_, Live> {
        // Replaced whole under the write lock, so never seen half-written.
        self.live.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The store (a cheap clone sharing its pools).
    pub fn store(&self) -> Store {
        self.live().store.clone()
    }

    pub fn sync(&self) -> SyncEngine {
        self.live().sync.clone()
    }

    /// Remembers the task running the engine's rounds, so a restore can stop it.
    fn set_rounds(&self, rounds: tokio::task::AbortHandle) {
        self.live.write().unwrap_or_else(|p| p.into_inner()).rounds = Some(rounds);
    }

    /// Stops the engine's rounds (a kill at any step is safe: see the sync crate's crash
    /// tests); returns whether they were running.
    fn stop_rounds(&self) -> bool {
        let rounds = self
            .live
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .rounds
            .take();
        rounds.map(|r| r.abort()).is_some()
    }

    /// Puts a reopened store and its new engine in place of the old ones.
    fn replace(&self, store: Store, sync: SyncEngine, rounds: Option<tokio::task::AbortHandle>) {
        *self.live.write().unwrap_or_else(|p| p.into_inner()) = Live {
            store,
            sync,
            rounds,
        };
    }

    fn session(&self) -> std::sync::MutexGuard<'_, Option<Operator>> {
        // A panic while holding it cannot leave an operator half-written: keep going.
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Who is signed in, for a write; refused while the desk is locked.
    pub fn operator(&self) -> Result<Operator, CommandError> {
        self.session().clone().ok_or_else(CommandError::locked)
    }

    /// The signed-in operator as the audit trail names them.
    pub fn actor(&self) -> Result<Actor, CommandError> {
        self.operator().map(|operator| Actor::from(&operator))
    }

    pub fn signed_in(&self) -> Option<Operator> {
        self.session().clone()
    }

    /// Signs `operator` in (or, with `None`, locks the desk).
    pub fn set_session(&self, operator: Option<Operator>) {
        *self.session() = operator;
    }
}

/// The commands the window may call; one list for the app and its tests.
pub fn handlers<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        commands::list_customers,
        commands::count_customers,
        commands::get_customer,
        commands::create_customer,
        commands::update_customer,
        commands::delete_customer,
        commands::set_customer_status,
        commands::set_customer_balance,
        commands::set_customer_usage,
        commands::customer_stats,
        commands::list_customer_invoices,
        commands::list_customer_payments,
        commands::list_customer_tickets,
        commands::customer_history,
        commands::store_is_empty,
        commands::load_demo_data,
        commands::get_settings,
        commands::save_settings,
        views::list_views,
        views::save_view,
        views::rename_view,
        views::delete_view,
        counter::counter_status,
        counter::open_shift,
        counter::close_shift,
        counter::shift_report,
        counter::list_shifts,
        counter::shift_payments,
        counter::take_payment,
        counter::void_payment,
        counter::get_receipt,
        counter::customer_statement,
        tickets::open_desk_ticket,
        tickets::set_ticket_status,
        tickets::resolve_ticket,
        operators::desk_session,
        operators::set_up_desk,
        operators::sign_in_operator,
        operators::lock_desk,
        operators::list_operators,
        operators::add_operator,
        operators::update_operator,
        printing::save_receipt_pdf,
        printing::save_shift_report_pdf,
        printing::save_folder,
        backups::backup_status,
        backups::back_up_now,
        backups::set_backups_kept,
        backups::restore_backup,
        exchange::open_import_file,
        exchange::dry_run_import,
        exchange::save_import_refusals,
        exchange::import_customers,
        exchange::cancel_import,
        exchange::close_import_file,
        exchange::export_customers,
        exchange::cancel_export,
        sync::sync_status,
        sync::sync_sign_in,
        sync::sync_sign_out,
        sync::sync_now,
        sync::sync_queue,
        sync::sync_retry,
        sync::sync_discard,
        sync::sync_retry_refused,
        sync::sync_discard_refused,
        sync::sync_conflicts,
        sync::sync_resolve,
        sync::sync_settle_lost_answer,
        sync::sync_rejected,
        notices::list_notices,
        notices::mark_notices_read,
        notices::notice_kinds,
        notices::set_notice_kind,
        analytics::get_analytics,
        sync::sync_marks,
        sync::sync_customer_records,
    ]
}

pub fn run() {
    #[cfg(target_os = "linux")]
    lighter_web_process();
    let asked = log_level();
    tauri::Builder::default()
        // First: a second start hands over to the running app (which owns the SQLite file)
        // instead of opening the store twice.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // The save dialog for receipts, reports, backups and exports, and the open dialog for a
        // restore and an import;
        // the window is granted `dialog:allow-save` and `dialog:allow-open` only.
        .plugin(tauri_plugin_dialog::init())
        // Desktop notifications, shown from the shell (the window is granted nothing of it).
        .plugin(tauri_plugin_notification::init())
        .plugin(
            tauri_plugin_log::Builder::new()
                .clear_targets()
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::LogDir { file_name: None },
                ))
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::Stdout,
                ))
                .max_file_size(5_000_000)
                .rotation_strategy(tauri_plugin_log::RotationStrategy::KeepSome(5))
                // The app's own lines from Info up; its dependencies' only from Warn (signing
                // in made the keychain's D-Bus library write 26 Info lines, 28 KB). INFORA_LOG
                // (error … trace) asks for more or less of everything.
                .level(asked.unwrap_or(log::LevelFilter::Warn))
                .level_for("infora_desk", asked.unwrap_or(log::LevelFilter::Info))
                .level_for("infora_store", asked.unwrap_or(log::LevelFilter::Info))
                .level_for("infora_sync", asked.unwrap_or(log::LevelFilter::Info))
                .build(),
        )
        .setup(|app| {
            let dir = app.path().app_data_dir()?;
            std::fs::create_dir_all(&dir)?;
            let path = dir.join(DATABASE_FILE);
            log::info!("opening the customer store at {}", path.display());
            let store = tauri::async_runtime::block_on(Store::open(&path))?;
            // The central API's tokens live in the OS keychain and nowhere else.
            let vault: Arc<dyn TokenVault> = Arc::new(Keychain::new());
            let sync = tauri::async_runtime::block_on(SyncEngine::new(
                store.clone(),
                vault.clone(),
                infora_sync::Options::default(),
            ))?;
            let rounds = start_sync(app.handle().clone(), store.clone(), &sync);
            let desk = Desk::new(store, sync, vault, save_folder());
            desk.set_rounds(rounds);
            app.manage(desk);
            backups::start_automatic(app.handle().clone());
            #[cfg(target_os = "linux")]
            if let Some(window) = app.get_webview_window("main") {
                lighter_web_view(&window);
            }
            Ok(())
        })
        .on_page_load(|webview, payload| {
            static FITTED: std::sync::Once = std::sync::Once::new();
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                FITTED.call_once(|| {
                    if let Err(error) = window_fit::fit_to_screen(&webview.window()) {
                        log::warn!("could not fit the window to the screen: {error}");
                    }
                });
            }
        })
        .invoke_handler(handlers())
        .run(tauri::generate_context!())
        .expect("error while running Infora Desk");
}

/// The folder in INFORA_SAVE_DIR, if set: PDFs go there without the save dialog.
fn save_folder() -> Option<PathBuf> {
    let folder = PathBuf::from(std::env::var_os(SAVE_DIR).filter(|v| !v.is_empty())?);
    log::info!(
        "{SAVE_DIR} is set: PDFs are saved in {} without asking",
        folder.display()
    );
    Some(folder)
}

const SAVE_DIR: &str = "INFORA_SAVE_DIR";

/// The log level asked for in INFORA_LOG, if any (a word `log` knows: error, warn, info, …).
fn log_level() -> Option<log::LevelFilter> {
    std::env::var("INFORA_LOG").ok()?.parse().ok()
}

/// Runs the sync engine in the background and forwards its status to the window as
/// `sync://status` events, and what the user is told once as `sync://notice` events. After
/// each change of status (a round ended), the notices it wrote are shown. Returns the handle
/// that stops the rounds; the forwarding ends with the engine.
fn start_sync<R: Runtime>(
    app: tauri::AppHandle<R>,
    store: Store,
    sync: &SyncEngine,
) -> tokio::task::AbortHandle {
    let mut notices = sync.subscribe_notices();
    let notify = app.clone();
    tauri::async_runtime::spawn(async move {
        while let Ok(notice) = notices.recv().await {
            let _ = notify.emit("sync://notice", notice);
        }
    });
    let mut status = sync.subscribe();
    tauri::async_runtime::spawn(async move {
        while status.changed().await.is_ok() {
            let current = status.borrow_and_update().clone();
            // A window that went away can't be told; sync goes on regardless.
            let _ = app.emit("sync://status", current);
            notices::deliver(&app, &store).await;
        }
    });
    // On the app's runtime: the engine spawns its task with tokio, and setup runs outside it.
    let _runtime = tauri::async_runtime::handle().inner().enter();
    sync.start().abort_handle()
}

/// WebKit's web process runs the window's script with JavaScriptCore, whose optimising JIT
/// tiers (DFG, FTL) pay off for long-running page scripts. Ours does a few milliseconds of
/// work per keystroke, so they only add compiled code and compiler memory: measured at 1M
/// customers, turning them off took 20 MiB off the web process after browsing, with the same
/// keystroke and page-change times (README). JavaScriptCore reads its options from the
/// environment, which the web process inherits from this one; a value set by the person wins.
#[cfg(target_os = "linux")]
fn lighter_web_process() {
    const OPTION: &str = "JSC_useDFGJIT";
    if std::env::var_os(OPTION).is_none() {
        // Before any thread starts: nothing else reads the environment yet.
        std::env::set_var(OPTION, "false");
    }
}

/// The window shows one local app, not web pages: WebKit's browser-sized caches (back/forward
/// pages, decoded resources) only cost memory here. And a table and a few forms need no GPU
/// compositing: drawing them on the CPU spares the web process its OpenGL buffers (on a machine
/// without a GPU driver those are software GL, the worst of both). Measured under Xvfb at 1M
/// customers: PSS after browsing 467 → 329–334 MiB, a search keystroke ~55 → ~30 ms (README).
///
/// Without compositing, WebKitWebDriver's screenshot command waits for a frame that an idle
/// page never draws, so the end-to-end tests photograph the X window instead (e2e/conftest.py).
#[cfg(target_os = "linux")]
fn lighter_web_view<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };
    let _ = window.with_webview(|webview| {
        let view = webview.inner();
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        if let Some(settings) = view.settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
}

#[cfg(test)]
mod command_map;
#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod mock_ipc;
#[cfg(test)]
mod tests;
