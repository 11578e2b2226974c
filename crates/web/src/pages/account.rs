//! Account pages: sign up, log in, log out and "your account"; the emailed
//! links are in `links.rs`. They call the same operations as the API
//! (`matchready_app::accounts`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use matchready_core::account::{User, lifetimes};
use matchready_store::SessionKind;
use serde::Deserialize;

use super::chrome::Nav;
use super::{error_page, render};
use crate::auth::PageCaller;
use crate::auth::caller::session_cookie;
use crate::auth::csrf::{Button, Posted};
use crate::{ApiError, AppState};
use matchready_app::AuthError;
use matchready_app::accounts::SignUp;

/// The words a page shows for a refused account operation, and its status.
pub fn explain(e: AuthError) -> (StatusCode, String) {
    let api = ApiError::from(e);
    let message = match api.fields.first() {
        Some(f) => format!("{}: {}", label(f.field), f.message),
        None => capitalise(&api.message),
    };
    (api.status, message)
}

pub(super) fn label(field: &str) -> &str {
    match field {
        "email" => "Email",
        "name" => "Name",
        "password" | "new_password" => "Password",
        "site_id" => "Site",
        "role" => "Role",
        other => other,
    }
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// A message as a sentence: capitalised, ending with a full stop.
pub(super) fn sentence(s: &str) -> String {
    let text = capitalise(s);
    if text.is_empty() || text.ends_with('.') { text } else { text + "." }
}

fn cookie(name: &str, value: &str, max_age: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")).ok()
}

/// Where to go after logging in: a path on this site only.
fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if local && !next.chars().any(char::is_control) { next } else { "/" }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Nav,
    problem: String,
    email: String,
    next: String,
}

#[derive(Template)]
#[template(path = "signup.html")]
struct SignUpPage {
    nav: Nav,
    problem: String,
    person: String,
    email: String,
    role: String,
    site_id: String,
    host: bool,
}

#[derive(Template)]
#[template(path = "notice.html")]
pub(super) struct Notice {
    nav: Nav,
    title: String,
    message: String,
    link: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    nav: Nav,
    user: User,
    notice: String,
    problem: String,
}

pub(super) fn notice(caller: &PageCaller, title: &str, message: String, link: Option<(&str, &str)>) -> Response {
    let link = link.map(|(h, l)| (h.to_string(), l.to_string()));
    render(StatusCode::OK, &Notice { nav: Nav::new(caller.user.as_ref(), &caller.csrf), title: title.into(), message, link })
}

/// `?next=` on the login page.
#[derive(Deserialize, Default)]
pub struct Next {
    #[serde(default)]
    next: String,
}

/// GET /login
pub async fn login_page(caller: PageCaller, Query(q): Query<Next>) -> Response {
    if caller.user.is_some() {
        return Redirect::to(safe_next(&q.next)).into_response();
    }
    let page = LoginPage { nav: Nav::new(None, &caller.csrf), problem: String::new(), email: String::new(), next: q.next };
    render(StatusCode::OK, &page)
}

/// The login form.
#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// POST /login
pub async fn login(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<LoginForm>) -> Response {
    match state.accounts.login(&f.email, &f.password, &caller.ip, SessionKind::Cookie).await {
        Ok((_, token)) => {
            let mut res = Redirect::to(safe_next(&f.next)).into_response();
            let secure = state.accounts.config.secure_cookies();
            if let Some(c) = cookie(session_cookie(secure), &token, lifetimes::SESSION_ABSOLUTE, secure) {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
            res
        }
        Err(e) => {
            let retry = if let AuthError::Throttled(wait) = e { Some(wait) } else { None };
            let (status, problem) = explain(e);
            let page = LoginPage { nav: Nav::new(None, &caller.csrf), problem, email: f.email, next: f.next };
            let mut res = render(status, &page);
            if let Some(v) = retry.and_then(|w| HeaderValue::from_str(&w.to_string()).ok()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
    }
}

/// POST /logout
pub async fn logout(State(state): State<AppState>, caller: PageCaller, _: Posted<Button>) -> Response {
    if let (Some(user), Some(token)) = (&caller.user, &caller.token)
        && let Err(e) = state.accounts.logout(user, token, Some(&caller.ip)).await
    {
        return error_page(explain(e).0, "Could not log out", "Please try again.");
    }
    let mut res = Redirect::to("/").into_response();
    let secure = state.accounts.config.secure_cookies();
    if let Some(c) = cookie(session_cookie(secure), "", 0, secure) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

fn signup_page(caller: &PageCaller, status: StatusCode, problem: String, f: &SignUpForm) -> Response {
    let role = if f.role.is_empty() { "applicant".to_string() } else { f.role.clone() };
    let page = SignUpPage {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        problem,
        person: f.name.clone(),
        email: f.email.clone(),
        host: role != "applicant",
        role,
        site_id: f.site_id.clone(),
    };
    render(status, &page)
}

/// The sign-up form.
#[derive(Deserialize, Default)]
pub struct SignUpForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    site_id: String,
}

/// GET /signup
pub async fn signup_form(caller: PageCaller) -> Response {
    signup_page(&caller, StatusCode::OK, String::new(), &SignUpForm::default())
}

/// POST /signup
pub async fn signup(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<SignUpForm>) -> Response {
    let applicant = f.role.is_empty() || f.role == "applicant";
    let site_id = match f.site_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => return signup_page(&caller, StatusCode::BAD_REQUEST, "Site: write the site's number, e.g. 12".into(), &f),
        },
    };
    let form = SignUp {
        email: f.email.clone(),
        password: f.password.clone(),
        name: f.name.clone(),
        role: Some(f.role.clone()),
        site_id: if applicant { None } else { site_id },
    };
    match state.accounts.sign_up(&form, Some(&caller.ip)).await {
        Ok(()) => notice(
            &caller,
            "Check your email",
            format!("We sent a link to {} to confirm your address. You can log in now.", f.email.trim().to_lowercase()),
            Some(("/login", "Log in")),
        ),
        Err(e) => {
            let (status, problem) = explain(e);
            signup_page(&caller, status, problem, &f)
        }
    }
}

fn account_page(caller: &PageCaller, user: &User, status: StatusCode, notice: &str, problem: String) -> Response {
    let page = AccountPage { nav: Nav::new(Some(user), &caller.csrf), user: user.clone(), notice: notice.into(), problem };
    render(status, &page)
}

/// GET /account
pub async fn account(caller: PageCaller) -> Response {
    match caller.require("/account") {
        Ok(user) => account_page(&caller, user, StatusCode::OK, "", String::new()),
        Err(r) => r,
    }
}

/// The change-password form.
#[derive(Deserialize, Default)]
pub struct ChangeForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// POST /account/password
pub async fn change_password(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<ChangeForm>) -> Response {
    let user = match caller.require("/account") {
        Ok(u) => u,
        Err(r) => return r,
    };
    let token = caller.token.as_deref().unwrap_or_default();
    match state.accounts.change_password(user, &f.current_password, &f.new_password, token, Some(&caller.ip)).await {
        Ok(()) => {
            account_page(&caller, user, StatusCode::OK, "Your password is changed; other devices are logged out.", String::new())
        }
        Err(e) => {
            let (status, problem) = explain(e);
            account_page(&caller, user, status, "", problem)
        }
    }
}

/// The resend form: where it was sent from, to go back there (a local path; the account page if none).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Resend {
    back: String,
}

/// POST /account/verification
pub async fn resend_verification(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<Resend>) -> Response {
    let user = match caller.require("/account") {
        Ok(u) => u,
        Err(r) => return r,
    };
    match state.accounts.resend_verification(user).await {
        // Back to the page it was sent from (the apply page says so), else the account page.
        Ok(()) if f.back.starts_with("/apply?") && safe_next(&f.back) == f.back => {
            Redirect::to(&format!("{}&sent=confirmation", f.back)).into_response()
        }
        Ok(()) => account_page(&caller, user, StatusCode::OK, "We sent a new confirmation link to your email.", String::new()),
        Err(e) => {
            let (status, problem) = explain(e);
            account_page(&caller, user, status, "", problem)
        }
    }
}
