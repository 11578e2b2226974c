//! The weekly reminder of hours waiting for sign-off: the site's preceptors
//! (or, with none, its coordinators) are emailed once a week per rotation,
//! the mark and its emails in one transaction. Run with the calendar.

use chrono::{Days, NaiveDate};
use matchready_core::account::Role;
use matchready_core::application::Application;
use matchready_core::dates;
use matchready_core::rotation::HoursStatus;

use crate::{App, AppResult};

/// Days an entry waits for sign-off before the preceptors are reminded (and between reminders).
pub const REMIND_AFTER_DAYS: u64 = 7;

/// Tells the site's preceptors (or, with none, its coordinators) of hours waiting a week or more for
/// sign-off, once a week per rotation; returns how many rotations were reminded.
pub async fn remind_unsigned(app: &App) -> AppResult<usize> {
    let today = app.today();
    let since = today - Days::new(REMIND_AFTER_DAYS);
    let mut sent = 0;
    for a in app.store.hours_to_remind(since, since).await? {
        match remind_one(app, &a, today, since).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            Err(e) => tracing::error!(application = a.id, code = e.code, "hours reminder failed"),
        }
    }
    Ok(sent)
}

async fn remind_one(app: &App, a: &Application, today: NaiveDate, since: NaiveDate) -> AppResult<bool> {
    let (_, entries) = app.store.hours(a.id).await?;
    let Some(oldest) = entries.iter().filter(|e| e.status == HoursStatus::Pending).map(|e| e.date).min() else {
        return Ok(false);
    };
    let staff: Vec<_> = app.store.users(Some(a.site_id)).await?.into_iter().filter(|u| u.host_verified && !u.disabled).collect();
    let preceptors: Vec<_> = staff.iter().filter(|u| u.role == Role::Preceptor).collect();
    let to = if preceptors.is_empty() { staff.iter().filter(|u| u.role == Role::Coordinator).collect() } else { preceptors };
    let link = app.link(&format!("/applications/{}/hours", a.id));
    let emails: Vec<_> = to
        .iter()
        .map(|u| {
            let day = dates::day(oldest);
            matchready_core::account::mail::hours_awaiting(&u.email, &u.name, &a.applicant_name, &a.experience_title, &day, &link)
        })
        .collect();
    Ok(app.store.remind_hours(a.id, today, since, &emails, app.now()).await?)
}
