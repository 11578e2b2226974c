//! The rotation plan as a use case, on SQLite and PostgreSQL: made from the saved profile over
//! the live catalog, every pick joinable, inside the dates and the budget and clear of the
//! rotations the applicant holds; refused, naming what to fix, without a budget or dates or with
//! an empty range; an applicant's alone.

mod support;

use std::sync::Arc;

use chrono::NaiveDate;
use matchready_app::{Caller, Kind, plans, profile};
use matchready_core::account::Role;
use matchready_core::application::Status;
use matchready_core::plan::RawPlanOptions;
use matchready_core::{Availability, RawProfile};
use matchready_store::testing::TestDb;
use matchready_store::{Store, connect};

async fn story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    let today: NaiveDate = "2026-11-22".parse().unwrap();
    let (app, _clock, catalog) = support::demo_app(store.clone(), today, "matchready_app_plans").await;
    let ana = support::member(store.as_ref(), "ana@example.org", Role::Applicant, None).await;
    let raw = RawPlanOptions::default;

    // Nothing saved: the plan says what the profile lacks.
    let e = plans::mine(&app, &ana, &raw()).await.unwrap_err();
    let fields: Vec<&str> = e.fields.iter().map(|f| f.field).collect();
    assert_eq!((e.kind, e.code, fields), (Kind::Invalid, "invalid_plan", vec!["budget", "from"]), "{b}");

    let (from, to): (NaiveDate, NaiveDate) = ("2026-12-01".parse().unwrap(), "2027-11-30".parse().unwrap());
    let saved = RawProfile {
        applicant_type: Some("ims".into()),
        graduation_year: Some(2027),
        visa: Some("us_citizen_or_resident".into()),
        target_specialties: vec!["internal-medicine".into()],
        budget_cents: Some(20_000_00),
        available: vec![Availability { from, to }],
        ..RawProfile::default()
    };
    profile::save(&app, &ana, &saved).await.unwrap();
    let plan = plans::mine(&app, &ana, &raw()).await.unwrap();
    assert!(!plan.picks.is_empty(), "{b}: a ten-experience catalog has something for a year");
    assert!(plan.total_cents <= 20_000_00, "{b}");
    let facts = matchready_core::Profile::parse(&saved, None).unwrap().facts();
    for (n, p) in plan.picks.iter().enumerate() {
        let e = catalog.experiences.iter().find(|e| e.id == p.experience_id).unwrap();
        let block = e.blocks.iter().find(|bl| bl.id == p.block_id).unwrap();
        assert_eq!((block.start_date, block.end_date()), (p.start_date, p.end_date), "{b}");
        assert!(block.seats_left > 0 && from <= p.start_date && p.end_date <= to, "{b}: {p:?}");
        assert!(e.eligibility.is_eligible(e.kind, &facts, 2026), "{b}: {p:?}");
        assert!(plan.picks[..n].iter().all(|q| q.end_date < p.start_date), "{b}: picks overlap");
        assert!(!p.reasons.is_empty(), "{b}");
    }
    assert_eq!(plan.total_cents, plan.picks.iter().map(|p| p.total_cents).sum::<i64>(), "{b}");

    // A seat held on the first pick: the next plan keeps clear of its days.
    let first = plan.picks[0].clone();
    let held = store.create_application(ana.user.as_ref().unwrap().id, first.block_id, 0).await.unwrap().unwrap().id;
    for to in [Status::UnderReview, Status::Offered, Status::Accepted] {
        support::step(store.as_ref(), held, to, 0).await;
    }
    let around = plans::mine(&app, &ana, &raw()).await.unwrap();
    assert!(
        around.picks.iter().all(|p| p.end_date < first.start_date || first.end_date < p.start_date),
        "{b}: {:?} overlaps the held seat {first:?}",
        around.picks
    );

    // Options as sent: an empty range changes nothing and says which field.
    let empty = RawPlanOptions { from: Some("2027-05-01".into()), to: Some("2027-04-01".into()), ..raw() };
    let e = plans::mine(&app, &ana, &empty).await.unwrap_err();
    assert_eq!((e.fields.len(), e.fields[0].field), (1, "to"), "{b}");
    assert!(e.fields[0].message.contains("the range is empty"), "{b}");
    let cheap = RawPlanOptions { budget: Some("1".into()), ..raw() };
    assert!(plans::mine(&app, &ana, &cheap).await.unwrap().picks.is_empty(), "{b}: nothing costs a dollar");

    // Nobody else has a plan.
    let coordinator = support::member(store.as_ref(), "c@example.org", Role::Coordinator, Some(1)).await;
    assert_eq!(plans::mine(&app, &coordinator, &raw()).await.unwrap_err().kind, Kind::Forbidden, "{b}");
    let nobody = Caller::anonymous("127.0.0.1");
    assert_eq!(plans::mine(&app, &nobody, &raw()).await.unwrap_err().kind, Kind::Unauthenticated, "{b}");
}

async fn plans_story(db: TestDb) {
    story(connect(&db.url).await.unwrap()).await;
}

matchready_store::on_both_backends!(plans_story);
