# Everyday entry points. `make run`, `make test` and `make e2e` first set up what a fresh
# Debian/Ubuntu machine lacks (scripts/bootstrap.sh).

CARGO ?= cargo
APP_FEATURES := --features custom-protocol
# Where cargo builds: CARGO_TARGET_DIR when set (a shared, warm one), else target/.
TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),target))

.PHONY: run test conformance check bench e2e measure bundle bootstrap ui-deps ui demo-db

## Set up and start the desktop app (a local SQLite store in the OS app-data folder).
run: bootstrap ui
	$(CARGO) run --release $(APP_FEATURES)

## Set up and run every test: Rust (domain, store, commands on the mock runtime) and the UI.
test: bootstrap ui-deps
	$(CARGO) test --workspace --locked
	cd ui && npm test

## The central API's conformance suite (CONTRACT.md part 2), black-box over HTTP: against the
## central double, or against a running service when INFORA_CENTRAL_URL is set, signing in with
## INFORA_CENTRAL_EMAIL and INFORA_CENTRAL_PASSWORD.
conformance:
	$(CARGO) test --locked -p infora-central-double --test conformance

## What CI checks besides the tests: formatting, lints (clippy, ESLint, actionlint), UI types,
## and that ui/src/bindings and ui/src/fake/fixtures are what `cargo test` writes (run after `test`).
check: bootstrap ui-deps
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	cd ui && npm run typecheck
	cd ui && npm run lint
	scripts/actionlint.sh
	@git diff --exit-code --stat -- ui/src/bindings ui/src/fake/fixtures && test -z "$$(git status --porcelain -- ui/src/bindings ui/src/fake/fixtures)" \
	  || { echo "ui/src/bindings or ui/src/fake/fixtures drifted from the shell: run cargo test and commit them"; exit 1; }

## End to end in the real window (Xvfb, tauri-driver, WebKitWebDriver); screenshots in artifacts/e2e.
e2e: ui
	@scripts/bootstrap.sh e2e
	$(CARGO) build --locked $(APP_FEATURES)
	$(CARGO) build --locked -p infora-central-double --bin central-double
	e2e/run.sh

## The store's speed at 10k, 100k and 1M customers; the counter's at 1M customers and 5M
## payments (seeded once into the target directory, 2–3 minutes, then under a minute a run);
## importing and exporting sheets at 1M; the analytics' figures at 1M customers and 3M payments
## (seeded once too); then sync's against the central double: pulling 100k
## customers and pushing 1,000 changes (release build; about 20 minutes, more the first time
## while the counter's and the exchange's stores are seeded).
bench:
	$(CARGO) bench -p infora-store --bench store
	$(CARGO) bench -p infora-store --bench counter
	$(CARGO) bench -p infora-store --bench exchange
	$(CARGO) bench -p infora-store --bench filters
	$(CARGO) bench -p infora-store --bench analytics
	$(CARGO) bench -p infora-sync --bench sync

## A release build and a .deb (Windows and macOS bundles are configured in tauri.conf.json).
bundle: bootstrap ui-deps
	ui/node_modules/.bin/tauri build --bundles deb

## A store file filled with demo customers: make demo-db DB=/tmp/demo.db COUNT=100000
demo-db:
	$(CARGO) run --release -p infora-store --example seed -- $(or $(DB),demo.db) $(or $(COUNT),10000)

bootstrap:
	@scripts/bootstrap.sh

ui-deps: ui/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

ui: ui-deps
	cd ui && npm run build

## The UI's speed at a million customers in the real window (release build; seeds the store
## once into the target directory's measure-data; the first run sets the desk up there).
MEASURE_DATA := $(TARGET_DIR)/measure-data
measure: ui
	@scripts/bootstrap.sh e2e
	$(CARGO) build --release --locked $(APP_FEATURES)
	$(CARGO) build --release --locked -p infora-store --example seed
	@test -f $(MEASURE_DATA)/ke.infora.desk/customers.db || { mkdir -p $(MEASURE_DATA)/ke.infora.desk && \
	  $(TARGET_DIR)/release/examples/seed $(MEASURE_DATA)/ke.infora.desk/customers.db $(or $(COUNT),1000000); }
	INFORA_APP=$(TARGET_DIR)/release/infora-desk INFORA_DATA_HOME=$(MEASURE_DATA) \
	  e2e/run.sh -s e2e/measure_ui.py
