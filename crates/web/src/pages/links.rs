//! The pages of emailed links: a forgotten password, a new password from
//! a reset or invitation link, and confirming an email address. They call
//! the same operations as the API (`matchready_app::accounts`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::account::{explain, notice};
use super::chrome::Nav;
use super::{error_page, render};
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

#[derive(Template)]
#[template(path = "password_form.html")]
struct PasswordForm {
    nav: Nav,
    title: &'static str,
    intro: &'static str,
    problem: String,
    action: &'static str,
    token: String,
    ask_email: bool,
    ask_password: bool,
    button: &'static str,
}

fn forgot_page(caller: &PageCaller, status: StatusCode, problem: String) -> Response {
    let page = PasswordForm {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        title: "Forgot your password?",
        intro: "Give your email and we will send you a link to choose a new password. It works once, for an hour.",
        problem,
        action: "/forgot",
        token: String::new(),
        ask_email: true,
        ask_password: false,
        button: "Send the link",
    };
    render(status, &page)
}

/// GET /forgot
pub async fn forgot_form(caller: PageCaller) -> Response {
    forgot_page(&caller, StatusCode::OK, String::new())
}

/// The forgotten-password form.
#[derive(Deserialize, Default)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

/// POST /forgot
pub async fn forgot(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<ForgotForm>) -> Response {
    match state.accounts.request_reset(&f.email, Some(&caller.ip)).await {
        Ok(()) => notice(
            &caller,
            "Check your email",
            "If an account has this address, a link to choose a new password is on its way. It works once, for an hour.".into(),
            None,
        ),
        Err(e) => {
            let (status, problem) = explain(e);
            forgot_page(&caller, status, problem)
        }
    }
}

/// `?token=` of an emailed link.
#[derive(Deserialize, Default)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

fn reset_page(caller: &PageCaller, status: StatusCode, problem: String, token: String) -> Response {
    let page = PasswordForm {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        title: "Choose a new password",
        intro: "Choose the password you will log in with. You will be logged out everywhere else.",
        problem,
        action: "/reset",
        token,
        ask_email: false,
        ask_password: true,
        button: "Set password",
    };
    render(status, &page)
}

/// GET /reset?token=
pub async fn reset_form(caller: PageCaller, Query(q): Query<TokenQuery>) -> Response {
    reset_page(&caller, StatusCode::OK, String::new(), q.token)
}

/// The new-password form.
#[derive(Deserialize, Default)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

/// POST /reset
pub async fn reset(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<ResetForm>) -> Response {
    match state.accounts.reset_password(&f.token, &f.password, Some(&caller.ip)).await {
        Ok(_) => notice(&caller, "Password set", "Your new password is set. Log in with it.".into(), Some(("/login", "Log in"))),
        Err(e) => {
            let (status, problem) = explain(e);
            reset_page(&caller, status, problem, f.token)
        }
    }
}

/// GET /verify?token=: a button, so that mail scanners following the link confirm nothing.
pub async fn verify_form(caller: PageCaller, Query(q): Query<TokenQuery>) -> Response {
    let page = PasswordForm {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        title: "Confirm your email",
        intro: "Press the button to confirm this address is yours.",
        problem: String::new(),
        action: "/verify",
        token: q.token,
        ask_email: false,
        ask_password: false,
        button: "Confirm my email",
    };
    render(StatusCode::OK, &page)
}

/// The confirm-email form.
#[derive(Deserialize, Default)]
pub struct VerifyForm {
    #[serde(default)]
    token: String,
}

/// POST /verify
pub async fn verify(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<VerifyForm>) -> Response {
    match state.accounts.verify_email(&f.token, Some(&caller.ip)).await {
        Ok(_) => notice(
            &caller,
            "Email confirmed",
            "Thank you: your email address is confirmed.".into(),
            Some(("/", "Find experiences")),
        ),
        Err(e) => {
            let (status, problem) = explain(e);
            error_page(status, "This link does not work", problem)
        }
    }
}
