//! `serve --demo` on first start: every application the seeded plan makes
//! stands where the plan says once its history is played through the use
//! cases (so each of its steps was taken); the coordinator's queue holds
//! every status, the demo applicant has her own history, the history's
//! people log in, and none of the history's emails waits to be sent.

use std::collections::HashMap;

use matchready_demo::DemoConfig;
use serde_json::Value;

use crate::support::{DEMO_PASSWORD, Server};

fn statuses(list: &Value) -> Vec<(i64, String)> {
    let mut out: Vec<(i64, String)> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|a| (a["block_id"].as_i64().unwrap(), a["status"].as_str().unwrap().to_string()))
        .collect();
    out.sort();
    out
}

async fn the_demo_is_lived_in(s: Server, today: chrono::NaiveDate) {
    let b = s.backend;
    // The plan the server played: the default catalog as of the day it was given.
    let config = DemoConfig::new(today);
    let catalog = matchready_demo::catalog(&config);
    let plan = matchready_demo::plan::plan(&catalog, &config);
    let mut want: Vec<(i64, String)> = plan.applications.iter().map(|a| (a.block_id, a.expect.code().to_string())).collect();
    want.sort();

    // Everything stands where the plan says: each step was taken, and the calendar ran. (No role
    // lists every site's applications, so the database is read.)
    let store = s.store().await;
    let mut all: Vec<(i64, String)> =
        store.all_applications(1000).await.unwrap().iter().map(|a| (a.block_id, a.status.code().to_string())).collect();
    all.sort();
    assert_eq!(all, want, "{b}: the applications and where they stand");

    // The coordinator's queue holds every status, with the applicants named while their file is open.
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    let (_, queue) = s.call("GET", "/api/v1/applications", Some(&coordinator), None).await;
    let queue = queue.as_array().unwrap().clone();
    let mut at_site: HashMap<String, usize> = HashMap::new();
    for a in &queue {
        assert_eq!(a["site_id"], 1, "{b}: only the site's own");
        *at_site.entry(a["status"].as_str().unwrap().to_string()).or_default() += 1;
    }
    let every = ["submitted", "under_review", "offered", "waitlisted", "accepted", "confirmed", "in_progress", "completed"];
    for s in every.into_iter().chain(["withdrawn", "rejected"]) {
        assert!(at_site.get(s).copied().unwrap_or(0) >= 1, "{b}: no {s} application at the first site: {at_site:?}");
    }
    let waiting = queue.iter().find(|a| a["status"] == "submitted").unwrap();
    assert!(!waiting["applicant_name"].as_str().unwrap().starts_with("Applicant "), "{b}: {waiting}");
    assert!(waiting["readiness"].is_object(), "{b}: the queue shows readiness: {waiting}");

    // A rotation done has its whole timeline, moved by the calendar, and was paid.
    let done = queue.iter().find(|a| a["status"] == "completed").unwrap();
    let id = done["id"].as_i64().unwrap();
    let (_, view) = s.call("GET", &format!("/api/v1/applications/{id}"), Some(&coordinator), None).await;
    let steps: Vec<&str> = view["timeline"].as_array().unwrap().iter().map(|t| t["to"].as_str().unwrap()).collect();
    assert!(steps.ends_with(&["confirmed", "in_progress", "completed"]), "{b}: {steps:?}");
    let (_, ledger) = s.call("GET", &format!("/api/v1/applications/{id}/ledger"), Some(&coordinator), None).await;
    assert!(ledger["account"]["paid_cents"].as_i64().unwrap() > 0, "{b}: {ledger}");
    assert_eq!(ledger["account"]["to_pay_cents"], 0, "{b}: a finished rotation is paid up: {ledger}");
    // Its hours: every weekday of its four weeks logged and signed by the site's preceptor.
    let (_, hours) = s.call("GET", &format!("/api/v1/applications/{id}/hours"), Some(&coordinator), None).await;
    let summary = &hours["summary"];
    assert_eq!((summary["signed_days"].as_i64(), summary["pending_minutes"].as_i64()), (Some(20), Some(0)), "{b}: {summary}");
    assert_eq!(summary["returned_minutes"], 0, "{b}: each returned day was corrected: {summary}");
    // Its evaluations: both submitted by the site's preceptor.
    let (_, evals) = s.call("GET", &format!("/api/v1/applications/{id}/evaluations"), Some(&coordinator), None).await;
    let states: Vec<&str> = evals["items"].as_array().unwrap().iter().map(|i| i["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["submitted", "submitted"], "{b}: {evals}");
    // Its certificate states its signed hours and verifies publicly; its trainee reviewed it.
    let (status, cert) = s.call("GET", &format!("/api/v1/applications/{id}/certificate"), Some(&coordinator), None).await;
    assert_eq!(status, 200, "{b}: {cert}");
    let minutes = |f: &Value| f["hands_on_minutes"].as_i64().unwrap() + f["observing_minutes"].as_i64().unwrap();
    assert_eq!(minutes(&cert["certificate"]["facts"]), summary["signed_minutes"].as_i64().unwrap(), "{b}: {cert}");
    let code = cert["certificate"]["code"].as_str().unwrap();
    let (status, checked) = s.call("GET", &format!("/api/v1/verify/{code}"), None, None).await;
    assert_eq!((status, &checked["facts"]), (200, &cert["certificate"]["facts"]), "{b}");
    let (trainee_status, _) =
        s.call("GET", &format!("/api/v1/applications/{id}/rotation-review"), Some(&coordinator), None).await;
    assert_eq!(trainee_status, 404, "{b}: a trainee's review is theirs alone");
    // One rotation is over and waits for its final evaluation: still in progress.
    let now = chrono::Utc::now().date_naive().to_string();
    let late = queue.iter().filter(|a| a["status"] == "in_progress" && a["end_date"].as_str().is_some_and(|d| d < now.as_str()));
    assert_eq!(late.count(), 1, "{b}: one rotation awaiting its final evaluation");
    // Reviews: the catalog shows an aggregate where three trainees or more reviewed, and nowhere else.
    let mut shown = 0;
    for e in queue.iter().filter(|a| a["status"] == "completed").map(|a| a["experience_id"].as_i64().unwrap()) {
        let (_, r) = s.call("GET", &format!("/api/v1/experiences/{e}/reviews"), None, None).await;
        if let Some(count) = r["aggregate"]["count"].as_i64() {
            assert!(count >= 3, "{b}: {r}");
            shown += 1;
        }
    }
    assert!(shown >= 1, "{b}: the first site's experience most done shows its trainees' ratings");
    // Its notes: one a week, each accepted.
    let (_, notes) = s.call("GET", &format!("/api/v1/applications/{id}/notes"), Some(&coordinator), None).await;
    let notes = notes["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 4, "{b}: {notes:?}");
    assert!(notes.iter().all(|n| n["status"] == "accepted"), "{b}: {notes:?}");
    let (_, under_way) = s.call("GET", "/api/v1/applications", Some(&coordinator), None).await;
    let waiting = under_way.as_array().unwrap().iter().filter(|a| a["status"] == "in_progress");
    let mut awaiting = 0;
    for a in waiting {
        let (_, n) = s.call("GET", &format!("/api/v1/applications/{}/notes", a["id"]), Some(&coordinator), None).await;
        awaiting += n["awaiting_feedback"].as_i64().unwrap();
    }
    assert!(awaiting > 0, "{b}: the preceptor has this week's notes to read");

    // The roster shows the site's staff each trainee's hours; the admin sees the roster without them.
    let (_, site) = s.call("GET", "/api/v1/sites/1", Some(&coordinator), None).await;
    let trainees: Vec<Value> =
        site["roster"].as_array().unwrap().iter().flat_map(|r| r["trainees"].as_array().unwrap().clone()).collect();
    let logged =
        |t: &Value| t["hours"]["pending_minutes"].as_i64().unwrap_or(0) + t["hours"]["signed_minutes"].as_i64().unwrap_or(0);
    assert!(trainees.iter().any(|t| t["status"] == "in_progress" && logged(t) > 0), "{b}: {trainees:?}");
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    let (status, seen) = s.call("GET", "/api/v1/sites/1", Some(&admin), None).await;
    let first = &seen["roster"][0]["trainees"][0];
    assert_eq!(status, 200, "{b}: {seen}");
    assert!(first.get("hours").is_some_and(Value::is_null), "{b}: admins see the roster but not hours: {first}");

    // The demo applicant: a profile, a vault, and her own four applications, one confirmed with a balance.
    let amara = s.login("applicant@example.org", DEMO_PASSWORD).await;
    let (_, profile) = s.call("GET", "/api/v1/me/profile", Some(&amara), None).await;
    assert_eq!(profile["profile"]["medical_school"], "University of Nigeria College of Medicine", "{b}");
    let (_, vault) = s.call("GET", "/api/v1/me/documents", Some(&amara), None).await;
    assert_eq!(vault.as_array().unwrap().len(), plan.you.documents.len(), "{b}: {vault}");
    // She had this season's flu shot in October and added it to her record.
    let record = vault.as_array().unwrap().iter().find(|d| d["kind"] == "immunization").unwrap();
    let flu: chrono::NaiveDate = record["immunizations"]["influenza_on"].as_str().unwrap().parse().unwrap();
    assert!(flu <= today && (today - flu).num_days() < 365 && flu.format("%m").to_string() == "10", "{b}: {flu}");
    let (_, mine) = s.call("GET", "/api/v1/applications", Some(&amara), None).await;
    let mut mine_want: Vec<(i64, String)> =
        plan.applications.iter().filter(|a| a.who.is_none()).map(|a| (a.block_id, a.expect.code().to_string())).collect();
    mine_want.sort();
    assert_eq!(statuses(&mine), mine_want, "{b}");
    let confirmed = mine.as_array().unwrap().iter().find(|a| a["status"] == "confirmed").unwrap();
    let path = format!("/api/v1/applications/{}/ledger", confirmed["id"]);
    let (_, ledger) = s.call("GET", &path, Some(&amara), None).await;
    assert!(ledger["account"]["to_pay_cents"].as_i64().unwrap() > 0, "{b}: a balance is left: {ledger}");
    // And the placement round is open to rank in.
    let (_, rounds) = s.call("GET", "/api/v1/rounds", Some(&amara), None).await;
    assert_eq!(rounds.as_array().map(Vec::len), Some(1), "{b}: {rounds}");

    // The history's people can log in with the demo password.
    let someone = &plan.people[plan.applications.iter().find_map(|a| a.who).unwrap()];
    s.login(&someone.email, DEMO_PASSWORD).await;

    // The history's emails were written (offers, seats, reminders) and count as delivered.
    let written = store.outbox(10_000).await.unwrap();
    for subject in ["Seat held", "Confirmed:", "Reminder"] {
        assert!(written.iter().any(|m| m.subject.contains(subject)), "{b}: no '{subject}' email in the history");
    }
    assert!(store.unsent_emails(10, 1000).await.unwrap().is_empty(), "{b}: history's emails wait for SMTP");
    s.stop().await;
}

mod lived_in {
    use matchready_store::testing::TestDb;

    use crate::support::Server;

    #[tokio::test]
    async fn sqlite() {
        let today = chrono::Utc::now().date_naive();
        super::the_demo_is_lived_in(Server::lived_in(TestDb::sqlite(), today).await, today).await;
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL at MATCHREADY_TEST_POSTGRES; .ci/run runs it"]
    async fn postgres() {
        let today = chrono::Utc::now().date_naive();
        super::the_demo_is_lived_in(Server::lived_in(TestDb::postgres().await, today).await, today).await;
    }
}
