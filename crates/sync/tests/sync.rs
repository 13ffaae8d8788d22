//! The sync engine against the central API's double on loopback: sign-in and secrets, the
//! outbox's states, the pull and its merges, conflicts, every quirk of CONTRACT part 2, and
//! crash safety at every step of a push and of a pull.
#![allow(clippy::unwrap_used)]

use chrono::Timelike;
use infora_central_double::{CentralDouble, Fault};
use infora_domain::ManualClock;
use infora_domain::{CustomerPatch, CustomerStatus, Money, NewCustomer, PageRequest};
use infora_store::sync::outbox::EntryState;
use infora_store::sync::{
    ConflictOn, Disagreement, FieldConflict, RelatedLists, Resolution, SyncMark,
};
use infora_store::{Store, StoreOptions};
use infora_sync::vault::{MemoryVault, TokenVault};
use infora_sync::{Options, Probe, Step, SyncEngine};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

mod common;
use common::*;

fn new_customer(name: &str, email: &str, phone: &str) -> NewCustomer {
    let value = json!({"name": name, "email": email, "phone": phone});
    NewCustomer::from_json(&value, Default::default()).unwrap()
}

async fn create(store: &Store, name: &str, email: &str) -> infora_domain::Customer {
    store
        .create_customer(&actor(), &new_customer(name, email, "0712345678"))
        .await
        .unwrap()
}

fn central_by_email(central: &CentralDouble, email: &str) -> Vec<Value> {
    central
        .customers()
        .into_iter()
        .filter(|c| c["email"] == email)
        .collect()
}

/// Whether the error is the store's "does not exist".
fn is_not_found<T: std::fmt::Debug>(result: Result<T, infora_store::Error>) -> bool {
    matches!(result, Err(infora_store::Error::NotFound { .. }))
}

/// How many customers the desk's list shows.
async fn listed(store: &Store) -> u64 {
    store
        .list_customers(&Default::default())
        .await
        .unwrap()
        .total
}

fn field_conflict(field: &str, mine: Value, theirs: Value) -> Disagreement {
    Disagreement::Field(FieldConflict {
        field: field.to_owned(),
        mine,
        theirs,
    })
}

fn on(field: &str) -> ConflictOn {
    ConflictOn::Field(field.to_owned())
}

async fn open_entries(store: &Store) -> Vec<infora_store::sync::outbox::OutboxEntry> {
    store
        .outbox_open(PageRequest::default())
        .await
        .unwrap()
        .items
}

// ---- sign-in and secrets ---------------------------------------------------------------

#[tokio::test]
async fn sign_in_keeps_tokens_in_the_vault_only_and_sign_out_clears_them() {
    let central = central().await;
    let desk = desk(&central).await;
    let account = desk.engine.session().account().await.unwrap().unwrap();
    assert_eq!(account.email, EMAIL);
    // The vault holds the tokens...
    let key = infora_sync::vault::account(
        EMAIL,
        &infora_sync::central::CentralUrl::parse(&central.base_url()).unwrap(),
    );
    let tokens = desk.vault.load(&key).unwrap().expect("saved in the vault");
    // ...and no file of the store does (the database, its WAL, anything beside it).
    desk.store.close().await;
    for entry in std::fs::read_dir(desk.path.parent().unwrap()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        for secret in [&tokens.access, &tokens.refresh] {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "a token was written to a file");
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(PASSWORD),
            "the password was written to a file"
        );
    }
    let store = Store::open(&desk.path).await.unwrap();
    let vault: Arc<dyn TokenVault> = desk.vault.clone();
    let engine = SyncEngine::new(store, vault, Options::default())
        .await
        .unwrap();
    assert!(engine.status().signed_in, "the session survives a restart");
    engine.sign_out().await.unwrap();
    assert!(desk.vault.load(&key).unwrap().is_none());
    assert!(!engine.status().signed_in);
    assert!(engine.status().account.is_none());
}

#[tokio::test]
async fn wrong_password_and_plain_http_to_a_remote_host_are_refused() {
    let central = central().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("c.db")).await.unwrap();
    let vault = Arc::new(MemoryVault::new());
    let engine = engine(&store, &vault, options(Probe::default())).await;
    let wrong = engine.sign_in(&central.base_url(), EMAIL, "nope").await;
    assert!(wrong
        .unwrap_err()
        .to_string()
        .contains("Wrong email or password"));
    let http = engine
        .sign_in("http://billing.example.com", EMAIL, PASSWORD)
        .await;
    assert!(http.unwrap_err().to_string().contains("https"));
    assert!(!engine.status().signed_in);
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_and_an_expired_refresh_asks_to_sign_in() {
    let central = central().await;
    let desk = desk(&central).await;
    create(&desk.store, "Achieng", "achieng@x.ke").await;
    central.advance_clock(chrono::Duration::hours(25));
    let report = desk.engine.round().await;
    assert_eq!(report.stopped, None, "refreshed and carried on");
    assert_eq!(central_by_email(&central, "achieng@x.ke").len(), 1);

    central.advance_clock(chrono::Duration::days(31));
    let report = desk.engine.round().await;
    assert!(report.stopped.unwrap().contains("sign in again"));
    let status = desk.engine.status();
    assert!(status.needs_sign_in && !status.signed_in);
    assert!(status.account.is_some(), "who to sign in as is remembered");
}

// ---- push ------------------------------------------------------------------------------

#[tokio::test]
async fn offline_changes_are_pushed_in_order_and_mapped_to_central_ids() {
    let central = central().await;
    let desk = desk(&central).await;
    let c = create(&desk.store, "Wanjiku", "wanjiku@x.ke").await;
    desk.store
        .set_status(&actor(), c.id, CustomerStatus::Suspended)
        .await
        .unwrap();
    desk.store
        .set_balance(
            &supervisor(),
            c.id,
            Money::parse("balance", "1250.50").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(open_entries(&desk.store).await.len(), 3);
    let report = desk.engine.round().await;
    assert_eq!(
        report.push.sent, 1,
        "the edits made before the first sync went with the create"
    );
    let on_central = central_by_email(&central, "wanjiku@x.ke");
    assert_eq!(on_central.len(), 1);
    assert_eq!(on_central[0]["status"], "suspended");
    assert_eq!(on_central[0]["balance"], json!(1250.5));
    let local = desk.store.get_customer(c.id).await.unwrap();
    assert_eq!(local.central_id, on_central[0]["id"].as_i64());
    assert!(open_entries(&desk.store).await.is_empty());
    assert_eq!(desk.engine.status().pending, 0);
}

#[tokio::test]
async fn a_failed_change_writes_no_outbox_entry() {
    let central = central().await;
    let desk = desk(&central).await;
    create(&desk.store, "A", "a@x.ke").await;
    let dup = desk
        .store
        .create_customer(&actor(), &new_customer("B", "a@x.ke", "0712000000"))
        .await;
    assert!(
        matches!(
            dup,
            Err(infora_store::Error::Clash(
                infora_store::Clash::EmailTaken { .. }
            ))
        ),
        "refused as a taken email: {dup:?}"
    );
    assert_eq!(open_entries(&desk.store).await.len(), 1);
}

#[tokio::test]
async fn central_errors_retry_with_backoff_and_a_payment_required_pauses() {
    let central = central().await;
    let desk = desk(&central).await;
    create(&desk.store, "Otieno", "otieno@x.ke").await;
    central.fault(Fault::Status(503).on("POST", "/api/customers"));
    let report = desk.engine.round().await;
    assert_eq!(report.push.retrying, 1);
    let entry = &open_entries(&desk.store).await[0];
    assert_eq!(entry.state, EntryState::Pending);
    assert!(
        entry.next_attempt_at > desk.store.now(),
        "waits before retrying"
    );
    assert!(entry.last_error.as_deref().unwrap().contains("503"));
    assert!(central_by_email(&central, "otieno@x.ke").is_empty());

    desk.store.outbox_retry(entry.seq).await.unwrap();
    central.set_subscription_unpaid(true);
    let report = desk.engine.round().await;
    assert!(report.stopped.unwrap().contains("paused"));
    assert!(desk.engine.status().paused.is_some());
    central.set_subscription_unpaid(false);
    let report = desk.engine.round().await;
    assert_eq!((report.stopped, report.push.sent), (None, 1));
    assert_eq!(desk.engine.status().paused, None);
}

#[tokio::test]
async fn the_engine_sleeps_until_the_next_retry_is_due_and_forgets_old_sent_entries() {
    let central = central().await;
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with(
        dir.path().join("customers.db"),
        StoreOptions {
            clock: clock.clone(),
            ..StoreOptions::default()
        },
    )
    .await
    .unwrap();
    let vault = Arc::new(MemoryVault::new());
    let engine = engine(&store, &vault, options(Probe::default())).await;
    engine
        .sign_in(&central.base_url(), EMAIL, PASSWORD)
        .await
        .unwrap();
    let every = Options::default().every;
    assert_eq!(
        engine.next_round_in().await,
        every,
        "nothing to send: the periodic round"
    );

    create(&store, "Otieno", "otieno@x.ke").await;
    central.fault(Fault::Status(503).on("POST", "/api/customers"));
    engine.round().await;
    let first = engine.next_round_in().await;
    assert!(
        first >= Duration::from_millis(2_500) && first <= Duration::from_secs(5),
        "the first retry comes after its backoff (5 s, half of it jitter), not after {every:?}: {first:?}"
    );
    // One second on: at least 1.5 s remain, above the shortest sleep that clamps the wait.
    clock.advance(chrono::Duration::seconds(1));
    assert_eq!(
        first - engine.next_round_in().await,
        Duration::from_secs(1),
        "the sleep follows the clock"
    );
    clock.advance(chrono::Duration::seconds(10));
    assert_eq!(
        engine.next_round_in().await,
        Duration::from_secs(1),
        "overdue: the next round at once (a second apart at the least)"
    );
    let report = engine.round().await;
    assert_eq!(report.push.sent, 1);
    assert_eq!(engine.next_round_in().await, every);

    // Sent entries are kept for 30 days, then forgotten by the next round.
    let sent = open_entries(&store).await;
    assert!(sent.is_empty());
    let seq = 1;
    assert_eq!(
        store.outbox_entry(seq).await.unwrap().state,
        EntryState::Done
    );
    clock.advance(infora_sync::engine::KEEP_DONE - chrono::Duration::hours(1));
    engine.round().await;
    assert!(store.outbox_entry(seq).await.is_ok(), "kept within 30 days");
    clock.advance(chrono::Duration::hours(2));
    engine.round().await;
    assert!(
        is_not_found(store.outbox_entry(seq).await),
        "forgotten after 30 days"
    );
}

#[tokio::test]
async fn offline_stops_the_round_and_keeps_everything() {
    let central = central().await;
    let desk = desk(&central).await;
    create(&desk.store, "Kamau", "kamau@x.ke").await;
    central.fault(Fault::DropConnection.on("POST", "/api/customers"));
    let report = desk.engine.round().await;
    assert!(report.stopped.is_some());
    assert_eq!(desk.engine.status().online, Some(false));
    assert_eq!(desk.engine.status().pending, 1);
    let report = desk.engine.round().await;
    assert_eq!(report.push.sent, 1);
    assert_eq!(central_by_email(&central, "kamau@x.ke").len(), 1);
}

#[tokio::test]
async fn refusals_stay_visible_and_can_be_retried_or_discarded() {
    let central = central().await;
    let desk = desk(&central).await;
    // Taken on the server already: 409.
    seed(&central, "Someone Else", "taken@x.ke");
    let c = create(&desk.store, "Njeri", "taken@x.ke").await;
    desk.engine.round().await;
    let entries = open_entries(&desk.store).await;
    assert_eq!(entries[0].state, EntryState::Refused);
    assert!(entries[0]
        .last_error
        .as_deref()
        .unwrap()
        .contains("already has a customer"));
    assert_eq!(desk.engine.status().refused, 1);
    // The user fixes the email and retries the create.
    let patch = CustomerPatch {
        email: Some(infora_domain::Email::parse("njeri@x.ke").unwrap()),
        ..CustomerPatch::default()
    };
    desk.store
        .update_customer(&actor(), c.id, &patch)
        .await
        .unwrap();
    // Retried, the create takes the fixed email along and goes through.
    desk.store.outbox_retry(entries[0].seq).await.unwrap();
    let report = desk.engine.round().await;
    assert_eq!((report.push.sent, report.push.refused), (1, 0));
    assert!(open_entries(&desk.store).await.is_empty(), "nothing left");
    assert_eq!(central_by_email(&central, "njeri@x.ke").len(), 1);
    assert_eq!(
        central_by_email(&central, "taken@x.ke").len(),
        1,
        "the other customer is untouched"
    );
}

#[tokio::test]
async fn refused_entries_are_retried_or_discarded_together() {
    let central = central().await;
    let desk = desk(&central).await;
    seed(&central, "Someone", "one@x.ke");
    seed(&central, "Someone Else", "two@x.ke");
    let one = create(&desk.store, "Njeri", "one@x.ke").await;
    create(&desk.store, "Wafula", "two@x.ke").await;
    desk.engine.round().await;
    assert_eq!(desk.engine.status().refused, 2);
    assert_eq!(desk.store.outbox_retry_refused().await.unwrap(), 2);
    assert_eq!(
        desk.store.outbox_counts().await.unwrap().pending,
        2,
        "both wait for the next push"
    );
    desk.engine.round().await;
    assert_eq!(desk.engine.status().refused, 2, "still taken on central");
    assert_eq!(
        desk.store.outbox_discard_refused(&actor()).await.unwrap(),
        2
    );
    desk.engine.refresh_status().await;
    assert!(open_entries(&desk.store).await.is_empty());
    assert!(
        desk.store.get_customer(one.id).await.is_ok(),
        "discarding a create keeps the customer on this desk"
    );
    assert_eq!(desk.engine.status().refused, 0);
}

#[tokio::test]
async fn a_refused_delete_brings_the_customer_back_marked_and_a_working_delete_is_done() {
    let central = central().await;
    let desk = desk(&central).await;
    let c = create(&desk.store, "Mutua", "mutua@x.ke").await;
    desk.engine.round().await;
    desk.store
        .delete_customer(&supervisor(), c.id)
        .await
        .unwrap();
    let report = desk.engine.round().await;
    assert_eq!(report.push.refused, 1);
    let entry = &open_entries(&desk.store).await[0];
    assert_eq!(entry.state, EntryState::Refused);
    assert!(entry
        .last_error
        .as_deref()
        .unwrap()
        .contains("could not delete"));
    // The list, the detail and the queue tell one story: the customer is here, as central
    // has it, marked, under its own id.
    let back = desk.store.get_customer(c.id).await.unwrap();
    assert_eq!(back.email.as_str(), "mutua@x.ke");
    assert_eq!(
        desk.store.sync_marks(&[c.id]).await.unwrap(),
        vec![(c.id, SyncMark::DeleteRefused)]
    );
    assert_eq!(
        listed(&desk.store).await,
        1,
        "listed once: the pull did not bring a second copy"
    );
    let deletes = |central: &CentralDouble| {
        central
            .requests()
            .iter()
            .filter(|r| r.method == "DELETE")
            .count()
    };
    desk.engine.round().await;
    assert_eq!(
        deletes(&central),
        1,
        "a refused delete is not sent again by itself"
    );
    // Edits after the refusal go through: the deletion holds nothing back.
    desk.store
        .set_status(&actor(), c.id, CustomerStatus::Suspended)
        .await
        .unwrap();
    desk.engine.round().await;
    assert_eq!(
        central_by_email(&central, "mutua@x.ke")[0]["status"],
        "suspended"
    );

    central.set_deletes_working(true);
    desk.store.outbox_retry(entry.seq).await.unwrap();
    desk.engine.round().await;
    assert!(central_by_email(&central, "mutua@x.ke").is_empty());
    assert!(open_entries(&desk.store).await.is_empty());
    assert!(
        is_not_found(desk.store.get_customer(c.id).await),
        "gone here too once central deleted it"
    );
}

#[tokio::test]
async fn a_deleted_customer_is_not_pulled_back_while_its_deletion_waits() {
    let central = central().await;
    let desk = desk(&central).await;
    let c = create(&desk.store, "Kiprop", "kiprop@x.ke").await;
    desk.engine.round().await;
    desk.store
        .delete_customer(&supervisor(), c.id)
        .await
        .unwrap();
    central.fault(Fault::Status(503).on("DELETE", "/api/customers/"));
    let report = desk.engine.round().await;
    assert_eq!(report.push.retrying, 1);
    assert!(
        is_not_found(desk.store.get_customer(c.id).await),
        "still deleted here"
    );
    assert_eq!(
        listed(&desk.store).await,
        0,
        "the pull did not bring it back while the deletion waits"
    );
}

#[tokio::test]
async fn a_package_change_central_cannot_apply_is_told_once_and_desk_and_central_agree() {
    let central = central().await;
    let desk = desk(&central).await;
    let c = create(&desk.store, "Chebet", "chebet@x.ke").await;
    desk.engine.round().await;
    let mut notices = desk.engine.subscribe_notices();
    let patch = CustomerPatch {
        package: Some(infora_domain::Package::parse("Fibre 50").unwrap()),
        address: Some(Some(infora_domain::Address::parse("Eldoret").unwrap())),
        ..CustomerPatch::default()
    };
    desk.store
        .update_customer(&actor(), c.id, &patch)
        .await
        .unwrap();
    let report = desk.engine.round().await;
    assert_eq!((report.push.sent, report.push.refused), (1, 0));
    let notice = notices.try_recv().expect("the user is told");
    assert!(
        notice.contains("Chebet") && notice.contains("Fibre 50") && notice.contains("Basic WiFi"),
        "names the customer and both packages: {notice}"
    );
    assert!(open_entries(&desk.store).await.is_empty(), "nothing waits");
    let local = desk.store.get_customer(c.id).await.unwrap();
    assert_eq!(
        local.package.as_str(),
        "Basic WiFi",
        "the desk shows central's package"
    );
    let on_central = &central_by_email(&central, "chebet@x.ke")[0];
    assert_eq!(on_central["address"], "Eldoret", "the address went through");
    let history = desk
        .store
        .customer_history(c.id, PageRequest::default())
        .await
        .unwrap();
    assert!(
        history
            .items
            .iter()
            .any(|h| h.actor.as_str() == "central system"
                && h.changes.iter().any(|(f, _)| f == "package")),
        "the history records central's package"
    );
    // Agreed: the next rounds change nothing and say nothing.
    let report = desk.engine.round().await;
    assert_eq!(report.push, Default::default());
    assert!(
        matches!(
            notices.try_recv(),
            Err(tokio::sync::broadcast::error::TryRecvError::Empty)
        ),
        "told once"
    );
    assert_eq!(desk.engine.status().conflicts, 0);
}

#[tokio::test]
async fn a_create_whose_answer_was_lost_is_found_by_email_not_duplicated() {
    let central = central().await;
    let desk = desk(&central).await;
    let c = create(&desk.store, "Akinyi", "akinyi@x.ke").await;
    central.fault(Fault::ApplyThenDropResponse.on("POST", "/api/customers"));
    desk.engine.round().await;
    assert_eq!(
        central_by_email(&central, "akinyi@x.ke").len(),
        1,
        "applied"
    );
    assert_eq!(
        desk.store.get_customer(c.id).await.unwrap().central_id,
        None
    );
    desk.engine.round().await;
    let on_central = central_by_email(&central, "akinyi@x.ke");
    assert_eq!(on_central.len(), 1, "not duplicated");
    assert_eq!(
        desk.store.get_customer(c.id).await.unwrap().central_id,
        on_central[0]["id"].as_i64()
    );
    assert!(open_entries(&desk.store).await.is_empty());
}

// ---- pull ------------------------------------------------------------------------------

#[tokio::test]
async fn pull_brings_centrals_customers_and_their_later_changes() {
    let central = central().await;
    for i in 0..120 {
        seed(&central, &format!("Customer {i}"), &format!("c{i}@x.ke"));
    }
    let desk = desk(&central).await;
    let report = desk.engine.round().await;
    let pulled = report.pull.unwrap();
    assert_eq!((pulled.inserted, pulled.pages), (120, 3));
    assert_eq!(desk.store.customer_stats().await.unwrap().total, 120);
    assert!(
        open_entries(&desk.store).await.is_empty(),
        "pulled records are not pushed back"
    );

    central.advance_clock(chrono::Duration::minutes(5));
    let id = central_by_email(&central, "c7@x.ke")[0]["id"]
        .as_i64()
        .unwrap();
    let token = login(&central).await;
    put(
        &central,
        &token,
        id,
        json!({"status": "pending", "name": "Renamed Seven"}),
    )
    .await;
    let report = desk.engine.round().await;
    let pulled = report.pull.unwrap();
    assert_eq!(pulled.updated, 1);
    assert!(
        pulled.pages < 3,
        "an incremental pull stops at the checkpoint"
    );
    let local = find(&desk.store, "c7@x.ke").await;
    assert_eq!(local.name.as_str(), "Renamed Seven");
    assert_eq!(local.status, CustomerStatus::Pending);
}

#[tokio::test]
async fn records_breaking_our_rules_are_kept_aside_and_never_fail_the_pull() {
    let central = central().await;
    seed(&central, "Fine", "fine@x.ke");
    central.insert_customer(json!({"name": "Over", "email": "over@x.ke", "phone": "+254700000002", "usage_percentage": 101}));
    central.insert_customer(json!({"name": "Inf", "email": "inf@x.ke", "phone": "+254700000003", "balance": "Infinity"}));
    let desk = desk(&central).await;
    let report = desk.engine.round().await;
    assert_eq!(report.stopped, None);
    let pulled = report.pull.unwrap();
    assert_eq!((pulled.inserted, pulled.rejected), (1, 2));
    let rejected = desk.store.rejected_records().await.unwrap();
    assert_eq!(rejected.len(), 2);
    let over = rejected
        .iter()
        .find(|r| r.raw["email"] == "over@x.ke")
        .unwrap();
    assert_eq!(over.raw["usage_percentage"], 101, "kept exactly as sent");
    assert_eq!(over.problems[0].field, "usage_percentage");
    let inf = rejected
        .iter()
        .find(|r| r.raw["email"] == "inf@x.ke")
        .unwrap();
    assert_eq!(inf.problems[0].field, "balance");
    assert_eq!(desk.engine.status().rejected, 2);
}

#[tokio::test]
async fn a_pull_merges_with_local_changes_and_conflicts_wait_for_a_person() {
    let central = central().await;
    let id = seed(&central, "Baraka", "baraka@x.ke");
    let desk = desk(&central).await;
    desk.engine.round().await;
    let local = find(&desk.store, "baraka@x.ke").await;
    // Offline here: status and balance change.
    desk.store
        .set_status(&actor(), local.id, CustomerStatus::Suspended)
        .await
        .unwrap();
    desk.store
        .set_balance(
            &supervisor(),
            local.id,
            Money::parse("balance", "500").unwrap(),
        )
        .await
        .unwrap();
    // Meanwhile on the server: name and balance.
    central.advance_clock(chrono::Duration::minutes(1));
    let token = login(&central).await;
    put(
        &central,
        &token,
        id,
        json!({"name": "Baraka Omondi", "balance": 900}),
    )
    .await;

    let report = desk.engine.round().await;
    assert_eq!(report.stopped, None);
    let merged = desk.store.get_customer(local.id).await.unwrap();
    assert_eq!(merged.name.as_str(), "Baraka Omondi", "their name is taken");
    assert_eq!(
        merged.status,
        CustomerStatus::Suspended,
        "our status is kept"
    );
    let theirs = central.customer(id).unwrap();
    assert_eq!(theirs["status"], "suspended", "our status was sent");
    let conflicts = desk.store.conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        conflicts[0].about,
        field_conflict("balance", json!("500.00"), json!("900.00"))
    );
    assert_eq!(
        theirs["balance"],
        json!(900.0),
        "nothing sent for a conflicted field"
    );

    desk.store
        .resolve_conflict(&actor(), local.id, &on("balance"), Resolution::KeepMine)
        .await
        .unwrap();
    desk.engine.round().await;
    assert_eq!(central.customer(id).unwrap()["balance"], json!(500.0));
    assert!(open_entries(&desk.store).await.is_empty());
    assert!(desk.store.conflicts().await.unwrap().is_empty());
}

#[tokio::test]
async fn taking_theirs_drops_our_change_of_that_field() {
    let central = central().await;
    let id = seed(&central, "Imani", "imani@x.ke");
    let desk = desk(&central).await;
    desk.engine.round().await;
    let local = find(&desk.store, "imani@x.ke").await;
    desk.store
        .set_balance(
            &supervisor(),
            local.id,
            Money::parse("balance", "10").unwrap(),
        )
        .await
        .unwrap();
    central.advance_clock(chrono::Duration::minutes(1));
    let token = login(&central).await;
    put(&central, &token, id, json!({"balance": 20})).await;
    desk.engine.round().await;
    desk.store
        .resolve_conflict(&actor(), local.id, &on("balance"), Resolution::TakeTheirs)
        .await
        .unwrap();
    assert_eq!(
        desk.store
            .get_customer(local.id)
            .await
            .unwrap()
            .balance
            .to_string(),
        "20.00"
    );
    desk.engine.round().await;
    assert!(open_entries(&desk.store).await.is_empty());
    assert_eq!(central.customer(id).unwrap()["balance"], json!(20.0));
}

#[tokio::test]
async fn customers_deleted_on_central_are_removed_or_become_conflicts() {
    let central = central().await;
    central.set_deletes_working(true);
    let gone = seed(&central, "Gone", "gone@x.ke");
    let changed = seed(&central, "Changed", "changed@x.ke");
    // Every pull is a full one here.
    let desk = desk_with(
        &central,
        Options {
            full_every: chrono::Duration::zero(),
            ..options(Probe::default())
        },
    )
    .await;
    let (store, engine) = (&desk.store, &desk.engine);
    engine.round().await;
    let mine = find(store, "changed@x.ke").await;
    store
        .set_status(&actor(), mine.id, CustomerStatus::Suspended)
        .await
        .unwrap();
    let token = login(&central).await;
    for id in [gone, changed] {
        let status = reqwest::Client::new()
            .delete(format!("{}/api/customers/{id}", central.base_url()))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 200);
    }
    let report = engine.round().await;
    assert_eq!(report.pull.unwrap().removed, 1);
    assert_eq!(store.customer_stats().await.unwrap().total, 1);
    let conflicts = store.conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].about, Disagreement::DeletedOnCentral);
    // Keep mine: the customer is created on the server again.
    store
        .resolve_conflict(
            &actor(),
            mine.id,
            &ConflictOn::Deletion,
            Resolution::KeepMine,
        )
        .await
        .unwrap();
    engine.round().await;
    let again = central_by_email(&central, "changed@x.ke");
    assert_eq!(again.len(), 1);
    assert_eq!(again[0]["status"], "suspended");
}

#[tokio::test]
async fn related_lists_are_skipped_quietly_while_central_fails_them_and_pulled_once_it_answers() {
    let central = central().await;
    let id = seed(&central, "One", "one@x.ke");
    let invoice = central.insert_related(
        "invoices",
        id,
        json!({"invoice_number": "C-INV-1", "amount": 1500.0, "status": "pending",
               "due_date": "2026-12-01T00:00:00", "paid_date": null, "notes": "December",
               "created_at": "2026-11-01T08:00:00"}),
    );
    central.insert_related(
        "payments",
        id,
        json!({"invoice_id": invoice, "amount": 500.0, "payment_method": "mpesa", "status": "completed",
               "transaction_id": "QWE123", "payment_date": "2026-11-05T09:30:00", "created_at": "2026-11-05T09:30:00"}),
    );
    central.insert_related(
        "tickets",
        id,
        json!({"ticket_number": "C-TKT-1", "subject": "Slow at night", "description": "Drops after 9pm",
               "status": "open", "priority": "high", "category": "network", "created_at": "2026-11-06T10:00:00"}),
    );
    // One the app cannot read: kept out, the rest still pulled.
    central.insert_related(
        "tickets",
        id,
        json!({"ticket_number": "C-TKT-2", "status": "weird"}),
    );
    let desk = desk(&central).await;
    let report = desk.engine.round().await;
    assert_eq!(report.stopped, None);
    assert_eq!(
        desk.engine.status().related_lists,
        Some(RelatedLists::Unavailable)
    );
    let local = find(&desk.store, "one@x.ke").await;
    assert_eq!(
        desk.store
            .customer_invoices(local.id, &Default::default())
            .await
            .unwrap()
            .total,
        0
    );

    central.set_related_lists_working(true);
    desk.engine.round().await;
    assert_eq!(
        desk.engine.status().related_lists,
        Some(RelatedLists::Available)
    );
    let invoices = desk
        .store
        .customer_invoices(local.id, &Default::default())
        .await
        .unwrap();
    assert_eq!(invoices.total, 1);
    assert_eq!(invoices.items[0].number, "C-INV-1");
    assert_eq!(invoices.items[0].amount.to_string(), "1500.00");
    let payments = desk
        .store
        .customer_payments(local.id, &Default::default())
        .await
        .unwrap();
    assert_eq!(
        payments.items[0].invoice_id,
        Some(invoices.items[0].id),
        "linked to its invoice"
    );
    let tickets = desk
        .store
        .customer_tickets(local.id, &Default::default())
        .await
        .unwrap();
    assert_eq!(tickets.total, 1, "the unreadable ticket is kept out");
    // Pulled again, nothing doubles; and the customer now has records, so deleting is refused.
    assert!(
        desk.engine.pull_related(local.id).await.unwrap(),
        "pulled on demand"
    );
    assert_eq!(
        desk.store
            .customer_invoices(local.id, &Default::default())
            .await
            .unwrap()
            .total,
        1
    );
    let refused = desk.store.delete_customer(&supervisor(), local.id).await;
    assert!(
        matches!(
            refused,
            Err(infora_store::Error::Clash(
                infora_store::Clash::HasRecords { invoices: 1, .. }
            ))
        ),
        "refused for its pulled invoice: {refused:?}"
    );
}

// ---- crash safety ----------------------------------------------------------------------

async fn converged(central: &CentralDouble, desk: &Desk, emails: &[&str]) {
    for email in emails {
        let on_central = central_by_email(central, email);
        assert_eq!(on_central.len(), 1, "{email} is on central exactly once");
        let local = find(&desk.store, email).await;
        assert_eq!(
            local.central_id,
            on_central[0]["id"].as_i64(),
            "{email} is linked"
        );
        assert_eq!(on_central[0]["status"], local.status.as_str());
        assert_eq!(on_central[0]["name"], local.name.as_str());
    }
    assert!(
        open_entries(&desk.store).await.is_empty(),
        "nothing left to send"
    );
    let locals = desk.store.customer_stats().await.unwrap().total;
    assert_eq!(
        locals as usize,
        central.customers().len(),
        "nothing lost, nothing extra"
    );
}

#[tokio::test]
async fn a_push_killed_at_any_step_converges_after_restart() {
    let cases: [(Step, Option<Fault>); 4] = [
        (Step::PushBeforeRequest, None),
        (Step::PushAfterAnswer, None),
        // The server applied it, the answer never arrived, then the process died.
        (Step::PushAfterAnswer, Some(Fault::ApplyThenDropResponse)),
        (Step::PushBeforeRequest, Some(Fault::ApplyThenDropResponse)),
    ];
    for (step, fault) in cases {
        for nth in 1..=3 {
            let central = central().await;
            seed(&central, "Crash C", "c@x.ke");
            let desk = desk(&central).await;
            desk.engine.round().await;
            let a = create(&desk.store, "Crash A", "a@x.ke").await;
            create(&desk.store, "Crash B", "b@x.ke").await;
            // Three pushes: two creates (A's status goes with its create) and an update.
            desk.store
                .set_status(&actor(), a.id, CustomerStatus::Suspended)
                .await
                .unwrap();
            let c = find(&desk.store, "c@x.ke").await;
            desk.store
                .set_status(&actor(), c.id, CustomerStatus::Pending)
                .await
                .unwrap();
            if let Some(fault) = &fault {
                central.fault(fault.clone().on("POST", "/api/customers"));
                central.fault(fault.clone().on("PUT", "/api/customers"));
            }
            let (probe, crashed) = crash_at(step, nth);
            crash_and_restart(&desk, probe, crashed).await;
            converged(&central, &desk, &["a@x.ke", "b@x.ke", "c@x.ke"]).await;
            assert_eq!(
                central_by_email(&central, "c@x.ke")[0]["status"],
                "pending",
                "{step:?} #{nth} {fault:?}"
            );
            assert_eq!(
                central
                    .customer(
                        desk.store
                            .get_customer(a.id)
                            .await
                            .unwrap()
                            .central_id
                            .unwrap()
                    )
                    .unwrap()["status"],
                "suspended",
                "{step:?} #{nth} {fault:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_pull_killed_at_any_step_converges_after_restart() {
    for step in [Step::PullBeforeRequest, Step::PullAfterAnswer] {
        for nth in 1..=3 {
            let central = central().await;
            for i in 0..130 {
                seed(&central, &format!("Pulled {i}"), &format!("p{i}@x.ke"));
            }
            let desk = desk(&central).await;
            let (probe, crashed) = crash_at(step, nth);
            crash_and_restart(&desk, probe, crashed).await;
            converged(&central, &desk, &["p0@x.ke", "p64@x.ke", "p129@x.ke"]).await;
        }
    }
}

#[tokio::test]
async fn a_desk_that_changed_nothing_sends_nothing() {
    let central = central().await;
    seed(&central, "Quiet", "quiet@x.ke");
    let desk = desk(&central).await;
    desk.engine.round().await;
    central.clear_requests();
    desk.engine.round().await;
    let writes = central
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .count();
    assert_eq!(writes, 0);
}

#[tokio::test]
async fn a_customer_made_offline_and_edited_syncs_cleanly_with_centrals_join_date() {
    let central = central().await;
    let desk = desk(&central).await;
    let value = json!({"name": "Field Signup", "email": "field@x.ke", "phone": "0712345670",
                       "join_date": "2026-01-15", "package": "Home 10"});
    let new = NewCustomer::from_json(&value, Default::default()).unwrap();
    let c = desk.store.create_customer(&actor(), &new).await.unwrap();
    // Edited before the first sync: a package central's update would ignore, and an address.
    let patch = CustomerPatch {
        package: Some(infora_domain::Package::parse("Fibre 50").unwrap()),
        address: Some(Some(infora_domain::Address::parse("Kitale").unwrap())),
        ..CustomerPatch::default()
    };
    desk.store
        .update_customer(&actor(), c.id, &patch)
        .await
        .unwrap();
    let report = desk.engine.round().await;
    assert_eq!((report.push.sent, report.push.refused), (1, 0));
    assert!(
        open_entries(&desk.store).await.is_empty(),
        "nothing refused or waiting"
    );
    let status = desk.engine.status();
    assert_eq!(
        (status.pending, status.refused, status.conflicts),
        (0, 0, 0)
    );
    let on_central = &central_by_email(&central, "field@x.ke")[0];
    assert_eq!(
        on_central["package"], "Fibre 50",
        "the edit went with the create"
    );
    assert_eq!(on_central["address"], "Kitale");
    let centrals = central.now().with_nanosecond(0).unwrap();
    assert_eq!(
        on_central["join_date"],
        centrals.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string(),
        "central set its own join date"
    );
    let local = desk.store.get_customer(c.id).await.unwrap();
    assert_eq!(
        local.join_date, centrals,
        "the desk took central's join date"
    );
    let history = desk
        .store
        .customer_history(c.id, PageRequest::default())
        .await
        .unwrap();
    let latest = &history.items[0];
    assert_eq!(latest.actor.as_str(), "central system");
    assert_eq!(
        latest.changes,
        vec![(
            "join_date".to_owned(),
            infora_store::FieldChange {
                before: json!("2026-01-15T00:00:00Z"),
                after: serde_json::to_value(centrals).unwrap()
            }
        )],
        "the history records what central recorded"
    );
    // Desk and central agree: the next rounds send nothing and change nothing.
    central.clear_requests();
    let report = desk.engine.round().await;
    assert_eq!(report.pull.unwrap().updated, 0);
    assert!(
        central.requests().iter().all(|r| r.method == "GET"),
        "nothing written to central"
    );
    assert!(open_entries(&desk.store).await.is_empty());
}

#[tokio::test]
async fn a_refused_customer_holds_its_own_later_changes_while_others_proceed() {
    let central = central().await;
    let desk = desk(&central).await;
    seed(&central, "Someone Else", "clash@x.ke");
    let held = create(&desk.store, "Clash Here", "clash@x.ke").await;
    desk.store
        .set_status(&actor(), held.id, CustomerStatus::Suspended)
        .await
        .unwrap();
    create(&desk.store, "Free", "free@x.ke").await;
    let report = desk.engine.round().await;
    assert_eq!((report.push.sent, report.push.refused), (1, 1));
    assert_eq!(central_by_email(&central, "free@x.ke").len(), 1);
    // An edit after the refusal waits for the customer to reach central, and says so.
    desk.store
        .set_balance(
            &supervisor(),
            held.id,
            Money::parse("balance", "10.00").unwrap(),
        )
        .await
        .unwrap();
    desk.engine.round().await;
    let open = open_entries(&desk.store).await;
    let states: Vec<_> = open
        .iter()
        .map(|e| (e.customer_name.as_str(), e.state))
        .collect();
    assert_eq!(
        states,
        [
            ("Clash Here", EntryState::Refused),
            ("Clash Here", EntryState::Pending)
        ],
        "the later change waits behind the refused create, untried"
    );
    assert!(
        open[0].changes.contains_key("status"),
        "the status set before the first attempt went with the create"
    );
    assert_eq!(open[1].attempts, 0);
    let waiting = open[1].waiting_for.as_deref().unwrap();
    assert!(waiting.contains("reach central"), "{waiting}");
    let retry = desk.store.outbox_retry(open[1].seq).await.unwrap_err();
    assert_eq!(
        retry.to_string(),
        waiting,
        "Retry explains what the entry waits for"
    );
}

#[tokio::test]
async fn a_refused_change_holds_back_only_later_changes_of_the_same_field() {
    let central = central().await;
    let desk = desk(&central).await;
    let c = create(&desk.store, "Wambui", "wambui@x.ke").await;
    desk.engine.round().await;
    // Someone takes the email on central before the desk hears of it.
    seed(&central, "Other", "new@x.ke");
    let email = |e: &str| CustomerPatch {
        email: Some(infora_domain::Email::parse(e).unwrap()),
        ..CustomerPatch::default()
    };
    desk.store
        .update_customer(&actor(), c.id, &email("new@x.ke"))
        .await
        .unwrap();
    desk.store
        .update_customer(
            &actor(),
            c.id,
            &CustomerPatch {
                address: Some(Some(infora_domain::Address::parse("Nyeri").unwrap())),
                ..CustomerPatch::default()
            },
        )
        .await
        .unwrap();
    let report = desk.engine.push().await;
    assert_eq!((report.push.refused, report.push.sent), (1, 1));
    let on_central = &central_by_email(&central, "wambui@x.ke")[0];
    assert_eq!(
        on_central["address"], "Nyeri",
        "the other field went through"
    );
    // A later change of the refused field waits for it.
    desk.store
        .update_customer(&actor(), c.id, &email("wambui.k@x.ke"))
        .await
        .unwrap();
    desk.engine.push().await;
    let open = open_entries(&desk.store).await;
    assert_eq!(open.len(), 2);
    assert_eq!(open[1].state, EntryState::Pending);
    assert!(open[1].waiting_for.as_deref().unwrap().contains("email"));
    // Discarding the refused one lets it go, based on central's value.
    desk.store
        .outbox_discard(&actor(), open[0].seq)
        .await
        .unwrap();
    let report = desk.engine.push().await;
    assert_eq!((report.push.sent, report.push.refused), (1, 0));
    assert_eq!(central_by_email(&central, "wambui.k@x.ke").len(), 1);
    assert!(open_entries(&desk.store).await.is_empty());
}

#[tokio::test]
async fn central_edits_arrive_and_a_same_field_edit_is_one_conflict_holding_only_that_field() {
    let central = central().await;
    let desk = desk(&central).await;
    let c = create(&desk.store, "Odhiambo", "odhiambo@x.ke").await;
    desk.engine.round().await;
    let id = desk
        .store
        .get_customer(c.id)
        .await
        .unwrap()
        .central_id
        .unwrap();
    // On central: the address and the balance change, and the status.
    put(
        &central,
        &login(&central).await,
        id,
        json!({"address": "Central St", "balance": 75.5, "status": "pending"}),
    )
    .await;
    // Here, meanwhile: the status (the same field) and the device count.
    desk.store
        .set_status(&actor(), c.id, CustomerStatus::Suspended)
        .await
        .unwrap();
    desk.store
        .set_usage(
            &actor(),
            c.id,
            None,
            Some(infora_domain::DeviceCount::new(3).unwrap()),
        )
        .await
        .unwrap();
    desk.engine.round().await;
    let local = desk.store.get_customer(c.id).await.unwrap();
    assert_eq!(
        local.address.as_ref().map(|a| a.as_str()),
        Some("Central St"),
        "central's edit arrived"
    );
    assert_eq!(local.balance.to_string(), "75.50");
    assert_eq!(
        local.status,
        CustomerStatus::Suspended,
        "ours stays until settled"
    );
    assert_eq!(
        central.customer(id).unwrap()["device_count"],
        3,
        "our other field went through"
    );
    let conflicts = desk.store.conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1, "one conflict: {conflicts:?}");
    assert_eq!(
        conflicts[0].about,
        field_conflict("status", json!("suspended"), json!("pending"))
    );
    let open = open_entries(&desk.store).await;
    assert_eq!(open.len(), 1, "only the conflicted field waits");
    assert!(open[0]
        .waiting_for
        .as_deref()
        .unwrap()
        .contains("conflict on status"));
    let retry = desk.store.outbox_retry(open[0].seq).await;
    assert!(
        matches!(
            retry,
            Err(infora_store::Error::Clash(
                infora_store::Clash::Waiting { .. }
            ))
        ),
        "Retry says it waits for the conflict: {retry:?}"
    );
    desk.store
        .resolve_conflict(&actor(), c.id, &on("status"), Resolution::KeepMine)
        .await
        .unwrap();
    desk.engine.round().await;
    assert_eq!(central.customer(id).unwrap()["status"], "suspended");
    assert!(open_entries(&desk.store).await.is_empty());
    assert_eq!(desk.engine.status().conflicts, 0);
}

#[tokio::test]
async fn a_slow_answer_is_waited_for_and_the_store_stays_usable_meanwhile() {
    let central = central().await;
    let desk = desk(&central).await;
    create(&desk.store, "Patient", "patient@x.ke").await;
    // Central applies the create, then holds its answer back.
    central.fault(Fault::Delay(Duration::from_secs(2)).on("POST", "/api/customers"));
    let engine = desk.engine.clone();
    let round = tokio::spawn(async move { engine.round().await });
    // Once central has the customer, the round is waiting for the answer...
    while !central
        .customers()
        .iter()
        .any(|c| c["email"] == "patient@x.ke")
    {
        tokio::task::yield_now().await;
    }
    // ...and meanwhile the desk reads and writes as usual: both finish while it still waits.
    create(&desk.store, "Walk-in", "walkin@x.ke").await;
    assert_eq!(desk.store.customer_stats().await.unwrap().total, 2);
    assert!(
        !round.is_finished(),
        "the local write did not wait for the round's answer"
    );
    let report = round.await.unwrap();
    assert_eq!(report.stopped, None);
    desk.engine.round().await;
    assert_eq!(central_by_email(&central, "patient@x.ke").len(), 1);
    assert_eq!(central_by_email(&central, "walkin@x.ke").len(), 1);
}
