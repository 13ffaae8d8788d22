//! Payments and voids taken at desks reach central's balance exactly once, as changes relative
//! to the balance central has: two desks that took money offline for the same customer both
//! count, a lost answer is recognised and not applied again, a kill at any step of the push
//! converges, and where a desk cannot tell whether central has a payment, a person is asked.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use infora_central_double::{CentralDouble, Fault};
use infora_domain::{counted_cash, CustomerId, DeskPayment, NewDeskPayment, VoidReason};
use infora_store::sync::{ConflictOn, Disagreement, LostAnswer, Resolution};
use infora_store::Store;
use infora_sync::{Probe, Step};
use serde_json::json;

/// A customer on central who owes 1,000.00; returns central's id.
fn owing(central: &CentralDouble, name: &str, email: &str) -> i64 {
    central.insert_customer(
        json!({"name": name, "email": email, "phone": "+254700000001", "balance": 1000.0}),
    )
}

/// A desk that has pulled central's customers and opened its till.
async fn counter(central: &CentralDouble) -> Desk {
    let desk = desk(central).await;
    desk.engine.round().await;
    desk.store
        .open_shift(&supervisor(), counted_cash("float", "0").unwrap())
        .await
        .unwrap();
    desk
}

async fn pay(store: &Store, customer: CustomerId, amount: &str) -> DeskPayment {
    let new = NewDeskPayment::from_input(&json!({"amount": amount, "method": "cash"})).unwrap();
    store
        .take_payment(&supervisor(), customer, &new)
        .await
        .unwrap()
}

async fn void(store: &Store, payment: &DeskPayment) {
    let reason = VoidReason::parse("taken twice").unwrap();
    store
        .void_payment(&supervisor(), payment.id, &reason)
        .await
        .unwrap();
}

/// Central's balance for the customer, as text with 2 places.
fn central_balance(central: &CentralDouble, id: i64) -> String {
    let balance = central.customer(id).unwrap()["balance"].as_f64().unwrap();
    format!("{balance:.2}")
}

async fn local_balance(store: &Store, email: &str) -> String {
    find(store, email).await.balance.to_string()
}

/// Nothing waits: no entry to send, no conflict for a person.
async fn settled(desk: &Desk) {
    assert_eq!(
        desk.store.outbox_counts().await.unwrap(),
        Default::default(),
        "nothing left to send"
    );
    assert!(
        desk.store.conflicts().await.unwrap().is_empty(),
        "no conflict for a person"
    );
}

const BALANCE_PUT: &str = "/api/customers/";

#[tokio::test]
async fn payments_taken_offline_on_two_desks_both_count_without_a_conflict() {
    let central = central().await;
    let id = owing(&central, "Wanjiru", "w@x.ke");
    let (a, b) = (counter(&central).await, counter(&central).await);
    let at_a = find(&a.store, "w@x.ke").await.id;
    let at_b = find(&b.store, "w@x.ke").await.id;
    // Offline on both: A takes 100 and 50; B takes 200, and 30 that a supervisor voids.
    pay(&a.store, at_a, "100").await;
    pay(&a.store, at_a, "50").await;
    pay(&b.store, at_b, "200").await;
    let twice = pay(&b.store, at_b, "30").await;
    void(&b.store, &twice).await;
    assert_eq!(local_balance(&a.store, "w@x.ke").await, "850.00");
    assert_eq!(local_balance(&b.store, "w@x.ke").await, "800.00");

    a.engine.round().await;
    b.engine.round().await;
    a.engine.round().await;

    assert_eq!(central_balance(&central, id), "650.00", "1000 − 150 − 200");
    for desk in [&a, &b] {
        assert_eq!(local_balance(&desk.store, "w@x.ke").await, "650.00");
        settled(desk).await;
    }
}

#[tokio::test]
async fn a_lost_answer_is_recognised_on_the_retry_and_not_applied_twice() {
    let central = central().await;
    let id = owing(&central, "Otieno", "o@x.ke");
    let desk = counter(&central).await;
    let customer = find(&desk.store, "o@x.ke").await.id;
    pay(&desk.store, customer, "100").await;
    central.fault(Fault::ApplyThenDropResponse.on("PUT", BALANCE_PUT));
    desk.engine.round().await;
    assert_eq!(
        central_balance(&central, id),
        "900.00",
        "central applied it"
    );
    assert_eq!(desk.store.outbox_counts().await.unwrap().pending, 1);

    desk.engine.round().await;
    assert_eq!(central_balance(&central, id), "900.00", "not applied again");
    assert_eq!(local_balance(&desk.store, "o@x.ke").await, "900.00");
    settled(&desk).await;
}

#[tokio::test]
async fn a_write_that_never_landed_is_sent_again_from_centrals_balance() {
    let central = central().await;
    let id = owing(&central, "Akinyi", "ak@x.ke");
    let desk = counter(&central).await;
    let customer = find(&desk.store, "ak@x.ke").await.id;
    pay(&desk.store, customer, "100").await;
    central.fault(Fault::DropConnection.on("PUT", BALANCE_PUT));
    desk.engine.round().await;
    assert_eq!(central_balance(&central, id), "1000.00", "nothing landed");

    desk.engine.round().await;
    assert_eq!(central_balance(&central, id), "900.00");
    settled(&desk).await;
}

#[tokio::test]
async fn centrals_own_change_meanwhile_is_kept_and_the_payment_lands_on_top() {
    let central = central().await;
    let id = owing(&central, "Kamau", "k@x.ke");
    let desk = counter(&central).await;
    let customer = find(&desk.store, "k@x.ke").await.id;
    pay(&desk.store, customer, "100").await;
    // Central bills the customer 500 while the desk cannot reach it: the push fails, and the
    // pull that follows must neither take central's 1,500 over the payment nor call it a
    // conflict.
    let token = login(&central).await;
    put(&central, &token, id, json!({"balance": 1500.0})).await;
    central.fault(Fault::Status(503).on("GET", &format!("/api/customers/{id}")));
    desk.engine.round().await;
    assert_eq!(local_balance(&desk.store, "k@x.ke").await, "900.00");
    assert!(desk.store.conflicts().await.unwrap().is_empty());

    for entry in desk.store.outbox_open_for(customer).await.unwrap() {
        desk.store.outbox_retry(entry.seq).await.unwrap();
    }
    desk.engine.round().await;
    assert_eq!(central_balance(&central, id), "1400.00");
    assert_eq!(local_balance(&desk.store, "k@x.ke").await, "1400.00");
    settled(&desk).await;
}

#[tokio::test]
async fn a_customer_made_offline_reaches_central_with_their_opening_balance_and_payment() {
    let central = central().await;
    let desk = counter(&central).await;
    let new = infora_domain::NewCustomer::from_json(
        &json!({"name": "Njeri", "email": "n@x.ke", "phone": "0712345678", "balance": "300"}),
        Default::default(),
    )
    .unwrap();
    let made = desk.store.create_customer(&actor(), &new).await.unwrap();
    pay(&desk.store, made.id, "120").await;
    desk.engine.round().await;
    let id = find(&desk.store, "n@x.ke").await.central_id.unwrap();
    assert_eq!(central_balance(&central, id), "180.00");
    settled(&desk).await;
}

/// After a lost answer, the other desk's payment lands: central's balance is neither the one
/// read nor the one written, and the desk asks instead of guessing.
async fn lost_then_moved(central: &CentralDouble, fault: Fault) -> (Desk, Desk, i64, CustomerId) {
    let id = owing(central, "Chebet", "c@x.ke");
    let (a, b) = (counter(central).await, counter(central).await);
    let at_a = find(&a.store, "c@x.ke").await.id;
    let at_b = find(&b.store, "c@x.ke").await.id;
    pay(&a.store, at_a, "100").await;
    pay(&b.store, at_b, "200").await;
    central.fault(fault.on("PUT", BALANCE_PUT));
    a.engine.round().await;
    b.engine.round().await;
    a.engine.round().await;
    (a, b, id, at_a)
}

#[tokio::test]
async fn when_central_moved_after_a_lost_answer_a_person_is_asked_and_told_both_balances() {
    let central = central().await;
    let (a, _b, id, customer) = lost_then_moved(&central, Fault::ApplyThenDropResponse).await;
    assert_eq!(central_balance(&central, id), "700.00", "both landed");
    let conflicts = a.store.conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let Disagreement::LostAnswer(LostAnswer {
        change,
        read,
        aimed,
        now,
        ..
    }) = &conflicts[0].about
    else {
        panic!("not a lost answer: {conflicts:?}");
    };
    let shown = [change, read, aimed, now].map(ToString::to_string);
    assert_eq!(shown, ["-100.00", "1000.00", "900.00", "700.00"]);
    // Meanwhile the customer's next payment waits behind the question.
    pay(&a.store, customer, "10").await;
    a.engine.round().await;
    assert_eq!(
        central_balance(&central, id),
        "700.00",
        "nothing sent meanwhile"
    );

    // The person sees central moved by exactly the other desk's 200: central has it.
    a.store
        .resolve_conflict(
            &actor(),
            customer,
            &ConflictOn::LostAnswer,
            Resolution::TakeTheirs,
        )
        .await
        .unwrap();
    a.engine.round().await;
    assert_eq!(
        central_balance(&central, id),
        "690.00",
        "1000 − 100 − 200 − 10"
    );
    assert_eq!(local_balance(&a.store, "c@x.ke").await, "690.00");
    settled(&a).await;
}

#[tokio::test]
async fn a_person_who_says_central_lacks_the_payment_has_it_sent_again_from_centrals_balance() {
    let central = central().await;
    let (a, _b, id, customer) = lost_then_moved(&central, Fault::DropConnection).await;
    assert_eq!(central_balance(&central, id), "800.00", "only B's landed");
    a.store
        .resolve_conflict(
            &actor(),
            customer,
            &ConflictOn::LostAnswer,
            Resolution::KeepMine,
        )
        .await
        .unwrap();
    a.engine.round().await;
    assert_eq!(central_balance(&central, id), "700.00");
    assert_eq!(local_balance(&a.store, "c@x.ke").await, "700.00");
    settled(&a).await;
}

#[tokio::test]
async fn payments_on_two_desks_killed_at_any_step_of_the_push_count_exactly_once() {
    let faults = [
        None,
        // Central applied the write and the answer never came.
        Some(Fault::ApplyThenDropResponse.on("PUT", BALANCE_PUT)),
        // The write never reached central.
        Some(Fault::DropConnection.on("PUT", BALANCE_PUT)),
        // Reading central's balance failed.
        Some(Fault::Status(500).on("GET", "/api/customers/")),
    ];
    for step in [
        Step::PushBeforeRequest,
        Step::PushAimed,
        Step::PushAfterAnswer,
    ] {
        for fault in &faults {
            // A failed read holds its customer's payments back for a backoff: the other
            // customer's two payments still reach each step twice.
            for nth in 1..=2 {
                let case = format!("{step:?} #{nth} {fault:?}");
                let central = central().await;
                let ids = [
                    owing(&central, "One", "one@x.ke"),
                    owing(&central, "Two", "two@x.ke"),
                ];
                let (a, b) = (counter(&central).await, counter(&central).await);
                for (desk, amounts) in [(&a, ["100", "15.50"]), (&b, ["200", "0.25"])] {
                    for email in ["one@x.ke", "two@x.ke"] {
                        let customer = find(&desk.store, email).await.id;
                        for amount in amounts {
                            pay(&desk.store, customer, amount).await;
                        }
                    }
                }
                let twice = pay(&b.store, find(&b.store, "one@x.ke").await.id, "40").await;
                void(&b.store, &twice).await;
                // Each desk crashes at the step, restarts and syncs to the end.
                for desk in [&a, &b] {
                    if let Some(fault) = fault {
                        central.fault(fault.clone());
                    }
                    let (probe, crashed) = crash_at(step, nth);
                    crash_and_restart(desk, probe, crashed).await;
                }
                // Then each syncs again, so each pulls what the other sent.
                for desk in [&a, &b, &a] {
                    reopened(desk).await.round().await;
                }
                for id in ids {
                    assert_eq!(
                        central_balance(&central, id),
                        "684.25",
                        "1000 − 115.50 − 200.25: {case}"
                    );
                }
                for desk in [&a, &b] {
                    let store = Store::open(&desk.path).await.unwrap();
                    for email in ["one@x.ke", "two@x.ke"] {
                        assert_eq!(local_balance(&store, email).await, "684.25", "{case}");
                    }
                    assert_eq!(
                        store.outbox_counts().await.unwrap(),
                        Default::default(),
                        "{case}"
                    );
                    assert!(store.conflicts().await.unwrap().is_empty(), "{case}");
                    store.close().await;
                }
            }
        }
    }
}

/// The desk's engine on a fresh handle of its store, as after the restart, with whatever waits
/// for a retry's backoff due now (as the queue's "Retry" makes it).
async fn reopened(desk: &Desk) -> infora_sync::SyncEngine {
    let store = Store::open(&desk.path).await.unwrap();
    let open = store.outbox_open(Default::default()).await.unwrap().items;
    for entry in open {
        // One behind its customer's earlier entry is refused as waiting: it goes after it.
        let _ = store.outbox_retry(entry.seq).await;
    }
    engine(&store, &desk.vault, options(Probe::default())).await
}
