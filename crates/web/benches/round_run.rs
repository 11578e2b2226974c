//! A whole placement round, storage included, on SQLite and PostgreSQL:
//! 1,400 applicants (a USCE organisation's yearly intake, all at once) rank
//! 3–10 of the blocks of the demo's largest site; half its experiences are
//! ranked by the site. Times `run_due_rounds`: load, place, record every
//! result and offer in one transaction, and queue every email.
//!   cargo bench -p matchready-web --bench round_run
//! PostgreSQL is used when `MATCHREADY_TEST_POSTGRES` (or the default local
//! server) answers.

use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use matchready_app::rounds::run_due_rounds;
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{NewRound, Store};
use matchready_web::{AppState, AuthConfig, Clock};

const T: i64 = 1_800_000_000;
const APPLICANTS: usize = 1_400;

async fn one(db: &TestDb) {
    let store: Arc<dyn Store> = matchready_store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    let c = catalog(&DemoConfig::new(today));
    store.insert_catalog(&c).await.unwrap();
    // The site with the most blocks that have seats.
    let mut by_site: std::collections::HashMap<i64, Vec<(i64, i64)>> = std::collections::HashMap::new();
    for e in &c.experiences {
        for b in e.blocks.iter().filter(|b| b.seats_left > 0) {
            by_site.entry(e.site.id).or_default().push((b.id, e.id));
        }
    }
    let (site, blocks) = by_site.into_iter().max_by_key(|(s, b)| (b.len(), -s)).unwrap();
    let block_ids: Vec<i64> = blocks.iter().map(|(b, _)| *b).collect();
    let mut people = Vec::with_capacity(APPLICANTS);
    for n in 0..APPLICANTS {
        people
            .push(testing::applicant(store.as_ref(), &format!("bench{n}@example.org"), &format!("Bench {n}"), T).await.unwrap());
    }
    let new = NewRound {
        site_id: site,
        name: "Bench".into(),
        deadline: T + 10,
        seed: 3,
        block_ids: block_ids.clone(),
        created_by: people[0],
        now: T,
    };
    let round = store.create_round(&new).await.unwrap().unwrap();
    let mut dice = 12_345u64;
    let mut roll = |n: usize| {
        dice = dice.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (dice >> 33) as usize % n
    };
    for p in &people {
        let want = 3 + roll(8);
        let mut ranks: Vec<i64> = Vec::new();
        while ranks.len() < want.min(block_ids.len()) {
            let b = block_ids[roll(block_ids.len())];
            if !ranks.contains(&b) {
                ranks.push(b);
            }
        }
        store.save_entry(round.id, *p, &ranks, T + 1).await.unwrap().unwrap();
    }
    let mut experiences: Vec<i64> = blocks.iter().map(|(_, e)| *e).collect();
    experiences.sort_unstable();
    experiences.dedup();
    for e in experiences.iter().step_by(2) {
        let mut list = people.clone();
        list.reverse();
        let entries = store.round_entries(round.id).await.unwrap();
        let ours: Vec<i64> = blocks.iter().filter(|(_, x)| x == e).map(|(b, _)| *b).collect();
        list.retain(|a| entries.iter().any(|x| x.applicant_id == *a && x.ranks.iter().any(|b| ours.contains(b))));
        store.save_site_ranks(round.id, *e, Some(&list), people[0], T + 2).await.unwrap().unwrap();
    }
    let files = matchready_files::open_folder(std::env::temp_dir().join("matchready_bench_files").to_str().unwrap()).unwrap();
    let state = AppState::with_clock(
        store.clone(),
        AuthConfig { public_url: "http://x".into(), trust_forwarded_for: false },
        files,
        Clock::manual(T + 10),
    )
    .await
    .unwrap();
    let started = Instant::now();
    assert_eq!(run_due_rounds(&state).await.unwrap(), 1);
    let took = started.elapsed();
    let ran = store.round(round.id).await.unwrap().unwrap();
    println!(
        "{}: {APPLICANTS} applicants, {} blocks, {} seats: {} placed; whole run {:.0} ms",
        store.backend().name(),
        block_ids.len(),
        ran.positions.unwrap_or_default(),
        ran.placed.unwrap_or_default(),
        took.as_secs_f64() * 1000.0
    );
}

fn main() {
    tracing_subscriber_init();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        // PostgreSQL too when a server is named.
        let pg = std::env::var("MATCHREADY_TEST_POSTGRES").is_ok();
        let mut dbs = vec![TestDb::sqlite()];
        if pg {
            dbs.push(TestDb::postgres().await);
        }
        for db in dbs {
            one(&db).await;
            db.drop_db().await;
        }
    });
}

/// The run's own log line says how the time divides (placing, recording, emails).
fn tracing_subscriber_init() {
    let _ = tracing_subscriber::fmt().with_env_filter("matchready_web::api::round_run=info").try_init();
}
