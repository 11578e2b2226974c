//! The evaluations page: the site's preceptors write the midpoint and final
//! evaluation (and may save and come back); the trainee and coordinators
//! read them. Every action is the API's use case
//! (`matchready_app::rotation::evaluations`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::rotation::evaluations::{self, EvaluationInput};
use matchready_app::{AppError, Kind};
use matchready_core::dates;
use matchready_core::rotation::evaluation::{COMPETENCIES, RawEvaluation, RawLevel};
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

/// An evaluation as the form sends it: a level per competency as text.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EvaluationForm {
    patient_care: String,
    medical_knowledge: String,
    practice_based_learning: String,
    communication: String,
    professionalism: String,
    systems_based_practice: String,
    strengths: String,
    improve: String,
    narrative: String,
    /// `save` or `submit`.
    action: String,
}

impl EvaluationForm {
    fn levels(&self) -> [&str; 6] {
        [
            &self.patient_care,
            &self.medical_knowledge,
            &self.practice_based_learning,
            &self.communication,
            &self.professionalism,
            &self.systems_based_practice,
        ]
    }

    fn input(&self) -> EvaluationInput {
        let l = |v: &str| Some(RawLevel::Text(v.to_string())).filter(|_| !v.trim().is_empty());
        let [a, b, c, d, e, f] = self.levels();
        EvaluationInput {
            evaluation: RawEvaluation {
                patient_care: l(a),
                medical_knowledge: l(b),
                practice_based_learning: l(c),
                communication: l(d),
                professionalism: l(e),
                systems_based_practice: l(f),
                strengths: self.strengths.clone(),
                improve: self.improve.clone(),
                narrative: self.narrative.clone(),
            },
            submit: self.action == "submit",
        }
    }
}

struct Line {
    code: &'static str,
    name: &'static str,
    anchors: &'static [&'static str; 5],
    /// As chosen: "1" to "5", "not_observed" or "".
    chosen: String,
    /// As read.
    shown: String,
}

struct Item {
    kind: &'static str,
    name: &'static str,
    due: String,
    state: String,
    overdue: bool,
    by: String,
    lines: Vec<Line>,
    strengths: String,
    improve: String,
    narrative: String,
    readable: bool,
    can_write: bool,
    problem: String,
}

#[derive(Template)]
#[template(path = "evaluations.html")]
struct EvaluationsPage {
    nav: Nav,
    notice: &'static str,
    id: i64,
    experience: String,
    trainee: String,
    items: Vec<Item>,
}

fn level_text(l: Option<u8>) -> (String, String) {
    match l {
        None => (String::new(), "Not rated yet".into()),
        Some(0) => ("not_observed".into(), "Not observed".into()),
        Some(n) => (n.to_string(), n.to_string()),
    }
}

async fn page_with(
    state: &AppState,
    caller: &PageCaller,
    id: &str,
    status: StatusCode,
    refused_form: Option<(String, EvaluationForm, AppError)>,
    done: &str,
) -> Response {
    let v = match evaluations::view(state, caller, id).await {
        Ok(v) => v,
        Err(e) => return refused(e, &format!("/applications/{id}/evaluations")),
    };
    let items = v
        .items
        .iter()
        .map(|it| {
            let refusal = refused_form.as_ref().filter(|(k, _, _)| k == it.kind.code());
            // What was typed comes back only into a form still open; a locked one shows what was saved.
            let typed = refusal.filter(|_| it.can_write);
            let levels = it.evaluation.as_ref().map(|e| e.text.levels).unwrap_or_default();
            let lines = COMPETENCIES
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let (chosen, shown) = level_text(levels[i]);
                    let shown = match levels[i] {
                        Some(n @ 1..=5) => format!("{shown} · {}", c.anchors[usize::from(n) - 1]),
                        _ => shown,
                    };
                    let chosen = typed.map(|(_, f, _)| f.levels()[i].to_string()).unwrap_or(chosen);
                    Line { code: c.code, name: c.name, anchors: &c.anchors, chosen, shown }
                })
                .collect();
            let e = it.evaluation.as_ref();
            let text = |f: fn(&EvaluationForm) -> &String,
                        g: fn(&matchready_core::rotation::evaluation::EvaluationText) -> &String| {
                typed.map(|(_, form, _)| f(form).clone()).or_else(|| e.map(|e| g(&e.text).clone())).unwrap_or_default()
            };
            Item {
                kind: it.kind.code(),
                name: it.kind.name(),
                due: dates::day(it.due_on),
                state: match it.state {
                    "submitted" => format!("Submitted {}", e.and_then(|e| e.submitted_at).map(dates::moment).unwrap_or_default()),
                    "draft" => "Draft saved".into(),
                    "not_started" => "Not started".into(),
                    _ => "Not submitted yet".into(),
                },
                overdue: it.overdue,
                by: e.map(|e| e.author_name.clone()).unwrap_or_default(),
                lines,
                strengths: text(|f| &f.strengths, |t| &t.strengths),
                improve: text(|f| &f.improve, |t| &t.improve),
                narrative: text(|f| &f.narrative, |t| &t.narrative),
                readable: e.is_some(),
                can_write: it.can_write,
                problem: refusal.map(|(_, _, err)| problem(err)).unwrap_or_default(),
            }
        })
        .collect();
    let page = EvaluationsPage {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        notice: match done {
            "saved" => "Draft saved: come back to it at any time before you submit.",
            "submitted" => "Submitted: it is locked and the trainee has been emailed.",
            _ => "",
        },
        id: v.application_id,
        experience: v.experience_title,
        trainee: v.trainee_name,
        items,
    };
    render(status, &page)
}

fn problem(e: &AppError) -> String {
    let label = |f: &str| {
        COMPETENCIES.iter().find(|c| c.code == f).map_or(
            match f {
                "strengths" => "Strengths",
                "improve" => "Areas to improve",
                "narrative" => "Narrative",
                _ => "Form",
            },
            |c| c.name,
        )
    };
    if e.fields.is_empty() {
        return e.message.clone();
    }
    e.fields.iter().map(|f| format!("{}: {}", label(f.field), f.message)).collect::<Vec<_>>().join(" · ")
}

/// GET /applications/{id}/evaluations
pub async fn page(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    q: Result<Query<super::Done>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let done = super::done(q);
    page_with(&state, &caller, &id, StatusCode::OK, None, &done).await
}

/// POST /applications/{id}/evaluations/{kind}
pub async fn save(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, kind)): Path<(String, String)>,
    Posted(f): Posted<EvaluationForm>,
) -> Response {
    match evaluations::save(&state, &caller, &id, &kind, &f.input()).await {
        Ok(_) => {
            let done = if f.action == "submit" { "submitted" } else { "saved" };
            Redirect::to(&format!("/applications/{id}/evaluations?done={done}#{kind}")).into_response()
        }
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => {
            refused(e, &format!("/applications/{id}/evaluations"))
        }
        Err(e) => page_with(&state, &caller, &id, super::status(&e), Some((kind, f, e)), "").await,
    }
}
