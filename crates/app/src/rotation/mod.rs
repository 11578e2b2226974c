//! The rotation itself, once it has started: the trainee's hours and their
//! sign-off (`hours.rs`), the weekly reminder of hours left unsigned
//! (`remind.rs`), and SOAP notes with the preceptor's feedback (`notes.rs`
//! to read them, `note_save.rs` to write them through the PHI guard,
//! `note_review.rs` for comments, ratings and decisions), and the
//! preceptor's evaluations (`evaluations.rs`); once it completes, the
//! certificate (`certificate.rs`, and `credential.rs`, the signed Open Badges
//! credential) and the trainee's review (`reviews.rs`).

pub mod certificate;
pub mod credential;
pub mod evaluations;
pub mod hours;
mod note_review;
mod note_save;
pub mod notes;
mod remind;
pub mod reviews;

use chrono::{Days, NaiveDate};
use matchready_core::account::policy::{Decision, decide};
use matchready_core::account::{Action, Relation, Resource};
use matchready_core::application::{Application, Status};
use matchready_core::dates;

pub use remind::{REMIND_AFTER_DAYS, remind_unsigned};

use crate::guard::{allow, logged_in, parse_id};
use crate::{App, AppError, AppResult, Caller};

/// Days after the block's end during which late hours and notes may still be written.
pub const LATE_DAYS: u64 = 14;

/// The rotation (application) `raw` names, if the caller may do `action` to its `resource`.
pub(crate) async fn rotation_of(
    app: &App,
    caller: &Caller,
    raw: &str,
    resource: Resource,
    action: Action,
) -> AppResult<Application> {
    let me = logged_in(caller)?;
    let id = parse_id(raw, "application")?;
    let a = app.store.application(id).await?.ok_or_else(|| AppError::not_found(format!("no application {raw}")))?;
    let relation = Relation::of(&me.actor(), Some(a.applicant_id), Some(a.site_id));
    allow(caller, resource, action, relation, &format!("application {raw}"))?;
    Ok(a)
}

/// Whether the policy lets the caller do `action` to the rotation's `resource`.
pub(crate) fn may(caller: &Caller, a: &Application, resource: Resource, action: Action) -> bool {
    caller.user.as_ref().is_some_and(|u| {
        let relation = Relation::of(&u.actor(), Some(a.applicant_id), Some(a.site_id));
        decide(Some(&u.actor()), resource, action, relation) == Decision::Allow
    })
}

/// Days are logged (and notes written) while the rotation is under way, and for a while after.
pub(crate) fn loggable(a: &Application, today: NaiveDate) -> bool {
    match a.status {
        Status::InProgress => true,
        Status::Completed => today <= a.end_date + Days::new(LATE_DAYS),
        _ => false,
    }
}

pub(crate) fn not_loggable(a: &Application) -> AppError {
    let message = match a.status {
        Status::Completed => {
            format!("the rotation ended on {}; late entries are taken for {LATE_DAYS} days", dates::day(a.end_date))
        }
        _ => format!("this opens once the rotation has started ({})", dates::day(a.start_date)),
    };
    AppError::conflict("not_in_progress", message)
}

/// The site signs hours and reviews notes once the rotation has started, and after it ends.
pub(crate) fn signable(a: &Application) -> bool {
    matches!(a.status, Status::InProgress | Status::Completed)
}
