//! What a move causes, worked out before it is stored so that storage
//! writes the move and all of it in one transaction: the charges when a
//! seat is first held (and its confirmation, when the deposit was paid
//! ahead), what a cancellation keeps for the refund policy, the emails to
//! the people concerned, and the waitlist's offer of a freed seat.

use matchready_core::account::{Role, mail};
use matchready_core::application::Party;
use matchready_core::application::{Application, Status};
use matchready_core::ledger::{Cancellation, Entry, EntryKind, charges};
use matchready_core::{Experience, Profile};
use matchready_store::{Effects, Move, MoveError, NewEntry};

use super::{OFFER_DAYS, plus_days};
use crate::{App, AppError, AppResult};

/// Who moved an application.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum By {
    /// The applicant.
    Applicant,
    /// The site, or the system on its behalf (the calendar, a payment).
    Site,
}

/// The refusal for a move storage did not apply.
pub(crate) fn refused_move(e: MoveError) -> AppError {
    match e {
        MoveError::Full => AppError::conflict("block_full", "this block is full; choose another block or experience"),
        MoveError::Overlap(other) => AppError::conflict(
            "overlapping_seat",
            format!("you hold a seat whose dates overlap (application {other}); cancel it first"),
        ),
        MoveError::Stale => AppError::conflict("changed", "the application changed meanwhile; reload it and decide again"),
    }
}

/// Everything moving `before` to `to` causes.
pub(crate) async fn effects_of(app: &App, before: &Application, to: Status, by: By) -> AppResult<Effects> {
    let after = Application { status: to, ..before.clone() };
    let experience = app.store.experience(before.experience_id).await?;
    let mut effects = Effects { emails: emails(app, &after, by, experience.as_ref()).await?, ..Effects::default() };
    if let Some(e) = &experience
        && to == Status::Accepted
        && before.status != Status::Accepted
    {
        let charges = charge_entries(app, before.id, e);
        // A deposit paid ahead of the seat confirms it in the same step.
        let books = crate::money::Books::of(app, before).await?;
        let account = books.account(&after, None)?;
        let party = if by == By::Applicant { Party::System } else { Party::Site };
        effects.then.extend(crate::money::money_move(app, &after, before.version + 1, &account, Some(e), party, None).await?);
        // Otherwise the applicant is told what to pay, by when and how.
        let pending: Vec<Entry> = charges.iter().enumerate().map(|(n, c)| pending_entry(c, n)).collect();
        effects.emails.extend(crate::paying::held_email(app, &books, &after, &pending).await?);
        effects.entries.extend(charges);
    }
    if before.status.releases_seat_to(to) {
        effects.then = waitlist_offers(app, before.block_id).await?;
    }
    Ok(effects)
}

/// What a cancellation keeps for the refund policy: the days before the start, whether the visa
/// was refused, and the last entry so far (read at the version the move is guarded by).
pub(crate) async fn cancellation_of(
    app: &App,
    before: &Application,
    to: Status,
    visa_denied: bool,
) -> AppResult<Option<Cancellation>> {
    if to != Status::Cancelled {
        return Ok(None);
    }
    let after_entry = app.store.entries(before.id).await?.iter().map(|e| e.id).max().unwrap_or(0);
    Ok(Some(Cancellation { days_before: (before.start_date - app.today()).num_days(), visa_denied, after_entry }))
}

/// The charges of the published price, once per application (each keyed, so a replay adds nothing).
fn charge_entries(app: &App, application_id: i64, experience: &Experience) -> Vec<NewEntry> {
    charges(&experience.price)
        .into_iter()
        .enumerate()
        .map(|(n, c)| NewEntry {
            application_id,
            kind: EntryKind::Charge,
            amount_cents: c.cents,
            fee: c.fee,
            description: c.description,
            source: "system",
            external_id: Some(format!("charge:{application_id}:{n}")),
            recorded_by: None,
            now: app.now(),
        })
        .collect()
}

/// A charge about to be written, as the account counts it (after every stored entry).
fn pending_entry(c: &NewEntry, n: usize) -> Entry {
    Entry {
        id: i64::MAX - 1000 + n as i64,
        kind: c.kind,
        amount_cents: c.amount_cents,
        fee: c.fee,
        description: c.description.clone(),
        source: c.source.to_string(),
        external_id: c.external_id.clone(),
        at: c.now,
    }
}

/// How many of the waitlist a freed seat's offer is prepared for: the first that still waits gets it.
const OFFER_CANDIDATES: i64 = 3;

/// The offer of a freed seat to the longest-waiting applications on the block's waitlist, with their emails.
async fn waitlist_offers(app: &App, block_id: i64) -> AppResult<Vec<(Move, Vec<mail::Message>)>> {
    let mut offers = Vec::new();
    for next in app.store.waitlist(block_id, OFFER_CANDIDATES).await? {
        let m = Move {
            id: next.id,
            from: Status::Waitlisted,
            version: next.version,
            to: Status::Offered,
            actor_id: None,
            now: app.now(),
            note: "a seat freed up: offered from the waitlist".into(),
            offer_expires_on: Some(plus_days(app.today(), OFFER_DAYS).min(next.start_date)),
            deposit_due_on: None,
            cancellation: None,
        };
        let offered = Application { status: Status::Offered, offer_expires_on: m.offer_expires_on, ..next };
        let experience = app.store.experience(offered.experience_id).await?;
        let emails = emails(app, &offered, By::Site, experience.as_ref()).await?;
        offers.push((m, emails));
    }
    Ok(offers)
}

/// The emails of an application's new status: to the applicant when the site (or the system) moved
/// it, to the site's coordinators when the applicant did.
pub(crate) async fn emails(app: &App, a: &Application, by: By, experience: Option<&Experience>) -> AppResult<Vec<mail::Message>> {
    let link = app.link(&format!("/applications/{}", a.id));
    let dates = matchready_core::dates::span(a.start_date, a.end_date);
    let Some(applicant) = app.store.user(a.applicant_id).await? else {
        return Ok(Vec::new());
    };
    Ok(match by {
        By::Site if a.status == Status::Confirmed => {
            let (place, bring) = match experience {
                Some(e) => {
                    let who = app
                        .store
                        .profile(a.applicant_id)
                        .await?
                        .and_then(|p| Profile::parse(&p.profile, None).ok())
                        .and_then(|p| p.applicant_type);
                    let docs = matchready_core::readiness::required_documents(e.kind, who, e.eligibility.step1_pass_required);
                    (
                        format!("{}, {}, {}", e.site.name, e.site.city, e.site.state.code()),
                        docs.iter().map(|d| d.name()).collect::<Vec<_>>(),
                    )
                }
                None => (String::new(), Vec::new()),
            };
            vec![mail::confirmation(&applicant.email, &applicant.name, &a.experience_title, &dates, &place, &bring, &link)]
        }
        By::Site => {
            vec![mail::application_update(&applicant.email, &applicant.name, &a.experience_title, &dates, a.status, &link)]
        }
        By::Applicant => {
            let what = match a.status {
                Status::Submitted => "a new application to review",
                Status::Accepted => "the offered seat was accepted",
                Status::Withdrawn => "withdrawn by the applicant",
                Status::Cancelled => "the held seat was cancelled by the applicant",
                _ => a.status.name(),
            };
            app.store
                .users(Some(a.site_id))
                .await?
                .into_iter()
                .filter(|staff| staff.role == Role::Coordinator && !staff.disabled)
                .map(|staff| mail::site_update(&staff.email, &applicant.name, &a.experience_title, &dates, what, &link))
                .collect()
        }
    })
}
