//! The trainee's review of a rotation, once it has completed: teaching,
//! supervision, whether it was as described, and overall, with a comment.
//! Written once, by the trainee who was there; read back by them alone.
//! The catalog shows each experience and preceptor only the aggregate, from
//! three reviews on and in whole batches of three, a preceptor's made only
//! of what their experiences show, so no review can be traced to a trainee.

use matchready_core::account::{Action, Resource};
use matchready_core::application::Status;
use matchready_core::rotation::review::{self, QUESTIONS, RawReview, ReviewAggregate, ReviewText, published};
use serde::Serialize;
use utoipa::ToSchema;

use super::{may, rotation_of};
use crate::{App, AppError, AppResult, Caller};

/// One question of the review.
#[derive(Debug, Serialize, ToSchema)]
pub struct Question {
    /// Its field.
    pub code: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The question.
    pub question: &'static str,
}

/// The trainee's review of a rotation: the questions, what they said, whether they may say it now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewView {
    /// The rotation (application).
    pub application_id: i64,
    /// The questions, each rated 1 to 5.
    pub questions: Vec<Question>,
    /// What the trainee said, once they have.
    pub review: Option<ReviewText>,
    /// Whether they may write it now (completed, not reviewed yet).
    pub can_write: bool,
}

/// A preceptor's aggregate.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreceptorReviews {
    /// The catalog preceptor.
    pub preceptor_id: i64,
    /// Their name.
    pub name: String,
    /// Their trainees' ratings, across the experiences they teach on (none until three reviewed).
    pub aggregate: Option<ReviewAggregate>,
}

/// What the catalog shows of an experience's reviews.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExperienceReviews {
    /// The questions, in the order of the averages.
    pub questions: Vec<Question>,
    /// Its trainees' ratings (none until three reviewed).
    pub aggregate: Option<ReviewAggregate>,
    /// Each of its preceptors'.
    pub preceptors: Vec<PreceptorReviews>,
}

fn questions() -> Vec<Question> {
    QUESTIONS.iter().map(|&(code, name, question)| Question { code, name, question }).collect()
}

/// The trainee's own review of the rotation `raw` names.
pub async fn view(app: &App, caller: &Caller, raw: &str) -> AppResult<ReviewView> {
    let a = rotation_of(app, caller, raw, Resource::Review, Action::Read).await?;
    let review = app.store.review(a.id).await?;
    let can_write = review.is_none() && a.status == Status::Completed && may(caller, &a, Resource::Review, Action::Create);
    Ok(ReviewView { application_id: a.id, questions: questions(), review, can_write })
}

/// The trainee reviews a completed rotation, once.
pub async fn save(app: &App, caller: &Caller, raw: &str, input: &RawReview) -> AppResult<ReviewView> {
    let a = rotation_of(app, caller, raw, Resource::Review, Action::Create).await?;
    if a.status != Status::Completed {
        return Err(AppError::conflict("not_completed", "you review a rotation once it has completed"));
    }
    let text = review::parse(input).map_err(|f| AppError::invalid_fields("invalid_review", f))?;
    if !app.store.save_review(a.id, a.experience_id, &text, app.now()).await? {
        return Err(AppError::conflict("already_reviewed", "you reviewed this rotation already; a review is not changed"));
    }
    view(app, caller, raw).await
}

/// What anyone sees of an experience's reviews: aggregates from three on. A withdrawn experience's
/// only to those who may read it (its site's staff, admins), as its page.
pub async fn of_experience(app: &App, caller: &Caller, raw: &str) -> AppResult<ExperienceReviews> {
    let id = crate::guard::parse_id(raw, "experience")?;
    let missing = || AppError::not_found(format!("no experience {raw}"));
    match app.store.experience_site(id).await? {
        None => return Err(missing()),
        Some((_, true)) => {}
        Some((site, false)) => {
            let relation = crate::guard::relation_to_site(caller, site);
            crate::guard::allow(caller, Resource::Draft, Action::Read, relation, &format!("experience {raw}"))?;
        }
    }
    let e = app.store.experience(id).await?.ok_or_else(missing)?;
    let aggregate = ReviewAggregate::of(&app.store.experience_ratings(e.id).await?);
    let mut preceptors = Vec::new();
    for p in &e.preceptors {
        // Only what each experience shows already: no preceptor's figure less one experience's
        // uncovers a review that experience does not show.
        let by_experience = app.store.preceptor_ratings(p.id).await?;
        let mut shown = Vec::new();
        for chunk in by_experience.chunk_by(|x, y| x.0 == y.0) {
            let ratings: Vec<[u8; 4]> = chunk.iter().map(|(_, r)| *r).collect();
            shown.extend_from_slice(published(&ratings));
        }
        let aggregate = ReviewAggregate::of(&shown);
        preceptors.push(PreceptorReviews { preceptor_id: p.id, name: p.name.clone(), aggregate });
    }
    Ok(ExperienceReviews { questions: questions(), aggregate, preceptors })
}
