//! The preceptor's evaluations of a trainee: a midpoint and a final per
//! rotation, due from the block's dates, saved as drafts and locked once
//! submitted; the trainee reads them once submitted, the site's
//! coordinators read them too. Three days before one is due the preceptors
//! are reminded, three days after it the coordinators are told.

use chrono::{Days, NaiveDate};
use matchready_core::account::{Action, Resource, Role, mail};
use matchready_core::application::Application;
use matchready_core::dates;
use matchready_core::rotation::evaluation::{self, EvalKind, Evaluation, RawEvaluation};
use matchready_store::EvaluationSave;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{may, rotation_of, signable};
use crate::guard::logged_in;
use crate::{App, AppError, AppResult, Caller};

/// One of a rotation's two evaluations.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationItem {
    /// Midpoint or final.
    pub kind: EvalKind,
    /// When it is due.
    pub due_on: NaiveDate,
    /// `not_started`, `draft` or `submitted` (the trainee sees `not_submitted` until it is).
    pub state: &'static str,
    /// Past due and not submitted.
    pub overdue: bool,
    /// What it says, where the caller may read it.
    pub evaluation: Option<Evaluation>,
    /// Whether the caller may write it now.
    pub can_write: bool,
}

/// A rotation's evaluations.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationsView {
    /// The rotation (application).
    pub application_id: i64,
    /// The experience.
    pub experience_title: String,
    /// The trainee.
    pub trainee_name: String,
    /// Midpoint, then final.
    pub items: Vec<EvaluationItem>,
}

/// An evaluation to save: its content and whether to submit it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct EvaluationInput {
    /// The levels and the narrative.
    #[serde(flatten)]
    pub evaluation: RawEvaluation,
    /// Submit it now: it is locked and the trainee reads it.
    pub submit: bool,
}

/// From when an evaluation may be written: the midpoint from the first day, the final from the
/// block's last week.
fn opens(kind: EvalKind, a: &Application) -> NaiveDate {
    match kind {
        EvalKind::Midpoint => a.start_date,
        EvalKind::Final => (a.end_date - Days::new(6)).max(a.start_date),
    }
}

/// The caller's view of a rotation's evaluations.
pub async fn view(app: &App, caller: &Caller, raw: &str) -> AppResult<EvaluationsView> {
    let a = rotation_of(app, caller, raw, Resource::Evaluation, Action::Read).await?;
    let staff = caller.user.as_ref().is_some_and(|u| u.site_id.is_some());
    let a = if staff { crate::applications::named_while_open(a, app.today()) } else { a };
    let kept = app.store.evaluations(a.id).await?;
    let writer = may(caller, &a, Resource::Evaluation, Action::Decide) && signable(&a);
    let today = app.today();
    let items = EvalKind::ALL
        .into_iter()
        .map(|kind| {
            let e = kept.iter().find(|e| e.kind == kind).cloned();
            let submitted = e.as_ref().is_some_and(|e| e.submitted);
            let state = match (&e, submitted) {
                (_, true) => "submitted",
                (Some(_), false) if staff => "draft",
                (None, false) if staff => "not_started",
                _ => "not_submitted",
            };
            EvaluationItem {
                kind,
                due_on: kind.due(a.start_date, a.end_date),
                state,
                overdue: !submitted && today > kind.due(a.start_date, a.end_date),
                // The trainee reads it once submitted; the site reads drafts too.
                evaluation: e.filter(|e| e.submitted || staff),
                can_write: writer && !submitted && today >= opens(kind, &a),
            }
        })
        .collect();
    Ok(EvaluationsView { application_id: a.id, experience_title: a.experience_title, trainee_name: a.applicant_name, items })
}

/// A preceptor of the site saves an evaluation, and submits it if asked; once submitted it is locked.
pub async fn save(app: &App, caller: &Caller, raw: &str, raw_kind: &str, input: &EvaluationInput) -> AppResult<EvaluationsView> {
    let me = logged_in(caller)?;
    let a = rotation_of(app, caller, raw, Resource::Evaluation, Action::Decide).await?;
    let kind = EvalKind::from_code(raw_kind.trim())
        .ok_or_else(|| AppError::not_found(format!("no evaluation '{raw_kind}': use midpoint or final")))?;
    if !signable(&a) {
        return Err(AppError::conflict("not_in_progress", "evaluations are written once the rotation has started"));
    }
    if app.today() < opens(kind, &a) {
        let message = format!("the {} opens on {}", kind.name().to_lowercase(), dates::day(opens(kind, &a)));
        return Err(AppError::conflict("not_open", message));
    }
    let locked = || {
        let message = format!("the {} was already submitted and is locked", kind.name().to_lowercase());
        AppError::conflict("already_submitted", message)
    };
    // Locked before anything else: what it says no longer matters.
    if app.store.evaluations(a.id).await?.iter().any(|e| e.kind == kind && e.submitted) {
        return Err(locked());
    }
    let text =
        evaluation::parse(&input.evaluation, input.submit).map_err(|f| AppError::invalid_fields("invalid_evaluation", f))?;
    let mut emails = Vec::new();
    if input.submit {
        let trainee = app.store.user(a.applicant_id).await?.ok_or_else(AppError::internal)?;
        let link = app.link(&format!("/applications/{}/evaluations", a.id));
        emails.push(mail::evaluation_submitted(&trainee.email, &trainee.name, kind.name(), &a.experience_title, &link));
    }
    let save = EvaluationSave { application_id: a.id, kind, text, submit: input.submit, by: me.id, emails, now: app.now() };
    if !app.store.save_evaluation(&save).await? {
        return Err(locked());
    }
    // A final submitted after the block's last day completes the rotation now, not at the next sweep.
    // (The final is kept either way: if this fails, the calendar's next sweep completes it.)
    if kind == EvalKind::Final
        && input.submit
        && let Err(e) = crate::applications::complete_if_due(app, a.id).await
    {
        tracing::error!(application = a.id, code = e.code, "completing after the final evaluation failed");
    }
    view(app, caller, raw).await
}

/// How far back a completed rotation may still owe an evaluation (its start, for the longest blocks).
const LOOK_BACK_DAYS: u64 = 140;

/// Reminds the site's preceptors of an evaluation due within three days, and tells its coordinators
/// of one three days overdue, each once; returns how many reminders went out. Run with the calendar.
pub async fn remind_evaluations(app: &App) -> AppResult<usize> {
    let today = app.today();
    let mut sent = 0;
    for a in app.store.rotations_to_evaluate(today - Days::new(LOOK_BACK_DAYS)).await? {
        match remind_one(app, &a, today).await {
            Ok(n) => sent += n,
            Err(e) => tracing::error!(application = a.id, code = e.code, "evaluation reminder failed"),
        }
    }
    Ok(sent)
}

async fn remind_one(app: &App, a: &Application, today: NaiveDate) -> AppResult<usize> {
    let kept = app.store.evaluations(a.id).await?;
    let mut sent = 0;
    for kind in EvalKind::ALL {
        if kept.iter().any(|e| e.kind == kind && e.submitted) {
            continue;
        }
        let due = kind.due(a.start_date, a.end_date);
        let Some(stage) = evaluation::reminder(due, today) else { continue };
        let overdue = stage == evaluation::Reminder::Overdue;
        let role = if overdue { Role::Coordinator } else { Role::Preceptor };
        let staff = app.store.users(Some(a.site_id)).await?;
        let link = app.link(&format!("/applications/{}/evaluations", a.id));
        let emails: Vec<_> = staff
            .iter()
            .filter(|u| u.role == role && u.host_verified && !u.disabled)
            .map(|u| {
                let day = dates::day(due);
                mail::evaluation_due(
                    &u.email,
                    &u.name,
                    kind.name(),
                    (&a.applicant_name, &a.experience_title),
                    (&day, today > due),
                    overdue,
                    &link,
                )
            })
            .collect();
        // Nobody to tell yet (no verified staff of that role): it is marked once someone can be.
        if emails.is_empty() {
            continue;
        }
        if app.store.remind_evaluation(a.id, kind, stage, &emails, app.now()).await? {
            sent += 1;
        }
    }
    Ok(sent)
}
