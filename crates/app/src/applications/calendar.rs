//! The calendar: what moves by itself as days pass. Lapsed offers are
//! withdrawn, held seats without a deposit by the deadline are cancelled
//! (and offered to the waitlist), confirmed seats start, and rotations
//! past their last day whose final evaluation is in complete; each with its
//! effects, in one step.

use matchready_core::application::{Application, Event, Party, Status, transition};
use matchready_core::rotation::certificate::completes;
use matchready_core::rotation::evaluation::EvalKind;
use matchready_store::Move;

use super::effects::{By, cancellation_of, effects_of};
use crate::{App, AppResult};

/// Moves what the calendar moves as of the app's clock; returns how many moved. `serve` runs it every minute.
pub async fn sweep(app: &App) -> AppResult<usize> {
    let mut moved = 0;
    for a in app.store.applications_due(app.today()).await? {
        if on_calendar(app, &a).await? {
            moved += 1;
        }
    }
    Ok(moved)
}

/// Completes rotation `id` now if the calendar would: its block is over and its final evaluation is
/// in (just submitted, after the last day). True if it moved.
pub(crate) async fn complete_if_due(app: &App, id: i64) -> AppResult<bool> {
    let Some(a) = app.store.application(id).await? else { return Ok(false) };
    let final_in = app.store.evaluations(id).await?.iter().any(|e| e.kind == EvalKind::Final && e.submitted);
    if !completes(a.status, a.end_date, final_in, app.today()) {
        return Ok(false);
    }
    on_calendar(app, &a).await
}

/// Takes the step the calendar takes today for an application `applications_due` named; true if it
/// moved.
async fn on_calendar(app: &App, a: &Application) -> AppResult<bool> {
    let today = app.today();
    let (event, note) = match a.status {
        Status::Offered => (Event::Expire, "the offer lapsed"),
        Status::Accepted => (Event::Expire, "no deposit by the deadline: the seat was released"),
        Status::Confirmed => (Event::Start, "the rotation started"),
        Status::InProgress if a.end_date < today => (Event::Complete, "the rotation ended and its final evaluation is in"),
        _ => return Ok(false),
    };
    // A held seat lapses only if the money says its deposit is really unmet: otherwise it is confirmed.
    if a.status == Status::Accepted && crate::money::settle(app, a, Party::System, None).await? {
        return Ok(true);
    }
    let Ok(to) = transition(a.status, event, Party::System) else { return Ok(false) };
    let m = Move {
        id: a.id,
        from: a.status,
        version: a.version,
        to,
        actor_id: None,
        now: app.now(),
        note: note.into(),
        offer_expires_on: a.offer_expires_on,
        deposit_due_on: a.deposit_due_on,
        cancellation: cancellation_of(app, a, to, false).await?,
    };
    let effects = effects_of(app, a, to, By::Site).await?;
    // Someone moving it first is fine: the next sweep sees where it stands.
    Ok(app.store.move_application(&m, &effects).await?.is_ok())
}
