//! The authorisation matrix's consultations: the demo advisor's call with the demo applicant (both
//! their own), a second advisor's call with another applicant (neither's), their files, an
//! offering's open times, and a time the demo applicant may book.

use matchready_core::account::policy::decide;
use matchready_core::account::{Action, Actor, Decision, Relation, Resource};
use serde_json::{Value, json};

use crate::support::{DEMO_PASSWORD, Server};

/// What the matrix needs of consultations.
#[derive(Default)]
pub(crate) struct Advising {
    /// Calls: (id, applicant, advisor).
    pub(crate) calls: Vec<(i64, i64, i64)>,
    /// Applicants and the advisor each booked: (applicant, advisor).
    pub(crate) advisees: Vec<(i64, i64)>,
    /// An advisor and one of their offerings.
    pub(crate) offering: (i64, i64),
    /// A booking the demo applicant may make.
    pub(crate) booking: Value,
}

/// Hours every day in UTC.
pub(crate) fn setup() -> Value {
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    json!({
        "zone": "UTC",
        "weekly": days.iter().map(|d| json!({"weekday": d, "start": "08:00", "end": "20:00"})).collect::<Vec<_>>(),
        "notice_hours": 24, "buffer_minutes": 0, "cancel_hours": 48, "late_cancel_percent": 50,
        "video_link": "https://meet.example.org/matrix"
    })
}

pub(crate) fn offering() -> Value {
    json!({"name": "Strategy", "minutes": 60, "price_cents": 10000, "intro": false, "covers": "Your list"})
}

async fn id_of(s: &Server, token: &str) -> i64 {
    s.call("GET", "/api/v1/me", Some(token), None).await.1["id"].as_i64().unwrap()
}

/// An advisor's setup and a paid offering; its id.
async fn advisor(s: &Server, token: &str) -> i64 {
    let (status, body) = s.call("PUT", "/api/v1/me/advisor-setup", Some(token), Some(setup())).await;
    assert_eq!(status, 200, "{body}");
    let (status, o) = s.call("POST", "/api/v1/me/offerings", Some(token), Some(offering())).await;
    assert_eq!(status, 201, "{o}");
    o["id"].as_i64().unwrap()
}

async fn slots(s: &Server, token: &str, advisor: i64, offering: i64) -> Vec<i64> {
    let path = format!("/api/v1/advisors/{advisor}/offerings/{offering}/slots?zone=UTC");
    let (status, open) = s.call("GET", &path, Some(token), None).await;
    assert_eq!(status, 200, "{open}");
    open.as_array().unwrap().iter().map(|o| o["starts_at"].as_i64().unwrap()).collect()
}

fn booking(advisor: i64, offering: i64, at: i64) -> Value {
    let start = chrono::DateTime::from_timestamp(at, 0).unwrap().to_rfc3339();
    json!({"advisor_id": advisor, "offering_id": offering, "start": start, "zone": "UTC"})
}

/// The demo advisor and a second one, each with a call booked by a different applicant.
pub(crate) async fn world(s: &Server, admin: &str, demo: &str, other: &str, second_email: &str) -> Advising {
    let first = s.login("advisor@example.org", DEMO_PASSWORD).await;
    let offered = advisor(s, &first).await;
    let body = json!({"email": second_email, "password": DEMO_PASSWORD, "name": "Second Advisor"});
    assert_eq!(s.call("POST", "/api/v1/auth/register", None, Some(body)).await.0, 202);
    let link = s.mailed_token(admin, second_email, "/verify?token=").await;
    assert_eq!(s.call("POST", "/api/v1/auth/verify-email", None, Some(json!({"token": link}))).await.0, 204);
    let second_token = s.login(second_email, DEMO_PASSWORD).await;
    let second = id_of(s, &second_token).await;
    assert_eq!(
        s.call("PUT", &format!("/api/v1/users/{second}/role"), Some(admin), Some(json!({"role": "advisor"}))).await.0,
        200
    );
    let second_token = s.login(second_email, DEMO_PASSWORD).await;
    let theirs = advisor(s, &second_token).await;
    let (first_id, demo_id, other_id) = (id_of(s, &first).await, id_of(s, demo).await, id_of(s, other).await);
    let mut w = Advising { offering: (first_id, offered), ..Advising::default() };
    for (token, who, advisor, offering) in [(demo, demo_id, first_id, offered), (other, other_id, second, theirs)] {
        let open = slots(s, token, advisor, offering).await;
        let (status, c) = s.call("POST", "/api/v1/consultations", Some(token), Some(booking(advisor, offering, open[0]))).await;
        assert_eq!(status, 201, "{c}");
        w.calls.push((c["id"].as_i64().unwrap(), who, advisor));
        w.advisees.push((who, advisor));
    }
    let open = slots(s, demo, second, theirs).await;
    w.booking = booking(second, theirs, open[3]);
    w
}

/// How a caller stands to a call: its applicant's and its advisor's own, nobody else's.
fn relation(actor: Option<&Actor>, applicant: i64, advisor: i64) -> Relation {
    match actor {
        Some(a) if a.user_id == applicant || a.user_id == advisor => Relation::Own,
        _ => Relation::Unrelated,
    }
}

/// The calls of a consultation route: each call, with `notes` its private notes behind it.
pub(crate) fn calls(
    w: &Advising,
    notes: bool,
    resource: Resource,
    action: Action,
    actor: Option<&Actor>,
    path: &str,
) -> Vec<(String, Decision)> {
    w.calls
        .iter()
        .map(|&(id, applicant, advisor)| {
            let r = relation(actor, applicant, advisor);
            let d = match (notes, decide(actor, Resource::Consultation, action, r)) {
                (true, Decision::Allow) => decide(actor, Resource::ConsultationNotes, action, r),
                (true, denied) => denied,
                (false, _) => decide(actor, resource, action, r),
            };
            (path.replace("{id}", &id.to_string()), d)
        })
        .collect()
}

/// The calls of the advisee route: each applicant, their advisor's own.
pub(crate) fn advisees(
    w: &Advising,
    resource: Resource,
    action: Action,
    actor: Option<&Actor>,
    path: &str,
) -> Vec<(String, Decision)> {
    w.advisees
        .iter()
        .map(|&(applicant, advisor)| {
            let r = match actor {
                Some(a) if a.user_id == advisor => Relation::Own,
                _ => Relation::Unrelated,
            };
            (path.replace("{id}", &applicant.to_string()), decide(actor, resource, action, r))
        })
        .collect()
}
