//! Placement rounds in the pages: the list, and for coordinators a form to
//! open one (one round's page is `round.rs`). The form goes through the
//! same code as the API.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Days, NaiveDateTime};
use matchready_app::Kind;
use matchready_core::account::Role;
use matchready_core::round::{Round, Status};
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::render;
use super::round_forms::when;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;
use matchready_app::rounds::{self as api, NewRoundBody};

/// A round in the list.
struct Line {
    id: i64,
    name: String,
    status: &'static str,
    deadline: String,
    blocks: usize,
    outcome: String,
}

/// A block a coordinator may put in a new round.
struct Pick {
    id: i64,
    label: String,
}

#[derive(Template)]
#[template(path = "rounds.html")]
struct ListPage {
    nav: Nav,
    problem: String,
    lines: Vec<Line>,
    applicant: bool,
    /// For coordinators: their site's blocks, by experience.
    picks: Vec<(String, Vec<Pick>)>,
    round_name: String,
    deadline: String,
}

fn line(r: &Round) -> Line {
    let outcome = match (r.status, r.placed, r.positions) {
        (Status::Matched, Some(p), Some(k)) => format!("{p} placed in {k} seats"),
        _ => String::new(),
    };
    Line { id: r.id, name: r.name.clone(), status: r.status.name(), deadline: when(r.deadline), blocks: r.blocks.len(), outcome }
}

/// The blocks of the coordinator's site that a round may place, as the form shows them.
async fn picks(state: &AppState, caller: &PageCaller) -> Vec<(String, Vec<Pick>)> {
    let Ok(experiences) = api::blocks_to_place(state, caller).await else { return Vec::new() };
    experiences
        .into_iter()
        .map(|(title, id, blocks)| {
            let picks = blocks
                .iter()
                .map(|b| Pick {
                    id: b.id,
                    label: format!(
                        "{} ({} seat{} left)",
                        matchready_core::dates::span(b.start_date, b.end_date()),
                        b.seats_left,
                        if b.seats_left == 1 { "" } else { "s" }
                    ),
                })
                .collect();
            (format!("{title} (experience {id})"), picks)
        })
        .collect()
}

async fn list_page(state: &AppState, caller: &PageCaller, status: StatusCode, problem: String, form: &OpenForm) -> Response {
    let rounds = match api::list(state, caller).await {
        Ok(r) => r,
        Err(e) => return refused(e, "/rounds"),
    };
    let Some(me) = caller.user.as_ref() else { return crate::auth::caller::login_redirect("/rounds") };
    let default_deadline = (state.today().checked_add_days(Days::new(14))).map(|d| format!("{d}T17:00")).unwrap_or_default();
    let page = ListPage {
        nav: Nav::new(Some(me), &caller.csrf),
        problem,
        lines: rounds.iter().map(line).collect(),
        applicant: me.role == Role::Applicant,
        picks: picks(state, caller).await,
        round_name: form.name.clone(),
        deadline: if form.deadline.is_empty() { default_deadline } else { form.deadline.clone() },
    };
    render(status, &page)
}

/// GET /rounds
pub async fn list(State(state): State<AppState>, caller: PageCaller) -> Response {
    list_page(&state, &caller, StatusCode::OK, String::new(), &OpenForm::default()).await
}

/// The form that opens a round.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OpenForm {
    name: String,
    /// `YYYY-MM-DDTHH:MM`, UTC (a `datetime-local` input).
    deadline: String,
    block_ids: Vec<i64>,
}

/// POST /rounds
pub async fn open(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<OpenForm>) -> Response {
    let deadline = NaiveDateTime::parse_from_str(f.deadline.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(f.deadline.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map(|d| d.and_utc().to_rfc3339());
    let Ok(deadline) = deadline else {
        let problem = "Deadline: choose a day and a time (UTC).".to_string();
        return list_page(&state, &caller, StatusCode::BAD_REQUEST, problem, &f).await;
    };
    let body = NewRoundBody { name: f.name.clone(), deadline, block_ids: f.block_ids.clone() };
    match api::open_round(&state, &caller, body).await {
        Ok(r) => Redirect::to(&format!("/rounds/{}", r.id)).into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::Forbidden | Kind::Unverified) => refused(e, "/rounds"),
        Err(e) => {
            let status = super::status(&e);
            let problem = if e.fields.is_empty() {
                e.message
            } else {
                e.fields.iter().map(|x| x.message.clone()).collect::<Vec<_>>().join("; ")
            };
            list_page(&state, &caller, status, problem, &f).await
        }
    }
}
