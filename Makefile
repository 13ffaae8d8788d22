# Everyday entry points. `make run` and `make test` set up what a fresh Debian/Ubuntu machine
# lacks (scripts/bootstrap.sh) before doing their work.

CARGO ?= cargo

.PHONY: run test check bench bundle bootstrap fmt lint demo-db

## Set up and start the desktop app (a local SQLite store in the OS app-data folder).
run: bootstrap
	$(CARGO) run --release --features custom-protocol

## Set up and run every test.
test: bootstrap
	$(CARGO) test --workspace --locked

## What CI checks besides the tests.
check: bootstrap
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## The store's speed at 10k, 100k and 1M customers (release build; a few minutes).
bench:
	$(CARGO) bench -p infora-store --bench store

## A release build and a .deb (Windows/macOS bundles are configured in tauri.conf.json).
bundle: bootstrap
	npx --yes @tauri-apps/cli@2 build --bundles deb

## A store file filled with demo customers: make demo-db DB=/tmp/demo.db COUNT=100000
demo-db:
	$(CARGO) run --release -p infora-store --example seed -- $(or $(DB),demo.db) $(or $(COUNT),10000)

bootstrap:
	@scripts/bootstrap.sh
