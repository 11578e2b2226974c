//! Placement rounds on SQLite and PostgreSQL: what is written reads back
//! exactly, a block is in one live round at a time, rank lists change only
//! while the round is open, and a round is recorded once however many
//! servers try to run it at the same moment.

use std::sync::Arc;

use chrono::NaiveDate;
use matchready_core::application::Status as AppStatus;
use matchready_core::round::Status;
use matchready_core::round::placement::{Higher, Order, Placed, WhyNot};
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{Finished, NewRound, RoundRefusal, Store, connect};

const T: i64 = 1_800_000_000;
const DEADLINE: i64 = T + 86_400;

async fn applicant(store: &dyn Store, n: usize) -> i64 {
    testing::applicant(store, &format!("entrant{n}@example.org"), &format!("Entrant {n}"), T).await.unwrap()
}

async fn story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    store.migrate().await.unwrap();
    let c = catalog(&DemoConfig { experiences: 30, ..DemoConfig::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()) });
    store.insert_catalog(&c).await.unwrap();
    let e = c.experiences.iter().find(|e| e.blocks.iter().filter(|bl| bl.seats_left >= 1).count() >= 3).unwrap();
    let open: Vec<i64> = e.blocks.iter().filter(|bl| bl.seats_left >= 1).map(|bl| bl.id).collect();
    let (b1, b2, b3) = (open[0], open[1], open[2]);
    let admin = applicant(store.as_ref(), 0).await;

    let facts = store.block_facts(&[b1, b2, 999_999]).await.unwrap();
    assert_eq!(facts.len(), 2, "{b}");
    let site_id = facts[0].site_id;
    assert_eq!(site_id, e.site.id, "{b}");
    assert!(facts.iter().all(|f| f.published && f.seats_left >= 1), "{b}");

    let new = NewRound {
        site_id,
        name: "Spring".into(),
        deadline: DEADLINE,
        seed: -5,
        block_ids: vec![b1, b2],
        created_by: admin,
        now: T,
    };
    let round = store.create_round(&new).await.unwrap().unwrap();
    assert_eq!((round.name.as_str(), round.status, round.site_id), ("Spring", Status::Open, site_id), "{b}");
    assert_eq!(round.deadline.timestamp(), DEADLINE, "{b}");
    assert_eq!(round.seed, None, "{b}: the seed stays hidden until the round ran");
    assert_eq!(round.blocks.iter().map(|x| x.block_id).collect::<Vec<_>>(), vec![b1, b2], "{b}");
    assert_eq!(store.round(round.id).await.unwrap().as_ref(), Some(&round), "{b}");
    assert_eq!(store.live_round_of_block(b1).await.unwrap(), Some(round.id), "{b}");
    let mut live = vec![(b1, round.id), (b2, round.id)];
    live.sort_unstable();
    assert_eq!(store.live_rounds_of_blocks(&[b1, b2, b3]).await.unwrap(), live, "{b}");

    // A block already in a live round cannot join another; the refused round leaves nothing behind.
    let clash = NewRound { name: "Clash".into(), block_ids: vec![b3, b2], ..new.clone() };
    assert_eq!(store.create_round(&clash).await.unwrap(), Err(RoundRefusal::BlockTaken(b2)), "{b}");
    assert_eq!(store.rounds(Some(site_id)).await.unwrap().len(), 1, "{b}");
    assert_eq!(store.live_round_of_block(b3).await.unwrap(), None, "{b}");
    assert_eq!(store.rounds(None).await.unwrap().iter().map(|r| r.id).collect::<Vec<_>>(), vec![round.id], "{b}");

    // Rank lists: saved, replaced, emptied, and refused after the deadline.
    let people: Vec<i64> = {
        let mut v = Vec::new();
        for n in 1..=3 {
            v.push(applicant(store.as_ref(), n).await);
        }
        v
    };
    store.save_entry(round.id, people[0], &[b2, b1], T + 1).await.unwrap().unwrap();
    store.save_entry(round.id, people[0], &[b1, b2], T + 2).await.unwrap().unwrap();
    store.save_entry(round.id, people[1], &[b1], T + 3).await.unwrap().unwrap();
    store.save_entry(round.id, people[2], &[b2], T + 3).await.unwrap().unwrap();
    store.save_entry(round.id, people[2], &[], T + 4).await.unwrap().unwrap();
    assert_eq!(store.save_entry(round.id, people[2], &[b1], DEADLINE).await.unwrap(), Err(RoundRefusal::Closed), "{b}");
    let mine = store.round_entry(round.id, people[0]).await.unwrap().unwrap();
    assert_eq!((mine.ranks.clone(), mine.updated_at, mine.result.clone()), (vec![b1, b2], T + 2, None), "{b}");
    assert_eq!((mine.name.as_str(), mine.email.as_str()), ("Entrant 1", "entrant1@example.org"), "{b}");
    assert_eq!(store.round_entry(round.id, people[2]).await.unwrap(), None, "{b}: an empty list leaves the round");
    assert_eq!(store.round_entries(round.id).await.unwrap().len(), 2, "{b}");
    assert_eq!(store.rounds_entered(people[0]).await.unwrap()[0].id, round.id, "{b}");
    let profile = matchready_core::RawProfile { applicant_type: Some("img".into()), ..Default::default() };
    store.save_profile(people[1], &profile, T).await.unwrap();
    assert_eq!(store.entrant_profiles(round.id).await.unwrap(), vec![(people[1], profile)], "{b}");

    store.save_site_ranks(round.id, e.id, Some(&[people[1], people[0]]), admin, T + 5).await.unwrap().unwrap();
    store.save_site_ranks(round.id, e.id, Some(&[people[1]]), admin, T + 6).await.unwrap().unwrap();
    assert_eq!(store.site_ranks(round.id).await.unwrap(), vec![(e.id, vec![people[1]])], "{b}");
    store.save_site_ranks(round.id, e.id, None, admin, T + 7).await.unwrap().unwrap();
    assert!(store.site_ranks(round.id).await.unwrap().is_empty(), "{b}");

    assert!(store.rounds_due(DEADLINE - 1).await.unwrap().is_empty(), "{b}");
    assert_eq!(store.rounds_due(DEADLINE).await.unwrap(), vec![round.id], "{b}");

    // people[1] already has a live application for b1: the round's offer does not make a second one.
    let earlier = store.create_application(people[1], b1, T).await.unwrap().unwrap();
    let placed = |who: i64, block: Option<i64>| Placed { applicant_id: who, block_id: block, lottery: 1, higher: Vec::new() };
    let expires = NaiveDate::from_ymd_opt(2027, 1, 8);
    let mut second = placed(people[1], Some(b1));
    second.higher = vec![Higher { block_id: b2, why: WhyNot::Full { place: 2, seats: 1, order: Order::Lottery } }];
    let finished = Finished {
        round_id: round.id,
        name: round.name.clone(),
        now: DEADLINE + 5,
        stable: true,
        positions: 2,
        capacities: vec![(b1, 1), (b2, 1)],
        results: vec![(placed(people[0], Some(b2)), expires), (second.clone(), expires)],
        emails: vec![matchready_core::account::mail::Message {
            to: "told@example.org".into(),
            subject: "result".into(),
            body: "placed".into(),
        }],
    };
    // Two servers run it at once: one records it, the other finds it closed.
    let (x, y) = tokio::join!(store.finish_round(&finished), store.finish_round(&finished));
    let (x, y) = (x.unwrap(), y.unwrap());
    assert_eq!(store.emails_to_since("told@example.org", 0).await.unwrap(), 1, "{b}: the run's emails were queued once, with it");
    assert!(x.is_ok() != y.is_ok(), "{b}: exactly one run is recorded ({x:?}, {y:?})");
    let offers = x.or(y).unwrap();
    assert_eq!(offers.len(), 2, "{b}");
    assert_eq!(offers[1], (people[1], None), "{b}: the earlier application stands");
    let offer = offers[0].1.expect("an offer");
    let a = store.application(offer).await.unwrap().unwrap();
    assert_eq!((a.applicant_id, a.block_id, a.status, a.offer_expires_on), (people[0], b2, AppStatus::Offered, expires), "{b}");
    let timeline = store.timeline(offer).await.unwrap();
    assert_eq!(timeline.len(), 1, "{b}");
    assert_eq!(timeline[0].note, "placed by the round \"Spring\"", "{b}");
    assert_eq!(store.application(earlier.id).await.unwrap().unwrap().status, AppStatus::Draft, "{b}");

    let ran = store.round(round.id).await.unwrap().unwrap();
    assert_eq!((ran.status, ran.stable, ran.positions, ran.placed), (Status::Matched, Some(true), Some(2), Some(2)), "{b}");
    assert_eq!(ran.ended_at.map(|t| t.timestamp()), Some(DEADLINE + 5), "{b}");
    assert_eq!(ran.seed.as_deref(), Some("fffffffffffffffb"), "{b}");
    assert_eq!(ran.blocks.iter().map(|x| x.capacity).collect::<Vec<_>>(), vec![Some(1), Some(1)], "{b}");
    assert_eq!(ran.blocks.iter().find(|x| x.block_id == b2).unwrap().offers_out, 1, "{b}");
    assert_eq!(store.live_round_of_block(b1).await.unwrap(), None, "{b}: the blocks are free again");
    let result = store.round_entry(round.id, people[1]).await.unwrap().unwrap();
    assert_eq!((result.result, result.application_id), (Some(second), None), "{b}");
    assert!(store.rounds_due(DEADLINE + 10).await.unwrap().is_empty(), "{b}");
    assert!(!store.cancel_round(round.id, DEADLINE + 10).await.unwrap(), "{b}: a placed round cannot be cancelled");
    assert_eq!(store.save_entry(round.id, people[0], &[b1], T).await.unwrap(), Err(RoundRefusal::Closed), "{b}");

    // A cancelled round frees its blocks for another.
    let again =
        store.create_round(&NewRound { name: "Again".into(), block_ids: vec![b3], ..new.clone() }).await.unwrap().unwrap();
    assert!(store.cancel_round(again.id, T + 9).await.unwrap(), "{b}");
    assert_eq!(store.round(again.id).await.unwrap().unwrap().status, Status::Cancelled, "{b}");
    assert_eq!(store.live_round_of_block(b3).await.unwrap(), None, "{b}");
    assert!(store.create_round(&NewRound { block_ids: vec![b3], ..new }).await.unwrap().is_ok(), "{b}");
}

async fn rounds_read_back_and_run_once(db: TestDb) {
    {
        let store = connect(&db.url).await.unwrap();
        story(store.clone()).await;
        drop(store);
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(rounds_read_back_and_run_once);
