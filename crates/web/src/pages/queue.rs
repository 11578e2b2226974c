//! "My applications", or the site's review queue with bulk decisions: the
//! same use cases as the API (`applications::list`, `decide_many`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::Kind;
use matchready_app::applications::{self, MAX_DECISIONS};
use matchready_core::account::Role;
use matchready_core::application::Status;
use serde::Deserialize;

use super::admin::{day, refused};
use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::caller::url_encode;
use crate::auth::csrf::Posted;

struct Row {
    id: i64,
    title: String,
    dates: String,
    status: &'static str,
    applicant: String,
    experience_id: i64,
    site: String,
    /// When it last moved, e.g. "3 Dec 2026".
    updated: String,
    decidable: bool,
}

#[derive(Template)]
#[template(path = "applications.html")]
struct ListPage {
    nav: Nav,
    staff: bool,
    notice: String,
    rows: Vec<Row>,
}

/// `?done=` after bulk decisions.
#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// GET /applications
pub async fn list(State(state): State<AppState>, caller: PageCaller, Query(q): Query<Done>) -> Response {
    let apps = match applications::list(&state, &caller).await {
        Ok(a) => a,
        Err(e) => return refused(e, "/applications"),
    };
    let Some(me) = caller.user.as_ref() else { return crate::auth::caller::login_redirect("/applications") };
    let staff = me.role != Role::Applicant;
    let rows = apps
        .iter()
        .map(|a| Row {
            id: a.id,
            title: a.experience_title.clone(),
            dates: super::applications::dates(a),
            status: a.status.name(),
            applicant: a.applicant_name.clone(),
            experience_id: a.experience_id,
            site: a.site_name.clone(),
            updated: day(a.updated_at),
            decidable: matches!(a.status, Status::Submitted | Status::UnderReview | Status::Waitlisted),
        })
        .collect();
    let notice = q.done.map(|d| format!("Done: {d}.")).unwrap_or_default();
    render(StatusCode::OK, &ListPage { nav: Nav::new(Some(me), &caller.csrf), staff, notice, rows })
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
            let refusals: Vec<String> = results.iter().filter(|r| !r.done).map(|r| format!("#{}: {}", r.id, r.message)).collect();
            let mut summary = format!("{done} {}", f.decision);
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
