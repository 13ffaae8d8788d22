//! The desktop shell: opens the customer store in the OS app-data folder and exposes it to the
//! window through thin commands. Everything with rules lives in the `infora-*` crates.

mod commands;
mod error;

use infora_store::Store;
use tauri::Manager;

/// The store's file name inside the app-data folder.
const DATABASE_FILE: &str = "customers.db";

pub fn run() {
    tauri::Builder::default()
        .setup(|app| {
            let dir = app.path().app_data_dir()?;
            std::fs::create_dir_all(&dir)?;
            let store = tauri::async_runtime::block_on(Store::open(dir.join(DATABASE_FILE)))?;
            app.manage(store);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![commands::customer_stats])
        .run(tauri::generate_context!())
        .expect("error while running Infora Desk");
}
