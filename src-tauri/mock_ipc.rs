//! The shell on Tauri's mock runtime, as the window calls it: a fresh store in a temporary
//! folder, sync signed out (tokens in memory), and the commands of `handlers()`. `app()` sets
//! the desk up and signs its supervisor in, as the window's first start does. Shared by the
//! command tests, the recorded fixtures and the command-map check.

use crate::{handlers, Desk};
use infora_store::{Store, StoreOptions};
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::{InvokeRequest, WebviewWindowBuilder};
use tauri::WebviewWindow;

pub(crate) struct Ipc {
    window: WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
}

/// The supervisor who sets up every test desk, and their PIN.
pub(crate) const SUPERVISOR: &str = "Sam Supervisor";
pub(crate) const SUPERVISOR_PIN: &str = "2468";

/// The arguments of `set_up_desk` for every test desk.
pub(crate) fn set_up_args() -> Value {
    serde_json::json!({"shopName": "Infora WiFi", "name": SUPERVISOR, "pin": SUPERVISOR_PIN})
}

/// The shell with the store's default options, set up, with its supervisor signed in.
pub(crate) fn app() -> Ipc {
    let ipc = app_with(StoreOptions::default());
    ipc.call("set_up_desk", set_up_args())
        .expect("a new desk is set up");
    ipc
}

/// The shell on a new desk: nobody set it up, nobody is signed in.
pub(crate) fn app_with(options: StoreOptions) -> Ipc {
    let dir = tempfile::tempdir().expect("temp dir");
    let store =
        tauri::async_runtime::block_on(Store::open_with(dir.path().join("desk.db"), options))
            .expect("store");
    let vault: std::sync::Arc<dyn infora_sync::vault::TokenVault> =
        std::sync::Arc::new(infora_sync::vault::MemoryVault::new());
    let sync = tauri::async_runtime::block_on(infora_sync::SyncEngine::new(
        store.clone(),
        vault.clone(),
        infora_sync::Options::default(),
    ))
    .expect("sync engine");
    let app = mock_builder()
        .manage(Desk::new(store, sync, vault, None))
        .invoke_handler(handlers())
        .build(mock_context(noop_assets()))
        .expect("mock app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    Ipc { window, _dir: dir }
}

impl Ipc {
    /// Calls a command as the UI does; Ok is the command's value, Err its error object (or,
    /// when Tauri could not call the command at all, the bare string it rejects with).
    pub(crate) fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request)
            .map(|body| body.deserialize::<Value>().expect("json body"))
    }

    /// The app, to listen to the events a command sends the window.
    pub(crate) fn app(&self) -> tauri::AppHandle<tauri::test::MockRuntime> {
        use tauri::Manager;
        self.window.app_handle().clone()
    }

    /// The store behind the commands, for arranging what no command writes (invoices,
    /// payments, tickets come from central). The desk's current one: a restore replaces it.
    pub(crate) fn store(&self) -> Store {
        use tauri::Manager;
        self.window.state::<Desk>().store()
    }
}
