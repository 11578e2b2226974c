//! The rotation plan an applicant asks for: their profile and what they change for this plan,
//! weighed over the live catalog (the search index), around the rotations they already hold.

use matchready_core::Profile;
use matchready_core::account::{Action, Resource};
use matchready_core::plan::{Busy, Plan, PlanAsk, RawPlanOptions, Weights, make};

use crate::guard::own;
use crate::{App, AppError, AppResult, Caller};

/// Plans made at once, at most: one per core.
static PLANNING: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, |n| n.get())));

/// The best plan for the caller, an applicant, with these options.
pub async fn mine(app: &App, caller: &Caller, raw: &RawPlanOptions) -> AppResult<Plan> {
    let me = own(caller, Resource::Plan, Action::Read)?;
    for_applicant(app, me.id, raw).await
}

/// The best plan for an applicant the caller's use case has already been allowed to plan for
/// (the applicant themself, or the advisor of a call they booked).
pub(crate) async fn for_applicant(app: &App, applicant_id: i64, raw: &RawPlanOptions) -> AppResult<Plan> {
    let today = app.today();
    let saved = app.store.profile(applicant_id).await?.map(|s| s.profile).unwrap_or_default();
    // What was stored is read back as it was kept: what has since gone stale (a past range) is
    // the plan's to leave out, not a reason to refuse.
    let profile = Profile::parse(&saved, None).unwrap_or_default();
    let mut ask = PlanAsk::parse(raw, &profile, Weights::default(), today)
        .map_err(|fields| AppError::invalid_fields("invalid_plan", fields))?;
    ask.busy = app
        .store
        .applications_of(applicant_id)
        .await?
        .into_iter()
        .filter(|a| a.status.holds_seat())
        .map(|a| Busy { from: a.start_date, to: a.end_date, what: format!("{} at {}", a.experience_title, a.site_name) })
        .collect();
    let index = app.catalog.index();
    // One plan per core at a time: a plan is up to a few hundred milliseconds of one core.
    let _turn = PLANNING.acquire().await.map_err(|_| AppError::internal())?;
    match tokio::task::spawn_blocking(move || make(&ask, index.index.docs())).await {
        Ok(plan) => Ok(plan),
        Err(e) => {
            tracing::error!(error = %e, "the plan could not be made");
            Err(AppError::internal())
        }
    }
}
