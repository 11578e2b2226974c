//! "My applications", or the site's review queue with bulk decisions: the
//! same use cases as the API (`applications::list`, `decide_many`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::Kind;
use matchready_app::applications::{self, MAX_DECISIONS, OFFER_DAYS};
use matchready_core::account::Role;
use matchready_core::application::Status;
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::caller::url_encode;
use crate::auth::csrf::Posted;
use matchready_core::dates::day_of;

struct Row {
    id: i64,
    title: String,
    dates: String,
    status: &'static str,
    applicant: String,
    experience_id: i64,
    site: String,
    /// When it was sent, e.g. "3 Dec 2026".
    applied: String,
    /// When it last moved.
    updated: String,
    decidable: bool,
    /// Eligibility at a glance: "Eligible", or the first reason not; empty when not shown.
    eligibility: String,
    eligible: bool,
    /// "Complete", or what the documents lack; empty when not shown.
    documents: String,
    complete: bool,
}

/// The orders the list can be sorted in, by the column headers' links.
const SORTS: [(&str, &str); 5] =
    [("applied", "Applied"), ("applicant", "Applicant"), ("start", "Dates"), ("status", "Status"), ("ready", "Readiness")];

/// Sorts rows by `key` (unknown keys: to decide first, then oldest first). Ties keep the oldest first.
fn sort(rows: &mut [(Row, (i64, chrono::NaiveDate, u8))], key: &str) {
    rows.sort_by_key(|(_, (created, _, _))| *created);
    match key {
        "applicant" => rows.sort_by_key(|(r, _)| r.applicant.to_lowercase()),
        "start" => rows.sort_by_key(|(_, (_, start, _))| *start),
        "status" => rows.sort_by_key(|(_, (_, _, order))| *order),
        "ready" => rows.sort_by_key(|(r, _)| (!r.decidable, !(r.eligible && r.complete), !r.eligible)),
        "applied" => {}
        _ => rows.sort_by_key(|(r, (_, _, order))| (!r.decidable, *order)),
    }
}

#[derive(Template)]
#[template(path = "applications.html")]
struct ListPage {
    nav: Nav,
    staff: bool,
    notice: String,
    rows: Vec<Row>,
    /// The sort in use, and the column headers' links.
    sorted: String,
    sorts: Vec<(&'static str, &'static str)>,
}

/// `?done=` after bulk decisions, `?sort=` for the order.
#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    sort: Option<String>,
}

/// GET /applications
pub async fn list(State(state): State<AppState>, caller: PageCaller, Query(q): Query<Done>) -> Response {
    let apps = match applications::list_with_readiness(&state, &caller).await {
        Ok(a) => a,
        Err(e) => return refused(e, "/applications"),
    };
    let Some(me) = caller.user.as_ref() else { return crate::auth::caller::login_redirect("/applications") };
    let staff = me.role != Role::Applicant;
    let mut rows: Vec<_> = apps
        .iter()
        .map(|listed| {
            let a = &listed.application;
            let (eligibility, eligible, documents, complete) = match &listed.readiness {
                Some(r) => (
                    if r.eligible { "Eligible".to_string() } else { format!("Not eligible: {}", r.reasons.join("; ")) },
                    r.eligible,
                    if r.documents_complete() {
                        "Complete".to_string()
                    } else {
                        super::account::sentence(&r.lacking().join(", "))
                    },
                    r.documents_complete(),
                ),
                None => (String::new(), false, String::new(), false),
            };
            let row = Row {
                id: a.id,
                title: a.experience_title.clone(),
                dates: super::applications::dates(a),
                status: a.status.name(),
                applicant: a.applicant_name.clone(),
                experience_id: a.experience_id,
                site: a.site_name.clone(),
                applied: day_of(a.created_at),
                updated: day_of(a.updated_at),
                decidable: matches!(a.status, Status::Submitted | Status::UnderReview | Status::Waitlisted),
                eligibility,
                eligible,
                documents,
                complete,
            };
            (row, (a.created_at, a.start_date, a.status as u8))
        })
        .collect();
    let sorted = q.sort.filter(|s| SORTS.iter().any(|(k, _)| k == s)).unwrap_or_default();
    if staff {
        sort(&mut rows, &sorted);
    }
    let rows = rows.into_iter().map(|(r, _)| r).collect();
    let notice = q.done.map(|d| format!("Done: {d}.")).unwrap_or_default();
    let page = ListPage { nav: Nav::new(Some(me), &caller.csrf), staff, notice, rows, sorted, sorts: SORTS.to_vec() };
    render(StatusCode::OK, &page)
}

/// Several applications and one decision.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BulkForm {
    ids: Vec<String>,
    decision: String,
}

/// POST /applications/bulk: the same use case as the API, with its limit; the page says what was done.
pub async fn bulk(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<BulkForm>) -> Response {
    let mut ids = Vec::with_capacity(f.ids.len().min(MAX_DECISIONS + 1));
    for raw in f.ids.iter().take(MAX_DECISIONS + 1) {
        match raw.trim().parse::<i64>() {
            Ok(id) => ids.push(id),
            Err(_) => {
                return super::error_page(StatusCode::BAD_REQUEST, "Choose applications", "Tick the applications to decide.");
            }
        }
    }
    let decisions = applications::Decisions { ids, decision: f.decision.clone() };
    match applications::decide_many(&state, &caller, decisions).await {
        Ok(results) => {
            let done = results.iter().filter(|r| r.done).count();
            let refusals: Vec<String> =
                results.iter().filter(|r| !r.done).map(|r| format!("application {}: {}", r.id, r.message)).collect();
            let each = if done == 1 { "who has been emailed" } else { "each emailed" };
            let did = match f.decision.as_str() {
                "offer" => format!("offered a seat ({each}; an offer stays open {OFFER_DAYS} days, or until the block starts)"),
                "waitlist" => format!("waitlisted ({each})"),
                "reject" => format!("rejected ({each})"),
                other => other.to_string(),
            };
            let mut summary = format!("{done} {did}");
            if !refusals.is_empty() {
                // The first few reasons, so the address stays short whatever was sent.
                let shown: Vec<&str> = refusals.iter().take(5).map(String::as_str).collect();
                let more = refusals.len().saturating_sub(shown.len());
                summary.push_str(&format!("; not changed: {}", shown.join("; ")));
                if more > 0 {
                    summary.push_str(&format!("; and {more} more"));
                }
            }
            Redirect::to(&format!("/applications?done={}", url_encode(&summary))).into_response()
        }
        Err(e) if e.kind == Kind::Invalid => super::error_page(StatusCode::BAD_REQUEST, "Could not decide", e.message),
        Err(e) => refused(e, "/applications"),
    }
}
