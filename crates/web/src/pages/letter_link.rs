//! The pages anyone reaches without signing in: a Letter ID's check
//! (`/letters/verify/{code}`), and a program's link (`/letters/open/{token}`):
//! a landing page that counts nothing (mail systems fetch links to scan
//! them), a button that opens it (one opening, logged), and the letter shown
//! from then for a while. Every step is the API's use case.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use matchready_app::letters::{self, LinkView, Verified};
use matchready_app::{AppError, Kind};
use matchready_core::dates;

use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

#[derive(Template)]
#[template(path = "letter_verify.html")]
struct VerifyPage {
    nav: Nav,
    code: String,
    found: Option<Verified>,
    rotation: String,
    written: String,
}

/// GET /letters/verify/{code}
pub async fn verify(State(state): State<AppState>, caller: PageCaller, Path(code): Path<String>) -> Response {
    let (status, found) = match letters::verify(&state, &caller, &code).await {
        Ok(v) => (StatusCode::OK, Some(v)),
        Err(e) if e.kind == Kind::NotFound => (StatusCode::NOT_FOUND, None),
        Err(e) => return super::error_page(super::status(&e), "Something went wrong", e.message),
    };
    let rotation = found
        .as_ref()
        .map(|v| format!("{} at {}, {}", v.experience_title, v.site_name, dates::span(v.start_date, v.end_date)))
        .unwrap_or_default();
    let written = found.as_ref().map(|v| dates::day(v.written_on)).unwrap_or_default();
    let nav = Nav::new(caller.user.as_ref(), &caller.csrf);
    render(status, &VerifyPage { nav, code: code.chars().take(40).collect(), found, rotation, written })
}

#[derive(Template)]
#[template(path = "letter_open.html")]
struct OpenPage {
    nav: Nav,
    token: String,
    link: Option<LinkView>,
    opened: bool,
    problem: String,
    expires: String,
}

fn open_page(caller: &PageCaller, token: &str, link: Result<LinkView, AppError>, opened: bool) -> Response {
    let nav = Nav::new(caller.user.as_ref(), &caller.csrf);
    let (status, link, problem) = match link {
        Ok(l) => {
            let problem = match l.refused.as_deref() {
                Some(code) => refusal_words(code),
                None => String::new(),
            };
            (if problem.is_empty() { StatusCode::OK } else { StatusCode::GONE }, Some(l), problem)
        }
        Err(e) if e.kind == Kind::NotFound => (StatusCode::NOT_FOUND, None, e.message),
        Err(e) if e.kind == Kind::Conflict => (StatusCode::GONE, None, e.message),
        Err(e) => (super::status(&e), None, e.message),
    };
    let expires = link.as_ref().map(|l| dates::day_of(l.expires_at)).unwrap_or_default();
    render(status, &OpenPage { nav, token: token.to_string(), link, opened: opened && problem.is_empty(), problem, expires })
}

fn refusal_words(code: &str) -> String {
    use matchready_core::letters::delivery::LinkRefusal as R;
    [R::Expired, R::UsedUp, R::Withdrawn]
        .into_iter()
        .find(|r| r.code() == code)
        .map(|r| r.message().to_string())
        .unwrap_or_default()
}

/// GET /letters/open/{token}: who it is from and how long it works; opens nothing.
pub async fn landing(State(state): State<AppState>, caller: PageCaller, Path(token): Path<String>) -> Response {
    let link = letters::link(&state, &caller, &token).await;
    open_page(&caller, &token, link, false)
}

/// POST /letters/open/{token}: opens it (one opening, logged) and shows the letter.
pub async fn open(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(token): Path<String>,
    _: Posted<crate::auth::csrf::Button>,
) -> Response {
    let link = letters::open_link(&state, &caller, &token).await;
    open_page(&caller, &token, link, true)
}

/// GET /letters/open/{token}/letter.pdf: the letter, shown in the page, for a while after an opening.
pub async fn pdf(State(state): State<AppState>, caller: PageCaller, Path(token): Path<String>) -> Response {
    match letters::link_pdf(&state, &caller, &token).await {
        Ok((bytes, name)) => {
            let disposition = HeaderValue::from_str(&format!("inline; filename=\"{name}\""))
                .unwrap_or_else(|_| HeaderValue::from_static("inline"));
            (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => super::error_page(
            if e.kind == Kind::NotFound { StatusCode::NOT_FOUND } else { StatusCode::GONE },
            "The letter is not available",
            e.message,
        ),
    }
}
