//! What sync tells the desk's people (notices, shown once as desktop notifications and kept in
//! the in-app list): a customer's status changed on central, a change central refused, a new
//! conflict; each kind can be turned off.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use infora_domain::{CustomerStatus, NewCustomer};
use infora_store::{NoticeKind, Store};
use serde_json::json;

async fn kinds(store: &Store) -> Vec<NoticeKind> {
    let notices = store.notices().await.unwrap();
    notices.items.iter().map(|n| n.kind).collect()
}

#[tokio::test]
async fn a_status_changed_on_central_is_told_once_and_stays_in_the_list_until_read() {
    let central = central().await;
    let id = central.insert_customer(
        json!({"name": "Wanjiru", "email": "w@x.ke", "phone": "+254700000001", "status": "active"}),
    );
    let desk = desk(&central).await;
    desk.engine.round().await;
    assert!(
        kinds(&desk.store).await.is_empty(),
        "a first pull tells nothing"
    );

    put(
        &central,
        &login(&central).await,
        id,
        json!({"status": "suspended"}),
    )
    .await;
    desk.engine.round().await;
    let notices = desk.store.notices().await.unwrap();
    assert_eq!(notices.unread, 1);
    let told = &notices.items[0];
    assert_eq!(told.kind, NoticeKind::StatusChanged);
    assert_eq!(told.title, "Wanjiru: suspended on central");
    assert_eq!(
        told.body,
        "The central system changed Wanjiru's status from active to suspended."
    );
    assert_eq!(told.customer_id, Some(find(&desk.store, "w@x.ke").await.id));

    // Shown as a desktop notification once.
    assert_eq!(desk.store.undelivered_notices().await.unwrap().len(), 1);
    assert!(desk.store.undelivered_notices().await.unwrap().is_empty());
    // A round that changes nothing tells nothing more.
    desk.engine.round().await;
    assert_eq!(desk.store.notices().await.unwrap().items.len(), 1);

    desk.store.mark_notices_read().await.unwrap();
    let notices = desk.store.notices().await.unwrap();
    assert_eq!(notices.unread, 0);
    assert!(notices.items[0].read, "kept in the list, read");
}

#[tokio::test]
async fn a_refusal_and_a_new_conflict_are_told_and_a_conflict_only_once() {
    let central = central().await;
    central
        .insert_customer(json!({"name": "Taken", "email": "taken@x.ke", "phone": "+254700000009"}));
    let desk = desk(&central).await;
    // Made here before the pull knew of central's: central refuses the email (409).
    let new = NewCustomer::from_json(
        &json!({"name": "Second", "email": "Taken@x.ke", "phone": "0712000111"}),
        Default::default(),
    )
    .unwrap();
    desk.store.create_customer(&actor(), &new).await.unwrap();
    desk.engine.round().await;
    assert!(
        kinds(&desk.store).await.contains(&NoticeKind::SyncRefused),
        "{:?}",
        desk.store.notices().await.unwrap()
    );

    let mine = create_and_sync(&desk, &central, "Odhiambo", "odhiambo@x.ke").await;
    put(
        &central,
        &login(&central).await,
        mine.1,
        json!({"status": "pending"}),
    )
    .await;
    desk.store
        .set_status(&actor(), mine.0, CustomerStatus::Suspended)
        .await
        .unwrap();
    desk.engine.round().await;
    desk.engine.round().await;
    let conflicts = kinds(&desk.store)
        .await
        .into_iter()
        .filter(|k| *k == NoticeKind::SyncConflict)
        .count();
    assert_eq!(conflicts, 1, "told once, however many rounds find it");
}

/// A customer made here and synced: its local and central ids.
async fn create_and_sync(
    desk: &Desk,
    central: &infora_central_double::CentralDouble,
    name: &str,
    email: &str,
) -> (infora_domain::CustomerId, i64) {
    let new = NewCustomer::from_json(
        &json!({"name": name, "email": email, "phone": "0712345678"}),
        Default::default(),
    )
    .unwrap();
    let made = desk.store.create_customer(&actor(), &new).await.unwrap();
    desk.engine.round().await;
    let central_id = desk.store.get_customer(made.id).await.unwrap().central_id;
    assert!(central.customer(central_id.unwrap()).is_some());
    (made.id, central_id.unwrap())
}

#[tokio::test]
async fn a_kind_turned_off_is_not_recorded() {
    let central = central().await;
    let id = central
        .insert_customer(json!({"name": "Otieno", "email": "o@x.ke", "phone": "+254700000002"}));
    let desk = desk(&central).await;
    desk.engine.round().await;
    desk.store
        .set_notice_kind(&supervisor(), NoticeKind::StatusChanged, false)
        .await
        .unwrap();
    let off = desk.store.notice_kinds().await.unwrap();
    assert!(off
        .iter()
        .any(|k| k.kind == NoticeKind::StatusChanged && !k.enabled));
    put(
        &central,
        &login(&central).await,
        id,
        json!({"status": "pending"}),
    )
    .await;
    desk.engine.round().await;
    assert!(kinds(&desk.store).await.is_empty());

    desk.store
        .notice_backup_failed("the disk is full")
        .await
        .unwrap();
    assert_eq!(kinds(&desk.store).await, [NoticeKind::BackupFailed]);
}
