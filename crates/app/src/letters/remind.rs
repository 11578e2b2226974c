//! Reminders of letters still owed: the author a week before the due day
//! and the day after it, then, two weeks past it, a polite word to the
//! site's coordinators. Each goes out once and shows in the letter's
//! history, so the applicant sees when. Run with the calendar.

use matchready_core::account::Role;
use matchready_core::dates;
use matchready_core::letters::remind::reminder;
use matchready_core::letters::{EventKind, Letter, mail};

use crate::{App, AppError, AppResult};

/// Sends the reminders due today; returns how many went out.
pub async fn remind_letters(app: &App) -> AppResult<usize> {
    let mut sent = 0;
    for l in app.store.letters_owed().await? {
        match remind_one(app, &l).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            Err(e) => tracing::error!(letter = l.id, code = e.code, "letter reminder failed"),
        }
    }
    Ok(sent)
}

async fn remind_one(app: &App, l: &Letter) -> AppResult<bool> {
    let today = app.today();
    let kinds: Vec<EventKind> = app.store.letter_events(l.id).await?.into_iter().map(|e| e.kind).collect();
    let Some(stage) = reminder(l.due_on, today, &kinds) else { return Ok(false) };
    let due = dates::day(l.due_on);
    let emails = if stage == EventKind::Escalated {
        let staff = app.store.users(Some(l.site_id)).await?;
        staff
            .iter()
            .filter(|u| u.role == Role::Coordinator && u.host_verified && !u.disabled)
            .map(|u| mail::escalated(&u.email, &u.name, &l.author_name, &l.applicant_name, &due))
            .collect()
    } else {
        let author = app.store.user(l.author_id).await?.ok_or_else(AppError::internal)?;
        let link = app.link(&format!("/letters/{}", l.id));
        vec![mail::reminder(&author.email, &author.name, &l.applicant_name, &due, today > l.due_on, false, &link)]
    };
    // Nobody to ask yet (no verified coordinator): tried again tomorrow.
    if emails.is_empty() {
        return Ok(false);
    }
    Ok(app.store.note_letter(l.id, stage, None, "", Some(0), &emails, app.now()).await?)
}
