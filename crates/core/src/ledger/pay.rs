//! What the applicant is asked to pay next, by when, to whom and how: the
//! held seat's page, the application's page after confirmation and the
//! emails all say it in these words.

use serde::Serialize;
use utoipa::ToSchema;

use super::Account;
use crate::application::{Application, Status};
use crate::dates::{day, deadline};
use crate::money::usd;

/// The next payment asked of the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PayNext {
    /// "deposit" (confirms a held seat) or "balance" (the rest, by the first day).
    pub what: &'static str,
    /// How much.
    pub cents: i64,
    /// By when, in words, e.g. "23:59 UTC on 8 Dec 2026".
    pub by: String,
    /// The request in one sentence, e.g. "Pay the deposit, $500, by 23:59 UTC on 8 Dec 2026.".
    pub headline: String,
    /// What follows from it, and what comes after.
    pub details: Vec<String>,
    /// To whom and how: the reference to quote, whom to ask, who records it.
    pub how: Vec<String>,
    /// The site's own instructions (bank details, a card link), as it wrote them, lines kept;
    /// empty if it gave none.
    pub instructions: String,
}

/// How to reach the site for a payment: its name, its instructions (may be empty) and a contact.
#[derive(Debug, Clone, Copy, Default)]
pub struct Payee<'a> {
    /// The site's name.
    pub site: &'a str,
    /// The site's own words on how to pay it (bank details, a card link); empty if it gave none.
    pub instructions: &'a str,
    /// Whom to ask, e.g. an email address; empty if unknown.
    pub contact: &'a str,
}

/// The reference an applicant quotes with a payment, so the site can match it.
pub fn reference(application_id: i64) -> String {
    format!("MatchReady application {application_id}")
}

/// What to pay next on `a`, if anything: the deposit while a seat is held and the deposit is not
/// in, otherwise the rest of the charges while the seat is held or confirmed.
pub fn pay_next(account: &Account, a: &Application, payee: Payee<'_>) -> Option<PayNext> {
    let (what, cents, by, headline, mut details) = match (account.deposit_due_on, account.balance_due_on) {
        (Some(due), _) if a.status == Status::Accepted && account.deposit_to_pay_cents > 0 => {
            let cents = account.deposit_to_pay_cents;
            let mut details = vec![
                "Your seat is held until then and confirmed as soon as the deposit is in; if it is not, the seat is released."
                    .to_string(),
            ];
            let rest = account.to_pay_cents - cents;
            if rest > 0 {
                details.push(format!(
                    "The deposit is part of the price, not an extra. The rest, {}, is due by the first day, {}.",
                    usd(rest),
                    day(a.start_date)
                ));
            }
            let by = deadline(due);
            ("deposit", cents, by.clone(), format!("Pay the deposit, {}, by {by}.", usd(cents)), details)
        }
        (_, Some(first)) if account.to_pay_cents > 0 => {
            let cents = account.to_pay_cents;
            let by = day(first);
            let headline = format!("Pay the rest, {}, by the first day, {by}.", usd(cents));
            let why = if a.status == Status::Confirmed {
                "Your seat is confirmed: this is the rest of the published price."
            } else {
                "This is the rest of the published price."
            };
            ("balance", cents, by, headline, vec![why.to_string()])
        }
        _ => return None,
    };
    if account.net_paid_cents > 0 {
        details.push(format!("Paid so far: {}.", usd(account.net_paid_cents)));
    }
    let mut how = Vec::new();
    let instructions = payee.instructions.trim().to_string();
    if instructions.is_empty() {
        how.push(format!("Pay {} directly, the way its coordinator tells you.", payee.site));
    } else {
        how.push(format!("Pay {} directly, as its instructions below say.", payee.site));
    }
    how.push(format!("Quote \"{}\" with the payment, so the site can match it.", reference(a.id)));
    if !payee.contact.is_empty() {
        how.push(format!("Questions about paying: {}.", payee.contact));
    }
    how.push("The site records the payment here, where you see it; nobody else takes money for this seat.".into());
    Some(PayNext { what, cents, by, headline, details, how, instructions })
}
