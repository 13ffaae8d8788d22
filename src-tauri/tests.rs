//! The commands on Tauri's mock runtime: the IPC shapes the UI relies on, errors included.

use crate::mock_ipc::app;
use serde_json::json;

#[test]
fn create_refuses_a_bad_email_with_the_field_then_accepts_a_good_one() {
    let ipc = app();
    let bad = ipc
        .call(
            "create_customer",
            json!({"input": {"name": "Jane", "email": "jane@", "phone": "0712345678"}}),
        )
        .unwrap_err();
    assert_eq!(bad["code"], "validation");
    assert_eq!(
        bad["fields"][0]["field"], "email",
        "the UI shows the error at the email field"
    );

    let jane = ipc
        .call("create_customer", json!({"input": {"name": "Jane", "email": "jane@example.com", "phone": "0712345678", "balance": "10.50"}}))
        .unwrap();
    assert_eq!(jane["phone"], "+254712345678");
    assert_eq!(jane["balance"], "10.50", "money crosses as a string");
    assert!(jane["id"].is_string(), "ids cross as strings");

    let page = ipc
        .call("list_customers", json!({"query": {"search": "0712"}}))
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["email"], "jane@example.com");
    let stats = ipc.call("customer_stats", json!({})).unwrap();
    assert_eq!(
        (stats["total"].clone(), stats["total_balance"].clone()),
        (json!(1), json!("10.50"))
    );
}

#[test]
fn a_taken_email_crosses_at_its_field_with_the_customer_who_has_it() {
    let ipc = app();
    let jane = ipc
        .call(
            "create_customer",
            json!({"input": {"name": "Jane", "email": "jane@example.com", "phone": "0712345678"}}),
        )
        .unwrap();
    let taken = ipc
        .call(
            "create_customer",
            json!({"input": {"name": "Other", "email": "JANE@example.com", "phone": "0712345679"}}),
        )
        .unwrap_err();
    assert_eq!(taken["code"], "clash");
    assert_eq!(
        taken["fields"],
        json!([{"field": "email", "rule": "unique", "message": "is already used by another customer"}]),
        "the form shows the refusal under Email"
    );
    assert_eq!(
        taken["other_customer"], jane["id"],
        "the window can open the customer who has the email"
    );
    let unknown = ipc
        .call(
            "get_customer",
            json!({"id": "0191d3a4-0000-7000-8000-000000000000"}),
        )
        .unwrap_err();
    assert!(
        unknown.get("other_customer").is_none(),
        "no other errors carry a customer: {unknown}"
    );
}

#[test]
fn every_error_crosses_with_a_closed_code() {
    let ipc = app();
    let not_a_uuid = ipc.call("get_customer", json!({"id": "42"})).unwrap_err();
    assert_eq!(not_a_uuid["code"], "validation");
    let unknown = ipc
        .call(
            "get_customer",
            json!({"id": "0191d3a4-0000-7000-8000-000000000000"}),
        )
        .unwrap_err();
    assert_eq!(unknown["code"], "not_found");
    let bad_sort = ipc
        .call("list_customers", json!({"query": {"sort_by": "password"}}))
        .unwrap_err();
    assert_eq!(
        (
            bad_sort["code"].clone(),
            bad_sort["fields"][0]["field"].clone()
        ),
        (json!("validation"), json!("sort_by"))
    );
    let bad_usage = ipc
        .call(
            "set_customer_usage",
            json!({"id": "0191d3a4-0000-7000-8000-000000000000", "usagePercentage": 101}),
        )
        .unwrap_err();
    assert_eq!(bad_usage["fields"][0]["field"], "usage_percentage");
}

#[test]
fn delete_is_refused_with_the_counts_when_records_exist() {
    let ipc = app();
    assert_eq!(ipc.call("store_is_empty", json!({})).unwrap(), json!(true));
    let summary = ipc.call("load_demo_data", json!({"count": 30})).unwrap();
    assert_eq!(summary["customers"], 30);
    // Demo data gives most customers invoices (a pending one may have none yet), so look
    // through a page for one with records.
    let page = ipc
        .call("list_customers", json!({"query": {"per_page": 30}}))
        .unwrap();
    let mut refused = None;
    for customer in page["items"].as_array().unwrap() {
        let id = customer["id"].as_str().unwrap();
        let invoices = ipc
            .call("list_customer_invoices", json!({"id": id, "query": {}}))
            .unwrap();
        if invoices["total"].as_u64().unwrap() > 0 {
            refused = Some(ipc.call("delete_customer", json!({"id": id})).unwrap_err());
            break;
        }
    }
    let refused = refused.expect("demo data has customers with invoices");
    assert_eq!(refused["code"], "clash");
    assert!(
        refused["message"].as_str().unwrap().contains("invoice"),
        "{refused}"
    );
}

#[test]
fn sync_commands_work_signed_out_and_show_the_queue_and_badges() {
    let ipc = app();
    let status = ipc.call("sync_status", json!({})).unwrap();
    assert_eq!(
        (status["signed_in"].clone(), status["pending"].clone()),
        (json!(false), json!(0))
    );
    let insecure = ipc
        .call(
            "sync_sign_in",
            json!({"centralUrl": "http://billing.example.com", "email": "a@b.ke", "password": "x"}),
        )
        .unwrap_err();
    assert_eq!(insecure["code"], "validation");
    assert_eq!(insecure["fields"][0]["field"], "central_url");
    let not_signed_in = ipc.call("sync_now", json!({})).unwrap_err();
    assert_eq!(not_signed_in["code"], "unauthorized");

    let jane = ipc
        .call(
            "create_customer",
            json!({"input": {"name": "Jane", "email": "jane@example.com", "phone": "0712345678"}}),
        )
        .unwrap();
    let queue = ipc
        .call("sync_queue", json!({"page": 1, "perPage": 20}))
        .unwrap();
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["operation"], "create");
    assert_eq!(queue["items"][0]["customer_name"], "Jane");
    let marks = ipc
        .call("sync_marks", json!({"ids": [jane["id"]]}))
        .unwrap();
    assert_eq!(marks, json!([{"id": jane["id"], "mark": "unsynced"}]));
    let status = ipc.call("sync_status", json!({})).unwrap();
    assert_eq!(status["pending"], 1);
    let seq = queue["items"][0]["seq"].clone();
    ipc.call("sync_discard", json!({"seq": seq})).unwrap();
    assert_eq!(
        ipc.call("sync_marks", json!({"ids": [jane["id"]]}))
            .unwrap(),
        json!([])
    );
    assert_eq!(ipc.call("sync_conflicts", json!({})).unwrap(), json!([]));
    assert_eq!(ipc.call("sync_rejected", json!({})).unwrap(), json!([]));
}
