//! Consultations on both databases: setups and offerings read back; twenty applicants pressing
//! for one slot at once get one call; a call within the buffer of another is refused; the free
//! introductory call is once per applicant, even when pressed twice at once, and free again once
//! cancelled; a reschedule moves a call in one step or not at all; write-ups only once held, the
//! notes kept apart; reminders marked once, with their emails.

use std::sync::Arc;

use matchready_core::account::Role;
use matchready_core::account::mail::Message;
use matchready_core::advising::call::{CallStatus, Offering, Reminder};
use matchready_core::advising::setup::{RawHours, RawSetup};
use matchready_store::testing::{TestDb, applicant};
use matchready_store::{BookRefusal, CallChange, NewCall, NewUser, Store, StoredOffering, WriteUpSave, connect};

const T: i64 = 1_900_000_000;

fn setup() -> RawSetup {
    RawSetup {
        zone: "America/Chicago".into(),
        weekly: vec![RawHours { weekday: "monday".into(), start: "09:00".into(), end: "17:00".into() }],
        exceptions: Vec::new(),
        notice_hours: 24,
        buffer_minutes: 15,
        cancel_hours: 48,
        late_cancel_percent: 50,
        video_link: "https://meet.example.org/avery".into(),
    }
}

fn call(advisor: i64, who: i64, o: &StoredOffering, start: i64) -> NewCall {
    NewCall {
        advisor_id: advisor,
        applicant_id: who,
        offering: o.clone(),
        starts_at: start,
        ends_at: start + o.offering.minutes * 60,
        buffer_minutes: 15,
        cancel_hours: 48,
        late_cancel_percent: 50,
        applicant_zone: "Africa/Lagos".into(),
        replaces: None,
        emails: vec![Message { to: "a@example.org".into(), subject: "Booked".into(), body: "See you".into() }],
        now: T,
    }
}

async fn story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    store.migrate().await.unwrap();
    let new = NewUser {
        email: "advisor@example.org".into(),
        name: "Dr. Avery Advisor".into(),
        role: Role::Advisor,
        site_id: None,
        password_hash: None,
        email_verified: true,
        host_verified: false,
        now: T,
    };
    let advisor = store.create_user(&new).await.unwrap().unwrap().id;
    let other = store.create_user(&NewUser { email: "other@example.org".into(), ..new }).await.unwrap().unwrap().id;

    store.save_setup(advisor, &setup(), T).await.unwrap();
    let saved = store.setup(advisor).await.unwrap().unwrap();
    assert_eq!((saved.setup, saved.version), (setup(), 0), "{b}");
    store.save_setup(advisor, &RawSetup { buffer_minutes: 10, ..setup() }, T + 1).await.unwrap();
    assert_eq!(store.setup(advisor).await.unwrap().unwrap().version, 1, "{b}");
    store.save_setup(advisor, &setup(), T + 2).await.unwrap();
    assert_eq!(store.advisor_setups().await.unwrap().len(), 1, "{b}");

    let intro = store.add_offering(advisor, &Offering::intro(), T).await.unwrap();
    let paid =
        Offering { name: "Match strategy".into(), minutes: 60, price_cents: 150_00, intro: false, covers: "Your list".into() };
    let paid = store.add_offering(advisor, &paid, T).await.unwrap();
    assert_eq!(store.offerings(advisor).await.unwrap(), [intro.clone(), paid.clone()], "{b}");

    // Twenty applicants press for the same half hour at once: one call.
    let mut people = Vec::new();
    for n in 0..20 {
        people.push(applicant(store.as_ref(), &format!("p{n}@example.org"), &format!("P{n}"), T).await.unwrap());
    }
    let slot = T + 7 * 86_400;
    let racers: Vec<_> = people
        .iter()
        .map(|&who| {
            let (store, c) = (store.clone(), call(advisor, who, &intro, slot));
            tokio::spawn(async move { store.book(&c).await.unwrap() })
        })
        .collect();
    let mut won = Vec::new();
    for r in racers {
        match r.await.unwrap() {
            Ok(c) => won.push(c),
            Err(refusal) => assert_eq!(refusal, BookRefusal::Taken, "{b}"),
        }
    }
    assert_eq!(won.len(), 1, "{b}: one call for one slot");
    let first = won.remove(0);
    assert_eq!((first.status, first.starts_at, first.sequence, first.intro), (CallStatus::Booked, slot, 0, true), "{b}");
    assert_eq!(store.outbox(100).await.unwrap().len(), 1, "{b}: only the winner's email");

    // Across kinds: a paid hour ten minutes after the intro ends is inside the 15-minute buffer.
    let winner = first.applicant_id;
    let others: Vec<i64> = people.iter().copied().filter(|p| *p != winner).collect();
    let (ana, ben, cai) = (others[0], others[1], others[2]);
    let near = call(advisor, ana, &paid, first.ends_at + 600);
    assert_eq!(store.book(&near).await.unwrap(), Err(BookRefusal::Taken), "{b}");
    let hour = store.book(&call(advisor, ana, &paid, first.ends_at + 900)).await.unwrap().unwrap();
    // Another advisor's calendar is their own.
    store.save_setup(other, &setup(), T).await.unwrap();
    let theirs = store.add_offering(other, &Offering::intro(), T).await.unwrap();
    assert!(store.book(&call(other, ben, &theirs, slot)).await.unwrap().is_ok(), "{b}");
    assert_eq!(store.book(&call(other + 1000, ana, &theirs, slot)).await.unwrap(), Err(BookRefusal::NoAdvisor), "{b}");

    // The free call once per applicant, even pressed twice at once.
    assert_eq!(store.book(&call(advisor, winner, &intro, slot + 86_400)).await.unwrap(), Err(BookRefusal::IntroUsed), "{b}");
    let twice: Vec<_> = [slot + 20 * 86_400, slot + 21 * 86_400]
        .into_iter()
        .map(|at| {
            let (store, c) = (store.clone(), call(advisor, cai, &intro, at));
            tokio::spawn(async move { store.book(&c).await.unwrap() })
        })
        .collect();
    let mut results = Vec::new();
    for r in twice {
        results.push(r.await.unwrap());
    }
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{b}: {results:?}");
    assert!(results.contains(&Err(BookRefusal::IntroUsed)), "{b}: {results:?}");
    // Cancelled, the free call can be booked again.
    let cancel = |c: &matchready_store::Call| CallChange {
        id: c.id,
        version: c.version,
        status: CallStatus::Cancelled,
        charge_cents: 0,
        emails: Vec::new(),
        now: T + 5,
    };
    assert!(store.change_call(&cancel(&first)).await.unwrap(), "{b}");
    assert!(!store.change_call(&cancel(&first)).await.unwrap(), "{b}: a stale change lands nowhere");
    let again = store.book(&call(advisor, winner, &intro, slot)).await.unwrap().unwrap();

    // A reschedule: the old call cancelled and the new booked together, or neither.
    let moved = NewCall { replaces: Some((hour.id, hour.version)), ..call(advisor, ana, &paid, slot + 86_400) };
    let new_hour = store.book(&moved).await.unwrap().unwrap();
    assert_eq!((new_hour.replaces_id, new_hour.sequence), (Some(hour.id), 1), "{b}");
    assert_eq!(store.call(hour.id).await.unwrap().unwrap().status, CallStatus::Cancelled, "{b}");
    let stale = NewCall { replaces: Some((hour.id, hour.version)), ..call(advisor, ana, &paid, slot + 2 * 86_400) };
    assert_eq!(store.book(&stale).await.unwrap(), Err(BookRefusal::Stale), "{b}");
    let mine: Vec<i64> = store.applicant_calls(ana).await.unwrap().iter().map(|c| c.id).collect();
    assert_eq!(mine, [hour.id, new_hour.id], "{b}: the stale move wrote nothing");
    let week: Vec<i64> = store.advisor_calls(advisor, slot, slot + 2 * 86_400).await.unwrap().iter().map(|c| c.id).collect();
    assert_eq!(week, [first.id, again.id, hour.id, new_hour.id], "{b}");

    // Write-ups once held; the notes only through their own read.
    let up = |version: i64, plan: Option<&str>| WriteUpSave {
        id: again.id,
        version,
        notes: "Anxious about Step 2.".into(),
        summary: "Apply to two IM rotations.".into(),
        plan: plan.map(str::to_string),
        emails: Vec::new(),
        now: T,
    };
    assert!(!store.write_up(&up(again.version, None)).await.unwrap(), "{b}: not held yet");
    let held = CallChange { status: CallStatus::Held, ..cancel(&again) };
    assert!(store.change_call(&held).await.unwrap(), "{b}");
    let v = store.call(again.id).await.unwrap().unwrap().version;
    // A call under way still holds its time.
    assert_eq!(store.book(&call(advisor, cai, &paid, slot)).await.unwrap(), Err(BookRefusal::Taken), "{b}: held, not free");
    assert!(store.write_up(&up(v, Some("{\"picks\":[]}"))).await.unwrap(), "{b}");
    let read = store.call(again.id).await.unwrap().unwrap();
    assert_eq!((read.summary.as_str(), read.plan.as_deref()), ("Apply to two IM rotations.", Some("{\"picks\":[]}")), "{b}");
    assert_eq!(store.call_notes(again.id).await.unwrap().as_deref(), Some("Anxious about Step 2."), "{b}");

    // Reminders: each marked once, with its email.
    let due = store.calls_to_remind(slot, slot + 2 * 86_400).await.unwrap();
    assert_eq!(due.iter().map(|c| c.id).collect::<Vec<_>>(), [new_hour.id], "{b}: booked calls only");
    let mail = [Message { to: "a@example.org".into(), subject: "Tomorrow".into(), body: "b".into() }];
    let before = store.outbox(100).await.unwrap().len();
    assert!(store.mark_call_reminded(new_hour.id, Reminder::Day, &mail, T).await.unwrap(), "{b}");
    assert!(!store.mark_call_reminded(new_hour.id, Reminder::Day, &mail, T).await.unwrap(), "{b}");
    assert!(store.mark_call_reminded(new_hour.id, Reminder::Hour, &mail, T).await.unwrap(), "{b}");
    assert_eq!(store.outbox(100).await.unwrap().len(), before + 2, "{b}");
    assert!(store.calls_to_remind(slot, slot + 2 * 86_400).await.unwrap().is_empty(), "{b}");
}

async fn advising_story(db: TestDb) {
    story(connect(&db.url).await.unwrap()).await;
}

matchready_store::on_both_backends!(advising_story);
