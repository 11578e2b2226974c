//! Paying a site, on SQLite and PostgreSQL with a clock the test holds:
//! the held seat's email says what to pay, by when, to whom and how (with
//! the site's own instructions); the applicant is reminded once, two days
//! before the deadline; the ledger says the same words; a confirmed seat
//! asks for the rest by the first day. And the queue shows readiness only
//! where the policy lets the caller read the applicant's file, and names
//! the applicant to the site only while that file is open.

mod support;

use std::sync::Arc;

use chrono::{Days, NaiveDate};
use matchready_app::applications::{self, StepBody};
use matchready_app::paying::{self, Instructions};
use matchready_app::{App, AuthConfig, Caller, Clock, Kind, money};
use matchready_core::account::Role;
use matchready_core::account::mail::OutboxEntry;
use matchready_core::application::Status;
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{Store, connect};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

async fn mail_to(store: &dyn Store, to: &str) -> Vec<OutboxEntry> {
    let mut all: Vec<OutboxEntry> = store.outbox(1000).await.unwrap().into_iter().filter(|m| m.to == to).collect();
    all.sort_by_key(|m| m.id);
    all
}

async fn story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    store.migrate().await.unwrap();
    let c = catalog(&DemoConfig { experiences: 30, ..DemoConfig::new(today()) });
    store.insert_catalog(&c).await.unwrap();
    let clock = Clock::manual(0);
    clock.set_day(today());
    let files = matchready_files::open_folder(std::env::temp_dir().join("matchready_app_paying").to_str().unwrap()).unwrap();
    let config = AuthConfig { public_url: "http://x".into(), trust_forwarded_for: false };
    let app = App::with_clock(store.clone(), config, files, clock.clone()).await.unwrap();

    // An experience that asks for a deposit, with a block far enough ahead for the whole deadline.
    let experience = c.experiences.iter().find(|e| e.price.deposit_cents > 0).expect("a deposit");
    let block = experience.blocks.iter().find(|bl| bl.start_date > today() + Days::new(30) && bl.seats_left > 0).unwrap();
    let site = experience.site.id.to_string();
    // A coordinator who signed up but whom nobody verified yet is never named to applicants.
    let newcomer = matchready_store::NewUser {
        email: "newcomer@example.org".into(),
        name: "Not Yet Verified".into(),
        role: Role::Coordinator,
        site_id: Some(experience.site.id),
        password_hash: None,
        email_verified: true,
        host_verified: false,
        now: 0,
    };
    store.create_user(&newcomer).await.unwrap().unwrap();
    let coordinator = support::member(store.as_ref(), "coord@example.org", Role::Coordinator, Some(experience.site.id)).await;
    let other = support::member(store.as_ref(), "other@example.org", Role::Coordinator, Some(experience.site.id + 1)).await;
    let applicant_id = testing::applicant(store.as_ref(), "ana.lima@example.org", "Ana Lima", 0).await.unwrap();
    let applicant = Caller::member(store.user(applicant_id).await.unwrap().unwrap(), "127.0.0.1");

    // The site writes how to pay it; another site's coordinator and the applicant cannot, and
    // bad instructions are refused by name with nothing changed.
    let wire = Instructions { instructions: "Wire to Lakeside Bank, account 0042.".into() };
    assert_eq!(paying::set_instructions(&app, &other, &site, wire).await.unwrap_err().kind, Kind::NotFound, "{b}");
    let wire = Instructions { instructions: "Wire to Lakeside Bank, account 0042.".into() };
    assert_eq!(paying::set_instructions(&app, &applicant, &site, wire).await.unwrap_err().kind, Kind::NotFound, "{b}");
    let wire = Instructions { instructions: "  Wire to Lakeside Bank,\r\naccount 0042.  ".into() };
    let saved = paying::set_instructions(&app, &coordinator, &site, wire).await.unwrap().instructions;
    assert_eq!(saved, "Wire to Lakeside Bank,\naccount 0042.", "{b}: trimmed, line breaks kept as one character");
    // As long as the form allows: 2,000 characters with line breaks as a browser sends them.
    let full = Instructions { instructions: "ab\r\n".repeat(500) };
    assert!(paying::set_instructions(&app, &coordinator, &site, full).await.is_ok(), "{b}");
    let wire = Instructions { instructions: "Wire to Lakeside Bank,\naccount 0042.".into() };
    paying::set_instructions(&app, &coordinator, &site, wire).await.unwrap();
    let admin = support::member(store.as_ref(), "admin@example.org", Role::Admin, None).await;
    assert_eq!(paying::instructions(&app, &admin, "999999").await.unwrap_err().kind, Kind::NotFound, "{b}: no such site");
    let long = Instructions { instructions: "x".repeat(paying::MAX_INSTRUCTIONS + 1) };
    let refused = paying::set_instructions(&app, &coordinator, &site, long).await.unwrap_err();
    assert_eq!((refused.kind, refused.fields[0].field), (Kind::Invalid, "instructions"), "{b}");
    let control = Instructions { instructions: "pay\u{7}here".into() };
    assert_eq!(paying::set_instructions(&app, &coordinator, &site, control).await.unwrap_err().kind, Kind::Invalid, "{b}");
    let kept = paying::instructions(&app, &coordinator, &site).await.unwrap().instructions;
    assert_eq!(kept, "Wire to Lakeside Bank,\naccount 0042.", "{b}: a refused change keeps what was there");

    // Offered, then accepted by the applicant: the seat is held and the email asks for the deposit.
    let a = store.create_application(applicant_id, block.id, clock.now()).await.unwrap().unwrap();
    let id = a.id.to_string();
    support::step(store.as_ref(), a.id, Status::Submitted, clock.now()).await;
    applications::step_named(&app, &coordinator, &id, "offer", StepBody::default()).await.unwrap();
    let held = applications::step_named(&app, &applicant, &id, "accept", StepBody::default()).await.unwrap();
    assert_eq!(held.status, Status::Accepted, "{b}");
    let due = held.deposit_due_on.unwrap();
    let deadline = matchready_core::dates::deadline(due);
    let mails = mail_to(store.as_ref(), "ana.lima@example.org").await;
    let asked = mails.iter().find(|m| m.subject.contains("pay the deposit")).expect("the deposit email");
    assert!(asked.subject.ends_with(&format!("by {deadline}")), "{b}: {}", asked.subject);
    let deposit = matchready_core::money::usd(experience.price.deposit_cents);
    assert!(asked.body.contains(&format!("Pay the deposit, {deposit}, by {deadline}.")), "{b}: {}", asked.body);
    assert!(
        asked.body.contains("    Wire to Lakeside Bank,\n    account 0042.\n"),
        "{b}: the site's own instructions, lines kept: {}",
        asked.body
    );
    assert!(asked.body.contains(&format!("MatchReady application {}", a.id)), "{b}: the reference to quote");
    assert!(asked.body.contains("coord@example.org"), "{b}: whom to ask");
    assert!(!asked.body.contains("newcomer@example.org"), "{b}: an unverified coordinator was named");

    // The ledger says the same, for the applicant and the site.
    let ledger = money::ledger(&app, &applicant, &id).await.unwrap();
    let pay = ledger.pay.expect("a payment is asked");
    assert_eq!((pay.what, pay.cents, pay.by.as_str()), ("deposit", experience.price.deposit_cents, deadline.as_str()));
    assert_eq!(money::ledger(&app, &coordinator, &id).await.unwrap().pay.unwrap().headline, pay.headline, "{b}");

    // No reminder before two days ahead of the deadline; then exactly one, however often it runs.
    clock.set_day(due - Days::new(3));
    assert_eq!(paying::remind_deposits(&app).await.unwrap(), 0, "{b}: too early");
    clock.set_day(due - Days::new(2));
    assert_eq!(paying::remind_deposits(&app).await.unwrap(), 1, "{b}: two days ahead");
    assert_eq!(paying::remind_deposits(&app).await.unwrap(), 0, "{b}: once per deadline");
    clock.set_day(due);
    assert_eq!(paying::remind_deposits(&app).await.unwrap(), 0, "{b}: still once, on the day");
    let reminders: Vec<_> =
        mail_to(store.as_ref(), "ana.lima@example.org").await.into_iter().filter(|m| m.subject.contains("Reminder")).collect();
    assert_eq!(reminders.len(), 1, "{b}");
    assert!(reminders[0].body.contains(&format!("by {deadline}")), "{b}: {}", reminders[0].body);

    // The deposit is recorded: confirmed, and the rest is asked for by the first day.
    let paid =
        money::Recorded { kind: "payment".into(), amount_cents: experience.price.deposit_cents, description: "wire".into() };
    let after = money::record(&app, &coordinator, &id, paid).await.unwrap();
    assert_eq!(store.application(a.id).await.unwrap().unwrap().status, Status::Confirmed, "{b}");
    let rest = after.pay.expect("the rest is due");
    assert_eq!(rest.what, "balance", "{b}");
    assert_eq!(rest.by, matchready_core::dates::day(block.start_date), "{b}");
    assert_eq!(rest.cents, after.account.to_pay_cents, "{b}");
    assert_eq!(paying::remind_deposits(&app).await.unwrap(), 0, "{b}: a confirmed seat is not reminded");

    // The queue: the site sees readiness while the file is open; another site sees nothing of it.
    let listed = applications::list_with_readiness(&app, &coordinator).await.unwrap();
    let row = listed.iter().find(|l| l.application.id == a.id).unwrap();
    assert_eq!(row.application.applicant_name, "Ana Lima", "{b}: named while the file is open");
    let readiness = row.readiness.as_ref().expect("the site reads the open file");
    assert!(!readiness.documents_complete(), "{b}: nothing is in the vault");
    assert!(readiness.lacking().iter().any(|l| l == "Passport missing"), "{b}: {:?}", readiness.lacking());
    assert!(applications::list_with_readiness(&app, &other).await.unwrap().iter().all(|l| l.application.id != a.id), "{b}");
    let mine = applications::list_with_readiness(&app, &applicant).await.unwrap();
    assert!(mine.iter().find(|l| l.application.id == a.id).unwrap().readiness.is_some(), "{b}: the applicant's own");
    // Once the application has ended, readiness is no longer worked out.
    support::step(store.as_ref(), a.id, Status::InProgress, clock.now()).await;
    support::step(store.as_ref(), a.id, Status::Completed, clock.now()).await;
    let listed = applications::list_with_readiness(&app, &coordinator).await.unwrap();
    assert!(listed.iter().find(|l| l.application.id == a.id).unwrap().readiness.is_none(), "{b}");
    // Long after the rotation, the file closes to the site, and with it the applicant's name.
    clock.set_day(block.end_date() + Days::new(matchready_core::application::FILE_OPEN_DAYS_AFTER_END + 1));
    let listed = applications::list_with_readiness(&app, &coordinator).await.unwrap();
    let closed = &listed.iter().find(|l| l.application.id == a.id).unwrap().application;
    assert_eq!(closed.applicant_name, format!("Applicant {applicant_id}"), "{b}");
    assert_eq!(applications::get(&app, &coordinator, &id).await.unwrap().application.applicant_name, closed.applicant_name);
    let own = applications::get(&app, &applicant, &id).await.unwrap().application.applicant_name;
    assert_eq!(own, "Ana Lima", "{b}: the applicant still sees their own name");
}

async fn a_held_seat_says_what_to_pay_by_when_and_how(db: TestDb) {
    {
        let store = connect(&db.url).await.unwrap();
        story(store.clone()).await;
        drop(store);
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(a_held_seat_says_what_to_pay_by_when_and_how);
