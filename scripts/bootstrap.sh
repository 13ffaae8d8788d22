#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build, run and test Infora Desk.
#   scripts/bootstrap.sh        the WebKitGTK/GTK development packages Tauri links against,
#                               poppler-utils (the print tests read PDFs back with pdftotext),
#                               Node.js for the UI, and a Rust toolchain check
#   scripts/bootstrap.sh e2e    also Xvfb, WebKitWebDriver and tauri-driver (end-to-end tests)
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  build-essential pkg-config file libssl-dev
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev librsvg2-dev
  libayatana-appindicator3-dev libxdo-dev
  poppler-utils
)
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
if [ "${1:-}" = "e2e" ]; then
  # dbus-daemon and gnome-keyring: a Secret Service (the OS keychain) for the sync test;
  # procps: pgrep, with which a module waits for the last one's app to exit.
  packages+=(xvfb xauth webkit2gtk-driver python3-venv dbus-daemon gnome-keyring procps)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "bootstrap: no Rust toolchain found. Install one with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "bootstrap: the UI needs Node.js 20 or newer (found $(node --version))." >&2
  exit 1
fi

if [ "${1:-}" = "e2e" ] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "bootstrap: installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi
