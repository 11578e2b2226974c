//! When the author of a letter still owed is reminded (three days before the due day, and the day
//! after it), when the site's
//! coordinator is asked to help, and when the applicant may nudge.

use chrono::{Days, NaiveDate};

use super::EventKind;

/// Days before the due day when the author is reminded (a request gives a week at least).
pub const BEFORE_DAYS: u64 = 3;
/// Days after the due day when the author is reminded again.
pub const AFTER_DAYS: u64 = 1;
/// Days after the due day when the site's coordinator is asked to help.
pub const ESCALATE_DAYS: u64 = 14;
/// Days between two nudges from the applicant.
pub const NUDGE_DAYS: i64 = 7;

/// The reminder due on `today` for a letter due on `due_on`, if any; `sent` are the kinds already
/// in its history, so each goes out once (the latest stage reached, never an earlier one after it).
pub fn reminder(due_on: NaiveDate, today: NaiveDate, sent: &[EventKind]) -> Option<EventKind> {
    let stage = if today >= due_on + Days::new(ESCALATE_DAYS) {
        EventKind::Escalated
    } else if today >= due_on + Days::new(AFTER_DAYS) {
        EventKind::RemindedAfter
    } else if today + Days::new(BEFORE_DAYS) >= due_on {
        EventKind::RemindedBefore
    } else {
        return None;
    };
    let order = [EventKind::RemindedBefore, EventKind::RemindedAfter, EventKind::Escalated];
    let reached = order.iter().position(|k| *k == stage).unwrap_or(0);
    // Nothing at or past this stage went out yet.
    (!order[reached..].iter().any(|k| sent.contains(k))).then_some(stage)
}

/// When the applicant may nudge again, given their last nudge (seconds); `None`: now.
pub fn next_nudge(last: Option<i64>, now: i64) -> Option<i64> {
    let next = last? + NUDGE_DAYS * 86_400;
    (next > now).then_some(next)
}
