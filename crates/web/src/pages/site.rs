//! A site's own page (`/sites/{id}`): its experiences with publish and
//! withdraw buttons, its people, and an invitation form. Coordinators of
//! other sites get "page not found".

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::Kind;

use super::admin::{InviteForm, refused};
use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::{Button, Posted};
use matchready_app::paying;
use matchready_app::sites::{SiteView, publish, site_view};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "site.html")]
struct SitePage {
    nav: Nav,
    problem: String,
    view: SiteView,
    invite_action: String,
    invite_site: Option<i64>,
    /// How applicants pay the site (as the form shows it: what was typed, if it was refused).
    instructions: String,
    /// What the last action did.
    notice: String,
}

impl SitePage {
    /// A trainee's hours in a line: signed, awaiting, hands-on.
    fn hours(&self, h: &matchready_core::rotation::HoursSummary) -> String {
        h.in_words()
    }

    /// A roster block's dates, as every page writes them.
    fn span(&self, first: &chrono::NaiveDate, last: &chrono::NaiveDate) -> String {
        matchready_core::dates::span(*first, *last)
    }
}

async fn site_page(state: &AppState, caller: &PageCaller, raw: &str, status: StatusCode, problem: String) -> Response {
    site_page_with(state, caller, raw, status, problem, None, String::new()).await
}

async fn site_page_with(
    state: &AppState,
    caller: &PageCaller,
    raw: &str,
    status: StatusCode,
    problem: String,
    typed: Option<String>,
    notice: String,
) -> Response {
    let here = format!("/sites/{raw}");
    let view = match site_view(state, caller, raw).await {
        Ok(view) => view,
        Err(e) => return refused(e, &here),
    };
    let instructions = match typed {
        Some(t) => t,
        None => match paying::instructions(state, caller, raw).await {
            Ok(i) => i.instructions,
            Err(e) => return refused(e, &here),
        },
    };
    let id = view.site.id;
    let page = SitePage {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        problem,
        view,
        invite_action: format!("/sites/{id}/invite"),
        invite_site: Some(id),
        instructions,
        notice,
    };
    render(status, &page)
}

/// The payment instructions form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InstructionsForm {
    instructions: String,
}

/// POST /sites/{id}/payment-instructions: the same use case as the API.
pub async fn set_instructions(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(site): Path<String>,
    Posted(f): Posted<InstructionsForm>,
) -> Response {
    let typed = f.instructions.clone();
    match paying::set_instructions(&state, &caller, &site, paying::Instructions { instructions: f.instructions }).await {
        Ok(_) => {
            let notice = "Saved: applicants see these instructions with every payment asked of them.".to_string();
            site_page_with(&state, &caller, &site, StatusCode::OK, String::new(), None, notice).await
        }
        Err(e) if matches!(e.kind, Kind::Forbidden | Kind::Unverified | Kind::Invalid) => {
            let status = super::status(&e);
            let problem = match e.fields.first() {
                Some(field) => format!("Payment instructions: {}", field.message),
                None => e.message,
            };
            site_page_with(&state, &caller, &site, status, problem, Some(typed), String::new()).await
        }
        Err(e) => refused(e, &format!("/sites/{site}")),
    }
}

/// GET /sites/{id}
pub async fn page(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    site_page(&state, &caller, &id, StatusCode::OK, String::new()).await
}

/// POST /sites/{id}/experiences/{experience}/{publish|unpublish}
pub async fn publish_action(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((site, experience, action)): Path<(String, String, String)>,
    _: Posted<Button>,
) -> Response {
    let published = match action.as_str() {
        "publish" => true,
        "unpublish" => false,
        _ => return super::not_found(axum::http::Uri::default()).await,
    };
    match publish(&state, &caller, &experience, published).await {
        Ok(_) => Redirect::to(&format!("/sites/{site}")).into_response(),
        Err(e) if matches!(e.kind, Kind::Forbidden | Kind::Unverified) => {
            site_page(&state, &caller, &site, StatusCode::FORBIDDEN, e.message).await
        }
        Err(e) => refused(e, &format!("/sites/{site}")),
    }
}

/// POST /sites/{id}/invite
pub async fn invite(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(site): Path<String>,
    Posted(f): Posted<InviteForm>,
) -> Response {
    let invite = match f.invite() {
        Ok(i) => i,
        Err(problem) => return site_page(&state, &caller, &site, StatusCode::BAD_REQUEST, problem).await,
    };
    match matchready_app::users::invite(&state, &caller, &invite).await {
        Ok(_) => Redirect::to(&format!("/sites/{site}")).into_response(),
        Err(e) if matches!(e.kind, Kind::Forbidden | Kind::Unverified | Kind::Invalid | Kind::Conflict) => {
            site_page(&state, &caller, &site, super::status(&e), e.message).await
        }
        Err(e) => refused(e, &format!("/sites/{site}")),
    }
}
