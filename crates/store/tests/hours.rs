//! A rotation's hours on SQLite and PostgreSQL: each change lands only on the
//! version it was judged on; a decision on several entries lands for all or
//! none, with its emails; a correction replaces a pending entry at once and a
//! signed one only when it is signed in turn; and of two entries judged on
//! the same version at once, exactly one lands.

use matchready_core::account::mail::Message;
use matchready_core::rotation::hours::Day;
use matchready_core::rotation::{HoursStatus, WorkSetting};
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{Effects, HoursDecision, NewHours, connect};

const T: i64 = 1_800_000_000;

fn day(application_id: i64, date: &str, minutes: i32, corrects: Option<i64>, replace_now: bool) -> NewHours {
    let replace_now = if replace_now { corrects.into_iter().collect() } else { Vec::new() };
    let day = Day {
        date: date.parse().unwrap(),
        span: Some((480, 480 + minutes)),
        minutes,
        setting: WorkSetting::Outpatient,
        hands_on: true,
        activity: "Clinic".into(),
    };
    NewHours { application_id, day, corrects, replace_now, now: T }
}

fn decision(application_id: i64, ids: Vec<i64>, to: HoursStatus, replaced: Vec<i64>) -> HoursDecision {
    let emails = vec![Message { to: "t@example.org".into(), subject: "Hours".into(), body: "b".into() }];
    HoursDecision { application_id, ids, to, comment: "ok".into(), replaced, emails, by: 1, now: T + 5 }
}

async fn hours_change_only_on_the_version_they_were_judged_on(db: TestDb) {
    let b = db.backend();
    {
        let store = connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let c = catalog(&DemoConfig { experiences: 2, seed: 1, today: "2026-12-01".parse().unwrap() });
        store.insert_catalog(&c).await.unwrap();
        let me = testing::applicant(store.as_ref(), "a@example.org", "A", T).await.unwrap();
        let block = c.experiences[0].blocks[0].id;
        let a = store.create_application(me, block, T).await.unwrap().unwrap().id;
        let site = c.experiences[0].site.id;

        let (v0, none) = store.hours(a).await.unwrap();
        assert!(none.is_empty(), "{b}");
        let first = store.log_hours(&day(a, "2027-01-12", 240, None, false), v0).await.unwrap().expect("logged");
        assert_eq!((first.status, first.span, first.minutes), (HoursStatus::Pending, Some((480, 720)), 240), "{b}");
        // Judged on the old version: refused, nothing written.
        assert!(store.log_hours(&day(a, "2027-01-12", 60, None, false), v0).await.unwrap().is_none(), "{b}");
        let (v1, all) = store.hours(a).await.unwrap();
        assert_eq!((v1, all.len()), (v0 + 1, 1), "{b}");

        // A correction of a pending entry replaces it at once.
        let fixed = store.log_hours(&day(a, "2027-01-12", 300, Some(first.id), true), v1).await.unwrap().unwrap();
        let (v2, all) = store.hours(a).await.unwrap();
        let status = |id| all.iter().find(|e| e.id == id).unwrap().status;
        assert_eq!((status(first.id), status(fixed.id)), (HoursStatus::Replaced, HoursStatus::Pending), "{b}");

        // Signing several: all or none. One not pending spoils the lot, and nothing changes.
        let other = store.log_hours(&day(a, "2027-01-13", 120, None, false), v2).await.unwrap().unwrap();
        let (v3, _) = store.hours(a).await.unwrap();
        let mails = store.outbox(100).await.unwrap().len();
        let spoiled = decision(a, vec![fixed.id, first.id], HoursStatus::Signed, vec![]);
        assert!(!store.decide_hours(&spoiled, v3).await.unwrap(), "{b}: a replaced entry cannot be signed");
        let (v, all) = store.hours(a).await.unwrap();
        assert_eq!(v, v3, "{b}: the version did not move");
        assert!(all.iter().all(|e| e.status != HoursStatus::Signed), "{b}");
        assert_eq!(store.outbox(100).await.unwrap().len(), mails, "{b}: no email for a refused decision");
        let signed = decision(a, vec![fixed.id, other.id], HoursStatus::Signed, vec![]);
        assert!(store.decide_hours(&signed, v3).await.unwrap(), "{b}");
        assert_eq!(store.outbox(100).await.unwrap().len(), mails + 1, "{b}: its email, in the same transaction");
        let (v4, all) = store.hours(a).await.unwrap();
        assert!(
            all.iter().filter(|e| e.id != first.id).all(|e| e.status == HoursStatus::Signed && e.decided_by == Some(1)),
            "{b}"
        );
        assert!(!store.decide_hours(&signed, v4).await.unwrap(), "{b}: signed twice");

        // A correction of a signed entry leaves it signed until the correction is signed.
        let again = store.log_hours(&day(a, "2027-01-13", 90, Some(other.id), false), v4).await.unwrap().unwrap();
        let (v5, all) = store.hours(a).await.unwrap();
        assert_eq!(all.iter().find(|e| e.id == other.id).unwrap().status, HoursStatus::Signed, "{b}");
        assert!(store.decide_hours(&decision(a, vec![again.id], HoursStatus::Signed, vec![other.id]), v5).await.unwrap());
        let (v6, all) = store.hours(a).await.unwrap();
        assert_eq!(all.iter().find(|e| e.id == other.id).unwrap().status, HoursStatus::Replaced, "{b}");
        assert!(store.site_hours(site).await.unwrap().is_empty(), "{b}: the roster shows only seats held");
        let now = store.application(a).await.unwrap().unwrap();
        let moved = testing::move_to(a, now.status, now.version, matchready_core::application::Status::InProgress, T);
        store.move_application(&moved, &Effects::default()).await.unwrap().unwrap();
        assert_eq!(store.site_hours(site).await.unwrap().len(), all.len(), "{b}: the site's roster sees them");
        assert!(store.site_hours(site + 1).await.unwrap().is_empty(), "{b}");

        // Two entries judged on one version at once: exactly one lands.
        let (one, two) = (day(a, "2027-01-14", 60, None, false), day(a, "2027-01-14", 60, None, false));
        let (x, y) = tokio::join!(store.log_hours(&one, v6), store.log_hours(&two, v6));
        assert_eq!([x.unwrap(), y.unwrap()].iter().filter(|r| r.is_some()).count(), 1, "{b}");

        // Reminders: once per week, marked with their email.
        let pending_since = "2027-01-14".parse().unwrap();
        let long_ago = "2027-01-01".parse().unwrap();
        let due = store.hours_to_remind(pending_since, long_ago).await.unwrap();
        assert_eq!(due.iter().map(|x| x.id).collect::<Vec<_>>(), [a], "{b}");
        let today = "2027-01-21".parse().unwrap();
        let mails = store.outbox(100).await.unwrap().len();
        let email = [Message { to: "p@example.org".into(), subject: "Sign".into(), body: "b".into() }];
        assert!(store.remind_hours(a, today, long_ago, &email, T).await.unwrap(), "{b}");
        assert!(!store.remind_hours(a, today, long_ago, &email, T).await.unwrap(), "{b}: once");
        assert_eq!(store.outbox(100).await.unwrap().len(), mails + 1, "{b}");
        assert!(store.hours_to_remind(pending_since, "2027-01-14".parse().unwrap()).await.unwrap().is_empty(), "{b}");
    }
    db.drop_db().await;
}

matchready_store::on_both_backends!(hours_change_only_on_the_version_they_were_judged_on);
