//! Asking for a letter of recommendation: the form on a rotation
//! (`/applications/{id}/letters/new`) with the site's preceptors, the
//! waiver said plainly, and what the author will see. Every step is the
//! API's use case (`matchready_app::letters::{authors, request}`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::Kind;
use matchready_app::letters::{self, Authors};
use matchready_core::letters::request::RawLetterRequest;
use matchready_core::specialty::Specialty;
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::letters::problem_of;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

/// The request form as sent.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct RequestForm {
    author_id: String,
    specialty: String,
    programs: String,
    due_on: String,
    note: String,
    waiver: String,
    share_cv: String,
    statement: String,
    eras_id: String,
}

impl RequestForm {
    fn input(&self) -> RawLetterRequest {
        RawLetterRequest {
            author_id: self.author_id.trim().parse().unwrap_or(0),
            specialty: self.specialty.clone(),
            programs: self.programs.clone(),
            due_on: self.due_on.clone(),
            note: self.note.clone(),
            waiver: self.waiver.clone(),
            share_cv: !self.share_cv.is_empty(),
            statement: self.statement.clone(),
            eras_id: self.eras_id.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "letter_new.html")]
struct NewPage {
    nav: Nav,
    problem: String,
    authors: Authors,
    specialties: Vec<(&'static str, &'static str)>,
    form: RequestForm,
}

async fn new_page(
    state: &AppState,
    caller: &PageCaller,
    id: &str,
    status: StatusCode,
    problem: String,
    form: RequestForm,
) -> Response {
    let authors = match letters::authors(state, caller, id).await {
        Ok(a) => a,
        Err(e) => return refused(e, &format!("/applications/{id}/letters/new")),
    };
    let form = RequestForm {
        due_on: if form.due_on.is_empty() { (state.today() + chrono::Days::new(21)).to_string() } else { form.due_on },
        ..form
    };
    let specialties = Specialty::ALL.iter().map(|s| (s.code(), s.name())).collect();
    render(status, &NewPage { nav: Nav::new(caller.user.as_ref(), &caller.csrf), problem, authors, specialties, form })
}

/// GET /applications/{id}/letters/new
pub async fn new(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    new_page(&state, &caller, &id, StatusCode::OK, String::new(), RequestForm::default()).await
}

/// POST /applications/{id}/letters
pub async fn request(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(f): Posted<RequestForm>,
) -> Response {
    match letters::request(&state, &caller, &id, &f.input()).await {
        Ok(v) => Redirect::to(&format!("/letters/{}?done=requested", v.letter.id)).into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => {
            refused(e, &format!("/applications/{id}/letters/new"))
        }
        Err(e) => new_page(&state, &caller, &id, super::status(&e), problem_of(&e), f).await,
    }
}
