//! Applying: a draft, then the core's `Submit` (to the site's review, or
//! with "book now" straight to a held seat, charged in the same step).

use matchready_core::ApplicantFacts;
use matchready_core::account::{Action, Resource, User};
use matchready_core::application::{Application, Event, Party, Status, transition};
use matchready_core::readiness::Readiness;
use matchready_core::{Block, Experience};
use matchready_store::{ApplyError, Effects, Move};

use super::effects::{By, effects_of, refused_move};
use super::{DEPOSIT_DAYS, plus_days, published_block, readiness_of};
use crate::guard::own;
use crate::{App, AppError, AppResult, Caller};

/// Applies for a block as the caller. The applicant must have confirmed their email, the block
/// must not have started, must have a seat left and not be placed by a round, and the profile must
/// meet the experience's eligibility (the refusal says why, in words).
pub async fn submit(app: &App, caller: &Caller, block_id: i64) -> AppResult<Application> {
    let me = own(caller, Resource::Application, Action::Create)?;
    let (experience, block) = published_block(app, block_id).await?;
    if let Some(refused) = block_refusals(app, me, &block, false).await?.into_iter().next() {
        return Err(refused);
    }
    may_join(app, me, &experience, &block).await?;
    let draft = match app.store.create_application(me.id, block.id, app.now()).await? {
        Ok(a) => a,
        Err(ApplyError::AlreadyApplied) => {
            return Err(AppError::conflict("already_applied", "you already have an application for this block"));
        }
        Err(ApplyError::NoSuchBlock) => return Err(AppError::not_found(format!("no block {block_id}"))),
    };
    // Send it: to the site's review, or ("book now") straight to a held seat.
    let instant = app.store.instant_booking(experience.id).await?;
    let to = transition(Status::Draft, Event::Submit { instant }, Party::Applicant)
        .map_err(|e| AppError::conflict("invalid_step", e.to_string()))?;
    let m = Move {
        id: draft.id,
        from: Status::Draft,
        version: draft.version,
        to,
        actor_id: Some(me.id),
        now: app.now(),
        note: if instant { "booked: the seat is held at once" } else { "applied" }.into(),
        offer_expires_on: None,
        deposit_due_on: instant.then(|| plus_days(app.today(), DEPOSIT_DAYS).min(block.start_date)),
        cancellation: None,
    };
    let booked = Application { deposit_due_on: m.deposit_due_on, ..draft.clone() };
    let sent = match effects_of(app, &booked, to, By::Applicant).await {
        Ok(effects) => match app.store.move_application(&m, &effects).await {
            Ok(Ok(sent)) => return Ok(sent),
            Ok(Err(e)) => refused_move(e),
            Err(e) => e.into(),
        },
        Err(e) => e,
    };
    // Nothing was sent, whatever failed: close the draft, so the applicant may try again.
    let close = Move { from: Status::Draft, to: Status::Withdrawn, note: "could not be sent".into(), deposit_due_on: None, ..m };
    app.store.move_application(&close, &Effects::default()).await?.map_err(refused_move)?;
    Err(sent)
}

/// Why `block` takes no application from `me` now: it has started, its seats are placed by a round,
/// it is full, or (when `already` is asked, before applying) `me` already has a live application for
/// it. Applying asks the same (and learns the last from storage, race-free).
pub(crate) async fn block_refusals(app: &App, me: &User, block: &Block, already: bool) -> AppResult<Vec<AppError>> {
    let mut out = Vec::new();
    if block.start_date <= app.today() {
        out.push(AppError::bad_request(
            "block_started",
            format!("this block started on {}; choose a later one", matchready_core::dates::day(block.start_date)),
        ));
    }
    if let Some(round) = app.store.live_round_of_block(block.id).await? {
        out.push(AppError::conflict(
            "in_round",
            format!(
                "this block's seats are placed by a placement round at its deadline: rank it in round {round} (/rounds/{round})"
            ),
        ));
    }
    if app.store.block_seats(block.id).await?.is_some_and(|(_, left)| left <= 0) {
        out.push(AppError::conflict("block_full", "this block is full; choose another block or experience"));
    }
    if already && app.store.applications_of(me.id).await?.iter().any(|a| a.block_id == block.id && a.status.is_live()) {
        out.push(AppError::conflict("already_applied", "you already have an application for this block"));
    }
    Ok(out)
}

/// Refuses, in words, an applicant who may not take a seat in this block: an unconfirmed email, an
/// incomplete profile, not eligible, or a document that runs out before the rotation ends. Applying
/// and ranking in a placement round ask the same.
pub async fn may_join(app: &App, me: &User, experience: &Experience, block: &Block) -> AppResult<()> {
    let (facts, ready) = readiness_of(app, me, experience, block).await?;
    refusal(me, &facts, &ready).map_or(Ok(()), Err)
}

/// Why `me`, with these facts and this readiness, may not join a block (see [`may_join`]): the first
/// of [`refusals`].
pub fn refusal(me: &User, facts: &ApplicantFacts, ready: &Readiness) -> Option<AppError> {
    refusals(me, facts, ready).into_iter().next()
}

/// Every reason `me` may not join a block yet, in the order to fix them: an unconfirmed email, an
/// incomplete profile, not eligible, a document that runs out before the rotation ends.
pub fn refusals(me: &User, facts: &ApplicantFacts, ready: &Readiness) -> Vec<AppError> {
    let mut out = Vec::new();
    if !me.email_verified {
        out.push(AppError::forbidden(
            "email_not_verified",
            "confirm your email first: use the link we sent, or ask for a new one",
        ));
    }
    if facts.applicant_type.is_none() || facts.visa.is_none() {
        out.push(AppError::bad_request(
            "profile_incomplete",
            "first say in your profile whether you are a student or a graduate, and your visa status",
        ));
    } else if !ready.eligible {
        out.push(AppError::bad_request("not_eligible", format!("you cannot join this experience: {}", ready.reasons.join("; "))));
    }
    out.extend(
        ready.expiring().iter().map(|item| AppError::bad_request("document_expires", format!("{}: {}", item.name, item.note))),
    );
    out
}
