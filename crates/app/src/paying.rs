//! Paying a site: what the applicant pays next, by when, to whom and how
//! (the core's `pay_next`, with the site's own instructions and a contact),
//! the email when a seat is first held, the reminder before the deposit's
//! deadline, and the site's instructions, which its coordinators write.

use matchready_core::account::mail::{self, Message};
use matchready_core::account::{Action, AuditAction, Resource, Role};
use matchready_core::application::{Application, Status};
use matchready_core::dates::span;
use matchready_core::ledger::{Account, Entry, PayNext, Payee, pay_next};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::guard::{allow, logged_in, parse_id, relation_to_site};
use crate::money::Books;
use crate::{App, AppError, AppResult, Caller};

/// Days before a deposit's deadline when the applicant is reminded of it.
pub const DEPOSIT_REMINDER_DAYS: u64 = 2;

/// The longest payment instructions a site may write.
pub const MAX_INSTRUCTIONS: usize = 2000;

/// What the applicant pays next on `a` with this account, in the words every page and email uses.
pub(crate) async fn next_payment(app: &App, a: &Application, account: &Account) -> AppResult<Option<PayNext>> {
    if !matches!(a.status, Status::Accepted | Status::Confirmed) {
        return Ok(None);
    }
    let instructions = app.store.payment_instructions(a.site_id).await?;
    let contact = app
        .store
        .users(Some(a.site_id))
        .await?
        .into_iter()
        // Only a coordinator the site's verification vouches for is named to applicants.
        .find(|u| u.role == Role::Coordinator && !u.disabled && u.host_verified && u.email_verified)
        .map(|u| format!("{} ({}), {}", u.name, u.role.name(), u.email))
        .unwrap_or_default();
    let payee = Payee { site: &a.site_name, instructions: &instructions, contact: &contact };
    Ok(pay_next(account, a, payee))
}

/// The email asking for the deposit of a seat just held, if a deposit is still to pay: `charges`
/// are the seat's charges, written in the same step and not stored yet.
pub(crate) async fn held_email(app: &App, books: &Books, after: &Application, charges: &[Entry]) -> AppResult<Option<Message>> {
    let account = books.account_with(after, charges)?;
    let Some(pay) = next_payment(app, after, &account).await?.filter(|p| p.what == "deposit") else { return Ok(None) };
    payment_email(app, after, &pay, false).await
}

async fn payment_email(app: &App, a: &Application, pay: &PayNext, reminder: bool) -> AppResult<Option<Message>> {
    let Some(applicant) = app.store.user(a.applicant_id).await? else { return Ok(None) };
    let link = app.link(&format!("/applications/{}", a.id));
    let dates = span(a.start_date, a.end_date);
    Ok(Some(mail::payment_due(&applicant.email, &applicant.name, &a.experience_title, &dates, pay, reminder, &link)))
}

/// Reminds applicants whose deposit is due within [`DEPOSIT_REMINDER_DAYS`] and not yet in, once
/// per deadline; returns how many were reminded. `serve` runs it with the calendar.
pub async fn remind_deposits(app: &App) -> AppResult<usize> {
    let today = app.today();
    let until = today.checked_add_days(chrono::Days::new(DEPOSIT_REMINDER_DAYS)).unwrap_or(today);
    let mut sent = 0;
    for a in app.store.deposits_to_remind(until).await? {
        // One application that cannot be read does not hold up the others' reminders.
        match remind_one(app, &a).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            Err(e) => tracing::error!(application = a.id, code = e.code, "deposit reminder failed"),
        }
    }
    Ok(sent)
}

/// Reminds one applicant of their deposit, unless the seat was held less than a day ago (its
/// email, which says the same, has just gone) or nothing is due any more.
async fn remind_one(app: &App, a: &Application) -> AppResult<bool> {
    let today = app.today();
    let Some(due) = a.deposit_due_on.filter(|d| *d >= today) else { return Ok(false) };
    let held_at = app.store.timeline(a.id).await?.iter().rev().find(|t| t.to == Status::Accepted).map(|t| t.at);
    if held_at.is_some_and(|at| app.now() - at < 86_400) {
        return Ok(false);
    }
    let account = Books::of(app, a).await?.account(a, None)?;
    let Some(pay) = next_payment(app, a, &account).await?.filter(|p| p.what == "deposit") else { return Ok(false) };
    let Some(email) = payment_email(app, a, &pay, true).await? else { return Ok(false) };
    Ok(app.store.remind_deposit(a.id, due, &email, app.now()).await?)
}

/// A site's words on how to pay it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Instructions {
    /// Bank details, a card link, whom to ask: shown with every payment asked of the site's
    /// applicants (at most 2,000 characters; empty for none).
    pub instructions: String,
}

/// The caller's site's payment instructions (its coordinators and admins).
pub async fn instructions(app: &App, caller: &Caller, raw: &str) -> AppResult<Instructions> {
    let site = parse_id(raw, "site")?;
    logged_in(caller)?;
    allow(caller, Resource::Site, Action::Read, relation_to_site(caller, site), &format!("site {raw}"))?;
    if app.store.site(site).await?.is_none() {
        return Err(AppError::not_found(format!("no site {raw}")));
    }
    Ok(Instructions { instructions: app.store.payment_instructions(site).await? })
}

/// Writes a site's payment instructions (its verified coordinators and admins), audited.
pub async fn set_instructions(app: &App, caller: &Caller, raw: &str, body: Instructions) -> AppResult<Instructions> {
    let site = parse_id(raw, "site")?;
    let me = logged_in(caller)?;
    allow(caller, Resource::Site, Action::Update, relation_to_site(caller, site), &format!("site {raw}"))?;
    if app.store.site(site).await?.is_none() {
        return Err(AppError::not_found(format!("no site {raw}")));
    }
    // A browser sends each line break as two characters; it counts, and is kept, as one.
    let text = body.instructions.replace("\r\n", "\n");
    let text = text.trim();
    if text.chars().count() > MAX_INSTRUCTIONS {
        return Err(AppError::invalid_field(
            "instructions",
            format!("keep the payment instructions to {MAX_INSTRUCTIONS} characters or fewer"),
        ));
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(AppError::invalid_field("instructions", "the payment instructions hold a control character: remove it"));
    }
    app.store.set_payment_instructions(site, text, me.id, app.now()).await?;
    let subject = format!("site:{site}");
    let detail = format!("{} characters", text.chars().count());
    app.accounts.audit(Some(me.id), AuditAction::PaymentInstructionsChanged, subject, Some(&caller.ip), detail).await;
    Ok(Instructions { instructions: text.to_string() })
}
