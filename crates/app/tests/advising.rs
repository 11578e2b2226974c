//! Consultations as use cases, on SQLite and PostgreSQL with a clock the test moves: an
//! advisor's setup refused field by field, then saved with the free call offered; open times in
//! the applicant's own zone; a booking of a time that does not exist, inside the notice or taken
//! refused with a sentence; the free call once; a late cancellation of a paid call charged by the
//! policy; another advisor and another applicant see nothing.

mod support;

use std::sync::Arc;

use chrono::NaiveDate;
use matchready_app::Kind;
use matchready_app::advising::{after, book, setup};
use matchready_core::account::Role;
use matchready_core::advising::call::{CallStatus, Offering};
use matchready_core::advising::setup::{RawHours, RawSetup};
use matchready_core::plan::RawPlanOptions;
use matchready_store::testing::TestDb;
use matchready_store::{Store, connect};

fn hours(weekday: &str, start: &str, end: &str) -> RawHours {
    RawHours { weekday: weekday.into(), start: start.into(), end: end.into() }
}

fn raw_setup() -> RawSetup {
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    RawSetup {
        zone: "America/New_York".into(),
        weekly: days.iter().map(|d| hours(d, "09:00", "12:00")).collect(),
        exceptions: Vec::new(),
        notice_hours: 24,
        buffer_minutes: 15,
        cancel_hours: 48,
        late_cancel_percent: 50,
        video_link: "https://meet.example.org/avery".into(),
    }
}

async fn story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    let today: NaiveDate = "2026-11-22".parse().unwrap();
    let (app, clock, _) = support::demo_app(store.clone(), today, "matchready_app_advising").await;
    let avery = support::member(store.as_ref(), "avery@example.org", Role::Advisor, None).await;
    let blair = support::member(store.as_ref(), "blair@example.org", Role::Advisor, None).await;
    let ana = support::member(store.as_ref(), "ana@example.org", Role::Applicant, None).await;
    let ben = support::member(store.as_ref(), "ben@example.org", Role::Applicant, None).await;
    let avery_id = avery.user.as_ref().unwrap().id;

    // Overlapping hours are refused and nothing is kept.
    let mut overlapping = raw_setup();
    overlapping.weekly.push(hours("monday", "11:00", "13:00"));
    let e = setup::save(&app, &avery, &overlapping).await.unwrap_err();
    assert_eq!((e.kind, e.fields[0].field), (Kind::Invalid, "weekly"), "{b}");
    assert!(e.fields[0].message.contains("overlaps"), "{b}: {e:?}");
    assert_eq!(setup::mine(&app, &avery).await.unwrap(), None, "{b}");
    setup::save(&app, &avery, &raw_setup()).await.unwrap();
    let paid = Offering {
        name: "Match strategy".into(),
        minutes: 60,
        price_cents: 150_00,
        intro: false,
        covers: "Your program list".into(),
    };
    setup::offer(&app, &avery, &paid).await.unwrap();
    assert_eq!(setup::save(&app, &ana, &raw_setup()).await.unwrap_err().kind, Kind::Forbidden, "{b}");

    let dir = setup::directory(&app, &ana).await.unwrap();
    assert_eq!(dir.len(), 1, "{b}");
    let (intro, hour) = (dir[0].offerings[0].id, dir[0].offerings[1].id);
    assert!(dir[0].offerings[0].offering.intro, "{b}");

    // Open times in Lagos: from a day after now, shown in both zones.
    let open = book::open(&app, &ana, &avery_id.to_string(), &intro.to_string(), "Africa/Lagos").await.unwrap();
    assert!(!open.is_empty(), "{b}");
    assert!(open[0].starts_at >= app.now() + 24 * 3600, "{b}");
    assert!(open[0].yours.ends_with("WAT") && (open[0].advisors.ends_with("EST")), "{b}: {:?}", open[0]);
    let bad_zone = book::open(&app, &ana, &avery_id.to_string(), &intro.to_string(), "Mars/Olympus").await.unwrap_err();
    assert_eq!(bad_zone.fields[0].field, "zone", "{b}");

    let input = |start: String, offering: i64| book::BookInput {
        advisor_id: avery_id,
        offering_id: offering,
        start,
        zone: "Africa/Lagos".into(),
    };
    // A time the clocks skip.
    let gap = book::BookInput { zone: "America/New_York".into(), ..input("2027-03-14T02:30".into(), intro) };
    let e = book::book(&app, &ana, &gap).await.unwrap_err();
    assert_eq!(
        e.fields[0].message,
        "02:30 on 14 Mar 2027 does not exist in America/New_York: the clocks go forward then; choose another time",
        "{b}"
    );
    // Inside the notice.
    let soon = chrono::DateTime::from_timestamp(app.now() + 3600, 0).unwrap().to_rfc3339();
    let e = book::book(&app, &ana, &input(soon, intro)).await.unwrap_err();
    assert!(e.fields[0].message.starts_with("the advisor needs 24 hours' notice"), "{b}: {e:?}");

    // The free call, then a second refused with a sentence; the slot gone for everyone else.
    let at = |s: &book::SlotView| chrono::DateTime::from_timestamp(s.starts_at, 0).unwrap().to_rfc3339();
    let call = book::book(&app, &ana, &input(at(&open[0]), intro)).await.unwrap();
    assert_eq!((call.status, call.intro), (CallStatus::Booked, true), "{b}");
    assert_eq!(after::hold(&app, &avery, &call.id.to_string()).await.unwrap_err().code, "call_not_open", "{b}: not begun");
    let again = book::book(&app, &ana, &input(at(&open[4]), intro)).await.unwrap_err();
    assert_eq!(again.code, "intro_used", "{b}");
    assert!(
        again.message.starts_with("the free introductory call is once per applicant: yours is on "),
        "{b}: {}",
        again.message
    );
    let ics = after::invitation(&app, &ana, &call.id.to_string()).await.unwrap();
    assert!(ics.contains("METHOD:REQUEST\r\n") && ics.contains(&format!("UID:consultation-{}@", call.id)), "{b}: {ics}");
    assert!(ics.contains("LOCATION:https://meet.example.org/avery\r\n"), "{b}: the video link");
    assert_eq!(after::invitation(&app, &blair, &call.id.to_string()).await.unwrap_err().kind, Kind::NotFound, "{b}");
    let e = book::book(&app, &ben, &input(at(&open[0]), intro)).await.unwrap_err();
    assert_eq!(e.code, "slot_taken", "{b}");
    // Moved to another time: the old call cancelled, the new one booked together, the free call still once.
    let e = book::reschedule(&app, &ben, &call.id.to_string(), &at(&open[6]), "Africa/Lagos").await.unwrap_err();
    assert_eq!(e.kind, Kind::NotFound, "{b}: not Ben's");
    let e = book::reschedule(&app, &avery, &call.id.to_string(), &at(&open[6]), "Africa/Lagos").await.unwrap_err();
    assert_eq!(e.kind, Kind::Forbidden, "{b}: the applicant moves it");
    let moved = book::reschedule(&app, &ana, &call.id.to_string(), &at(&open[6]), "Africa/Lagos").await.unwrap();
    assert_eq!((moved.starts_at, moved.intro), (open[6].starts_at, true), "{b}");
    assert_eq!(store.call(call.id).await.unwrap().unwrap().status, CallStatus::Cancelled, "{b}");
    let e = book::reschedule(&app, &ana, &call.id.to_string(), &at(&open[8]), "Africa/Lagos").await.unwrap_err();
    assert_eq!(e.code, "call_not_open", "{b}: the old call is gone");
    let (first_call, call) = (call.id, moved);
    let ics = after::invitation(&app, &ana, &call.id.to_string()).await.unwrap();
    assert!(
        ics.contains(&format!("UID:consultation-{first_call}@x\r\n")) && ics.contains("SEQUENCE:1\r\n"),
        "{b}: one event, moved: {ics}"
    );
    let after = book::open(&app, &ben, &avery_id.to_string(), &intro.to_string(), "Africa/Lagos").await.unwrap();
    assert!(after.iter().all(|s| s.starts_at != call.starts_at), "{b}: the moved call's time is taken");
    assert!(after.iter().any(|s| s.starts_at == open[0].starts_at), "{b}: the old time is free again");

    // Reminders: a day before, then an hour before, each once, to both sides.
    clock.set(call.starts_at - 23 * 3600);
    assert_eq!(matchready_app::advising::remind_calls(&app).await.unwrap(), 1, "{b}");
    assert_eq!(matchready_app::advising::remind_calls(&app).await.unwrap(), 0, "{b}: once");
    clock.set(call.starts_at - 1800);
    assert_eq!(matchready_app::advising::remind_calls(&app).await.unwrap(), 1, "{b}");
    let reminded = store.outbox(100).await.unwrap();
    assert!(
        reminded.iter().any(|m| m.to == "ana@example.org" && m.subject.starts_with("In an hour: Free introductory call")),
        "{b}"
    );
    let to_avery =
        |prefix: &str| reminded.iter().filter(|m| m.to == "avery@example.org" && m.subject.starts_with(prefix)).count();
    assert_eq!((to_avery("Tomorrow:"), to_avery("In an hour:")), (1, 1), "{b}: the advisor too, once each");
    assert!(
        reminded.iter().any(|m| m.to == "avery@example.org" && m.subject.starts_with("In an hour:") && m.body.contains("EST")),
        "{b}: in the advisor's zone"
    );

    // A paid hour, cancelled an hour before: half its price.
    let later = book::open(&app, &ana, &avery_id.to_string(), &hour.to_string(), "Africa/Lagos").await.unwrap();
    let paid_call = book::book(&app, &ana, &input(at(&later[later.len() / 2]), hour)).await.unwrap();
    let id = paid_call.id.to_string();
    assert_eq!(book::cancel(&app, &blair, &id).await.unwrap_err().kind, Kind::NotFound, "{b}: another advisor");
    assert_eq!(book::cancel(&app, &ben, &id).await.unwrap_err().kind, Kind::NotFound, "{b}: another applicant");
    clock.set(paid_call.starts_at - 3600);
    let cancelled = book::cancel(&app, &ana, &id).await.unwrap();
    assert_eq!((cancelled.status, cancelled.charge_cents), (CallStatus::Cancelled, 75_00), "{b}");
    assert_eq!(book::cancel(&app, &ana, &id).await.unwrap_err().code, "call_not_open", "{b}");

    // Each side's list.
    let mine: Vec<i64> = book::mine(&app, &ana).await.unwrap().iter().map(|c| c.id).collect();
    let mut sorted = mine.clone();
    sorted.sort_unstable();
    let mut want = vec![first_call, call.id, paid_call.id];
    want.sort_unstable();
    assert_eq!(sorted, want, "{b}");
    assert_eq!(book::mine(&app, &avery).await.unwrap().len(), 3, "{b}");
    assert!(book::mine(&app, &blair).await.unwrap().is_empty(), "{b}");
    assert!(book::mine(&app, &ben).await.unwrap().is_empty(), "{b}");

    // After the call: held, then a write-up with a plan made for Ana; her file only for her advisor.
    let cid = call.id.to_string();
    clock.set(app.now().max(call.starts_at));
    assert_eq!(after::hold(&app, &ana, &cid).await.unwrap_err().kind, Kind::Forbidden, "{b}: the advisor's to say");
    after::hold(&app, &avery, &cid).await.unwrap();
    let options = RawPlanOptions {
        budget: Some("12000".into()),
        from: Some("2027-01-01".into()),
        to: Some("2027-06-30".into()),
        weight_travel: Some("100".into()),
        ..RawPlanOptions::default()
    };
    let w = after::WriteUp {
        notes: "Worried about the Step 2 date.".into(),
        summary: "Take two hands-on IM rotations before June.".into(),
        plan: Some(options),
    };
    assert_eq!(after::write_up(&app, &blair, &cid, &w).await.unwrap_err().kind, Kind::NotFound, "{b}");
    let written = after::write_up(&app, &avery, &cid, &w).await.unwrap();
    let plan = written.plan.expect("a plan attached");
    assert_eq!((plan.budget_cents, plan.weights.travel), (12_000_00, 100), "{b}: the advisor's options");
    let seen = after::detail(&app, &ana, &cid).await.unwrap();
    assert_eq!(seen.call.summary, "Take two hands-on IM rotations before June.", "{b}");
    assert_eq!(seen.plan.map(|p| p.picks.len()), Some(plan.picks.len()), "{b}");
    assert_eq!(after::notes(&app, &avery, &cid).await.unwrap(), "Worried about the Step 2 date.", "{b}");
    assert_eq!(after::notes(&app, &ana, &cid).await.unwrap_err().kind, Kind::Forbidden, "{b}: the advisor's alone");
    assert_eq!(after::notes(&app, &blair, &cid).await.unwrap_err().kind, Kind::NotFound, "{b}");
    let ana_id = ana.user.as_ref().unwrap().id.to_string();
    assert_eq!(after::advised_file(&app, &avery, &ana_id).await.unwrap().name, "Applicant Person", "{b}");
    assert_eq!(after::advised_file(&app, &blair, &ana_id).await.unwrap_err().kind, Kind::NotFound, "{b}");
    let ben_id = ben.user.as_ref().unwrap().id.to_string();
    assert_eq!(after::advised_file(&app, &avery, &ben_id).await.unwrap_err().kind, Kind::NotFound, "{b}: never booked");

    // Admins see each advisor's time: Avery's hours set (five mornings of three hours) and booked.
    let admin = support::member(store.as_ref(), "admin@example.org", Role::Admin, None).await;
    let used = setup::utilisation(&app, &admin).await.unwrap();
    let mine = used.iter().find(|u| u.advisor_id == avery_id).unwrap();
    assert!(mine.offered_minutes >= 19 * 3 * 60 && mine.offered_minutes <= 20 * 3 * 60, "{b}: {mine:?}");
    // Held: the moved free call; cancelled before now: the free call's old time (the paid hour starts later).
    assert_eq!((mine.held, mine.cancelled), (1, 1), "{b}: {mine:?}");
    assert!((19 * 180..=20 * 180).contains(&mine.offered_minutes), "{b}: about twenty weekday mornings ahead: {mine:?}");
    assert_eq!(setup::utilisation(&app, &avery).await.unwrap_err().kind, Kind::Forbidden, "{b}");

    let outbox = store.outbox(100).await.unwrap();
    assert!(outbox.iter().any(|m| m.subject.starts_with("Your advisor's summary")), "{b}");
    assert!(
        outbox.iter().all(|m| !m.body.contains("Worried about") && !m.subject.contains("Worried about")),
        "{b}: notes never mailed"
    );
    assert!(outbox.iter().any(|m| m.subject.starts_with("Booked: Free introductory call")), "{b}");
}

async fn advising_story(db: TestDb) {
    story(connect(&db.url).await.unwrap()).await;
}

matchready_store::on_both_backends!(advising_story);
