//! The calendar moves applications: lapsed offers are withdrawn, held
//! seats without a deposit are released (and offered to the waitlist),
//! confirmed seats start and rotations end. On both databases.

use std::sync::Arc;

use chrono::{Days, NaiveDate};
use matchready_app::applications::sweep;
use matchready_app::documents::remind_expiring;
use matchready_core::application::Status;
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{Move, Store};
use matchready_web::{AppState, AuthConfig, Clock};

const T: i64 = 1_800_000_000;

async fn person(store: &dyn Store, n: u32) -> i64 {
    testing::applicant(store, &format!("p{n}@example.org"), &format!("Person {n}"), T).await.unwrap()
}

/// Moves an application along `path` from submitted; the last step carries `due` as its deadline.
async fn walk(store: &dyn Store, who: i64, block: i64, path: &[Status], due: Option<NaiveDate>) -> i64 {
    let mut a = store.create_application(who, block, T).await.unwrap().unwrap();
    let path: Vec<Status> = std::iter::once(Status::Submitted).chain(path.iter().copied()).collect();
    for (i, to) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        let m = Move {
            id: a.id,
            from: a.status,
            version: a.version,
            to: *to,
            actor_id: None,
            now: T,
            note: String::new(),
            offer_expires_on: if last && *to == Status::Offered { due } else { None },
            deposit_due_on: if last && *to == Status::Accepted { due } else { None },
            cancellation: None,
        };
        a = store.move_application(&m, &matchready_store::Effects::default()).await.unwrap().unwrap();
    }
    a.id
}

async fn the_calendar_moves_applications(db: TestDb) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    {
        let store = matchready_store::connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let c = catalog(&DemoConfig { experiences: 40, ..DemoConfig::new(today) });
        store.insert_catalog(&c).await.unwrap();
        // An upcoming block (the demo has past ones too), starting after every deadline below.
        let soon = today.checked_add_days(Days::new(10)).unwrap();
        let block =
            c.experiences.iter().flat_map(|e| e.blocks.iter()).find(|b| b.seats_left >= 2 && b.start_date > soon).unwrap();
        let files =
            matchready_files::open_folder(std::env::temp_dir().join("matchready_calendar_files").to_str().unwrap()).unwrap();
        let clock = Clock::manual(0);
        let config = AuthConfig { public_url: "http://x".into(), trust_forwarded_for: false };
        let state = AppState::with_clock(store.clone(), config, files, clock.clone()).await.unwrap();
        // The calendar runs on the day the clock says; the test moves it.
        let on = |day: NaiveDate| {
            clock.set_day(day);
            &state
        };
        let s: Arc<dyn Store> = store.clone();
        let d = today.checked_add_days(Days::new(3)).unwrap();

        let offered = walk(s.as_ref(), person(s.as_ref(), 1).await, block.id, &[Status::Offered], Some(d)).await;
        let held = walk(s.as_ref(), person(s.as_ref(), 2).await, block.id, &[Status::Offered, Status::Accepted], Some(d)).await;
        let waiting = walk(s.as_ref(), person(s.as_ref(), 3).await, block.id, &[Status::Waitlisted], None).await;
        let (_, left_before) = s.block_seats(block.id).await.unwrap().unwrap();

        // Nothing is due on the deadline itself.
        assert_eq!(sweep(on(d)).await.unwrap(), 0, "{}", db.url);
        // The day after: the offer lapses, the unpaid seat is released and offered to the waitlist.
        let next = d.checked_add_days(Days::new(1)).unwrap();
        assert_eq!(sweep(on(next)).await.unwrap(), 2, "{}", db.url);
        let status = |id| {
            let s = s.clone();
            async move { s.application(id).await.unwrap().unwrap().status }
        };
        assert_eq!(status(offered).await, Status::Withdrawn);
        assert_eq!(status(held).await, Status::Cancelled);
        assert_eq!(status(waiting).await, Status::Offered, "the freed seat went to the waitlist");
        assert_eq!(s.block_seats(block.id).await.unwrap().unwrap().1, left_before + 1, "the seat came back");
        let lapsed = s.timeline(held).await.unwrap();
        assert_eq!(lapsed.last().unwrap().note, "no deposit by the deadline: the seat was released");

        // A confirmed seat starts on the first day and completes after the last.
        let confirmed = walk(
            s.as_ref(),
            person(s.as_ref(), 4).await,
            block.id,
            &[Status::Offered, Status::Accepted, Status::Confirmed],
            None,
        )
        .await;
        // (The waitlist's offer, never answered, lapses meanwhile too.)
        assert_eq!(sweep(on(block.start_date)).await.unwrap(), 2);
        assert_eq!(status(waiting).await, Status::Withdrawn);
        assert_eq!(status(confirmed).await, Status::InProgress);
        assert_eq!(sweep(on(block.end_date())).await.unwrap(), 0, "still on the last day");
        // Past its last day it waits for the preceptor's final evaluation, then completes.
        let after = block.end_date().checked_add_days(Days::new(1)).unwrap();
        assert_eq!(sweep(on(after)).await.unwrap(), 0, "no final evaluation yet");
        assert_eq!(status(confirmed).await, Status::InProgress);
        let text = matchready_core::rotation::evaluation::EvaluationText {
            levels: [Some(4); 6],
            strengths: String::new(),
            improve: String::new(),
            narrative: "Ready.".into(),
        };
        let kind = matchready_core::rotation::evaluation::EvalKind::Final;
        let by = s.application(confirmed).await.unwrap().unwrap().applicant_id;
        let save = matchready_store::EvaluationSave {
            application_id: confirmed,
            kind,
            text,
            submit: true,
            by,
            emails: Vec::new(),
            now: 0,
        };
        assert!(s.save_evaluation(&save).await.unwrap());
        assert_eq!(sweep(on(after)).await.unwrap(), 1);
        assert_eq!(status(confirmed).await, Status::Completed);
        // A document that runs out within 30 days: its owner is told once.
        let owner = person(s.as_ref(), 5).await;
        let doc = matchready_store::NewDocument {
            owner_id: owner,
            kind: matchready_core::document::DocumentKind::Passport,
            file_type: matchready_core::document::FileType::Pdf,
            filename: "p.pdf".into(),
            size_bytes: 1,
            sha256: String::new(),
            storage_key: format!("k{}", db.url.len()),
            issued_on: None,
            expires_on: Some(today.checked_add_days(Days::new(20)).unwrap()),
            immunizations: None,
            replaces: None,
            now: T,
        };
        s.create_document(&doc).await.unwrap();
        assert_eq!(remind_expiring(on(today.checked_sub_days(Days::new(20)).unwrap())).await.unwrap(), 0, "too early");
        assert_eq!(remind_expiring(on(today)).await.unwrap(), 1);
        assert_eq!(remind_expiring(on(today)).await.unwrap(), 0, "told twice");
        let mail = s.outbox(50).await.unwrap().into_iter().find(|m| m.to == "p5@example.org").expect("a reminder");
        assert!(mail.subject.starts_with("Your passport runs out on"), "{}", mail.subject);
        drop((state, s, store));
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(the_calendar_moves_applications);
