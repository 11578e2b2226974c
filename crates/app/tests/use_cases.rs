//! Use cases driven in process, on SQLite and PostgreSQL, with a clock the
//! test holds: the refusals that the pages and the API once made
//! differently are now made once, here.

mod support;

use std::sync::Arc;

use chrono::NaiveDate;
use matchready_app::applications::{self, Decisions};
use matchready_app::{App, AuthConfig, Caller, Clock, Kind, admin, users};
use matchready_core::account::Role;
use matchready_core::application::Status;
use matchready_core::document::{DocumentKind, FileType};
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{Effects, Move, NewDocument, Store, connect};

const DAY: i64 = 86_400;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

async fn story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    store.migrate().await.unwrap();
    let c = catalog(&DemoConfig { experiences: 30, ..DemoConfig::new(today()) });
    store.insert_catalog(&c).await.unwrap();
    let clock = Clock::manual(0);
    clock.set_day(today());
    let files = matchready_files::open_folder(std::env::temp_dir().join("matchready_app_use_cases").to_str().unwrap()).unwrap();
    let config = AuthConfig { public_url: "http://x".into(), trust_forwarded_for: false };
    let app = App::with_clock(store.clone(), config, files, clock.clone()).await.unwrap();
    let now = clock.now();

    let experience = &c.experiences[0];
    let block = experience.blocks.iter().find(|bl| bl.start_date > today() && bl.seats_left > 0).unwrap();
    let coordinator = support::member(store.as_ref(), "coord@example.org", Role::Coordinator, Some(experience.site.id)).await;
    let admin_caller = support::member(store.as_ref(), "admin@example.org", Role::Admin, None).await;
    let applicant_id = testing::applicant(store.as_ref(), "ana.lima@example.org", "Ana Lima", 0).await.unwrap();
    let applicant = Caller::member(store.user(applicant_id).await.unwrap().unwrap(), "127.0.0.1");
    for kind in [DocumentKind::Passport, DocumentKind::Diploma] {
        let d = NewDocument {
            owner_id: applicant_id,
            kind,
            file_type: FileType::Pdf,
            filename: "x.pdf".into(),
            size_bytes: 10,
            sha256: "0".repeat(64),
            storage_key: format!("key{}", kind.code()),
            issued_on: Some(today()),
            expires_on: Some(NaiveDate::from_ymd_opt(2031, 1, 1).unwrap()),
            immunizations: None,
            replaces: None,
            now,
        };
        store.create_document(&d).await.unwrap();
    }
    let a = store.create_application(applicant_id, block.id, now).await.unwrap().unwrap();
    support::step(store.as_ref(), a.id, Status::Submitted, now).await;
    let id = a.id.to_string();

    // While the application is live the site reads the file, and only the documents the block asks for.
    let file = applications::application_file(&app, &coordinator, &id).await.unwrap();
    let asked: Vec<i64> = file.readiness.checklist.iter().filter_map(|c| c.document_id).collect();
    assert!(!file.documents.is_empty(), "{b}: the passport is asked for");
    assert!(file.documents.iter().all(|d| asked.contains(&d.id)), "{b}: a document the block never asked for was shown");
    let asks_diploma = file.readiness.checklist.iter().any(|c| c.kind == DocumentKind::Diploma);
    assert_eq!(file.documents.iter().any(|d| d.kind == DocumentKind::Diploma), asks_diploma, "{b}: the diploma");
    let passport = file.documents.iter().find(|d| d.kind == DocumentKind::Passport).unwrap().id;

    // Once the site rejects it, the file closes: no profile, no documents, for staff.
    support::step(store.as_ref(), a.id, Status::Rejected, now + 1).await;
    let closed = applications::application_file(&app, &coordinator, &id).await.unwrap_err();
    assert_eq!(closed.kind, Kind::Forbidden, "{b}: {closed}");
    let doc =
        applications::document(&app, &coordinator, &id, &passport.to_string()).await.err().expect("a closed file's document");
    assert_eq!(doc.kind, Kind::NotFound, "{b}: {doc}");
    // The applicant's own file stays theirs.
    assert!(applications::application_file(&app, &applicant, &id).await.is_ok(), "{b}");

    // Admins verify hosts only; an applicant stays unverified.
    let refused = users::verify(&app, &admin_caller, &applicant_id.to_string()).await.unwrap_err();
    assert_eq!((refused.kind, refused.code), (Kind::Invalid, "not_a_host"), "{b}");
    assert!(!store.user(applicant_id).await.unwrap().unwrap().host_verified, "{b}");

    // A role change drops a host's verification: the new role must be verified anew.
    let coordinator_id = coordinator.user.as_ref().unwrap().id;
    let change = matchready_app::accounts::RoleChange { role: "preceptor".into(), site_id: Some(experience.site.id) };
    let changed = users::set_role(&app, &admin_caller, &coordinator_id.to_string(), &change).await.unwrap();
    assert!(!changed.host_verified, "{b}: the verification survived a role change");

    // An admin helps someone locked out: a fresh link goes to the person; the outbox shows it redacted.
    users::send_reset_link(&app, &admin_caller, &applicant_id.to_string()).await.unwrap();
    let invite = matchready_app::accounts::Invite {
        email: "new.host@example.org".into(),
        name: "New Host".into(),
        role: "preceptor".into(),
        site_id: experience.site.id,
    };
    users::invite(&app, &admin_caller, &invite).await.unwrap();
    let signup = matchready_app::accounts::SignUp {
        email: "kofi.mensah@example.org".into(),
        password: "a long and unusual passphrase 7".into(),
        name: "Kofi Mensah".into(),
        role: None,
        site_id: None,
    };
    app.accounts.sign_up(&signup, None).await.unwrap();
    let outbox = admin::outbox(&app, &admin_caller).await.unwrap();
    let reset = outbox.iter().find(|m| m.to == "ana.lima@example.org").expect("the link's email");
    assert!(reset.body.contains("token=[hidden"), "{b}: {}", reset.body);
    // No token of any email (reset, invitation, address confirmation) reaches the admin.
    let tokens: Vec<String> = store
        .unsent_emails(1_000, 100)
        .await
        .unwrap()
        .iter()
        .flat_map(|m| {
            m.body.split("token=").skip(1).filter_map(|t| t.split_whitespace().next()).map(str::to_string).collect::<Vec<_>>()
        })
        .collect();
    assert!(tokens.len() >= 3, "{b}: {tokens:?}");
    for t in &tokens {
        assert!(outbox.iter().all(|m| !m.body.contains(t.as_str())), "{b}: a working token in the outbox");
    }
    let log = store.audit_log(10, None).await.unwrap();
    let sent = log.iter().find(|l| l.action == "reset_link_sent").expect("audited");
    assert_eq!(sent.actor_id, admin_caller.id(), "{b}: audited as the admin's act");

    // Only delivery reads the real link. A password equal to the person's own email is refused,
    // and the link still works for a good one.
    let unsent = store.unsent_emails(100, 10).await.unwrap();
    let body = &unsent.iter().rev().find(|m| m.to == "ana.lima@example.org").unwrap().body;
    let token = body.split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    let weak = app.accounts.reset_password(&token, "ana.lima@example.org", None).await.unwrap_err();
    assert!(weak.to_string().starts_with("password"), "{b}: {weak}");
    let weak = app.accounts.reset_password(&token, "analima2026", None).await.unwrap_err();
    assert!(weak.to_string().starts_with("password"), "{b}: {weak}");
    app.accounts.reset_password(&token, "a long and unusual passphrase 41", None).await.unwrap();

    // Bulk decisions: at most 200 at a time, on every path.
    let many = Decisions { ids: (1..=201).collect(), decision: "reject".into() };
    let e = applications::decide_many(&app, &coordinator, many).await.unwrap_err();
    assert_eq!(e.kind, Kind::Invalid, "{b}");

    // The clock the test holds moves the calendar: an offer open until tomorrow lapses the day after.
    let later = testing::applicant(store.as_ref(), "wen.li@example.org", "Wen Li", 0).await.unwrap();
    let o = store.create_application(later, block.id, now).await.unwrap().unwrap();
    support::step(store.as_ref(), o.id, Status::Submitted, now).await;
    let o = store.application(o.id).await.unwrap().unwrap();
    let tomorrow = today().succ_opt().unwrap();
    let offer = Move {
        id: o.id,
        from: o.status,
        version: o.version,
        to: Status::Offered,
        actor_id: None,
        now,
        note: String::new(),
        offer_expires_on: Some(tomorrow),
        deposit_due_on: None,
        cancellation: None,
    };
    store.move_application(&offer, &Effects::default()).await.unwrap().unwrap();
    assert_eq!(applications::sweep(&app).await.unwrap(), 0, "{b}: nothing lapses before its day");
    clock.advance(2 * DAY);
    assert_eq!(applications::sweep(&app).await.unwrap(), 1, "{b}: the lapsed offer moves");
    assert_eq!(store.application(o.id).await.unwrap().unwrap().status, Status::Withdrawn, "{b}");
}

async fn refusals_are_made_once_for_the_api_and_the_pages(db: TestDb) {
    {
        let store = connect(&db.url).await.unwrap();
        story(store.clone()).await;
        drop(store);
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(refusals_are_made_once_for_the_api_and_the_pages);
