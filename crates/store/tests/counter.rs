//! The cashier's counter: payments with receipts numbered per desk, voids, statements and
//! shifts. Each refusal is a clear error that changes nothing.

// Helpers here unwrap like the tests they serve: a panic is a failing test with its message.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, TimeZone, Utc};
use infora_domain::{
    counted_cash, Customer, CustomerPatch, ManualClock, Money, MovementKind, NewCustomer,
    NewDeskPayment, Operator, OperatorId, OperatorName, PaymentKind, PaymentMethod, PhoneRegion,
    Role, Rule, Shift, VoidReason,
};
use infora_store::{Actor, Clash, Error, ErrorCode, Store, StoreOptions};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::sync::Arc;
use tempfile::TempDir;

struct Desk {
    store: Store,
    clock: Arc<ManualClock>,
    cashier: Operator,
    supervisor: Operator,
    _dir: TempDir,
}

async fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap(),
    ));
    let options = StoreOptions {
        clock: clock.clone(),
        ..StoreOptions::default()
    };
    let store = Store::open_with(dir.path().join("desk.db"), options)
        .await
        .unwrap();
    Desk {
        store,
        clock,
        cashier: operator("Carol Cashier", Role::Cashier),
        supervisor: operator("Sam Supervisor", Role::Supervisor),
        _dir: dir,
    }
}

fn operator(name: &str, role: Role) -> Operator {
    Operator {
        id: OperatorId::new(),
        name: OperatorName::parse(name).unwrap(),
        role,
    }
}

impl Desk {
    async fn customer(&self, email: &str, balance: &str) -> Customer {
        let new = NewCustomer::from_input(
            &json!({"name": "Wanjirũ Nyambũra", "email": email, "phone": "0712 345 678",
                    "balance": balance}),
            PhoneRegion::kenya(),
            self.store.now(),
        )
        .unwrap();
        self.store
            .create_customer(&Actor::new("setup"), &new)
            .await
            .unwrap()
    }

    async fn open(&self, float: &str) -> Shift {
        self.store
            .open_shift(&self.cashier, counted_cash("float", float).unwrap())
            .await
            .unwrap()
    }

    async fn pay(
        &self,
        customer: &Customer,
        body: Value,
    ) -> Result<infora_domain::DeskPayment, Error> {
        let new = NewDeskPayment::from_input(&body).map_err(Error::from)?;
        self.store
            .take_payment(&self.cashier, customer.id, &new)
            .await
    }

    async fn balance(&self, customer: &Customer) -> String {
        self.store
            .get_customer(customer.id)
            .await
            .unwrap()
            .balance
            .to_string()
    }

    /// What a refused operation must leave as it was.
    async fn snapshot(&self, customer: &Customer) -> Value {
        let c = self.store.get_customer(customer.id).await.unwrap();
        let statement = self.store.statement(customer.id, None, None).await.unwrap();
        let outbox = self.store.outbox_counts().await.unwrap();
        json!({
            "customer": serde_json::to_value(&c).unwrap(),
            "statement": serde_json::to_value(&statement).unwrap(),
            "outbox": [outbox.pending, outbox.in_flight, outbox.refused],
            "history": self.store.customer_history(customer.id, Default::default()).await.unwrap().total,
        })
    }
}

#[tokio::test]
async fn a_payment_takes_its_receipt_balance_statement_history_and_outbox_at_once() {
    let d = desk().await;
    let c = d.customer("a@example.com", "1500").await;
    let shift = d.open("2000").await;
    let outbox_before = d.store.outbox_counts().await.unwrap();

    let p = d
        .pay(
            &c,
            json!({"amount": "1000", "method": "cash", "note": "December"}),
        )
        .await
        .unwrap();
    let code = d.store.desk_code().await.unwrap();
    assert_eq!(p.receipt_number, format!("{code}-20261203-000001"));
    assert_eq!(p.kind, PaymentKind::Payment);
    assert_eq!(p.amount.to_string(), "1000.00");
    assert_eq!(p.balance_after.to_string(), "500.00");
    assert_eq!(p.operator_name, "Carol Cashier");
    assert_eq!(p.shift_id, shift.id);
    assert_eq!(p.customer_name, "Wanjirũ Nyambũra");
    assert_eq!(p.note.as_deref(), Some("December"));
    assert_eq!(p.id.as_uuid().get_version_num(), 7, "UUIDv7");

    let after = d.store.get_customer(c.id).await.unwrap();
    assert_eq!(after.balance.to_string(), "500.00");
    assert_eq!(after.last_payment_date, Some(d.store.now()));

    let history = d
        .store
        .customer_history(c.id, Default::default())
        .await
        .unwrap();
    assert_eq!(history.items[0].actor.as_str(), "Carol Cashier");

    let statement = d.store.statement(c.id, None, None).await.unwrap();
    assert_eq!(statement.opening.to_string(), "1500.00");
    assert_eq!(statement.entries.len(), 1);
    let entry = &statement.entries[0];
    assert_eq!(entry.kind, MovementKind::Payment);
    assert_eq!(entry.change.to_string(), "-1000.00");
    assert_eq!(
        entry.receipt_number.as_deref(),
        Some(p.receipt_number.as_str())
    );
    assert_eq!(entry.method, Some(PaymentMethod::Cash));
    assert_eq!(statement.closing.to_string(), "500.00");

    let outbox = d.store.outbox_counts().await.unwrap();
    assert_eq!(
        outbox.pending,
        outbox_before.pending + 1,
        "the balance change is queued for central"
    );

    // The next receipt follows without a gap, and is found again by its number.
    let q = d
        .pay(&c, json!({"amount": "20", "method": "card"}))
        .await
        .unwrap();
    assert_eq!(q.receipt_number, format!("{code}-20261203-000002"));
    assert_eq!(d.store.receipt(p.id).await.unwrap(), p);
    assert_eq!(
        d.store
            .receipt_by_number(&q.receipt_number)
            .await
            .unwrap()
            .id,
        q.id
    );
}

#[tokio::test]
async fn the_receipt_date_is_the_desks_and_the_sequence_runs_on_across_days() {
    let d = desk().await;
    let c = d.customer("a@example.com", "0").await;
    d.open("0").await;
    d.pay(&c, json!({"amount": "1", "method": "cash"}))
        .await
        .unwrap();
    d.clock.advance(Duration::days(1));
    let p = d
        .pay(&c, json!({"amount": "1", "method": "cash"}))
        .await
        .unwrap();
    assert!(
        p.receipt_number.ends_with("-20261204-000002"),
        "{}",
        p.receipt_number
    );
    assert_eq!(
        p.balance_after.to_string(),
        "-2.00",
        "a customer may pay ahead (credit)"
    );
}

#[tokio::test]
async fn a_refused_payment_changes_nothing_and_uses_no_number() {
    let d = desk().await;
    let c = d.customer("a@example.com", "-99999999.00").await;

    // No shift open yet.
    let before = d.snapshot(&c).await;
    let err = d
        .pay(&c, json!({"amount": "1", "method": "cash"}))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Clash(Clash::NoOpenShift)), "{err}");
    assert_eq!(d.snapshot(&c).await, before);

    d.open("0").await;
    // The balance cannot go below its lowest.
    let err = d
        .pay(&c, json!({"amount": "1000", "method": "cash"}))
        .await
        .unwrap_err();
    let Error::Validation(fields) = &err else {
        panic!("{err}")
    };
    assert_eq!(fields.fields()[0].field, "amount");
    assert_eq!(fields.fields()[0].rule, Rule::OutOfRange);
    // Bad amounts never reach the store.
    for amount in ["0", "-5", "10.005", ""] {
        let err = d
            .pay(&c, json!({"amount": amount, "method": "cash"}))
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{amount}");
    }
    assert_eq!(d.snapshot(&c).await, before);

    let p = d
        .pay(&c, json!({"amount": "0.01", "method": "cash"}))
        .await
        .unwrap();
    assert!(
        p.receipt_number.ends_with("-000001"),
        "refusals took no number"
    );
}

#[tokio::test]
async fn an_mpesa_code_is_taken_once_and_the_refusal_names_its_receipt() {
    let d = desk().await;
    let a = d.customer("a@example.com", "500").await;
    let b = d.customer("b@example.com", "500").await;
    d.open("0").await;
    let first = d
        .pay(
            &a,
            json!({"amount": "100", "method": "mpesa", "code": "SGH4K2L9XQ"}),
        )
        .await
        .unwrap();
    assert_eq!(first.reference.as_deref(), Some("SGH4K2L9XQ"));

    let before = d.snapshot(&b).await;
    let err = d
        .pay(
            &b,
            json!({"amount": "100", "method": "mpesa", "code": "sgh4k2l9xq"}),
        )
        .await
        .unwrap_err();
    match &err {
        Error::Clash(clash @ Clash::MpesaCodeUsed { receipt, .. }) => {
            assert_eq!(receipt, &first.receipt_number);
            assert_eq!(clash.fields()[0].field, "code");
            assert!(err.to_string().contains(&first.receipt_number), "{err}");
        }
        other => panic!("{other}"),
    }
    assert_eq!(d.snapshot(&b).await, before);
}

#[tokio::test]
async fn only_a_supervisor_voids_and_a_void_reverses_with_its_own_receipt() {
    let d = desk().await;
    let c = d.customer("a@example.com", "1500").await;
    d.open("0").await;
    let p = d
        .pay(
            &c,
            json!({"amount": "1000", "method": "mpesa", "code": "SGH4K2L9XQ"}),
        )
        .await
        .unwrap();
    let reason = VoidReason::parse("taken for the wrong customer").unwrap();

    let before = d.snapshot(&c).await;
    let err = d
        .store
        .void_payment(&d.cashier, p.id, &reason)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden);
    assert_eq!(err.to_string(), "Only a supervisor can void a payment.");
    assert_eq!(d.snapshot(&c).await, before);

    let void = d
        .store
        .void_payment(&d.supervisor, p.id, &reason)
        .await
        .unwrap();
    assert_eq!(void.kind, PaymentKind::Void);
    assert_eq!(void.voids.as_deref(), Some(p.receipt_number.as_str()));
    assert!(void.receipt_number.ends_with("-000002"));
    assert_eq!(void.amount.to_string(), "1000.00");
    assert_eq!(void.balance_after.to_string(), "1500.00");
    assert_eq!(void.note.as_deref(), Some("taken for the wrong customer"));
    assert_eq!(void.operator_name, "Sam Supervisor");
    assert_eq!(d.balance(&c).await, "1500.00");

    // The payment is unchanged but marked, and can't be voided twice.
    let original = d.store.receipt(p.id).await.unwrap();
    assert_eq!(
        original.voided_by.as_deref(),
        Some(void.receipt_number.as_str())
    );
    assert_eq!(original.amount, p.amount);
    let err = d
        .store
        .void_payment(&d.supervisor, p.id, &reason)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Clash(Clash::AlreadyVoided { .. })),
        "{err}"
    );
    let err = d
        .store
        .void_payment(&d.supervisor, void.id, &reason)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);

    // The voided payment's code is free again: retaken for the right customer.
    let again = d
        .pay(
            &c,
            json!({"amount": "1000", "method": "mpesa", "code": "SGH4K2L9XQ"}),
        )
        .await
        .unwrap();
    assert!(again.receipt_number.ends_with("-000003"));

    let statement = d.store.statement(c.id, None, None).await.unwrap();
    let kinds: Vec<_> = statement.entries.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            MovementKind::Payment,
            MovementKind::Void,
            MovementKind::Payment
        ]
    );
    assert_eq!(statement.closing.to_string(), "500.00");
}

#[tokio::test]
async fn a_payment_at_the_desk_is_never_edited_in_the_file() {
    let d = desk().await;
    let c = d.customer("a@example.com", "10").await;
    d.open("0").await;
    d.pay(&c, json!({"amount": "10", "method": "cash"}))
        .await
        .unwrap();
    let mut tx = d.store.begin().await.unwrap();
    let err = sqlx::query("UPDATE payments SET amount_cents = 1")
        .execute(&mut *tx)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("never edited"), "{err}");
    let err = sqlx::query("DELETE FROM balance_movements")
        .execute(&mut *tx)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

#[tokio::test]
async fn a_shift_counts_by_method_and_closes_into_a_final_z_report() {
    let d = desk().await;
    let c = d.customer("a@example.com", "10000").await;
    let shift = d.open("2000").await;

    // One shift at a time.
    let err = d
        .store
        .open_shift(&d.supervisor, Money::ZERO)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Clash(Clash::ShiftOpen { .. })),
        "{err}"
    );

    d.pay(&c, json!({"amount": "500", "method": "cash"}))
        .await
        .unwrap();
    let wrong = d
        .pay(&c, json!({"amount": "300", "method": "cash"}))
        .await
        .unwrap();
    d.pay(
        &c,
        json!({"amount": "1200", "method": "mpesa", "code": "QWE1234567"}),
    )
    .await
    .unwrap();
    d.store
        .void_payment(&d.supervisor, wrong.id, &VoidReason::parse("typo").unwrap())
        .await
        .unwrap();

    let x = d.store.shift_report(&d.cashier, shift.id).await.unwrap();
    let cash = x
        .by_method
        .iter()
        .find(|m| m.method == PaymentMethod::Cash)
        .unwrap();
    assert_eq!((cash.count, cash.amount.to_string()), (2, "800.00".into()));
    let mpesa = x
        .by_method
        .iter()
        .find(|m| m.method == PaymentMethod::Mpesa)
        .unwrap();
    assert_eq!(
        (mpesa.count, mpesa.amount.to_string()),
        (1, "1200.00".into())
    );
    assert_eq!(x.by_method.len(), 5, "every method, even with nothing");
    assert_eq!((x.voids, x.voided.to_string()), (1, "300.00".into()));
    assert_eq!(x.net.to_string(), "1700.00");
    assert_eq!(
        x.expected_cash.to_string(),
        "2500.00",
        "float 2000 + cash 800 - void 300"
    );
    assert!(x.shift.closing.is_none());

    // A cashier can't see or close another's shift.
    let other = operator("Cate Cashier", Role::Cashier);
    let err = d.store.shift_report(&other, shift.id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden);

    d.clock.advance(Duration::hours(8));
    let counted = counted_cash("counted", "2450").unwrap();
    let z = d
        .store
        .close_shift(&d.cashier, shift.id, counted)
        .await
        .unwrap();
    let closing = z.shift.closing.clone().unwrap();
    let code = d.store.desk_code().await.unwrap();
    assert_eq!(closing.z_number, format!("Z-{code}-0001"));
    assert_eq!(closing.expected_cash.to_string(), "2500.00");
    assert_eq!(closing.counted_cash.to_string(), "2450.00");
    assert_eq!(closing.difference.to_string(), "-50.00");
    assert_eq!(closing.closed_by, "Carol Cashier");
    assert_eq!(z.as_of, d.store.now());

    // Final: no second close, no payment into it, the report reads the same later.
    let err = d
        .store
        .close_shift(&d.supervisor, shift.id, counted)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Clash(Clash::ShiftClosed { .. })),
        "{err}"
    );
    let err = d
        .pay(&c, json!({"amount": "1", "method": "cash"}))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Clash(Clash::NoOpenShift)), "{err}");
    d.clock.advance(Duration::hours(1));
    assert_eq!(
        d.store.shift_report(&d.supervisor, shift.id).await.unwrap(),
        z
    );
    let mut tx = d.store.begin().await.unwrap();
    let err = sqlx::query("UPDATE shifts SET counted_cents = 0")
        .execute(&mut *tx)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("closed shift"), "{err}");
    drop(tx);

    // The supervisor sees every shift; a cashier only their own.
    let next = d
        .store
        .open_shift(&d.supervisor, Money::ZERO)
        .await
        .unwrap();
    let all = d.store.shifts(&d.supervisor, 10).await.unwrap();
    assert_eq!(
        all.iter().map(|s| s.id).collect::<Vec<_>>(),
        [next.id, shift.id]
    );
    let mine = d.store.shifts(&d.cashier, 10).await.unwrap();
    assert_eq!(mine.iter().map(|s| s.id).collect::<Vec<_>>(), [shift.id]);
    assert_eq!(
        d.store
            .shift_payments(&d.cashier, shift.id)
            .await
            .unwrap()
            .len(),
        4
    );
}

#[tokio::test]
async fn a_statement_filters_by_date_and_brings_the_balance_forward() {
    let d = desk().await;
    let c = d.customer("a@example.com", "3000").await;
    d.open("0").await;
    d.pay(&c, json!({"amount": "1000", "method": "cash"}))
        .await
        .unwrap();
    d.clock.advance(Duration::days(2));
    let day2 = d.store.now();
    let patch = CustomerPatch {
        balance: Some(Money::parse("balance", "2500").unwrap()),
        ..CustomerPatch::default()
    };
    d.store
        .update_customer(&Actor::new("Sam Supervisor"), c.id, &patch)
        .await
        .unwrap();
    d.clock.advance(Duration::days(2));
    d.pay(&c, json!({"amount": "500", "method": "bank"}))
        .await
        .unwrap();

    let period = d
        .store
        .statement(c.id, Some(day2), Some(day2 + Duration::days(1)))
        .await
        .unwrap();
    assert!(period.earlier);
    assert_eq!(period.opening.to_string(), "2000.00");
    assert_eq!(period.entries.len(), 1);
    assert_eq!(period.entries[0].kind, MovementKind::Set);
    assert_eq!(period.entries[0].change.to_string(), "500.00");
    assert_eq!(period.entries[0].by, "Sam Supervisor");
    assert_eq!(period.closing.to_string(), "2500.00");

    let quiet = d
        .store
        .statement(
            c.id,
            Some(day2 + Duration::hours(1)),
            Some(day2 + Duration::hours(2)),
        )
        .await
        .unwrap();
    assert!(quiet.entries.is_empty());
    assert_eq!(quiet.opening, quiet.closing);
    assert_eq!(quiet.closing.to_string(), "2500.00");
}

/// One step a desk may take on a customer's balance.
#[derive(Debug, Clone)]
enum Step {
    Pay(i64),
    VoidNth(usize),
    Set(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (1i64..5_000_000).prop_map(Step::Pay),
        2 => (0usize..8).prop_map(Step::VoidNth),
        1 => (-5_000_000i64..5_000_000).prop_map(Step::Set),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any sequence of payments, voids and set balances leaves the statement adding up to the
    /// balance: it opens at the starting balance, each entry is the one before plus its change,
    /// and it closes at the balance the customer has.
    #[test]
    fn the_statement_always_adds_up_to_the_balance(
        opening in -1_000_000i64..1_000_000,
        steps in prop::collection::vec(step(), 0..24),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let d = desk().await;
            let c = d.customer("p@example.com", &Money::from_cents(opening).unwrap().to_string()).await;
            d.open("0").await;
            let mut payments = Vec::new();
            for step in steps {
                d.clock.advance(Duration::minutes(7));
                match step {
                    Step::Pay(cents) => {
                        let amount = Money::from_cents(cents).unwrap().to_string();
                        if let Ok(p) = d.pay(&c, json!({"amount": amount, "method": "cash"})).await {
                            payments.push(p.id);
                        }
                    }
                    Step::VoidNth(n) => {
                        if let Some(id) = payments.get(n) {
                            // A second void of the same payment is refused; that is fine here.
                            let _ = d.store.void_payment(&d.supervisor, *id, &VoidReason::parse("test").unwrap()).await;
                        }
                    }
                    Step::Set(cents) => {
                        let patch = CustomerPatch { balance: Some(Money::from_cents(cents).unwrap()), ..CustomerPatch::default() };
                        d.store.update_customer(&Actor::new("sup"), c.id, &patch).await.unwrap();
                    }
                }
            }
            let balance = d.store.get_customer(c.id).await.unwrap().balance;
            let statement = d.store.statement(c.id, None, None).await.unwrap();
            prop_assert_eq!(statement.opening.cents(), opening);
            let mut running = statement.opening.cents();
            for entry in &statement.entries {
                running += entry.change.cents();
                prop_assert_eq!(entry.balance_after.cents(), running);
            }
            prop_assert_eq!(statement.closing, balance);
            prop_assert_eq!(running, balance.cents());
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn a_ticket_opened_at_the_desk_is_numbered_named_and_resolved_with_a_note() {
    use infora_domain::{NewDeskTicket, ResolutionNote, TicketStatus};
    let d = desk().await;
    let c = d.customer("a@example.com", "0").await;
    let new = NewDeskTicket::from_input(&json!({
        "subject": "No internet since the storm", "description": "Router lights off.",
        "priority": "high", "category": "equipment"}))
    .unwrap();
    let t = d
        .store
        .open_desk_ticket(&d.cashier, c.id, &new)
        .await
        .unwrap();
    let code = d.store.desk_code().await.unwrap();
    assert_eq!(t.number, format!("T-{code}-00001"));
    assert_eq!(t.status, TicketStatus::Open);
    assert_eq!(t.opened_by.as_deref(), Some("Carol Cashier"));

    let moved = d
        .store
        .set_ticket_status(t.id, TicketStatus::InProgress)
        .await
        .unwrap();
    assert_eq!(moved.status, TicketStatus::InProgress);
    let err = d
        .store
        .set_ticket_status(t.id, TicketStatus::Resolved)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation, "resolving takes a note");

    d.clock.advance(Duration::hours(2));
    let note = ResolutionNote::parse("Replaced the router").unwrap();
    let done = d
        .store
        .resolve_ticket(&d.supervisor, t.id, &note)
        .await
        .unwrap();
    assert_eq!(done.status, TicketStatus::Resolved);
    assert_eq!(done.resolved_by.as_deref(), Some("Sam Supervisor"));
    assert_eq!(done.resolution_note.as_deref(), Some("Replaced the router"));
    assert_eq!(done.resolved_at, Some(d.store.now()));

    // Reopened, it loses its resolution; listed with the customer's tickets.
    let reopened = d
        .store
        .set_ticket_status(t.id, TicketStatus::Open)
        .await
        .unwrap();
    assert_eq!(
        (reopened.resolved_at, reopened.resolution_note.clone()),
        (None, None)
    );
    let listed = d
        .store
        .customer_tickets(c.id, &Default::default())
        .await
        .unwrap();
    assert_eq!(listed.items, vec![reopened]);

    // A customer with a ticket can't be deleted.
    let err = d
        .store
        .delete_customer(&d.supervisor, c.id)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Clash(Clash::HasRecords { tickets: 1, .. })),
        "{err}"
    );
}

#[tokio::test]
async fn a_ticket_from_central_is_not_changed_here() {
    use infora_domain::{NewTicket, ResolutionNote, TicketPriority, TicketStatus};
    let d = desk().await;
    let c = d.customer("a@example.com", "0").await;
    let central = d
        .store
        .open_ticket(
            c.id,
            &NewTicket {
                number: "TKT-0000001".into(),
                subject: "Slow".into(),
                description: "Evenings".into(),
                status: TicketStatus::Open,
                priority: TicketPriority::Low,
                category: "performance".into(),
                resolved_at: None,
                resolved_by: None,
                resolution_note: None,
            },
        )
        .await
        .unwrap();
    let err = d
        .store
        .resolve_ticket(&d.cashier, central.id, &ResolutionNote::parse("x").unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Clash(Clash::CentralTicket)), "{err}");
    let err = d
        .store
        .set_ticket_status(central.id, TicketStatus::Closed)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Clash(Clash::CentralTicket)), "{err}");
}

#[tokio::test]
async fn a_customer_with_payments_taken_here_is_not_purged_when_central_deletes_it() {
    let d = desk().await;
    let c = d.customer("a@example.com", "1000").await;
    d.open("0").await;
    let p = d
        .pay(&c, json!({"amount": "400", "method": "cash"}))
        .await
        .unwrap();
    // Everything was sent: the customer is on central, nothing waits in the outbox.
    d.store.outbox_link(c.id, 77).await.unwrap();
    // A customer's entries go one at a time, oldest first.
    loop {
        let due = d.store.outbox_due(100).await.unwrap();
        if due.is_empty() {
            break;
        }
        for entry in due {
            d.store.outbox_start(entry.seq).await.unwrap();
            d.store.outbox_finish(entry.seq).await.unwrap();
        }
    }
    assert_eq!(d.store.outbox_counts().await.unwrap().pending, 0);

    // Central's full listing no longer has it.
    let removed = d.store.remove_missing(&Default::default()).await.unwrap();
    assert_eq!((removed.deleted, removed.conflicts), (0, 1));
    assert_eq!(
        d.store.receipt(p.id).await.unwrap(),
        p,
        "the money taken here is kept"
    );
    assert_eq!(d.balance(&c).await, "600.00");
    assert_eq!(
        d.store.conflicts().await.unwrap().len(),
        1,
        "a person decides"
    );
}
