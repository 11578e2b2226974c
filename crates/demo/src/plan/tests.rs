use std::collections::HashMap;

use chrono::NaiveDate;
use matchready_core::application::Status;

use super::*;
use crate::{DemoConfig, catalog};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn demo(config: &DemoConfig) -> (Catalog, Plan) {
    let c = catalog(config);
    let p = plan(&c, config);
    (c, p)
}

/// Every status the issue asks for.
const LIVED_IN: [Status; 10] = [
    Status::Submitted,
    Status::UnderReview,
    Status::Offered,
    Status::Waitlisted,
    Status::Accepted,
    Status::Confirmed,
    Status::InProgress,
    Status::Completed,
    Status::Withdrawn,
    Status::Rejected,
];

#[test]
fn every_status_at_the_first_site_and_across_the_catalog() {
    for config in [DemoConfig::new(today()), DemoConfig { experiences: 7200, ..DemoConfig::new(today()) }] {
        let (_, p) = demo(&config);
        let counts = p.counts();
        for s in LIVED_IN {
            let (first, all) = counts.get(&s).copied().unwrap_or_default();
            // At ten times the scale the first site has fewer blocks per experience in reach, so
            // only the default promises every status there.
            let at_first = first >= 1 || config.experiences != crate::DEFAULT_EXPERIENCES;
            assert!(at_first && all > first, "{s:?}: {first} at site 1, {all} in all ({} experiences)", config.experiences);
        }
        let first: usize = counts.values().map(|c| c.0).sum();
        let least = if config.experiences == crate::DEFAULT_EXPERIENCES { 28 } else { 10 };
        assert!((least..=42).contains(&first), "{first} at the first site");
        assert!(p.applications.len() >= 100, "{} applications", p.applications.len());
        assert_eq!(p.people.len(), PEOPLE);
        assert!(
            p.people
                .iter()
                .filter(|x| p.applications.iter().any(|a| a.who == Some(p.people.iter().position(|y| y == *x).unwrap())))
                .count()
                >= 35
        );
    }
}

#[test]
fn the_demo_applicant_has_a_history_and_somewhere_left_to_apply() {
    let config = DemoConfig::new(today());
    let (c, p) = demo(&config);
    let mine: Vec<&Planned> = p.applications.iter().filter(|a| a.who.is_none()).collect();
    let statuses: Vec<Status> = mine.iter().map(|a| a.expect).collect();
    for s in [Status::Completed, Status::Confirmed, Status::Offered, Status::UnderReview] {
        assert!(statuses.contains(&s), "{statuses:?}");
    }
    assert!(mine.iter().any(|a| a.expect == Status::Confirmed && a.site_id == 1));
    let confirmed = mine.iter().find(|a| a.expect == Status::Confirmed).unwrap();
    assert!(confirmed.steps.iter().filter(|(_, s)| matches!(s, Step::Pay(_))).count() <= 1, "a balance is left");
    // Open blocks she may still apply for (and the offer, which she may accept without an overlap).
    let mut board = pick::Board::new(&c, today(), &[]);
    let mut dice = Dice::new(5);
    assert!(board.place(&mut dice, &p.you, None, Status::Submitted, false).is_some());
}

#[test]
fn every_step_keeps_the_rules_the_use_cases_enforce() {
    let config = DemoConfig::new(today());
    let (c, p) = demo(&config);
    let blocks: HashMap<i64, &matchready_core::Block> =
        c.experiences.iter().flat_map(|e| e.blocks.iter().map(|b| (b.id, b))).collect();
    let round = crate::round_blocks(&c, today()).unwrap().1;
    let mut held: HashMap<i64, i32> = HashMap::new();
    let mut others: HashMap<i64, i32> = HashMap::new();
    let mut seats: HashMap<Option<usize>, Vec<(NaiveDate, NaiveDate)>> = HashMap::new();
    for a in &p.applications {
        let b = blocks[&a.block_id];
        assert!(!round.contains(&b.id), "the round's block {} was applied for", b.id);
        let joined = a.who.map_or(p.you.joined, |i| p.people[i].joined);
        let (apply, _) = a.steps[0];
        assert_eq!(a.steps[0].1, Step::Apply);
        assert!(apply > joined && apply < b.start_date, "{a:?}");
        assert!(a.steps.windows(2).all(|w| w[0].0 <= w[1].0) && a.steps.iter().all(|(d, _)| *d < today()), "{a:?}");
        if let Some(&(o, _)) = a.steps.iter().find(|(_, s)| *s == Step::Offer)
            && let Some(&(c, _)) = a.steps.iter().find(|(_, s)| *s == Step::Accept)
        {
            assert!(c <= o + chrono::Days::new(7), "an offer answered late: {a:?}");
        }
        let seat = matches!(a.expect, Status::Accepted | Status::Confirmed | Status::InProgress | Status::Completed);
        if seat {
            *held.entry(b.id).or_default() += 1;
            let mine = seats.entry(a.who).or_default();
            assert!(mine.iter().all(|(s, e)| *e < b.start_date || *s > b.end_date()), "overlapping seats: {a:?}");
            mine.push((b.start_date, b.end_date()));
        } else {
            *others.entry(b.id).or_default() += 1;
        }
        match a.expect {
            // Under way, or over in the last two weeks with its final evaluation still to come.
            Status::InProgress => assert!(b.start_date < today() && b.end_date() + chrono::Days::new(14) >= today()),
            Status::Completed => assert!(b.end_date() + chrono::Days::new(8) < today()),
            _ => assert!(b.start_date > today()),
        }
    }
    for (id, n) in held {
        let keep = i32::from(others.contains_key(&id));
        assert!(n + keep <= blocks[&id].seats_left, "block {id}: {n} seats held of {}", blocks[&id].seats_left);
    }
}

#[test]
fn one_rotation_at_the_first_site_waits_for_its_final_evaluation() {
    // On any day: the browser walk finds one there whatever day it runs.
    for n in (0..120).step_by(3) {
        let day = today() + chrono::Days::new(n);
        let config = DemoConfig::new(day);
        let (catalog, plan) = demo(&config);
        let ended = |a: &&crate::plan::Planned| {
            catalog.experiences.iter().flat_map(|e| e.blocks.iter()).any(|b| b.id == a.block_id && b.end_date() < day)
        };
        let waiting: Vec<_> =
            plan.applications.iter().filter(|a| a.expect == Status::InProgress && a.site_id == 1).filter(ended).collect();
        assert_eq!(waiting.len(), 1, "{day}: {waiting:?}");
    }
}

#[test]
fn same_seed_same_history_other_seed_other_history() {
    let config = DemoConfig::new(today());
    assert_eq!(demo(&config).1, demo(&config).1);
    assert_ne!(demo(&config).1.applications, demo(&DemoConfig { seed: 8, ..config }).1.applications);
}
