//! Applications on SQLite and PostgreSQL: seats are never oversold however
//! many accepts race, one applicant never holds overlapping seats, a stale
//! change is refused, and a cancelled seat goes back to the block.

use std::sync::Arc;

use chrono::NaiveDate;
use matchready_core::application::Status;
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{ApplyError, Move, MoveError, Store, connect};

const T: i64 = 1_800_000_000;

async fn applicant(store: &dyn Store, n: usize) -> i64 {
    testing::applicant(store, &format!("applicant{n}@example.org"), &format!("Applicant {n}"), T).await.unwrap()
}

fn step(id: i64, from: Status, version: i64, to: Status) -> Move {
    Move { id, from, version, to, actor_id: None, now: T + 10, note: String::new(), offer_expires_on: None, deposit_due_on: None }
}

/// Starts and submits an application.
async fn submitted(store: &dyn Store, who: i64, block: i64) -> matchready_core::application::Application {
    let a = store.create_application(who, block, T).await.unwrap().unwrap();
    assert_eq!(a.status, Status::Draft);
    store.move_application(&step(a.id, Status::Draft, a.version, Status::Submitted)).await.unwrap().unwrap()
}

/// Applies and gets an offer; returns the application id and its version.
async fn offered(store: &dyn Store, who: i64, block: i64) -> (i64, i64) {
    let a = submitted(store, who, block).await;
    let a = store.move_application(&step(a.id, Status::Submitted, a.version, Status::Offered)).await.unwrap().unwrap();
    (a.id, a.version)
}

async fn story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    store.migrate().await.unwrap();
    let c = catalog(&DemoConfig { experiences: 30, ..DemoConfig::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()) });
    store.insert_catalog(&c).await.unwrap();
    let blocks: Vec<_> = c.experiences.iter().flat_map(|e| e.blocks.iter()).collect();
    let block = blocks.iter().find(|bl| bl.seats_left >= 2).expect("a block with seats").id;
    let (seats, left) = store.block_seats(block).await.unwrap().unwrap();

    // Twenty applicants offered a seat accept at the same moment: exactly `left` succeed.
    let mut offers = Vec::new();
    for n in 0..20 {
        let who = applicant(store.as_ref(), n).await;
        offers.push(offered(store.as_ref(), who, block).await);
    }
    let mut racers = Vec::new();
    for (id, version) in offers {
        let store = store.clone();
        racers.push(tokio::spawn(
            async move { store.move_application(&step(id, Status::Offered, version, Status::Accepted)).await },
        ));
    }
    let mut won = 0;
    let mut full = 0;
    for r in racers {
        match r.await.unwrap().unwrap() {
            Ok(a) => {
                assert_eq!(a.status, Status::Accepted);
                won += 1;
            }
            Err(MoveError::Full) => full += 1,
            Err(other) => panic!("{b}: {other:?}"),
        }
    }
    assert_eq!((won, full), (left, 20 - left), "{b}: {seats} seats, {left} left");
    assert_eq!(store.block_seats(block).await.unwrap(), Some((seats, 0)), "{b}");
    let holding = store
        .site_applications(c.experiences.iter().find(|e| e.blocks.iter().any(|x| x.id == block)).unwrap().site.id)
        .await
        .unwrap();
    assert_eq!(holding.iter().filter(|a| a.block_id == block && a.status.holds_seat()).count() as i32, left, "{b}");

    // A cancelled seat goes back; the timeline shows each step.
    let winner = holding.iter().find(|a| a.block_id == block && a.status == Status::Accepted).unwrap();
    let cancelled =
        store.move_application(&step(winner.id, Status::Accepted, winner.version, Status::Cancelled)).await.unwrap().unwrap();
    assert_eq!(cancelled.status, Status::Cancelled);
    assert_eq!(store.block_seats(block).await.unwrap(), Some((seats, 1)), "{b}");
    let steps: Vec<Status> = store.timeline(winner.id).await.unwrap().iter().map(|t| t.to).collect();
    assert_eq!(steps, [Status::Draft, Status::Submitted, Status::Offered, Status::Accepted, Status::Cancelled], "{b}");

    // The same change twice at once: one wins, the other is stale and writes nothing.
    let who = applicant(store.as_ref(), 100).await;
    let other_block = blocks.iter().find(|bl| bl.id != block && bl.seats_left >= 1).unwrap().id;
    let a = submitted(store.as_ref(), who, other_block).await;
    let m = step(a.id, Status::Submitted, a.version, Status::Offered);
    let (x, y) = tokio::join!(store.move_application(&m), store.move_application(&m));
    let outcomes = [x.unwrap(), y.unwrap()];
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{b}: {outcomes:?}");
    assert!(outcomes.contains(&Err(MoveError::Stale)), "{b}");
    assert_eq!(store.timeline(a.id).await.unwrap().len(), 3, "{b}: a stale change left a trace");

    // Applying twice for one block is refused; so is a block that does not exist.
    assert_eq!(store.create_application(who, other_block, T).await.unwrap(), Err(ApplyError::AlreadyApplied), "{b}");
    assert_eq!(store.create_application(who, 999_999, T).await.unwrap(), Err(ApplyError::NoSuchBlock), "{b}");

    // One applicant cannot hold two seats whose dates overlap.
    let current = store.application(a.id).await.unwrap().unwrap();
    let held = store.move_application(&step(a.id, Status::Offered, current.version, Status::Accepted)).await.unwrap().unwrap();
    let clash = blocks
        .iter()
        .find(|bl| {
            bl.id != other_block && bl.seats_left >= 1 && bl.start_date <= held.end_date && bl.end_date() >= held.start_date
        })
        .expect("an overlapping block in the demo catalog");
    let (id, version) = offered(store.as_ref(), who, clash.id).await;
    let before = store.block_seats(clash.id).await.unwrap();
    assert_eq!(
        store.move_application(&step(id, Status::Offered, version, Status::Accepted)).await.unwrap(),
        Err(MoveError::Overlap(held.id)),
        "{b}"
    );
    assert_eq!(store.block_seats(clash.id).await.unwrap(), before, "{b}: a refused accept took a seat");
}

#[tokio::test]
async fn seats_are_never_oversold() {
    for db in TestDb::all().await {
        let store = connect(&db.url).await.unwrap();
        story(store.clone()).await;
        drop(store);
        db.drop_db().await;
    }
}
