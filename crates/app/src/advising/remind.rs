//! Reminders before a call: a day and an hour before, to the applicant and the advisor, each in
//! their own time zone with the video link; each marked once with its emails in one write. Run
//! with the calendar.

use matchready_core::account::mail::Message;
use matchready_core::advising::call::{Reminder, reminder_due};
use matchready_core::advising::setup::Setup;
use matchready_core::advising::time::{Tz, shown, zone};

use crate::{App, AppResult};

/// Sends the reminders due now; how many calls were reminded.
pub async fn remind_calls(app: &App) -> AppResult<usize> {
    let now = app.now();
    let mut sent = 0;
    for c in app.store.calls_to_remind(now, now + 24 * 3600).await? {
        let Some(which) = reminder_due(c.starts_at, c.created_at, now, c.day_reminded, c.hour_reminded) else { continue };
        let (Some(applicant), Some(advisor)) = (app.store.user(c.applicant_id).await?, app.store.user(c.advisor_id).await?)
        else {
            continue;
        };
        let setup = app.store.setup(c.advisor_id).await?.and_then(|s| Setup::parse(&s.setup).ok());
        let advisor_zone = setup.as_ref().map_or(Tz::UTC, |s| s.zone);
        let link = setup.map(|s| s.video_link).unwrap_or_default();
        let when = match which {
            Reminder::Day => "Tomorrow",
            Reminder::Hour => "In an hour",
        };
        let applicant_zone = zone(&c.applicant_zone).unwrap_or(Tz::UTC);
        let emails = [(applicant.email, &advisor.name, applicant_zone), (advisor.email, &applicant.name, advisor_zone)].map(
            |(to, with, tz)| Message {
                to,
                subject: format!("{when}: {} with {with}", c.name),
                body: format!("{when}: your {} with {with}, {}.\n\nJoin: {link}", c.name, shown(tz, c.starts_at)),
            },
        );
        if app.store.mark_call_reminded(c.id, which, &emails, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}
