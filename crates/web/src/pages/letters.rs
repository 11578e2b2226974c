//! Letters of recommendation for people signed in: the list (an applicant's
//! letters with their count, an author's queue, a site's letters), asking
//! for one, and a letter's page with what its reader may do there. Every
//! action is the API's use case (`matchready_app::letters`).

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::letters::{self, LetterUpdate, LetterView, LettersPage};
use matchready_app::{AppError, Kind};
use matchready_core::dates;
use matchready_core::letters::delivery::RawDestination;
use matchready_core::letters::form::{RANKS, RawLetterForm};
use matchready_core::rotation::evaluation::COMPETENCIES;
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::letter_rows::{Row, rows};
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

#[derive(Template)]
#[template(path = "letters.html")]
struct ListPage {
    nav: Nav,
    applicant: bool,
    author: bool,
    counts: String,
    rows: Vec<Row>,
}

/// GET /letters
pub async fn list(State(state): State<AppState>, caller: PageCaller) -> Response {
    let page: LettersPage = match letters::list(&state, &caller).await {
        Ok(p) => p,
        Err(e) => return refused(e, "/letters"),
    };
    let role = caller.user.as_ref().map(|u| u.role);
    let page = ListPage {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        applicant: role == Some(matchready_core::account::Role::Applicant),
        author: role == Some(matchready_core::account::Role::Preceptor),
        counts: page.counts.map(|c| c.words).unwrap_or_default(),
        rows: rows(&page.letters, state.today()),
    };
    render(StatusCode::OK, &page)
}

pub(super) fn problem_of(e: &AppError) -> String {
    if e.fields.is_empty() {
        return e.message.clone();
    }
    e.fields.iter().map(|f| format!("{}: {}", f.field.replace('_', " "), f.message)).collect::<Vec<_>>().join("; ")
}

/// One question of the standardised form, with the author's answer.
struct Ask {
    code: &'static str,
    name: &'static str,
    chosen: String,
}

#[derive(Template)]
#[template(path = "letter.html")]
struct LetterPage {
    nav: Nav,
    notice: &'static str,
    problem: String,
    v: LetterView,
    rotation: String,
    due: String,
    history: Vec<(String, &'static str, String)>,
    destinations: Vec<(String, String, String, String)>,
    versions: Vec<(i64, String, String)>,
    next_nudge: String,
    shared_hours: String,
    shared_evaluations: Vec<(String, String)>,
    question: String,
    form: RawLetterForm,
    asks: Vec<Ask>,
    ranks: [(&'static str, &'static str); 4],
    is_admin: bool,
}

async fn letter_page(
    state: &AppState,
    caller: &PageCaller,
    id: &str,
    status: StatusCode,
    problem: String,
    notice: &'static str,
) -> Response {
    let v = match letters::view(state, caller, id).await {
        Ok(v) => v,
        Err(e) => return refused(e, &format!("/letters/{id}")),
    };
    // The author's saved form, to go on with (the author's alone: nobody else gets one).
    let form = if v.can.write {
        letters::form(state, caller, id).await.map(|f| f.form).unwrap_or_default()
    } else {
        RawLetterForm::default()
    };
    let l = &v.letter;
    let history = v.history.iter().map(|e| (dates::day_of(e.at), e.kind.name(), e.detail.clone())).collect();
    let destinations = v
        .destinations
        .iter()
        .map(|d| {
            let opened = if d.kind == "eras" {
                "Confirmed by the author".to_string()
            } else if d.openings.is_empty() {
                "Not opened yet".to_string()
            } else {
                let times: Vec<String> = d.openings.iter().map(|o| dates::day_of(o.at)).collect();
                format!("Opened {} of {}: {}", d.openings.len(), d.max_opens, times.join(", "))
            };
            let expires = d.expires_at.map(|e| format!("link works until {}", dates::day_of(e))).unwrap_or_default();
            (d.program.clone(), dates::day_of(d.delivered_at), expires, opened)
        })
        .collect();
    let versions = v
        .versions
        .iter()
        .map(|x| (x.number, dates::day_of(x.created_at), format!("{}, {}", x.signature.name, x.signature.title)))
        .collect();
    let question = v
        .history
        .iter()
        .rev()
        .find(|e| e.kind == matchready_core::letters::EventKind::Question)
        .map(|e| e.detail.clone())
        .unwrap_or_default();
    let (shared_hours, shared_evaluations) = match &v.shared {
        Some(s) => (
            s.hours
                .map(|h| {
                    format!(
                        "{} signed hours over {} days ({} hands-on)",
                        h.signed_minutes / 60,
                        h.signed_days,
                        h.hands_on_minutes / 60
                    )
                })
                .unwrap_or_default(),
            s.evaluations.iter().map(|e| (e.kind.name().to_string(), e.text.narrative.clone())).collect(),
        ),
        None => (String::new(), Vec::new()),
    };
    let answers = form.competencies().map(str::to_string);
    let asks = COMPETENCIES.iter().zip(answers).map(|(c, chosen)| Ask { code: c.code, name: c.name, chosen }).collect();
    let page = LetterPage {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        notice,
        problem,
        rotation: format!("{} at {}, {}", l.experience_title, l.site_name, dates::span(l.start_date, l.end_date)),
        due: dates::day(l.due_on),
        history,
        destinations,
        versions,
        next_nudge: v.next_nudge_at.map(dates::day_of).unwrap_or_default(),
        shared_hours,
        shared_evaluations,
        question,
        form,
        asks,
        ranks: RANKS,
        is_admin: caller.user.as_ref().is_some_and(|u| u.role == matchready_core::account::Role::Admin),
        v,
    };
    render(status, &page)
}

fn notice(done: &str) -> &'static str {
    match done {
        "requested" => "Asked: the author is emailed, and reminded before the due day. You see here when each reminder goes out.",
        "accept" => "Accepted: the applicant is told. Upload the letter or fill in the form below when you are ready.",
        "decline" => "Declined: the applicant is told.",
        "withdraw" => "Withdrawn: the author is told, and any program link stops working.",
        "nudge" => "The author is reminded on your behalf.",
        "question" => "Your question is sent to the applicant.",
        "answer" => "Your answer is sent to the author.",
        "send" => "Sent: the program is emailed a link. You will see here when it is opened.",
        "update" => "Saved.",
        "eras-confirm" => "Confirmed: the applicant sees that the letter is in ERAS.",
        "draft" => "Draft saved. Come back to it any time before the due day.",
        "finish" | "file" => "The letter is uploaded. The applicant is told that it is, never what it says.",
        _ => "",
    }
}

/// GET /letters/{id}
pub async fn page(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    q: Result<Query<super::Done>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let done = super::done(q);
    letter_page(&state, &caller, &id, StatusCode::OK, String::new(), notice(&done)).await
}

/// Every other form of the letter page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    text: String,
    waiver: String,
    eras_id: String,
    program: String,
    contact: String,
}

async fn after(state: &AppState, caller: &PageCaller, id: &str, action: &str, done: Result<LetterView, AppError>) -> Response {
    match done {
        Ok(_) => Redirect::to(&format!("/letters/{id}?done={action}")).into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => refused(e, &format!("/letters/{id}")),
        Err(e) => letter_page(state, caller, id, super::status(&e), problem_of(&e), "").await,
    }
}

/// POST /letters/{id}/{action}
pub async fn act(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, action)): Path<(String, String)>,
    Posted(f): Posted<ActionForm>,
) -> Response {
    let s = &state;
    let done = match action.as_str() {
        "withdraw" => letters::withdraw(s, &caller, &id).await,
        "nudge" => letters::nudge(s, &caller, &id).await,
        "accept" => letters::accept(s, &caller, &id).await,
        "decline" => letters::decline(s, &caller, &id, &f.text).await,
        "question" => letters::ask(s, &caller, &id, &f.text).await,
        "answer" => letters::answer(s, &caller, &id, &f.text).await,
        "eras-confirm" => letters::confirm_eras(s, &caller, &id).await,
        "send" => letters::send(s, &caller, &id, &RawDestination { program: f.program, contact: f.contact }).await,
        "update" => {
            let body = LetterUpdate { waiver: Some(f.waiver).filter(|w| !w.is_empty()), eras_id: Some(f.eras_id) };
            letters::update(s, &caller, &id, &body).await
        }
        _ => return super::error_page(StatusCode::NOT_FOUND, "Page not found", "There is no such action on a letter."),
    };
    after(s, &caller, &id, &action, done).await
}

/// POST /letters/{id}/form/{draft|finish}
pub async fn save_form(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, how)): Path<(String, String)>,
    Posted(f): Posted<RawLetterForm>,
) -> Response {
    let finish = match how.as_str() {
        "draft" => false,
        "finish" => true,
        _ => return super::error_page(StatusCode::NOT_FOUND, "Page not found", "Save a draft or finish the letter."),
    };
    let done = letters::save_form(&state, &caller, &id, &f, finish).await;
    after(&state, &caller, &id, &how, done).await
}

/// POST /letters/{id}/file (multipart)
pub async fn upload(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>, req: Request) -> Response {
    if let Err(e) = letters::may_upload(&state, &caller, &id).await {
        return after(&state, &caller, &id, "file", Err(e)).await;
    }
    let expected = caller.csrf.clone();
    let cross_site = req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site");
    let parts = match Multipart::from_request(req, &state).await {
        Ok(m) => crate::api::letter_file::read_letter_upload(m).await,
        Err(e) => return letter_page(&state, &caller, &id, StatusCode::BAD_REQUEST, e.body_text(), "").await,
    };
    let (csrf, up) = match parts {
        Ok(p) => p,
        Err(e) => return letter_page(&state, &caller, &id, e.status, e.message, "").await,
    };
    if cross_site || expected.is_empty() || !matchready_app::accounts::secret::same(&expected, &csrf) {
        return super::error_page(StatusCode::FORBIDDEN, "This form has expired", "Go back, reload the page and send it again.");
    }
    let done = letters::upload(&state, &caller, &id, up).await;
    after(&state, &caller, &id, "file", done).await
}

/// Which version, and an admin's reason.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PdfQuery {
    version: String,
    reason: String,
}

/// GET /letters/{id}/letter.pdf
pub async fn pdf(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Query(q): Query<PdfQuery>,
) -> Response {
    let version = Some(q.version.as_str()).filter(|v| !v.is_empty());
    match letters::pdf(&state, &caller, &id, version, &q.reason).await {
        Ok((bytes, name)) => crate::api::completion::download(bytes, "application/pdf", &name),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => refused(e, &format!("/letters/{id}")),
        Err(e) => letter_page(&state, &caller, &id, super::status(&e), problem_of(&e), "").await,
    }
}

/// GET /letters/{id}/cv
pub async fn cv(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    match letters::shared_cv(&state, &caller, &id).await {
        Ok(d) => crate::api::documents::download_response(d),
        Err(e) => refused(e, &format!("/letters/{id}")),
    }
}
