//! SOAP notes in the pages: the trainee writes, saves and submits a note
//! (the PHI guard's findings are highlighted when it stops one); the site's
//! preceptors comment on a passage or the whole note, rate it and return or
//! accept it. Every action is the API's use case
//! (`matchready_app::rotation::notes`); views are in `note_view.rs`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::rotation::notes::{self, Commenting, NotPhi, NoteInput, Reviewing};
use matchready_app::{AppError, Kind};
use matchready_core::rotation::{NoteText, RawNote, RawRubric};
use serde::Deserialize;

use super::admin::refused;
use super::note_view::{list_page, note_page};
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

/// A note as the form sends it (and as it is shown again when refused).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NoteForm {
    pub(super) title: String,
    pub(super) setting: String,
    pub(super) specialty: String,
    pub(super) subjective: String,
    pub(super) objective: String,
    pub(super) assessment: String,
    pub(super) plan: String,
    pub(super) version: String,
    /// `save` or `submit`.
    pub(super) action: String,
    /// Findings ticked as not PHI, each `field:start:end`.
    pub(super) not_phi: Vec<String>,
    pub(super) not_phi_reason: String,
}

impl NoteForm {
    pub(super) fn raw(&self) -> RawNote {
        RawNote {
            title: self.title.clone(),
            setting: self.setting.clone(),
            specialty: self.specialty.clone(),
            subjective: self.subjective.clone(),
            objective: self.objective.clone(),
            assessment: self.assessment.clone(),
            plan: self.plan.clone(),
        }
    }

    fn input(&self) -> NoteInput {
        let not_phi = self
            .not_phi
            .iter()
            .filter_map(|v| {
                let mut parts = v.split(':');
                let (field, start, end) = (parts.next()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
                Some(NotPhi { field: field.into(), start, end })
            })
            .collect();
        NoteInput {
            note: self.raw(),
            submit: self.action == "submit",
            version: self.version.trim().parse().ok(),
            not_phi,
            not_phi_reason: self.not_phi_reason.clone(),
        }
    }

    pub(super) fn of(t: &NoteText, version: i64) -> Self {
        Self {
            title: t.title.clone(),
            setting: t.setting.code().into(),
            specialty: t.specialty.code().into(),
            subjective: t.subjective.clone(),
            objective: t.objective.clone(),
            assessment: t.assessment.clone(),
            plan: t.plan.clone(),
            version: version.to_string(),
            ..Self::default()
        }
    }
}

/// GET /applications/{id}/notes
pub async fn list(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    list_page(&state, &caller, &id).await
}

/// GET /applications/{id}/notes/new
pub async fn new(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    note_page(&state, &caller, &id, None, StatusCode::OK, None, None, "").await
}

/// GET /applications/{id}/notes/{note}
pub async fn page(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, note)): Path<(String, String)>,
    q: Result<Query<super::Done>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let done = super::done(q);
    note_page(&state, &caller, &id, Some(&note), StatusCode::OK, None, None, &done).await
}

async fn after(
    state: &AppState,
    caller: &PageCaller,
    id: &str,
    note: Option<&str>,
    r: Result<i64, AppError>,
    done: &str,
    form: Option<NoteForm>,
) -> Response {
    match r {
        Ok(n) => Redirect::to(&format!("/applications/{id}/notes/{n}?done={done}")).into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => refused(e, &format!("/applications/{id}/notes")),
        Err(e) => note_page(state, caller, id, note, super::status(&e), Some(e), form, "").await,
    }
}

/// POST /applications/{id}/notes: the trainee starts a note.
pub async fn create(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(f): Posted<NoteForm>,
) -> Response {
    let r = notes::save(&state, &caller, &id, None, &f.input()).await.map(|v| v.id);
    let done = if f.action == "submit" { "submitted" } else { "saved" };
    after(&state, &caller, &id, None, r, done, Some(f)).await
}

/// POST /applications/{id}/notes/{note}: the trainee saves or submits.
pub async fn save(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, note)): Path<(String, String)>,
    Posted(f): Posted<NoteForm>,
) -> Response {
    let r = notes::save(&state, &caller, &id, Some(&note), &f.input()).await.map(|v| v.id);
    let done = if f.action == "submit" { "submitted" } else { "saved" };
    after(&state, &caller, &id, Some(&note), r, done, Some(f)).await
}

/// A comment as the form sends it.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommentForm {
    section: String,
    quote: String,
    body: String,
    version: String,
}

/// POST /applications/{id}/notes/{note}/comments
pub async fn comment(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, note)): Path<(String, String)>,
    Posted(f): Posted<CommentForm>,
) -> Response {
    let input = Commenting {
        section: Some(f.section).filter(|s| !s.is_empty()),
        quote: f.quote,
        body: f.body,
        version: f.version.trim().parse().ok(),
    };
    let r = notes::comment(&state, &caller, &id, &note, &input).await.map(|v| v.id);
    after(&state, &caller, &id, Some(&note), r, "commented", None).await
}

/// A decision as the form sends it: levels as text, one per criterion.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    decision: String,
    history: String,
    reasoning: String,
    plan: String,
    concision: String,
    english: String,
    comment: String,
    version: String,
}

/// POST /applications/{id}/notes/{note}/review
pub async fn review(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, note)): Path<(String, String)>,
    Posted(f): Posted<ReviewForm>,
) -> Response {
    let level = |v: &str| v.trim().parse::<i64>().ok();
    let input = Reviewing {
        rubric: RawRubric {
            history: level(&f.history),
            reasoning: level(&f.reasoning),
            plan: level(&f.plan),
            concision: level(&f.concision),
            english: level(&f.english),
        },
        comment: f.comment,
        version: f.version.trim().parse().ok(),
        decision: f.decision.clone(),
    };
    let r = notes::review(&state, &caller, &id, &note, &input).await.map(|v| v.id);
    let done = if f.decision == "accept" { "accepted" } else { "returned" };
    after(&state, &caller, &id, Some(&note), r, done, None).await
}
