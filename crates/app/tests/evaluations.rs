//! Evaluation reminders, in process on SQLite and PostgreSQL with a clock the
//! test moves: the site's preceptor is reminded three days before the final
//! is due and the coordinator told three days after, each once; a submitted
//! evaluation is never chased; the midpoint cannot be written before the block starts.

mod support;

use std::sync::Arc;

use chrono::{Days, NaiveDate};
use matchready_app::rotation::evaluations;
use matchready_core::account::Role;
use matchready_core::application::Status;
use matchready_store::testing::{self, TestDb};
use matchready_store::{Store, connect};

async fn story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    let today: NaiveDate = "2026-11-22".parse().unwrap();
    let (app, clock, c) = support::demo_app(store.clone(), today, "matchready_app_evaluations").await;

    let e = &c.experiences[0];
    let block = e.blocks.iter().find(|bl| bl.start_date > today && bl.seats_left > 0).unwrap();
    let site = Some(e.site.id);
    let preceptor = support::member(store.as_ref(), "preceptor@example.org", Role::Preceptor, site).await;
    support::member(store.as_ref(), "coordinator@example.org", Role::Coordinator, site).await;
    let trainee = testing::applicant(store.as_ref(), "ana@example.org", "Ana Lima", 0).await.unwrap();
    let a = store.create_application(trainee, block.id, 0).await.unwrap().unwrap().id;
    let id = a.to_string();
    for to in [Status::UnderReview, Status::Offered, Status::Accepted, Status::Confirmed] {
        support::step(store.as_ref(), a, to, 0).await;
    }
    // Not started: nothing may be written yet.
    let err = evaluations::save(&app, &preceptor, &id, "midpoint", &support::submitted_evaluation()).await.unwrap_err();
    assert_eq!(err.code, "not_in_progress", "{b}");
    support::step(store.as_ref(), a, Status::InProgress, 0).await;

    let (first, last) = (block.start_date, block.end_date());
    let mails = |to: &'static str| {
        let store = store.clone();
        async move { store.outbox(1000).await.unwrap().into_iter().filter(|m| m.to == to).map(|m| m.subject).collect::<Vec<_>>() }
    };
    // The midpoint is submitted in time: never chased.
    clock.set_day(first + Days::new(3));
    evaluations::save(&app, &preceptor, &id, "midpoint", &support::submitted_evaluation()).await.unwrap();
    // Four days before the final is due: nothing yet; three days before: the preceptor, once.
    let due = last + Days::new(7);
    clock.set_day(due - Days::new(4));
    assert_eq!(evaluations::remind_evaluations(&app).await.unwrap(), 0, "{b}");
    clock.set_day(due - Days::new(3));
    assert_eq!(evaluations::remind_evaluations(&app).await.unwrap(), 1, "{b}");
    clock.set_day(due);
    assert_eq!(evaluations::remind_evaluations(&app).await.unwrap(), 0, "{b}: once");
    let to_preceptor = mails("preceptor@example.org").await;
    assert_eq!(to_preceptor.len(), 1, "{b}: {to_preceptor:?}");
    assert!(
        to_preceptor[0].starts_with("Due ") && to_preceptor[0].contains("Final evaluation, Ana Lima"),
        "{b}: {to_preceptor:?}"
    );
    assert!(mails("coordinator@example.org").await.is_empty(), "{b}");
    // Three days after: the coordinator, once.
    clock.set_day(due + Days::new(3));
    assert_eq!(evaluations::remind_evaluations(&app).await.unwrap(), 0, "{b}");
    clock.set_day(due + Days::new(4));
    assert_eq!(evaluations::remind_evaluations(&app).await.unwrap(), 1, "{b}");
    assert_eq!(evaluations::remind_evaluations(&app).await.unwrap(), 0, "{b}");
    let to_coordinator = mails("coordinator@example.org").await;
    assert_eq!(to_coordinator.len(), 1, "{b}: {to_coordinator:?}");
    assert!(to_coordinator[0].starts_with("Overdue: Final evaluation"), "{b}");
    // Submitted late: still accepted; nothing more is sent.
    evaluations::save(&app, &preceptor, &id, "final", &support::submitted_evaluation()).await.unwrap();
    clock.set_day(due + Days::new(10));
    assert_eq!(evaluations::remind_evaluations(&app).await.unwrap(), 0, "{b}");
}

async fn evaluations_are_chased_before_and_after_they_are_due(db: TestDb) {
    story(connect(&db.url).await.unwrap()).await;
    db.drop_db().await;
}

matchready_store::on_both_backends!(evaluations_are_chased_before_and_after_they_are_due);
