//! Tauri's build step. The capability files live in `src-tauri/capabilities/`, not beside
//! `tauri.conf.json` at the root, so their path is given explicitly (otherwise they would be
//! silently empty).

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("failed to run tauri-build");
}
