//! One step of an application (the site's offer, waitlist, reject and
//! deposit; the applicant's accept, withdraw; a cancellation by either),
//! and one decision for many applications at once.

use matchready_core::account::{Action, Resource};
use matchready_core::application::{Application, Event, Party, transition};
use matchready_store::Move;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::effects::{By, cancellation_of, effects_of, refused_move};
use super::{DEPOSIT_DAYS, OFFER_DAYS, plus_days, target};
use crate::guard::{logged_in, member};
use crate::{App, AppError, AppResult, Caller};

/// Most applications one bulk decision may name.
pub const MAX_DECISIONS: usize = 200;

/// A step, optionally naming the version it was decided on (refused if the application moved since).
#[derive(Debug, Deserialize, ToSchema, Default)]
pub struct StepBody {
    /// The application's `version` when the decision was made.
    #[serde(default)]
    pub version: Option<i64>,
    /// Why, in words (kept on the timeline; at most 300 characters). `visa_denied` on a cancellation
    /// means the applicant's visa was refused, and the refund policy's visa rule applies.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The event and the policy's action a step's name stands for.
fn named(step: &str) -> Option<(Event, Action)> {
    Some(match step {
        "review" => (Event::Review, Action::Decide),
        "offer" => (Event::Offer, Action::Decide),
        "waitlist" => (Event::Waitlist, Action::Decide),
        "reject" => (Event::Reject, Action::Decide),
        "accept" => (Event::Accept, Action::Respond),
        "withdraw" => (Event::Withdraw, Action::Respond),
        "confirm" => (Event::ConfirmDeposit, Action::Confirm),
        "cancel" => (Event::Cancel, Action::Cancel),
        "complete" => (Event::Complete, Action::Confirm),
        _ => return None,
    })
}

/// Takes the step `name` (review, offer, waitlist, reject, accept, withdraw, confirm, cancel, complete).
pub async fn step_named(app: &App, caller: &Caller, raw: &str, name: &str, body: StepBody) -> AppResult<Application> {
    let (event, action) = named(name).ok_or_else(|| AppError::not_found(format!("no step '{name}'")))?;
    step(app, caller, raw, event, action, body).await
}

/// How many times a step that named no version is tried again when the application moved under it
/// (a payment landing meanwhile): each time it is read, and decided, anew.
const ATTEMPTS: usize = 8;

/// Takes one step as the caller, if the policy lets them do `action` to the application.
pub async fn step(app: &App, caller: &Caller, raw: &str, event: Event, action: Action, body: StepBody) -> AppResult<Application> {
    for _ in 1..ATTEMPTS {
        match step_once(app, caller, raw, event, action, &body).await {
            Err(e) if e.code == "changed" && body.version.is_none() => continue,
            done => return done,
        }
    }
    step_once(app, caller, raw, event, action, &body).await
}

async fn step_once(
    app: &App,
    caller: &Caller,
    raw: &str,
    event: Event,
    action: Action,
    body: &StepBody,
) -> AppResult<Application> {
    let a = target(app, caller, raw, action).await?;
    let me = logged_in(caller)?;
    let party = if me.id == a.applicant_id { Party::Applicant } else { Party::Site };
    let to = transition(a.status, event, party).map_err(|e| AppError::conflict("invalid_step", e.to_string()))?;
    let reason = body.reason.as_deref().map(str::trim).unwrap_or_default();
    if reason.chars().count() > 300 || reason.chars().any(char::is_control) {
        return Err(AppError::invalid_field("reason", "say why in at most 300 characters, on one line"));
    }
    if event == Event::Complete {
        if a.end_date >= app.today() {
            let last = matchready_core::dates::day(a.end_date);
            return Err(AppError::conflict(
                "not_ended",
                format!("the rotation runs until {last}; complete it after its last day"),
            ));
        }
        if reason.is_empty() {
            return Err(AppError::invalid_field(
                "reason",
                "say why it completes without the final evaluation (the preceptor left, the evaluation is on paper)",
            ));
        }
    }
    let visa_denied = reason == "visa_denied";
    let who = if party == Party::Applicant { "by the applicant" } else { "by the site" };
    let note = match (event, visa_denied, reason.is_empty()) {
        (Event::Cancel, true, _) => format!("cancelled {who}: visa denied"),
        (Event::Cancel, false, true) => format!("cancelled {who}"),
        (Event::Cancel, false, false) => format!("cancelled {who}: {reason}"),
        (Event::Complete, _, _) => format!("completed by the site: {reason}"),
        (_, _, true) => String::new(),
        (_, _, false) => reason.to_string(),
    };
    if body.version.is_some_and(|v| v != a.version) {
        return Err(AppError::conflict("changed", "the application changed since you read it; reload it and decide again"));
    }
    let today = app.today();
    if event == Event::Accept && a.offer_expires_on.is_some_and(|d| d < today) {
        return Err(AppError::conflict("offer_expired", "this offer has expired; ask the site whether a seat is still open"));
    }
    use matchready_core::application::Status;
    if event == Event::ConfirmDeposit {
        crate::money::confirm(app, &a, Some(me.id)).await?;
        return Ok(app.store.application(a.id).await?.unwrap_or(a));
    }
    let m = Move {
        id: a.id,
        from: a.status,
        version: a.version,
        to,
        actor_id: Some(me.id),
        now: app.now(),
        note,
        offer_expires_on: (to == Status::Offered).then(|| plus_days(today, OFFER_DAYS).min(a.start_date)),
        deposit_due_on: (to == Status::Accepted).then(|| plus_days(today, DEPOSIT_DAYS).min(a.start_date)),
        cancellation: cancellation_of(app, &a, to, visa_denied).await?,
    };
    let by = if party == Party::Applicant { By::Applicant } else { By::Site };
    let after = matchready_core::application::Application { deposit_due_on: m.deposit_due_on, ..a.clone() };
    let effects = effects_of(app, &after, to, by).await?;
    app.store.move_application(&m, &effects).await?.map_err(refused_move)
}

/// One decision for several applications.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Decisions {
    /// The applications (at most 200).
    pub ids: Vec<i64>,
    /// `offer`, `waitlist` or `reject`.
    pub decision: String,
}

/// What happened to each application of a bulk decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionResult {
    /// The application.
    pub id: i64,
    /// Whether the decision was applied.
    pub done: bool,
    /// Why not, in words (empty when done).
    pub message: String,
}

/// The site's decision for several applications at once (at most [`MAX_DECISIONS`]); each is taken
/// or refused on its own, and each answer says which.
pub async fn decide_many(app: &App, caller: &Caller, body: Decisions) -> AppResult<Vec<DecisionResult>> {
    member(caller, Resource::Application, Action::List)?;
    let event = match body.decision.as_str() {
        "offer" => Event::Offer,
        "waitlist" => Event::Waitlist,
        "reject" => Event::Reject,
        _ => return Err(AppError::invalid_field("decision", "offer, waitlist or reject")),
    };
    if body.ids.len() > MAX_DECISIONS {
        return Err(AppError::invalid_field("ids", format!("at most {MAX_DECISIONS} applications at a time")));
    }
    let mut results = Vec::with_capacity(body.ids.len());
    for id in body.ids {
        let outcome = step(app, caller, &id.to_string(), event, Action::Decide, StepBody::default()).await;
        results.push(match outcome {
            Ok(_) => DecisionResult { id, done: true, message: String::new() },
            Err(e) if e.kind == crate::Kind::Internal => return Err(e),
            Err(e) => DecisionResult { id, done: false, message: e.message },
        });
    }
    Ok(results)
}
