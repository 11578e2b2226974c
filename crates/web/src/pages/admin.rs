//! Admin pages: accounts (verify hosts, disable, invite), the audit log and
//! the outbox. Each action goes through the same policy as the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_core::account::{Action, AuditAction, Resource, User};
use serde::Deserialize;

use super::account::explain;
use super::chrome::Nav;
use super::{error_page, render};
use crate::auth::PageCaller;
use crate::auth::caller::login_redirect;
use crate::auth::csrf::{Button, Posted};
use crate::auth::service::Invite;
use crate::{ApiError, AppState};

/// An API refusal as a page: log in for 401, else an error page.
pub fn refused(e: ApiError, here: &str) -> Response {
    match e.status {
        StatusCode::UNAUTHORIZED => login_redirect(here),
        StatusCode::NOT_FOUND => {
            error_page(StatusCode::NOT_FOUND, "Page not found", "There is no such page, or it is not yours to see.")
        }
        StatusCode::FORBIDDEN => error_page(StatusCode::FORBIDDEN, "Not allowed", e.message),
        status => error_page(status, "Something went wrong", e.message),
    }
}

fn admin<'a>(caller: &'a PageCaller, resource: Resource, here: &str) -> Result<&'a User, Response> {
    let api = caller.as_api();
    crate::api::guard_member(&api, resource, Action::List).map_err(|e| refused(e, here))?;
    caller.require(here)
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
    let me = match admin(caller, Resource::Account, "/admin") {
        Ok(u) => u,
        Err(r) => return r,
    };
    // Coordinators manage their people on their site's page.
    if me.role != matchready_core::account::Role::Admin {
        return Redirect::to(&format!("/sites/{}", me.site_id.unwrap_or_default())).into_response();
    }
    match state.store.users(None).await {
        Ok(users) => render(
            status,
            &AdminPage {
                nav: Nav::new(Some(me), &caller.csrf),
                problem,
                users,
                me: me.id,
                invite_action: "/admin/invite".into(),
                invite_site: None,
            },
        ),
        Err(e) => super::server_error(e),
    }
}

/// GET /admin
pub async fn users(State(state): State<AppState>, caller: PageCaller) -> Response {
    admin_page(&state, &caller, StatusCode::OK, String::new()).await
}

/// POST /admin/users/{id}/{verify|disable|enable}
pub async fn user_action(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, action)): Path<(i64, String)>,
    _: Posted<Button>,
) -> Response {
    let api = caller.as_api();
    let policy_action = match action.as_str() {
        "verify" => Action::Verify,
        "disable" | "enable" => Action::Disable,
        _ => return error_page(StatusCode::NOT_FOUND, "Page not found", "There is no such action."),
    };
    let target = match state.store.user(id).await {
        Ok(Some(u)) => u,
        Ok(None) => return refused(ApiError::not_found("no such account"), "/admin"),
        Err(e) => return super::server_error(e),
    };
    let relation = crate::api::guard_relation_to(&api, &target);
    if let Err(e) = crate::api::guard_allow(&api, Resource::Account, policy_action, relation, "account") {
        return refused(e, "/admin");
    }
    let Some(me) = caller.user.as_ref() else {
        return login_redirect("/admin");
    };
    let done = match action.as_str() {
        "verify" => state.accounts.verify_host(me, &target, Some(&caller.ip)).await,
        "disable" => state.accounts.set_disabled(me, &target, true, Some(&caller.ip)).await,
        _ => state.accounts.set_disabled(me, &target, false, Some(&caller.ip)).await,
    };
    match done {
        Ok(()) => Redirect::to("/admin").into_response(),
        Err(e) => {
            let (status, problem) = explain(e);
            admin_page(&state, &caller, status, problem).await
        }
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
    let api = caller.as_api();
    let relation = crate::api::guard_relation_to_site(&api, invite.site_id);
    if let Err(e) = crate::api::guard_allow(&api, Resource::Account, Action::Invite, relation, "site") {
        return refused(e, "/admin");
    }
    let Some(me) = caller.user.as_ref() else {
        return login_redirect("/admin");
    };
    match state.accounts.invite(me, &invite, Some(&caller.ip)).await {
        Ok(_) => Redirect::to("/admin").into_response(),
        Err(e) => {
            let (status, problem) = explain(e);
            admin_page(&state, &caller, status, problem).await
        }
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

/// Seconds since 1970 as a UTC date and time.
pub fn when(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default()
}

/// `?before=` on the audit page.
#[derive(Deserialize, Default)]
pub struct Before {
    before: Option<i64>,
}

/// GET /admin/audit
pub async fn audit(State(state): State<AppState>, caller: PageCaller, Query(q): Query<Before>) -> Response {
    let me = match admin(&caller, Resource::AuditLog, "/admin/audit") {
        Ok(u) => u,
        Err(r) => return r,
    };
    const PAGE: i64 = 100;
    let entries = match state.store.audit_log(PAGE, q.before).await {
        Ok(e) => e,
        Err(e) => return super::server_error(e),
    };
    state.accounts.audit(Some(me.id), AuditAction::AuditRead, "audit_log".into(), Some(&caller.ip), String::new()).await;
    let older = (entries.len() as i64 == PAGE).then(|| entries.last().map(|e| e.id)).flatten();
    let lines = entries
        .into_iter()
        .map(|e| AuditLine {
            id: e.id,
            when: when(e.at),
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
    let me = match admin(&caller, Resource::Outbox, "/admin/outbox") {
        Ok(u) => u,
        Err(r) => return r,
    };
    let entries = match state.store.outbox(200).await {
        Ok(e) => e,
        Err(e) => return super::server_error(e),
    };
    state.accounts.audit(Some(me.id), AuditAction::OutboxRead, "outbox".into(), Some(&caller.ip), String::new()).await;
    let mails = entries
        .into_iter()
        .map(|m| Mail {
            id: m.id,
            status: match (m.sent_at, &m.last_error) {
                (Some(at), _) => format!("sent {}", when(at)),
                (None, Some(e)) => format!("not sent after {} tries: {e}", m.attempts),
                (None, None) => "not sent".into(),
            },
            to: m.to,
            subject: m.subject,
            body: m.body,
            when: when(m.created_at),
        })
        .collect();
    let delivery =
        "The newest 200 emails. With an SMTP server configured they are sent within seconds; without one they wait here.";
    render(StatusCode::OK, &OutboxPage { nav: Nav::new(Some(me), &caller.csrf), delivery: delivery.into(), mails })
}
