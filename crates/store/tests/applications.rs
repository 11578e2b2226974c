//! Applications on SQLite and PostgreSQL: seats are never oversold however
//! many accepts race, one applicant never holds overlapping seats, a stale
//! change is refused, a cancelled seat goes back to the block, and a move
//! commits with its effects (ledger, emails, the waitlist's offer) or not at all;
//! a ledger entry is recorded with the move it causes, guarded by the
//! application's version, once however many race or replay.

use std::sync::Arc;

use chrono::NaiveDate;
use matchready_core::account::mail::Message;
use matchready_core::application::Status;
use matchready_core::ledger::Cancellation;
use matchready_core::ledger::EntryKind;
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{ApplyError, Effects, Move, MoveError, NewEntry, Recording, Store, connect};

const T: i64 = 1_800_000_000;

async fn applicant(store: &dyn Store, n: usize) -> i64 {
    testing::applicant(store, &format!("applicant{n}@example.org"), &format!("Applicant {n}"), T).await.unwrap()
}

fn step(id: i64, from: Status, version: i64, to: Status) -> Move {
    testing::move_to(id, from, version, to, T + 10)
}

/// Starts and submits an application.
async fn submitted(store: &dyn Store, who: i64, block: i64) -> matchready_core::application::Application {
    let a = store.create_application(who, block, T).await.unwrap().unwrap();
    assert_eq!(a.status, Status::Draft);
    store.move_application(&step(a.id, Status::Draft, a.version, Status::Submitted), &Effects::default()).await.unwrap().unwrap()
}

/// A held seat for a new applicant `n`.
async fn seat_held(store: &dyn Store, n: usize, block: i64) -> matchready_core::application::Application {
    let who = applicant(store, n).await;
    let (id, version) = offered(store, who, block).await;
    store.move_application(&step(id, Status::Offered, version, Status::Accepted), &Effects::default()).await.unwrap().unwrap()
}

/// A new applicant `n` on the block's waitlist.
async fn waitlisted(store: &dyn Store, n: usize, block: i64) -> matchready_core::application::Application {
    let who = applicant(store, n).await;
    let a = submitted(store, who, block).await;
    store
        .move_application(&step(a.id, Status::Submitted, a.version, Status::Waitlisted), &Effects::default())
        .await
        .unwrap()
        .unwrap()
}

/// Applies and gets an offer; returns the application id and its version.
async fn offered(store: &dyn Store, who: i64, block: i64) -> (i64, i64) {
    let a = submitted(store, who, block).await;
    let a = store
        .move_application(&step(a.id, Status::Submitted, a.version, Status::Offered), &Effects::default())
        .await
        .unwrap()
        .unwrap();
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
        racers.push(tokio::spawn(async move {
            store.move_application(&step(id, Status::Offered, version, Status::Accepted), &Effects::default()).await
        }));
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
    let cancelled = store
        .move_application(&step(winner.id, Status::Accepted, winner.version, Status::Cancelled), &Effects::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cancelled.status, Status::Cancelled);
    assert_eq!(store.block_seats(block).await.unwrap(), Some((seats, 1)), "{b}");
    let steps: Vec<Status> = store.timeline(winner.id).await.unwrap().iter().map(|t| t.to).collect();
    assert_eq!(steps, [Status::Draft, Status::Submitted, Status::Offered, Status::Accepted, Status::Cancelled], "{b}");

    // The same change twice at once: one wins, the other is stale and writes nothing.
    let who = applicant(store.as_ref(), 100).await;
    let other_block = blocks.iter().find(|bl| bl.id != block && bl.seats_left >= 1).unwrap().id;
    let a = submitted(store.as_ref(), who, other_block).await;
    let m = step(a.id, Status::Submitted, a.version, Status::Offered);
    let none = Effects::default();
    let (x, y) = tokio::join!(store.move_application(&m, &none), store.move_application(&m, &none));
    let outcomes = [x.unwrap(), y.unwrap()];
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{b}: {outcomes:?}");
    assert!(outcomes.contains(&Err(MoveError::Stale)), "{b}");
    assert_eq!(store.timeline(a.id).await.unwrap().len(), 3, "{b}: a stale change left a trace");

    // Applying twice for one block is refused; so is a block that does not exist.
    assert_eq!(store.create_application(who, other_block, T).await.unwrap(), Err(ApplyError::AlreadyApplied), "{b}");
    assert_eq!(store.create_application(who, 999_999, T).await.unwrap(), Err(ApplyError::NoSuchBlock), "{b}");

    // One applicant cannot hold two seats whose dates overlap.
    let current = store.application(a.id).await.unwrap().unwrap();
    let held = store
        .move_application(&step(a.id, Status::Offered, current.version, Status::Accepted), &Effects::default())
        .await
        .unwrap()
        .unwrap();
    let clash = blocks
        .iter()
        .find(|bl| {
            bl.id != other_block && bl.seats_left >= 1 && bl.start_date <= held.end_date && bl.end_date() >= held.start_date
        })
        .expect("an overlapping block in the demo catalog");
    let (id, version) = offered(store.as_ref(), who, clash.id).await;
    let before = store.block_seats(clash.id).await.unwrap();
    assert_eq!(
        store.move_application(&step(id, Status::Offered, version, Status::Accepted), &Effects::default()).await.unwrap(),
        Err(MoveError::Overlap(held.id)),
        "{b}"
    );
    assert_eq!(store.block_seats(clash.id).await.unwrap(), before, "{b}: a refused accept took a seat");
}

fn mail(to: &str) -> Message {
    Message { to: to.into(), subject: format!("about {to}"), body: "hello".into() }
}

fn charge(application_id: i64, amount_cents: i64, key: &str) -> NewEntry {
    NewEntry {
        application_id,
        kind: EntryKind::Charge,
        amount_cents,
        fee: false,
        description: "tuition".into(),
        source: "system",
        external_id: Some(key.into()),
        recorded_by: None,
        now: T,
    }
}

async fn emails_to(store: &dyn Store, to: &str) -> i64 {
    store.emails_to_since(to, 0).await.unwrap()
}

/// A move and its effects commit together: a failing effect undoes the move, the emails and the
/// entries before it; the waitlist's offer rides along when it still stands, and is skipped when not.
async fn effects_story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    store.migrate().await.unwrap();
    let c = catalog(&DemoConfig { experiences: 30, ..DemoConfig::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()) });
    store.insert_catalog(&c).await.unwrap();
    let block = c.experiences.iter().flat_map(|e| e.blocks.iter()).find(|bl| bl.seats_left >= 2).unwrap().id;
    let who = applicant(store.as_ref(), 1).await;
    let (id, version) = offered(store.as_ref(), who, block).await;
    let seats = store.block_seats(block).await.unwrap();

    // The second entry breaks a rule of the ledger (amounts are positive): nothing of it stays.
    let failing = Effects {
        entries: vec![charge(id, 100_00, "charge:a"), charge(id, 0, "charge:b")],
        emails: vec![mail("one@example.org")],
        then: Vec::new(),
    };
    let accept = step(id, Status::Offered, version, Status::Accepted);
    assert!(store.move_application(&accept, &failing).await.is_err(), "{b}: a failing effect was taken");
    let a = store.application(id).await.unwrap().unwrap();
    assert_eq!((a.status, a.version), (Status::Offered, version), "{b}: the move stayed without its effects");
    assert_eq!(store.block_seats(block).await.unwrap(), seats, "{b}: the seat stayed taken");
    assert!(store.entries(id).await.unwrap().is_empty(), "{b}: an entry stayed");
    assert_eq!(emails_to(store.as_ref(), "one@example.org").await, 0, "{b}: an email stayed");
    assert_eq!(store.timeline(id).await.unwrap().len(), 3, "{b}: a timeline line stayed");

    // The same move with sound effects: all of it lands.
    let sound =
        Effects { entries: vec![charge(id, 100_00, "charge:a")], emails: vec![mail("one@example.org")], then: Vec::new() };
    let held = store.move_application(&accept, &sound).await.unwrap().unwrap();
    assert_eq!(held.status, Status::Accepted, "{b}");
    assert_eq!(store.entries(id).await.unwrap().len(), 1, "{b}");
    assert_eq!(emails_to(store.as_ref(), "one@example.org").await, 1, "{b}");

    // Cancelling gives the seat back, and the waitlisted application is offered it in the same step.
    let next_who = applicant(store.as_ref(), 2).await;
    let w = submitted(store.as_ref(), next_who, block).await;
    let w = store
        .move_application(&step(w.id, Status::Submitted, w.version, Status::Waitlisted), &Effects::default())
        .await
        .unwrap()
        .unwrap();
    let offer = Move {
        offer_expires_on: Some(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
        ..step(w.id, Status::Waitlisted, w.version, Status::Offered)
    };
    let cancel = step(id, Status::Accepted, held.version, Status::Cancelled);
    let with_offer = Effects { then: vec![(offer.clone(), vec![mail("two@example.org")])], ..Effects::default() };
    store.move_application(&cancel, &with_offer).await.unwrap().unwrap();
    let w_now = store.application(w.id).await.unwrap().unwrap();
    assert_eq!(w_now.status, Status::Offered, "{b}: the waitlist was not offered the seat");
    assert_eq!(emails_to(store.as_ref(), "two@example.org").await, 1, "{b}");

    // A follow-up that no longer stands (it moved meanwhile) is skipped, with its emails; the move stands.
    let third = applicant(store.as_ref(), 3).await;
    let (id3, v3) = offered(store.as_ref(), third, block).await;
    let h3 =
        store.move_application(&step(id3, Status::Offered, v3, Status::Accepted), &Effects::default()).await.unwrap().unwrap();
    let stale = Effects { then: vec![(offer, vec![mail("three@example.org")])], ..Effects::default() };
    let c3 = store.move_application(&step(id3, Status::Accepted, h3.version, Status::Cancelled), &stale).await.unwrap().unwrap();
    assert_eq!(c3.status, Status::Cancelled, "{b}");
    assert_eq!(emails_to(store.as_ref(), "three@example.org").await, 0, "{b}: a skipped offer's email went out");

    // Of several candidates the first that still waits is offered: a freed seat never stays empty
    // because the longest-waiting application was offered another seat meanwhile.
    let h4 = seat_held(store.as_ref(), 4, block).await;
    let id4 = h4.id;
    let w5 = waitlisted(store.as_ref(), 5, block).await;
    let taken = step(w.id, Status::Waitlisted, w.version, Status::Offered);
    let next = step(w5.id, Status::Waitlisted, w5.version, Status::Offered);
    let candidates = Effects {
        then: vec![(taken, vec![mail("gone@example.org")]), (next, vec![mail("five@example.org")])],
        ..Effects::default()
    };
    store.move_application(&step(id4, Status::Accepted, h4.version, Status::Cancelled), &candidates).await.unwrap().unwrap();
    assert_eq!(store.application(w5.id).await.unwrap().unwrap().status, Status::Offered, "{b}: the next in line was not offered");
    assert_eq!(emails_to(store.as_ref(), "gone@example.org").await, 0, "{b}");
    assert_eq!(emails_to(store.as_ref(), "five@example.org").await, 1, "{b}");

    // A waitlisted application that paid ahead (its version moved) is still offered the freed seat.
    let h6 = seat_held(store.as_ref(), 6, block).await;
    let id6 = h6.id;
    let w7 = waitlisted(store.as_ref(), 7, block).await;
    let offer7 = step(w7.id, Status::Waitlisted, w7.version, Status::Offered);
    let ahead =
        Recording { entry: NewEntry { kind: EntryKind::Payment, ..charge(w7.id, 50_00, "") }, version: w7.version, then: None };
    let ahead = Recording { entry: NewEntry { external_id: None, ..ahead.entry }, ..ahead };
    store.record_entry(&ahead).await.unwrap().unwrap().unwrap();
    let freed = Effects { then: vec![(offer7, vec![mail("seven@example.org")])], ..Effects::default() };
    store.move_application(&step(id6, Status::Accepted, h6.version, Status::Cancelled), &freed).await.unwrap().unwrap();
    assert_eq!(store.application(w7.id).await.unwrap().unwrap().status, Status::Offered, "{b}: a payment ahead lost the offer");
    assert_eq!(emails_to(store.as_ref(), "seven@example.org").await, 1, "{b}");
}

async fn a_move_commits_with_its_effects_or_not_at_all(db: TestDb) {
    {
        let store = connect(&db.url).await.unwrap();
        effects_story(store.clone()).await;
        drop(store);
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(a_move_commits_with_its_effects_or_not_at_all);

async fn seats_are_never_oversold(db: TestDb) {
    {
        let store = connect(&db.url).await.unwrap();
        story(store.clone()).await;
        drop(store);
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(seats_are_never_oversold);

fn payment(application_id: i64, amount_cents: i64, key: Option<&str>) -> NewEntry {
    NewEntry { kind: EntryKind::Payment, external_id: key.map(str::to_string), ..charge(application_id, amount_cents, "") }
}

/// Entries are guarded by the version, bump it, and carry their move: a stale entry, a replay and
/// a race of payments each leave the ledger as one writer would.
async fn entries_story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    store.migrate().await.unwrap();
    let c = catalog(&DemoConfig { experiences: 30, ..DemoConfig::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()) });
    store.insert_catalog(&c).await.unwrap();
    let block = c.experiences.iter().flat_map(|e| e.blocks.iter()).find(|bl| bl.seats_left >= 2).unwrap().id;
    let who = applicant(store.as_ref(), 1).await;
    let (id, version) = offered(store.as_ref(), who, block).await;
    let held = store
        .move_application(&step(id, Status::Offered, version, Status::Accepted), &Effects::default())
        .await
        .unwrap()
        .unwrap();

    let first = Recording { entry: payment(id, 100_00, Some("provider:evt_1")), version: held.version, then: None };
    let e = store.record_entry(&first).await.unwrap().unwrap().expect("recorded");
    assert_eq!((e.kind, e.amount_cents, e.fee), (EntryKind::Payment, 100_00, false), "{b}");
    let v = store.application(id).await.unwrap().unwrap().version;
    assert_eq!(v, held.version + 1, "{b}: an entry bumps the version");
    // Read at the old version: refused, nothing written.
    let stale = Recording { entry: payment(id, 5_00, None), version: held.version, then: None };
    assert_eq!(store.record_entry(&stale).await.unwrap().unwrap_err(), MoveError::Stale, "{b}");
    // The same provider event again: nothing changes, not even the version.
    let replay = Recording { version: v, ..first.clone() };
    assert_eq!(store.record_entry(&replay).await.unwrap().unwrap(), None, "{b}");
    assert_eq!(store.application(id).await.unwrap().unwrap().version, v, "{b}: a replay moved the version");
    assert_eq!(store.entries(id).await.unwrap().len(), 1, "{b}");

    // Ten payments read at the same version race: exactly one lands; the rest are told to read again.
    let racers: Vec<_> = (0..10)
        .map(|n| {
            let store = store.clone();
            let r = Recording { entry: payment(id, 1_00 + n, None), version: v, then: None };
            tokio::spawn(async move { store.record_entry(&r).await.unwrap() })
        })
        .collect();
    let mut landed = 0;
    for r in racers {
        match r.await.unwrap() {
            Ok(Some(_)) => landed += 1,
            Err(MoveError::Stale) => {}
            other => panic!("{b}: {other:?}"),
        }
    }
    assert_eq!(landed, 1, "{b}: racing entries");
    assert_eq!(store.entries(id).await.unwrap().len(), 2, "{b}");

    // An entry with the move it causes: both land, with the email, in one step.
    let v = store.application(id).await.unwrap().unwrap().version;
    let confirm = step(id, Status::Accepted, v + 1, Status::Confirmed);
    let r = Recording { entry: payment(id, 400_00, None), version: v, then: Some((confirm, vec![mail("paid@example.org")])) };
    store.record_entry(&r).await.unwrap().unwrap().unwrap();
    let a = store.application(id).await.unwrap().unwrap();
    assert_eq!((a.status, a.version), (Status::Confirmed, v + 2), "{b}");
    assert_eq!(emails_to(store.as_ref(), "paid@example.org").await, 1, "{b}");
    // A move that no longer stands undoes its entry too.
    let wrong = step(id, Status::Accepted, a.version + 1, Status::Confirmed);
    let r =
        Recording { entry: payment(id, 7_00, None), version: a.version, then: Some((wrong, vec![mail("never@example.org")])) };
    assert_eq!(store.record_entry(&r).await.unwrap().unwrap_err(), MoveError::Stale, "{b}");
    assert_eq!(store.entries(id).await.unwrap().len(), 3, "{b}: the entry of a refused move stayed");
    assert_eq!(emails_to(store.as_ref(), "never@example.org").await, 0, "{b}");

    // A cancellation keeps what the refund policy needs.
    assert_eq!(store.cancellation(id).await.unwrap(), None, "{b}");
    let kept = Cancellation { days_before: 45, visa_denied: true, after_entry: e.id };
    let cancel = Move { cancellation: Some(kept), ..step(id, Status::Confirmed, a.version, Status::Cancelled) };
    store.move_application(&cancel, &Effects::default()).await.unwrap().unwrap();
    assert_eq!(store.cancellation(id).await.unwrap(), Some(kept), "{b}");
}

async fn entries_are_recorded_once_with_their_move(db: TestDb) {
    {
        let store = connect(&db.url).await.unwrap();
        entries_story(store.clone()).await;
        drop(store);
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(entries_are_recorded_once_with_their_move);
