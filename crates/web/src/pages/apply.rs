//! The readiness check and apply button for one block: eligibility in
//! words, the document checklist, and applying through the same use case
//! as the API.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::Kind;
use matchready_app::applications;
use matchready_core::readiness::{Readiness, Standing};
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

/// `?block_id=` (and `sent=confirmation` after the confirmation email was sent again from here).
#[derive(Deserialize)]
pub struct BlockChoice {
    block_id: i64,
    #[serde(default)]
    sent: String,
}

#[derive(Template)]
#[template(path = "apply.html")]
struct ApplyPage {
    round_id: Option<i64>,
    /// What the last action did.
    notice: String,
    nav: Nav,
    problem: String,
    title: String,
    site: String,
    dates: String,
    experience_id: i64,
    block_id: i64,
    ready: Readiness,
    can_apply: bool,
    /// What stops applying now, each with where to fix it: (code, sentence, link, link text).
    blockers: Vec<(&'static str, String, String, &'static str)>,
    /// This page, as a query value: where the vault comes back to.
    back: String,
}

async fn apply_page(state: &AppState, caller: &PageCaller, block_id: i64, status: StatusCode, problem: String) -> Response {
    apply_page_with(state, caller, block_id, status, problem, "").await
}

async fn apply_page_with(
    state: &AppState,
    caller: &PageCaller,
    block_id: i64,
    status: StatusCode,
    problem: String,
    notice: &str,
) -> Response {
    let check = match applications::readiness(state, caller, block_id).await {
        Ok(c) => c,
        Err(e) => return refused(e, &format!("/apply?block_id={block_id}")),
    };
    let can_apply = check.can_apply();
    let back = crate::auth::caller::url_encode(&format!("/apply?block_id={block_id}"));
    let mut expiring = check.readiness.expiring().into_iter();
    let blockers: Vec<_> = check
        .blockers
        .iter()
        .map(|e| {
            let (href, label) = match e.code {
                "email_not_verified" => (String::new(), "Send the confirmation email again"),
                "profile_incomplete" => ("/profile".to_string(), "Complete your profile"),
                "not_eligible" => ("/profile".to_string(), "Check your profile"),
                // One per document running out, in the checklist's order.
                "document_expires" => match expiring.next() {
                    Some(item) => (format!("/documents?kind={}&back={back}", item.kind.code()), "Upload a newer one"),
                    None => ("/documents".to_string(), "Your documents"),
                },
                "in_round" => (check.round_id.map(|r| format!("/rounds/{r}")).unwrap_or_default(), "Rank it in the round"),
                "already_applied" => ("/applications".to_string(), "Your applications"),
                _ => (format!("/experiences/{}", check.experience.id), "Choose another block"),
            };
            (e.code, super::account::sentence(&e.message), href, label)
        })
        .collect();
    // A refusal the list already shows is not said twice.
    let problem =
        if blockers.iter().any(|(_, text, _, _)| *text == super::account::sentence(&problem)) { String::new() } else { problem };
    let (experience, block) = (&check.experience, &check.block);
    let page = ApplyPage {
        round_id: check.round_id,
        notice: notice.to_string(),
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        problem,
        title: experience.title.clone(),
        site: format!("{}, {}, {}", experience.site.name, experience.site.city, experience.site.state.code()),
        dates: matchready_core::dates::span(block.start_date, block.end_date()),
        experience_id: experience.id,
        block_id,
        can_apply,
        blockers,
        back,
        ready: check.readiness,
    };
    render(status, &page)
}

/// GET /apply?block_id=
pub async fn check(State(state): State<AppState>, caller: PageCaller, Query(q): Query<BlockChoice>) -> Response {
    // Only the one word the resend form sends back, so a link cannot put words on the page.
    let notice = if q.sent == "confirmation" {
        "We sent a new confirmation link to your email. Open it, then come back to this page to apply."
    } else {
        ""
    };
    apply_page_with(&state, &caller, q.block_id, StatusCode::OK, String::new(), notice).await
}

/// The apply form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ApplyForm {
    block_id: i64,
}

/// POST /apply
pub async fn apply(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<ApplyForm>) -> Response {
    match applications::submit(&state, &caller, f.block_id).await {
        Ok(a) => Redirect::to(&format!("/applications/{}", a.id)).into_response(),
        Err(e) if e.kind == Kind::Unauthenticated => refused(e, &format!("/apply?block_id={}", f.block_id)),
        Err(e) => apply_page(&state, &caller, f.block_id, super::status(&e), e.message).await,
    }
}

impl ApplyPage {
    /// The style of a checklist line.
    fn ready_class(&self, s: &Standing) -> &'static str {
        match s {
            Standing::Ready => "verified",
            Standing::Missing => "unverified",
            Standing::Expires => "status-off",
        }
    }
}
