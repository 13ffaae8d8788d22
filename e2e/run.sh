#!/usr/bin/env bash
# Runs the end-to-end tests in the real app window: Xvfb (unless a display is given), then
# tauri-driver (which starts WebKitWebDriver), then pytest. The app gets a fresh data folder,
# so it starts on an empty store. Screenshots and the accessibility audits' answers land in
# artifacts/e2e/; the audits need axe-core from ui/node_modules (`npm ci` in ui/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# The app keeps its sign-in tokens in the OS keychain (the Secret Service on Linux): run inside
# a private D-Bus session, where an unlocked gnome-keyring is started below.
if [ -z "${INFORA_E2E_DBUS:-}" ] && command -v dbus-run-session >/dev/null 2>&1; then
  export INFORA_E2E_DBUS=1
  exec dbus-run-session -- "$0" "$@"
fi

app=${INFORA_APP:-$root/target/debug/infora-desk}
[ -x "$app" ] || { echo "e2e: no app at $app (make e2e builds it)" >&2; exit 1; }
export INFORA_APP=$app

venv=$root/target/e2e-venv
if [ ! -x "$venv/bin/pytest" ] || [ e2e/requirements.txt -nt "$venv/installed" ]; then
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r e2e/requirements.txt
  touch "$venv/installed"
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Another run on this machine may hold the display and the ports: INFORA_E2E_DISPLAY and
# INFORA_E2E_PORT (tauri-driver's; WebKitWebDriver takes the next one) choose others.
port=${INFORA_E2E_PORT:-4444}
native_port=$((port + 1))
export INFORA_E2E_PORT=$port

if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=${INFORA_E2E_DISPLAY:-:97}
  Xvfb "$DISPLAY" -screen 0 1366x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
  pids+=($!)
fi

# A fresh app-data folder (the app's store, window state and log go there), unless
# INFORA_DATA_HOME names one that holds a store already (the measurements use a big one).
export XDG_DATA_HOME=${INFORA_DATA_HOME:-$work/data} XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"

# An unlocked keychain (a login keyring with a throwaway password: with an empty one no
# keyring is made and every save asks for a prompt nobody can answer), kept outside the app's
# folders, which the sync test searches for tokens: they must be in the keychain only.
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  mkdir -p "$work/keychain"
  printf 'e2e-keychain' | XDG_DATA_HOME=$work/keychain gnome-keyring-daemon --unlock --components=secrets >"$work/keyring.log" 2>&1 || true
fi

# The central API's double, for the sync test (it writes the tokens it hands out to a file).
export INFORA_CENTRAL_DOUBLE=${INFORA_CENTRAL_DOUBLE:-$root/target/debug/central-double}
export INFORA_E2E_WORK=$work
# PDFs are saved here without the native save dialog, which WebDriver cannot drive.
export INFORA_SAVE_DIR=$work/saved
mkdir -p "$INFORA_SAVE_DIR"

tauri-driver --port "$port" --native-port "$native_port" >"$work/tauri-driver.log" 2>&1 &
pids+=($!)

# Both tauri-driver and WebKitWebDriver must accept connections first.
for _ in $(seq 1 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/"$native_port") 2>/dev/null; then
    break
  fi
  sleep 0.1
done

status=0
# The modules share one data folder, in order: the customers' module starts on an empty store,
# the analytics' reads what the others left, and a restore (the backups' module) replaces the
# store, so they go last.
if [ "$#" -eq 0 ]; then
  set -- $(ls e2e/test_*.py | grep -v -e '/test_backups.py$' -e '/test_analytics.py$') e2e/test_analytics.py e2e/test_backups.py
fi
"$venv/bin/pytest" -v "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- tauri-driver log ---"; tail -n 50 "$work/tauri-driver.log" || true
fi
exit "$status"
