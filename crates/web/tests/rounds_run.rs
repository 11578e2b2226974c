//! Running placement rounds in process, with the clock passed in: nothing
//! runs before the deadline, a due round runs once even when two servers on
//! the same database try at the same moment, and every entrant is emailed
//! their result. On both databases.

use std::sync::Arc;

use chrono::NaiveDate;
use matchready_app::rounds::run_due_rounds;
use matchready_core::application::Status as AppStatus;
use matchready_core::round::Status;
use matchready_core::round::placement::WhyNot;
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{NewRound, Store};
use matchready_web::{AppState, AuthConfig, Clock};

const T: i64 = 1_800_000_000;
const DEADLINE: i64 = T + 3_600;

/// A server over `store` reading `clock` (two servers share one store and one clock).
async fn state(store: Arc<dyn Store>, clock: &Clock) -> AppState {
    let files = matchready_files::open_folder(std::env::temp_dir().join("matchready_rounds_files").to_str().unwrap()).unwrap();
    let config = AuthConfig { public_url: "http://x".into(), trust_forwarded_for: false };
    AppState::with_clock(store, config, files, clock.clone()).await.unwrap()
}

/// Runs the due rounds of `server` with the clock moved to `at`.
async fn run_at(server: &AppState, at: i64) -> usize {
    server.clock().set(at);
    run_due_rounds(server).await.unwrap()
}

async fn a_due_round_runs_once_across_servers(db: TestDb) {
    let today = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    {
        let store = matchready_store::connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let c = catalog(&DemoConfig { experiences: 40, ..DemoConfig::new(today) });
        store.insert_catalog(&c).await.unwrap();
        let e = c.experiences.iter().find(|e| e.blocks.iter().filter(|b| b.seats_left >= 1).count() >= 2).unwrap();
        let blocks: Vec<i64> = e.blocks.iter().filter(|b| b.seats_left >= 1).map(|b| b.id).take(2).collect();
        let mut people = Vec::new();
        for n in 0..6 {
            people.push(
                testing::applicant(store.as_ref(), &format!("e{n}@example.org"), &format!("Entrant {n}"), T).await.unwrap(),
            );
        }
        let new = NewRound {
            site_id: e.site.id,
            name: "Run once".into(),
            deadline: DEADLINE,
            seed: 9,
            block_ids: blocks.clone(),
            created_by: people[0],
            now: T,
        };
        let round = store.create_round(&new).await.unwrap().unwrap();
        for p in &people {
            store.save_entry(round.id, *p, &blocks, T + 1).await.unwrap().unwrap();
        }
        let clock = Clock::manual(T);
        let one = state(store.clone(), &clock).await;
        let two = state(matchready_store::connect(&db.url).await.unwrap(), &clock).await;

        assert_eq!(run_at(&one, DEADLINE - 1).await, 0, "{}: before the deadline", db.url);
        one.clock().set(DEADLINE);
        let (a, b) = tokio::join!(run_due_rounds(&one), run_due_rounds(&two));
        assert_eq!(a.unwrap() + b.unwrap(), 1, "{}: the round ran exactly once", db.url);
        assert_eq!(run_at(&one, DEADLINE + 60).await, 0, "{}: and not again", db.url);

        let ran = store.round(round.id).await.unwrap().unwrap();
        assert_eq!(ran.status, Status::Matched, "{}", db.url);
        let free: u32 = round.blocks.iter().map(|b| b.free()).sum();
        let placed = (people.len() as u32).min(free);
        assert_eq!(ran.placed, Some(placed as i32), "{}", db.url);
        let entries = store.round_entries(round.id).await.unwrap();
        let offers: Vec<i64> = entries.iter().filter_map(|x| x.application_id).collect();
        assert_eq!(offers.len() as u32, placed, "{}: one offer per placed applicant, made once", db.url);
        for id in offers {
            let a = store.application(id).await.unwrap().unwrap();
            assert_eq!(a.status, AppStatus::Offered, "{}", db.url);
            assert!(a.offer_expires_on.is_some_and(|d| d <= a.start_date), "{}: the offer lapses by the start", db.url);
        }
        let outbox = store.outbox(100).await.unwrap();
        for n in 0..6 {
            let to = format!("e{n}@example.org");
            assert_eq!(outbox.iter().filter(|m| m.to == to).count(), 1, "{}: {to} is told once", db.url);
        }
        // A round whose experience was withdrawn from the catalog before the deadline places nobody there.
        {
            let x = c
                .experiences
                .iter()
                .find(|x| x.id != e.id && x.blocks.iter().any(|b| b.seats_left >= 1))
                .expect("another experience with seats");
            let block = x.blocks.iter().find(|b| b.seats_left >= 1).unwrap().id;
            let gone = NewRound { name: "Withdrawn".into(), site_id: x.site.id, block_ids: vec![block], ..new.clone() };
            let gone = store.create_round(&gone).await.unwrap().unwrap();
            store.save_entry(gone.id, people[0], &[block], T + 1).await.unwrap().unwrap();
            assert!(store.set_published(x.id, false).await.unwrap());
            assert_eq!(run_at(&one, DEADLINE).await, 1, "{}", db.url);
            let entry = store.round_entry(gone.id, people[0]).await.unwrap().unwrap();
            let result = entry.result.expect("a result");
            assert_eq!((result.block_id, entry.application_id), (None, None), "{}", db.url);
            assert_eq!(result.higher[0].why, WhyNot::NoSeats, "{}", db.url);
        }
        drop((one, two, store));
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(a_due_round_runs_once_across_servers);
