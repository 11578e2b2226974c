//! A completed rotation's page: the certificate (PDF and signed credential
//! downloads, its verification link, revocation for the site's
//! coordinators) and the trainee's review of the rotation; and the public
//! `/verify/{code}` page (with its form at `/certificates`) that checks a code. Every action is the API's use case
//! (`matchready_app::rotation::{certificate, credential, reviews}`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::rotation::certificate::{self, counts_as, hours_words};
use matchready_app::rotation::{credential, reviews};
use matchready_app::{AppError, Kind};
use matchready_core::dates;
use matchready_core::rotation::certificate::{Certificate, CertificateFacts};
use matchready_core::rotation::review::{QUESTIONS, RawReview};
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

/// What a certificate says, as the pages show it.
pub(crate) struct Shown {
    code: String,
    issued: String,
    rows: Vec<(&'static str, String)>,
    revoked: String,
}

pub(crate) fn shown(f: &CertificateFacts, code: &str, issued_at: i64) -> Shown {
    Shown {
        code: code.to_string(),
        issued: dates::day_of(issued_at),
        rows: vec![
            ("Trainee", f.trainee.clone()),
            ("Experience", f.experience.clone()),
            ("Type", f.kind.clone()),
            ("Counts as", counts_as(f).to_string()),
            ("Specialty", f.specialty.clone()),
            ("Site", format!("{}, {}", f.site, f.place)),
            ("Supervising physician", f.preceptor.clone()),
            ("Dates", dates::span(f.start_date, f.end_date)),
            ("Hours signed by the preceptor", hours_words(f)),
            ("Issued", dates::day_of(issued_at)),
            ("Verification code", code.to_string()),
        ],
        revoked: String::new(),
    }
}

fn kept(c: &Certificate) -> Shown {
    let revoked = match (c.revoked_at, &c.revoked_reason) {
        (Some(at), Some(why)) => format!("Revoked {}: {why}", dates::day_of(at)),
        (Some(at), None) => format!("Revoked {}", dates::day_of(at)),
        _ => String::new(),
    };
    Shown { revoked, ..shown(&c.facts, &c.code, c.issued_at) }
}

/// One question of the review form.
struct Ask {
    code: &'static str,
    name: &'static str,
    question: &'static str,
    chosen: String,
}

#[derive(Template)]
#[template(path = "completion.html")]
struct CompletionPage {
    nav: Nav,
    id: String,
    notice: &'static str,
    problem: String,
    current: Option<Shown>,
    verify_url: String,
    earlier: Vec<Shown>,
    can_revoke: bool,
    /// Why there is no certificate yet.
    waiting: String,
    /// The trainee's review, when the caller is the trainee.
    review: Option<Vec<(&'static str, String)>>,
    review_comment: String,
    can_review: bool,
    asks: Vec<Ask>,
}

/// The review form: each rating as text.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReviewForm {
    teaching: String,
    supervision: String,
    as_described: String,
    overall: String,
    comment: String,
}

impl ReviewForm {
    fn input(&self) -> RawReview {
        // A rating the form did not send, or sent as anything but a number, is missing: "rate it".
        let n = |v: &str| v.trim().parse::<i64>().ok();
        RawReview {
            teaching: n(&self.teaching),
            supervision: n(&self.supervision),
            as_described: n(&self.as_described),
            overall: n(&self.overall),
            comment: self.comment.clone(),
        }
    }

    fn chosen(&self, code: &str) -> String {
        match code {
            "teaching" => &self.teaching,
            "supervision" => &self.supervision,
            "as_described" => &self.as_described,
            _ => &self.overall,
        }
        .clone()
    }
}

async fn page_with(
    state: &AppState,
    caller: &PageCaller,
    id: &str,
    status: StatusCode,
    problem: String,
    form: Option<ReviewForm>,
    notice: &'static str,
) -> Response {
    let (current, verify_url, earlier, can_revoke, waiting) = match certificate::certificate(state, caller, id).await {
        Ok(v) => {
            let c = &v.certificate;
            (
                Some(shown(&c.facts, &c.code, c.issued_at)),
                v.verify_url.clone(),
                v.earlier.iter().map(kept).collect(),
                v.can_revoke,
                String::new(),
            )
        }
        Err(e) if e.code == "not_completed" || e.code == "certificate_revoked" => {
            (None, String::new(), Vec::new(), false, e.message)
        }
        Err(e) => return refused(e, &format!("/applications/{id}/certificate")),
    };
    // The review is the trainee's alone: for anyone else there is none to show.
    let mine = reviews::view(state, caller, id).await.ok();
    let review = mine
        .as_ref()
        .and_then(|m| m.review.as_ref())
        .map(|r| QUESTIONS.iter().zip(r.ratings).map(|((_, name, _), v)| (*name, format!("{v} of 5"))).collect());
    let review_comment = mine.as_ref().and_then(|m| m.review.as_ref()).map(|r| r.comment.clone()).unwrap_or_default();
    let form = form.unwrap_or_default();
    let asks = QUESTIONS.iter().map(|&(code, name, question)| Ask { code, name, question, chosen: form.chosen(code) }).collect();
    let page = CompletionPage {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        id: id.to_string(),
        notice,
        problem,
        current,
        verify_url,
        earlier,
        can_revoke,
        waiting,
        review,
        review_comment: if review_comment.is_empty() { form.comment.clone() } else { review_comment },
        can_review: mine.is_some_and(|m| m.can_write),
        asks,
    };
    render(status, &page)
}

/// GET /applications/{id}/certificate
pub async fn page(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    q: Result<Query<super::Done>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let notice = match super::done(q).as_str() {
        "reviewed" => "Thank you: your review is kept. Sites see only averages, once three trainees have reviewed.",
        "revoked" => {
            "Revoked: the code no longer verifies. A new certificate is issued once what it says is corrected (the hours, the evaluation)."
        }
        _ => "",
    };
    page_with(&state, &caller, &id, StatusCode::OK, String::new(), None, notice).await
}

fn failed(e: AppError) -> String {
    if e.fields.is_empty() {
        return e.message;
    }
    let label = |f: &str| QUESTIONS.iter().find(|q| q.0 == f).map_or("Comment", |q| q.1);
    e.fields.iter().map(|f| format!("{}: {}", label(f.field), f.message)).collect::<Vec<_>>().join("; ")
}

/// POST /applications/{id}/rotation-review
pub async fn review(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(f): Posted<ReviewForm>,
) -> Response {
    match reviews::save(&state, &caller, &id, &f.input()).await {
        Ok(_) => Redirect::to(&format!("/applications/{id}/certificate?done=reviewed")).into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => {
            refused(e, &format!("/applications/{id}/certificate"))
        }
        Err(e) => page_with(&state, &caller, &id, super::status(&e), failed(e), Some(f), "").await,
    }
}

/// The revocation form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    reason: String,
}

/// POST /applications/{id}/certificates/{code}/revoke
pub async fn revoke(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, code)): Path<(String, String)>,
    Posted(f): Posted<RevokeForm>,
) -> Response {
    match certificate::revoke(&state, &caller, &id, &code, &f.reason).await {
        Ok(()) => Redirect::to(&format!("/applications/{id}/certificate?done=revoked")).into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated) => refused(e, &format!("/applications/{id}/certificate")),
        Err(e) => page_with(&state, &caller, &id, super::status(&e), failed(e), None, "").await,
    }
}

/// GET /applications/{id}/certificate.pdf
pub async fn pdf(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    match certificate::certificate_pdf(&state, &caller, &id).await {
        Ok((pdf, name)) => crate::api::completion::download(pdf, "application/pdf", &name),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => {
            refused(e, &format!("/applications/{id}/certificate"))
        }
        Err(e) => page_with(&state, &caller, &id, super::status(&e), e.message, None, "").await,
    }
}

/// GET /applications/{id}/credential
pub async fn signed(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    match credential::credential(&state, &caller, &id).await {
        Ok((jwt, name)) => crate::api::completion::download(jwt, "application/vc+jwt", &name),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => {
            refused(e, &format!("/applications/{id}/certificate"))
        }
        Err(e) => page_with(&state, &caller, &id, super::status(&e), e.message, None, "").await,
    }
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    nav: Nav,
    code: String,
    found: Option<Shown>,
    problem: String,
}

/// `/certificates?code=`
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CodeQuery {
    code: String,
}

async fn verify_page(state: &AppState, caller: &PageCaller, code: String) -> Response {
    let nav = Nav::new(caller.user.as_ref(), &caller.csrf);
    if code.trim().is_empty() {
        return render(StatusCode::OK, &VerifyPage { nav, code, found: None, problem: String::new() });
    }
    match certificate::verify(state, &code).await {
        Ok(v) => {
            let found = Some(shown(&v.facts, &v.code, v.issued_at));
            render(StatusCode::OK, &VerifyPage { nav, code: v.code, found, problem: String::new() })
        }
        Err(e) => render(super::status(&e), &VerifyPage { nav, code, found: None, problem: e.message }),
    }
}

/// GET /certificates (`?code=`): the form to check a code, and its answer
pub async fn verify_form(
    State(state): State<AppState>,
    caller: PageCaller,
    q: Result<Query<CodeQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let code = q.map(|Query(q)| q.code).unwrap_or_default();
    verify_page(&state, &caller, code).await
}

/// GET /verify/{code}
pub async fn verify(State(state): State<AppState>, caller: PageCaller, Path(code): Path<String>) -> Response {
    verify_page(&state, &caller, code).await
}
