//! Admin pages: accounts (verify hosts, disable, invite), the audit log and
//! the outbox. Each action goes through the same policy as the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::users;
use matchready_app::{AppError, Kind};
use matchready_core::account::User;
use matchready_core::dates::moment;
use serde::Deserialize;

use super::chrome::Nav;
use super::{error_page, render};
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::caller::login_redirect;
use crate::auth::csrf::{Button, Posted};
use matchready_app::accounts::Invite;

/// A refusal as a page: log in for "log in first", else an error page saying why.
pub fn refused(e: AppError, here: &str) -> Response {
    match e.kind {
        Kind::Unauthenticated => login_redirect(here),
        Kind::NotFound => {
            error_page(StatusCode::NOT_FOUND, "Page not found", "There is no such page, or it is not yours to see.")
        }
        Kind::Forbidden | Kind::Unverified => error_page(StatusCode::FORBIDDEN, "Not allowed", e.message),
        _ => error_page(super::status(&e), "Something went wrong", e.message),
    }
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    nav: Nav,
    problem: String,
    users: Vec<User>,
    me: i64,
    invite_action: String,
    invite_site: Option<i64>,
}

async fn admin_page(state: &AppState, caller: &PageCaller, status: StatusCode, problem: String) -> Response {
    // The policy first: whoever may not list accounts is told so, whatever their role.
    let users = match users::list(state, caller).await {
        Ok(users) => users,
        Err(e) => return refused(e, "/admin"),
    };
    let Some(me) = caller.user.as_ref() else { return login_redirect("/admin") };
    // Coordinators manage their people on their site's page.
    if me.role != matchready_core::account::Role::Admin {
        return Redirect::to(&format!("/sites/{}", me.site_id.unwrap_or_default())).into_response();
    }
    render(
        status,
        &AdminPage {
            nav: Nav::new(Some(me), &caller.csrf),
            problem,
            users,
            me: me.id,
            invite_action: "/admin/invite".into(),
            invite_site: None,
        },
    )
}

/// GET /admin
pub async fn users(State(state): State<AppState>, caller: PageCaller) -> Response {
    admin_page(&state, &caller, StatusCode::OK, String::new()).await
}

/// POST /admin/users/{id}/{verify|disable|enable|reset-link}: the same use cases as the API.
pub async fn user_action(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, action)): Path<(String, String)>,
    _: Posted<Button>,
) -> Response {
    let done = match action.as_str() {
        "verify" => users::verify(&state, &caller, &id).await,
        "disable" => users::set_disabled(&state, &caller, &id, true).await,
        "enable" => users::set_disabled(&state, &caller, &id, false).await,
        "reset-link" => users::send_reset_link(&state, &caller, &id).await,
        _ => return error_page(StatusCode::NOT_FOUND, "Page not found", "There is no such action."),
    };
    match done {
        Ok(_) => Redirect::to("/admin").into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound | Kind::Forbidden | Kind::Unverified) => {
            refused(e, "/admin")
        }
        Err(e) => admin_page(&state, &caller, super::status(&e), e.message).await,
    }
}

/// The invitation form.
#[derive(Deserialize, Default)]
pub struct InviteForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    site_id: String,
}

impl InviteForm {
    /// The invitation, or a message about the site number.
    pub fn invite(&self) -> Result<Invite, String> {
        let site_id = self.site_id.trim().parse::<i64>().map_err(|_| "Site: write the site's number, e.g. 12".to_string())?;
        Ok(Invite { email: self.email.clone(), name: self.name.clone(), role: self.role.clone(), site_id })
    }
}

/// POST /admin/invite
pub async fn invite(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<InviteForm>) -> Response {
    let invite = match f.invite() {
        Ok(i) => i,
        Err(problem) => return admin_page(&state, &caller, StatusCode::BAD_REQUEST, problem).await,
    };
    match users::invite(&state, &caller, &invite).await {
        Ok(_) => Redirect::to("/admin").into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound | Kind::Forbidden | Kind::Unverified) => {
            refused(e, "/admin")
        }
        Err(e) => admin_page(&state, &caller, super::status(&e), e.message).await,
    }
}

struct AuditLine {
    id: i64,
    when: String,
    actor: String,
    action: String,
    subject: String,
    ip: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    nav: Nav,
    lines: Vec<AuditLine>,
    older: Option<i64>,
}

/// `?before=` on the audit page.
#[derive(Deserialize, Default)]
pub struct Before {
    before: Option<i64>,
}

/// GET /admin/audit
pub async fn audit(State(state): State<AppState>, caller: PageCaller, Query(q): Query<Before>) -> Response {
    const PAGE: i64 = 100;
    let entries = match matchready_app::admin::audit(&state, &caller, Some(PAGE), q.before).await {
        Ok(e) => e,
        Err(e) => return refused(e, "/admin/audit"),
    };
    let Some(me) = caller.user.as_ref() else { return login_redirect("/admin/audit") };
    let older = (entries.len() as i64 == PAGE).then(|| entries.last().map(|e| e.id)).flatten();
    let lines = entries
        .into_iter()
        .map(|e| AuditLine {
            id: e.id,
            when: moment(e.at),
            actor: e.actor_id.map(|a| format!("user {a}")).unwrap_or_else(|| "—".into()),
            action: e.action.replace('_', " "),
            subject: e.subject,
            ip: e.ip.unwrap_or_default(),
            detail: e.detail,
        })
        .collect();
    render(StatusCode::OK, &AuditPage { nav: Nav::new(Some(me), &caller.csrf), lines, older })
}

struct Mail {
    id: i64,
    to: String,
    subject: String,
    body: String,
    when: String,
    status: String,
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    nav: Nav,
    delivery: String,
    mails: Vec<Mail>,
}

/// GET /admin/outbox
pub async fn outbox(State(state): State<AppState>, caller: PageCaller) -> Response {
    let entries = match matchready_app::admin::outbox(&state, &caller).await {
        Ok(e) => e,
        Err(e) => return refused(e, "/admin/outbox"),
    };
    let Some(me) = caller.user.as_ref() else { return login_redirect("/admin/outbox") };
    let mails = entries
        .into_iter()
        .map(|m| Mail {
            id: m.id,
            status: match (m.sent_at, &m.last_error) {
                (Some(at), _) => format!("sent {}", moment(at)),
                (None, Some(e)) => format!("not sent after {} tries: {e}", m.attempts),
                (None, None) => "not sent".into(),
            },
            to: m.to,
            subject: m.subject,
            body: m.body,
            when: moment(m.created_at),
        })
        .collect();
    let delivery = "The newest 200 emails, with every link hidden: only the recipient can use it. To help someone locked out, send them a fresh link from their account above. With an SMTP server configured emails are sent within seconds; without one they wait here.";
    render(StatusCode::OK, &OutboxPage { nav: Nav::new(Some(me), &caller.csrf), delivery: delivery.into(), mails })
}
