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

/// The text of the PDF at `path`, read back with poppler's `pdftotext` as a PDF reader would,
/// every run of white space made one space.
fn pdf_text(path: &str) -> String {
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", path, "-"])
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext could not run ({e}): install poppler-utils (scripts/bootstrap.sh)")
        });
    assert!(
        output.status.success(),
        "pdftotext refused {path}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_receipt_and_the_z_report_are_saved_as_pdfs_that_read_back() {
    let ipc = app();
    let dir = tempfile::tempdir().unwrap();
    let customer = ipc
        .call(
            "create_customer",
            json!({"input": {"name": "Wanjirũ Nyambũra", "email": "w@example.co.ke",
                             "phone": "0712345678", "balance": "3000"}}),
        )
        .unwrap();
    let shift = ipc.call("open_shift", json!({"float": "2000"})).unwrap();
    let paid = ipc
        .call(
            "take_payment",
            json!({"customerId": customer["id"],
                   "input": {"amount": "1500", "method": "mpesa", "code": "SGH4K2L9XQ"}}),
        )
        .unwrap();
    let number = paid["receipt_number"].as_str().unwrap();

    let original = dir.path().join("Receipt.pdf").display().to_string();
    let written = ipc
        .call(
            "save_receipt_pdf",
            json!({"paymentId": paid["id"], "paper": "thermal80", "copy": false, "path": original}),
        )
        .unwrap();
    assert_eq!(written, json!(original), "resolves to the file written");
    let text = pdf_text(&original);
    for expected in [
        number,
        "Wanjirũ Nyambũra",
        "KES 1,500.00",
        "M-Pesa",
        "SGH4K2L9XQ",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    assert!(!text.contains("COPY"), "the first print is no copy: {text}");

    // A reprint, named without the extension (as a save dialog may return it).
    let copy = dir.path().join("Reprint").display().to_string();
    let written = ipc
        .call(
            "save_receipt_pdf",
            json!({"paymentId": paid["id"], "paper": "a4", "copy": true, "path": copy}),
        )
        .unwrap();
    let written = written.as_str().unwrap();
    assert_eq!(written, format!("{copy}.pdf"), "the extension is added");
    let text = pdf_text(written);
    assert!(
        text.contains(number) && text.contains("COPY"),
        "a reprint says COPY: {text}"
    );

    let x = dir.path().join("X.pdf").display().to_string();
    ipc.call(
        "save_shift_report_pdf",
        json!({"shiftId": shift["id"], "paper": "thermal58", "copy": false, "path": x}),
    )
    .unwrap();
    assert!(
        pdf_text(&x).contains("X REPORT"),
        "an open shift prints its X report"
    );

    let closed = ipc
        .call(
            "close_shift",
            json!({"shiftId": shift["id"], "counted": "2000"}),
        )
        .unwrap();
    let z_number = closed["shift"]["closing"]["z_number"].as_str().unwrap();
    let z = dir.path().join("Z.pdf").display().to_string();
    ipc.call(
        "save_shift_report_pdf",
        json!({"shiftId": shift["id"], "paper": "thermal80", "copy": false, "path": z}),
    )
    .unwrap();
    let text = pdf_text(&z);
    assert!(
        text.contains("Z REPORT") && text.contains(z_number),
        "a closed shift prints its numbered Z report: {text}"
    );
    assert!(
        text.contains("Counted KES 2,000.00"),
        "with the counted cash: {text}"
    );
}

#[test]
fn a_pdf_that_cannot_be_saved_says_which_field_and_why() {
    let ipc = app();
    let dir = tempfile::tempdir().unwrap();
    let customer = ipc
        .call(
            "create_customer",
            json!({"input": {"name": "Jane", "email": "jane@example.com", "phone": "0712345678"}}),
        )
        .unwrap();
    ipc.call("open_shift", json!({"float": "0"})).unwrap();
    let paid = ipc
        .call(
            "take_payment",
            json!({"customerId": customer["id"], "input": {"amount": "10", "method": "cash"}}),
        )
        .unwrap();
    let path = dir.path().join("r.pdf").display().to_string();

    let bad_paper = ipc
        .call(
            "save_receipt_pdf",
            json!({"paymentId": paid["id"], "paper": "letter", "copy": false, "path": path}),
        )
        .unwrap_err();
    assert_eq!(bad_paper["code"], "validation");
    assert_eq!(bad_paper["fields"][0]["field"], "paper");

    let unknown = ipc
        .call(
            "save_receipt_pdf",
            json!({"paymentId": "0191d3a4-0000-7000-8000-000000000000", "paper": "a4",
                   "copy": false, "path": path}),
        )
        .unwrap_err();
    assert_eq!(unknown["code"], "not_found");

    let nowhere = dir.path().join("gone").join("r.pdf").display().to_string();
    let unwritable = ipc
        .call(
            "save_receipt_pdf",
            json!({"paymentId": paid["id"], "paper": "a4", "copy": false, "path": nowhere}),
        )
        .unwrap_err();
    assert_eq!(unwritable["code"], "validation");
    assert_eq!(
        unwritable["fields"][0]["field"], "path",
        "the window shows it where the person chose the file"
    );
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "no refused save leaves a file behind"
    );
}

#[test]
fn a_restore_brings_back_the_backup_keeps_the_store_aside_and_locks_the_desk() {
    let ipc = app();
    let customer = |name: &str, email: &str, phone: &str| {
        ipc.call(
            "create_customer",
            json!({"input": {"name": name, "email": email, "phone": phone}}),
        )
        .unwrap()
    };
    customer("Jane Wanjiru", "jane@example.com", "0712345678");
    let folder = tempfile::tempdir().unwrap();
    let picked = folder.path().join("Before lunch");
    let saved = ipc
        .call("back_up_now", json!({"path": picked.display().to_string()}))
        .unwrap();
    assert_eq!(
        saved["path"],
        format!("{}.db", picked.display()),
        "`.db` is added to a name typed without it"
    );
    assert!(saved["bytes"].as_u64().unwrap() > 0);
    customer("Otieno Later", "otieno@example.com", "0712345679");

    let restored = ipc
        .call("restore_backup", json!({"path": saved["path"]}))
        .unwrap();
    assert_eq!(restored["customers"], 1);
    let safety = restored["safety_copy"].as_str().unwrap();
    assert!(
        std::path::Path::new(safety).exists(),
        "the store before the restore is kept aside: {safety}"
    );
    assert!(safety.contains(".before-restore-"), "{safety}");

    let locked = ipc.call("list_customers", json!({"query": {}})).unwrap();
    assert_eq!(locked["total"], 1, "the later customer is gone");
    assert_eq!(locked["items"][0]["name"], "Jane Wanjiru");
    assert_eq!(
        ipc.call("desk_session", json!({})).unwrap()["operator"],
        json!(null),
        "the desk locks: its operators are now the backup's"
    );
    let refused = ipc
        .call("back_up_now", json!({"path": saved["path"]}))
        .unwrap_err();
    assert_eq!(refused["code"], "forbidden", "nobody is signed in");

    let status = ipc.call("backup_status", json!({})).unwrap();
    assert_eq!(status["kept"], 7);
    assert_eq!(status["last_failure"], json!(null));
    assert!(status["folder"].as_str().unwrap().ends_with("backups"));
}

#[test]
fn a_file_that_is_not_a_backup_is_refused_and_nothing_changes() {
    let ipc = app();
    ipc.call(
        "create_customer",
        json!({"input": {"name": "Jane Wanjiru", "email": "jane@example.com", "phone": "0712345678"}}),
    )
    .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let notes = folder.path().join("notes.db");
    std::fs::write(&notes, "some words, not a database ".repeat(100)).unwrap();
    let refused = ipc
        .call(
            "restore_backup",
            json!({"path": notes.display().to_string()}),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "validation");
    assert_eq!(
        refused["fields"][0],
        json!({"field": "file", "rule": "format", "message": "This file is not an Infora Desk backup."})
    );
    let page = ipc.call("list_customers", json!({"query": {}})).unwrap();
    assert_eq!(page["total"], 1, "the store is as it was");
    assert_ne!(
        ipc.call("desk_session", json!({})).unwrap()["operator"],
        json!(null),
        "still signed in"
    );
}

/// The payloads of `event` the window is sent from now on.
fn heard(
    ipc: &crate::mock_ipc::Ipc,
    event: &str,
) -> std::sync::Arc<std::sync::Mutex<Vec<serde_json::Value>>> {
    use tauri::Listener;
    let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let into = heard.clone();
    ipc.app().listen_any(event, move |e| {
        let payload = serde_json::from_str(e.payload()).expect("a JSON payload");
        into.lock().expect("not poisoned").push(payload);
    });
    heard
}

#[test]
fn an_import_tells_the_window_its_progress_and_an_export_writes_the_list_as_searched() {
    let ipc = app();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.csv");
    std::fs::write(
        &file,
        "Name;Email;Mobile\nAchieng;achieng@example.com;712345678\nBaraka;baraka@example.com;0722000111\n",
    )
    .unwrap();
    let opened = ipc
        .call("open_import_file", json!({"path": file, "mapping": null}))
        .unwrap();
    assert_eq!(opened["detected"]["delimiter"], "semicolon");
    assert_eq!(opened["rows"], 2);

    let progress = heard(&ipc, "import://progress");
    let mapping = json!({"columns": ["name", "email", "phone"]});
    let outcome = ipc
        .call(
            "import_customers",
            json!({"path": file, "mapping": mapping, "onDuplicate": "update"}),
        )
        .unwrap();
    assert_eq!(outcome["kind"], "imported");
    assert_eq!(outcome["report"]["new"], 2);
    assert_eq!(
        progress.lock().unwrap().last(),
        Some(&json!({"done": 2, "total": 2})),
        "the window hears the import end"
    );

    // The file is read again once it changed: the same call now finds both customers.
    std::fs::write(
        &file,
        "Name;Email;Mobile;Balance\nAchieng;achieng@example.com;712345678;10\nBaraka;baraka@example.com;0722000111;0\n",
    )
    .unwrap();
    let report = ipc
        .call(
            "dry_run_import",
            json!({"path": file, "mapping": {"columns": ["name", "email", "phone", "balance"]}, "onDuplicate": "update"}),
        )
        .unwrap();
    assert_eq!(
        (
            report["new"].clone(),
            report["updated"].clone(),
            report["unchanged"].clone()
        ),
        (json!(0), json!(1), json!(1)),
        "{report}"
    );

    let exported = heard(&ipc, "export://progress");
    let target = dir.path().join("baraka");
    let written = ipc
        .call(
            "export_customers",
            json!({"query": {"search": "baraka"}, "format": "csv", "path": target}),
        )
        .unwrap();
    assert_eq!(written["kind"], "written");
    assert_eq!(written["rows"], 1);
    let path = written["path"].as_str().unwrap();
    assert!(path.ends_with("baraka.csv"), "{path}");
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM, for Excel");
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("+254 722 000 111"), "{text}");
    assert_eq!(
        exported.lock().unwrap().last(),
        Some(&json!({"done": 1, "total": 1}))
    );
}
