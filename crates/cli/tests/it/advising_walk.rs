//! A consultation in Chromium, in the lived-in demo: an applicant who has had no call books the
//! free introductory call with the demo advisor at an open time in their own zone; a second
//! booking of the free call is refused with a sentence; they move it to another time; once the
//! call has taken place the advisor
//! writes a summary and attaches a rotation plan; the applicant opens the plan and applies to one
//! of its blocks from it. Then the advisor's page at phone width.

use fantoccini::{Client, Locator};
use matchready_core::account::Role;
use matchready_core::advising::call::CallStatus;
use matchready_store::CallChange;

use crate::browser::{fill, log_in, submit, text};
use crate::first_loop::scrolls_sideways;
use crate::support::{DEMO_PASSWORD, Server};

async fn walk(s: &Server, c: &Client) {
    let b = s.backend;
    let url = |p: &str| format!("{}{p}", s.base);
    let store = s.store().await;
    // An applicant of the history with no call yet, whose plan has blocks to apply to.
    let mut who = None;
    for u in store.users(None).await.unwrap().into_iter().filter(|u| u.role == Role::Applicant) {
        if !store.applicant_calls(u.id).await.unwrap().is_empty() {
            continue;
        }
        let token = s.login(&u.email, DEMO_PASSWORD).await;
        let (status, plan) = s.call("GET", "/api/v1/me/plan", Some(&token), None).await;
        if status == 200 && plan["picks"].as_array().is_some_and(|p| p.len() >= 2) {
            who = Some(u);
            break;
        }
    }
    let who = who.expect("an applicant with a plan and no call");
    let advisor = store.user_by_email("advisor@example.org").await.unwrap().unwrap().0;
    let intro = store.offerings(advisor.id).await.unwrap().into_iter().find(|o| o.offering.intro).expect("the free call").id;
    let times = format!("/advisors/{}/offerings/{intro}?zone=Africa/Lagos", advisor.id);

    // The free call, at the first open time, shown in Lagos time.
    log_in(s, c, &who.email).await;
    c.goto(&url("/advisors")).await.unwrap();
    c.find(Locator::Id(&format!("offering-{intro}"))).await.unwrap().click().await.unwrap();
    c.goto(&url(&times)).await.unwrap();
    assert!(text(c, ".slot-day h2").await.len() > 5, "{b}: a day of open times");
    assert!(text(c, ".slot-list button").await.ends_with("WAT"), "{b}: times in the applicant's zone");
    submit(c, "/consultations").await;
    assert!(text(c, "#notice").await.starts_with("Booked"), "{b}");
    let call: i64 = c.current_url().await.unwrap().path().trim_start_matches("/consultations/").parse().unwrap();

    // A second free call is refused, in a sentence, and nothing is booked.
    c.goto(&url(&times)).await.unwrap();
    submit(c, "/consultations").await;
    let refusal = text(c, "#form-error").await;
    assert!(refusal.starts_with("the free introductory call is once per applicant: yours is on "), "{b}: {refusal}");
    assert_eq!(store.applicant_calls(who.id).await.unwrap().len(), 1, "{b}");

    // Moved to another time from the call's page: a new call in its place.
    c.goto(&url(&format!("/consultations/{call}"))).await.unwrap();
    c.find(Locator::Id("move")).await.unwrap().click().await.unwrap();
    assert!(text(c, "#moving").await.starts_with("Choose the new time"), "{b}");
    submit(c, &format!("/consultations/{call}/reschedule")).await;
    assert!(text(c, "#notice").await.starts_with("Moved"), "{b}");
    let old = call;
    let call: i64 = c.current_url().await.unwrap().path().trim_start_matches("/consultations/").parse().unwrap();
    assert_ne!(call, old, "{b}: a new call in the old one's place");
    assert_eq!(store.call(old).await.unwrap().unwrap().status, CallStatus::Cancelled, "{b}");
    let calls = store.applicant_calls(who.id).await.unwrap();
    assert_eq!(calls.iter().filter(|x| x.status == CallStatus::Booked).count(), 1, "{b}: one call, at its new time");

    // The call takes place (the test moves it into the past); the advisor writes it up with a plan.
    let booked = store.call(call).await.unwrap().unwrap();
    let held =
        CallChange { id: call, version: booked.version, status: CallStatus::Held, charge_cents: 0, emails: Vec::new(), now: 0 };
    assert!(store.change_call(&held).await.unwrap(), "{b}");
    log_in(s, c, "advisor@example.org").await;
    c.goto(&url(&format!("/consultations/{call}"))).await.unwrap();
    fill(c, "notes", "PRIVATE-NOTE: nervous about the interview").await;
    fill(c, "summary-text", "Two rotations with letter writers before June; book them from the plan below.").await;
    c.find(Locator::Id("attach-plan")).await.unwrap().click().await.unwrap();
    fill(c, "plan-travel", "80").await;
    submit(c, &format!("/consultations/{call}/write-up")).await;
    assert!(text(c, "#notice").await.starts_with("Saved"), "{b}");
    assert!(text(c, "#shared-plan").await.contains("a week)"), "{b}: each pick with its reasons");

    // The applicant reads the summary, never the notes, and applies to a block from the plan.
    log_in(s, c, &who.email).await;
    c.goto(&url(&format!("/consultations/{call}"))).await.unwrap();
    assert!(text(c, "#summary").await.starts_with("Two rotations"), "{b}");
    assert!(!text(c, "main").await.contains("PRIVATE-NOTE"), "{b}: the notes are the advisor's");
    let links = c.find_all(Locator::Css("#shared-plan a.button")).await.unwrap();
    let mut hrefs = Vec::new();
    for l in links {
        hrefs.push(l.attr("href").await.unwrap().unwrap());
    }
    assert!(!hrefs.is_empty(), "{b}: the plan's blocks link to applying");
    let mut applied = false;
    for href in hrefs {
        c.goto(&url(&href)).await.unwrap();
        if c.find(Locator::Css("form[action='/apply'] button[type='submit']")).await.is_ok() {
            submit(c, "/apply").await;
            assert!(c.current_url().await.unwrap().path().starts_with("/applications/"), "{b}");
            applied = true;
            break;
        }
    }
    assert!(applied, "{b}: none of the plan's blocks could be applied to");

    // The advisor's calls at phone width.
    log_in(s, c, "advisor@example.org").await;
    c.set_window_size(390, 844).await.unwrap();
    for p in ["/consultations".to_string(), format!("/consultations/{call}")] {
        c.goto(&url(&p)).await.unwrap();
        assert!(!scrolls_sideways(c).await, "{b}: {p} scrolls sideways at phone width");
    }
}

async fn consultation_walk_in_chromium(s: Server) {
    crate::browser::in_chromium(s, walk).await;
}

on_both_lived_in!(consultation_walk_in_chromium);
