//! Who is at the desk: the first setup, PINs kept only as argon2id hashes, the wrong-PIN
//! throttle, and what a cashier is refused (with nothing changed).

use super::{create_json, fixture, Fixture};
use chrono::Duration;
use infora_domain::{DeskSettings, Money, Operator, OperatorId, OperatorName, Pin, Role, ShopName};
use infora_store::{Clash, Error, ErrorCode, OperatorChange, SignInRefused, Store};
use serde_json::json;

fn name(raw: &str) -> OperatorName {
    OperatorName::parse(raw).unwrap()
}

fn pin(raw: &str) -> Pin {
    Pin::parse(raw).unwrap()
}

fn shop() -> ShopName {
    ShopName::parse("Mama Njeri WiFi").unwrap()
}

/// A desk set up by Sam (supervisor, PIN 2468) with a cashier, Carol (PIN 1357).
async fn desk() -> (Fixture, Operator, Operator) {
    let f = fixture().await;
    let sam = f
        .store
        .set_up_desk(&name("Sam Supervisor"), &pin("2468"), &shop())
        .await
        .unwrap();
    let carol = f
        .store
        .add_operator(&sam, &name("Carol Cashier"), Role::Cashier, &pin("1357"))
        .await
        .unwrap()
        .operator();
    (f, sam, carol)
}

async fn stored_hashes(store: &Store) -> Vec<String> {
    // The table is read directly: no API hands out a hash.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", store.path().display()))
        .await
        .unwrap();
    let hashes = sqlx::query_scalar("SELECT pin_hash FROM operators ORDER BY created_at")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    hashes
}

#[tokio::test]
async fn the_desk_is_set_up_once_with_its_first_supervisor_and_shop_name() {
    let f = fixture().await;
    assert!(f.store.desk_needs_setup().await.unwrap(), "a new store");
    let sam = f
        .store
        .set_up_desk(&name("Sam Supervisor"), &pin("2468"), &shop())
        .await
        .unwrap();
    assert_eq!(sam.role, Role::Supervisor, "the first operator supervises");
    assert!(!f.store.desk_needs_setup().await.unwrap());
    assert_eq!(
        f.store.settings().await.unwrap().shop_name,
        shop(),
        "receipts print the shop's name given at setup"
    );

    let again = f
        .store
        .set_up_desk(&name("Mallory"), &pin("0000"), &ShopName::default())
        .await
        .unwrap_err();
    assert!(
        matches!(again, Error::Clash(Clash::DeskSetUp)),
        "nobody makes themselves a supervisor on a desk that has one: {again:?}"
    );
    let listed = f.store.operators().await.unwrap();
    assert_eq!(listed.len(), 1, "the second setup added nobody");
    assert_eq!(f.store.settings().await.unwrap().shop_name, shop());
}

#[tokio::test]
async fn pins_are_kept_only_as_argon2id_phc_strings() {
    let (f, _, _) = desk().await;
    let hashes = stored_hashes(&f.store).await;
    assert_eq!(hashes.len(), 2);
    for (hash, typed) in hashes.iter().zip(["2468", "1357"]) {
        assert!(
            hash.starts_with("$argon2id$v=19$"),
            "a PHC string of argon2id: {hash}"
        );
        assert!(!hash.contains(typed), "the PIN itself is never stored");
    }
    let listed = serde_json::to_string(&f.store.operators().await.unwrap()).unwrap();
    assert!(
        !listed.contains("argon2"),
        "the list never carries a hash: {listed}"
    );
}

#[tokio::test]
async fn the_right_pin_signs_in_and_a_wrong_one_is_refused() {
    let (f, sam, carol) = desk().await;
    assert_eq!(
        f.store.sign_in(carol.id, &pin("1357")).await.unwrap(),
        carol
    );
    assert_eq!(f.store.sign_in(sam.id, &pin("2468")).await.unwrap(), sam);
    let wrong = f.store.sign_in(carol.id, &pin("2468")).await.unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::Unauthorized);
    assert_eq!(
        wrong.to_string(),
        "Wrong PIN. 2 more tries before a wait.",
        "another operator's PIN is a wrong PIN"
    );
    let unknown = f.store.sign_in(OperatorId::new(), &pin("1357")).await;
    assert_eq!(unknown.unwrap_err().code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn wrong_pins_wait_30_seconds_after_the_third_then_twice_as_long_each_time() {
    let (f, _, carol) = desk().await;
    let nines = pin("9999");
    let wrong = || f.store.sign_in(carol.id, &nines);
    assert!(matches!(
        wrong().await.unwrap_err(),
        Error::SignIn(SignInRefused::WrongPin {
            tries_left: 2,
            wait_seconds: None
        })
    ));
    assert!(matches!(
        wrong().await.unwrap_err(),
        Error::SignIn(SignInRefused::WrongPin {
            tries_left: 1,
            wait_seconds: None
        })
    ));
    let third = wrong().await.unwrap_err();
    assert_eq!(
        third.wait_seconds(),
        Some(30),
        "the third wrong PIN starts a wait"
    );
    assert_eq!(
        third.to_string(),
        "Wrong PIN. Too many wrong PINs: wait 30 seconds, then try again."
    );

    // While waiting, even the right PIN is refused without being looked at.
    f.clock.advance(Duration::seconds(10));
    let waiting = f.store.sign_in(carol.id, &pin("1357")).await.unwrap_err();
    assert_eq!(
        waiting.to_string(),
        "Too many wrong PINs: wait 20 seconds, then try again.",
        "the error says how long is left"
    );
    assert_eq!(waiting.wait_seconds(), Some(20));

    f.clock.advance(Duration::seconds(20));
    assert_eq!(
        wrong().await.unwrap_err().wait_seconds(),
        Some(60),
        "doubled"
    );
    f.clock.advance(Duration::seconds(60));
    assert_eq!(wrong().await.unwrap_err().wait_seconds(), Some(120));
    for _ in 0..5 {
        let waited = f.store.sign_in(carol.id, &pin("0000")).await.unwrap_err();
        f.clock
            .advance(Duration::seconds(waited.wait_seconds().unwrap() as i64));
        wrong().await.unwrap_err();
    }
    let capped = f.store.sign_in(carol.id, &pin("1357")).await.unwrap_err();
    assert_eq!(
        capped.wait_seconds(),
        Some(15 * 60),
        "the wait stops growing at 15 minutes"
    );
    assert_eq!(
        capped.to_string(),
        "Too many wrong PINs: wait 15 minutes, then try again."
    );

    f.clock.advance(Duration::minutes(15));
    assert_eq!(
        f.store.sign_in(carol.id, &pin("1357")).await.unwrap(),
        carol
    );
    assert!(
        matches!(
            wrong().await.unwrap_err(),
            Error::SignIn(SignInRefused::WrongPin { tries_left: 2, .. })
        ),
        "the right PIN starts the count again"
    );
}

#[tokio::test]
async fn a_restart_does_not_lift_the_wait() {
    let (f, _, carol) = desk().await;
    for _ in 0..3 {
        f.store.sign_in(carol.id, &pin("0000")).await.unwrap_err();
    }
    let path = f.store.path().to_path_buf();
    f.store.close().await;
    let options = infora_store::StoreOptions {
        clock: f.clock.clone(),
        ..infora_store::StoreOptions::default()
    };
    let reopened = Store::open_with(&path, options).await.unwrap();
    let refused = reopened.sign_in(carol.id, &pin("1357")).await.unwrap_err();
    assert_eq!(refused.wait_seconds(), Some(30), "the wait is in the file");
}

#[tokio::test]
async fn a_new_pin_replaces_the_old_and_lifts_the_wait() {
    let (f, sam, carol) = desk().await;
    for _ in 0..3 {
        f.store.sign_in(carol.id, &pin("0000")).await.unwrap_err();
    }
    let reset = OperatorChange {
        pin: Some(pin("86420")),
        ..OperatorChange::default()
    };
    f.store
        .update_operator(&sam, carol.id, &reset)
        .await
        .unwrap();
    assert_eq!(
        f.store.sign_in(carol.id, &pin("86420")).await.unwrap(),
        carol,
        "no wait after a supervisor reset the PIN"
    );
    let old = f.store.sign_in(carol.id, &pin("1357")).await.unwrap_err();
    assert_eq!(old.code(), ErrorCode::Unauthorized, "the old PIN is gone");
}

#[tokio::test]
async fn names_are_unique_whatever_their_case() {
    let (f, sam, _) = desk().await;
    let taken = f
        .store
        .add_operator(&sam, &name("carol cashier"), Role::Supervisor, &pin("1111"))
        .await
        .unwrap_err();
    assert_eq!(taken.code(), ErrorCode::Clash);
    let Error::Clash(clash) = &taken else {
        panic!("{taken:?}")
    };
    assert_eq!(
        clash.fields()[0].field,
        "name",
        "the form shows it at the name"
    );
    assert_eq!(f.store.operators().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_deactivated_operator_cannot_sign_in_until_turned_back_on() {
    let (f, sam, carol) = desk().await;
    let off = OperatorChange {
        active: Some(false),
        ..OperatorChange::default()
    };
    let listed = f.store.update_operator(&sam, carol.id, &off).await.unwrap();
    assert!(!listed.active);
    let refused = f.store.sign_in(carol.id, &pin("1357")).await.unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Carol Cashier can no longer sign in at this desk; a supervisor can turn them back on."
    );
    let on = OperatorChange {
        active: Some(true),
        ..OperatorChange::default()
    };
    f.store.update_operator(&sam, carol.id, &on).await.unwrap();
    f.store.sign_in(carol.id, &pin("1357")).await.unwrap();
}

#[tokio::test]
async fn the_last_active_supervisor_cannot_be_demoted_or_deactivated() {
    let (f, sam, carol) = desk().await;
    for change in [
        OperatorChange {
            role: Some(Role::Cashier),
            ..OperatorChange::default()
        },
        OperatorChange {
            active: Some(false),
            ..OperatorChange::default()
        },
    ] {
        let refused = f
            .store
            .update_operator(&sam, sam.id, &change)
            .await
            .unwrap_err();
        assert!(
            matches!(refused, Error::Clash(Clash::LastSupervisor { .. })),
            "{change:?}: {refused:?}"
        );
        assert_eq!(
            refused.to_string(),
            "Sam Supervisor is the desk's last active supervisor: make another operator a \
             supervisor first"
        );
    }
    let sam_now = &f.store.operators().await.unwrap()[1];
    assert_eq!(
        (sam_now.name.as_str(), sam_now.role, sam_now.active),
        ("Sam Supervisor", Role::Supervisor, true),
        "nothing changed"
    );

    // With a second supervisor, the first may step down.
    let promote = OperatorChange {
        role: Some(Role::Supervisor),
        ..OperatorChange::default()
    };
    f.store
        .update_operator(&sam, carol.id, &promote)
        .await
        .unwrap();
    let demote = OperatorChange {
        role: Some(Role::Cashier),
        ..OperatorChange::default()
    };
    let sam_after = f
        .store
        .update_operator(&sam, sam.id, &demote)
        .await
        .unwrap();
    assert_eq!(sam_after.role, Role::Cashier);
}

#[tokio::test]
async fn a_cashier_is_refused_every_supervisor_only_action_and_nothing_changes() {
    let (f, sam, carol) = desk().await;
    let customer = create_json(
        &f.store,
        json!({"name": "Jane", "email": "jane@example.com", "phone": "0712345678", "balance": "100"}),
    )
    .await
    .unwrap();
    let forbidden = |error: Error, refusal: &str| {
        assert_eq!(error.code(), ErrorCode::Forbidden, "{error:?}");
        assert_eq!(error.to_string(), refusal);
    };

    forbidden(
        f.store
            .set_balance(&carol, customer.id, Money::parse("balance", "0").unwrap())
            .await
            .unwrap_err(),
        "Only a supervisor can set a balance directly; take a payment instead.",
    );
    let balance_patch = infora_domain::CustomerPatch {
        balance: Some(Money::parse("balance", "0").unwrap()),
        ..infora_domain::CustomerPatch::default()
    };
    forbidden(
        f.store
            .edit_customer(&carol, customer.id, &balance_patch)
            .await
            .unwrap_err(),
        "Only a supervisor can set a balance directly; take a payment instead.",
    );
    forbidden(
        f.store
            .delete_customer(&carol, customer.id)
            .await
            .unwrap_err(),
        "Only a supervisor can delete a customer.",
    );
    forbidden(
        f.store
            .add_operator(&carol, &name("Eve"), Role::Supervisor, &pin("1111"))
            .await
            .unwrap_err(),
        "Only a supervisor can manage the desk's operators.",
    );
    let promote_self = OperatorChange {
        role: Some(Role::Supervisor),
        ..OperatorChange::default()
    };
    forbidden(
        f.store
            .update_operator(&carol, carol.id, &promote_self)
            .await
            .unwrap_err(),
        "Only a supervisor can manage the desk's operators.",
    );
    let settings = DeskSettings {
        idle_lock_minutes: Some(1),
        ..DeskSettings::default()
    };
    forbidden(
        f.store.save_settings(&carol, &settings).await.unwrap_err(),
        "Only a supervisor can change the desk's settings.",
    );

    let after = f.store.get_customer(customer.id).await.unwrap();
    assert_eq!(after, customer, "the customer is as it was");
    let history = f
        .store
        .customer_history(customer.id, Default::default())
        .await
        .unwrap();
    assert_eq!(history.total, 1, "only the creation is in the history");
    let operators = f.store.operators().await.unwrap();
    assert_eq!(operators.len(), 2, "no operator was added");
    assert!(operators
        .iter()
        .all(|o| o.id != carol.id || o.role == Role::Cashier));
    assert_eq!(
        f.store.settings().await.unwrap().idle_lock_minutes,
        None,
        "the settings are as they were"
    );

    // The same actions by the supervisor go through, and the history names them.
    f.store
        .set_balance(&sam, customer.id, Money::parse("balance", "0").unwrap())
        .await
        .unwrap();
    let history = f
        .store
        .customer_history(customer.id, Default::default())
        .await
        .unwrap();
    assert_eq!(history.items[0].actor.as_str(), "Sam Supervisor");
}
