//! The calendar: what moves by itself as days pass. Lapsed offers are
//! withdrawn, held seats without a deposit by the deadline are cancelled
//! (and offered to the waitlist), confirmed seats start, and rotations
//! past their last day complete; each with its effects, in one step.

use matchready_core::application::{Event, Party, Status, transition};
use matchready_store::Move;

use super::effects::{By, cancellation_of, effects_of};
use crate::{App, AppResult};

/// Moves what the calendar moves as of the app's clock; returns how many moved. `serve` runs it every minute.
pub async fn sweep(app: &App) -> AppResult<usize> {
    let today = app.today();
    let mut moved = 0;
    for a in app.store.applications_due(today).await? {
        let (event, note) = match a.status {
            Status::Offered => (Event::Expire, "the offer lapsed"),
            Status::Accepted => (Event::Expire, "no deposit by the deadline: the seat was released"),
            Status::Confirmed => (Event::Start, "the rotation started"),
            Status::InProgress if a.end_date < today => (Event::Complete, "the rotation ended"),
            _ => continue,
        };
        // A held seat lapses only if the money says its deposit is really unmet: otherwise it is confirmed.
        if a.status == Status::Accepted && crate::money::settle(app, &a, Party::System, None).await? {
            moved += 1;
            continue;
        }
        let Ok(to) = transition(a.status, event, Party::System) else { continue };
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
            cancellation: cancellation_of(app, &a, to, false).await?,
        };
        let effects = effects_of(app, &a, to, By::Site).await?;
        // Someone moving it first is fine: the next sweep sees where it stands.
        if app.store.move_application(&m, &effects).await?.is_ok() {
            moved += 1;
        }
    }
    Ok(moved)
}
