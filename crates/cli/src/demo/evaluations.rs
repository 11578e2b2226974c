//! The demo's evaluations: on the Monday after the block's middle the site's
//! preceptor submits the midpoint evaluation, and on the Monday after its end
//! the final one, each rating the six competencies as a preceptor would; the
//! final completes the rotation, and its trainee then reviews it.

use chrono::{Days, NaiveDate};
use matchready_app::rotation::evaluations::{self, EvaluationInput, EvaluationItem};
use matchready_app::{App, AppError, Caller};
use matchready_core::rotation::evaluation::{EvalKind, FINAL_DUE_DAYS, RawEvaluation, RawLevel};

const STRENGTHS: [&str; 3] = [
    "Thorough, well-ordered histories; presents cases clearly on rounds.",
    "Reliable and prepared every day; reads around each patient.",
    "Warm with patients and explains plans in plain words.",
];
const IMPROVE: [&str; 3] = [
    "Commit to a leading diagnosis and rank the differential.",
    "Be more concise in presentations; lead with the assessment.",
    "Think ahead to discharge and follow-up earlier in the stay.",
];

fn raw(kind: EvalKind, n: usize) -> RawEvaluation {
    let base = if kind == EvalKind::Final { 4 } else { 3 };
    let l = |k: usize| Some(RawLevel::Number(base + ((n + k) % 2) as i64));
    RawEvaluation {
        patient_care: l(0),
        medical_knowledge: l(1),
        // Rarely seen on a short rotation.
        practice_based_learning: if n.is_multiple_of(4) { Some(RawLevel::Text("not_observed".into())) } else { l(2) },
        communication: l(3),
        professionalism: Some(RawLevel::Number(if kind == EvalKind::Final { 5 } else { 4 })),
        systems_based_practice: l(5),
        strengths: STRENGTHS[n % 3].into(),
        improve: IMPROVE[n % 3].into(),
        narrative: match kind {
            EvalKind::Midpoint => "On track. Keep working on the points above in the second half.".into(),
            EvalKind::Final => {
                "Performed at the level expected of a graduate starting residency; I would be glad to work with them again."
                    .into()
            }
        },
    }
}

/// The preceptor's Monday for evaluations: the midpoint once its day has come (one in three saved
/// as a draft until the block ends), the final once the block has ended, each submitted.
pub async fn review(app: &App, preceptor: &Caller, id: &str, monday: NaiveDate, n: usize) -> Result<(), AppError> {
    let view = evaluations::view(app, preceptor, id).await?;
    let ended = |due: NaiveDate| due.checked_sub_days(Days::new(FINAL_DUE_DAYS)).is_some_and(|end| monday > end);
    let ready = |i: &&EvaluationItem| match i.kind {
        EvalKind::Midpoint => i.due_on <= monday,
        EvalKind::Final => ended(i.due_on),
    };
    for item in view.items.iter().filter(|i| i.can_write).filter(ready) {
        // One preceptor in three saves the midpoint and comes back to it once the block is over.
        let later = item.kind == EvalKind::Midpoint && n.is_multiple_of(3) && !ended(view.items[1].due_on);
        let input = EvaluationInput { evaluation: raw(item.kind, n), submit: !later };
        evaluations::save(app, preceptor, id, item.kind.code(), &input).await?;
    }
    Ok(())
}

const COMMENTS: [&str; 4] = [
    "Daily feedback on my presentations; every plan was explained.",
    "Busy clinic; the preceptor made time to teach every afternoon.",
    "Well organised, and the hours were as listed.",
    "",
];

/// Once the rotation has completed, its trainee reviews it: ratings that vary by experience and
/// trainee, so the catalog's averages differ.
pub async fn rate(app: &App, trainee: &Caller, id: &str, experience_id: i64, n: usize) -> Result<(), AppError> {
    use matchready_app::rotation::reviews;
    if !reviews::view(app, trainee, id).await?.can_write {
        return Ok(());
    }
    let good = 3 + (experience_id % 3);
    let r = |k: usize| Some((good + ((n + k) % 3) as i64 - 1).clamp(1, 5));
    let raw = matchready_core::rotation::review::RawReview {
        teaching: r(0),
        supervision: r(1),
        as_described: r(2),
        overall: r(3),
        comment: COMMENTS[n % COMMENTS.len()].into(),
    };
    reviews::save(app, trainee, id, &raw).await.map(drop)
}
