//! The one rule for an application's money. From the application (its
//! status and dates), its terms (deposit and refund policy), the facts of a
//! cancellation and every ledger entry, in any order, [`Account::of`] says
//! what was charged and paid, what is still to pay and by when, what the site
//! keeps, what is owed back and why, and whether the deposit is met. The
//! money-driven moves follow from it ([`money_event`]), and
//! [`Account::admit`] says whether a new entry may be recorded.
//!
//! The rule, by phase:
//! - Ahead of a seat (submitted, under review, offered, waitlisted): money
//!   paid is held; it counts toward the deposit when a seat is taken.
//! - A seat held or used (accepted, confirmed, in progress, completed): the
//!   charges are owed; what is paid beyond them is a credit, owed back.
//! - No seat was ever held (rejected, withdrawn): everything paid is owed back.
//! - Cancelled: the refund policy applies to what was paid in before the
//!   cancellation (up to the charges): the application fee is kept when the
//!   policy says so (payments go to the fee first), the rest by the policy's
//!   share for the days before the start, or its visa-denial rule. Anything
//!   paid after the cancellation, or beyond the charges, is owed back in full.
//!
//! Amounts are positive and bounded; every sum is checked.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Entry, EntryKind};
use crate::RefundPolicy;
use crate::application::{Application, Event, Status};
use crate::dates::{day, deadline};
use crate::money::usd;

/// Most one entry may record, in cents ($1,000,000).
pub const MAX_ENTRY_CENTS: i64 = 100_000_000;
/// Most an application's payments may add up to, in cents ($10,000,000): well above any real price.
pub const MAX_PAID_CENTS: i64 = 1_000_000_000;

/// The terms an application's money follows: its experience's deposit and refund policy.
#[derive(Debug, Clone, Copy)]
pub struct Terms<'a> {
    /// The deposit that confirms a held seat, in cents.
    pub deposit_cents: i64,
    /// The published refund policy.
    pub policy: &'a RefundPolicy,
}

/// What a cancellation fixed, kept with the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Cancellation {
    /// Days before the start it was cancelled (negative: after the start).
    pub days_before: i64,
    /// Whether the visa was refused (the policy's visa-denial rule applies).
    pub visa_denied: bool,
    /// The last ledger entry recorded before it (0: none). Later payments are owed back in full.
    pub after_entry: i64,
}

/// Where an application stands, as far as money goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// No seat yet: money paid is held toward the deposit.
    AheadOfSeat,
    /// A seat is held, or was used: the charges are owed.
    Seat,
    /// It ended without a seat ever held: everything paid is owed back.
    NoSeat,
    /// A held seat was cancelled: the refund policy applies.
    Cancelled,
}

impl Phase {
    /// The phase of a status.
    pub fn of(status: Status) -> Self {
        match status {
            Status::Draft | Status::Submitted | Status::UnderReview | Status::Offered | Status::Waitlisted => Self::AheadOfSeat,
            Status::Accepted | Status::Confirmed | Status::InProgress | Status::Completed => Self::Seat,
            Status::Rejected | Status::Withdrawn => Self::NoSeat,
            Status::Cancelled => Self::Cancelled,
        }
    }
}

/// Why an entry cannot be recorded, or a ledger cannot be added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// Not positive, or above [`MAX_ENTRY_CENTS`].
    #[error("an amount must be positive and at most {}", usd(MAX_ENTRY_CENTS))]
    AmountOutOfRange,
    /// The payments would pass [`MAX_PAID_CENTS`].
    #[error("this application's payments would pass {}; nothing was recorded", usd(MAX_PAID_CENTS))]
    TooMuch,
    /// A refund of more than is paid in.
    #[error("only {} is paid in (net of refunds), so a refund cannot be {}", usd(*.net_paid_cents), usd(*.amount_cents))]
    RefundBeyondPaid {
        /// What is paid in.
        net_paid_cents: i64,
        /// The refund tried.
        amount_cents: i64,
    },
    /// The stored entries do not add up within range.
    #[error("the ledger's entries do not add up within range")]
    Overflow,
}

impl LedgerError {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::AmountOutOfRange => "amount_out_of_range",
            Self::TooMuch => "payments_too_large",
            Self::RefundBeyondPaid { .. } => "refund_beyond_paid",
            Self::Overflow => "ledger_overflow",
        }
    }
}

/// An application's money, worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Account {
    /// Where it stands, as far as money goes.
    pub phase: Phase,
    /// Charged for the seat.
    pub charged_cents: i64,
    /// Paid in.
    pub paid_cents: i64,
    /// Paid back.
    pub refunded_cents: i64,
    /// Paid in, less paid back.
    pub net_paid_cents: i64,
    /// The deposit that confirms a held seat.
    pub deposit_cents: i64,
    /// Whether what is paid in covers the deposit.
    pub deposit_met: bool,
    /// Of the deposit, still to pay (while a seat is held and not yet confirmed).
    pub deposit_to_pay_cents: i64,
    /// When the deposit is due: the seat is released if it is not in by then.
    #[schema(value_type = Option<String>, format = Date)]
    pub deposit_due_on: Option<NaiveDate>,
    /// Of the charges, still to pay.
    pub to_pay_cents: i64,
    /// When the rest is due: the rotation's first day.
    #[schema(value_type = Option<String>, format = Date)]
    pub balance_due_on: Option<NaiveDate>,
    /// Paid ahead of a seat: counts toward the deposit once one is taken.
    pub held_cents: i64,
    /// What the site keeps of what was paid in.
    pub kept_cents: i64,
    /// Still to pay back to the applicant.
    pub owed_back_cents: i64,
    /// The rule that applies, in sentences.
    pub why: Vec<String>,
}

#[derive(Default)]
struct Sums {
    charged: i64,
    fee: i64,
    paid: i64,
    refunded: i64,
    paid_before: i64,
    refunded_before: i64,
}

fn add(to: &mut i64, cents: i64) -> Result<(), LedgerError> {
    *to = to.checked_add(cents).ok_or(LedgerError::Overflow)?;
    Ok(())
}

fn sums(entries: &[Entry], cut: Option<i64>) -> Result<Sums, LedgerError> {
    let mut s = Sums::default();
    for e in entries {
        if e.amount_cents < 0 {
            return Err(LedgerError::Overflow);
        }
        let before = cut.is_none_or(|last| e.id <= last);
        match e.kind {
            EntryKind::Charge => {
                add(&mut s.charged, e.amount_cents)?;
                if e.fee {
                    add(&mut s.fee, e.amount_cents)?;
                }
            }
            EntryKind::Payment => {
                add(&mut s.paid, e.amount_cents)?;
                if before {
                    add(&mut s.paid_before, e.amount_cents)?;
                }
            }
            EntryKind::Refund => {
                add(&mut s.refunded, e.amount_cents)?;
                if before {
                    add(&mut s.refunded_before, e.amount_cents)?;
                }
            }
            // Stored by earlier versions; what is owed back is worked out now.
            EntryKind::RefundDue => {}
        }
    }
    Ok(s)
}

impl Account {
    /// Works out an application's money from its status and dates, its terms, the facts of its
    /// cancellation (if it was cancelled) and every entry, in any order.
    pub fn of(
        a: &Application,
        terms: Terms<'_>,
        cancellation: Option<&Cancellation>,
        entries: &[Entry],
    ) -> Result<Self, LedgerError> {
        let phase = Phase::of(a.status);
        let cut = if phase == Phase::Cancelled { cancellation.map(|c| c.after_entry) } else { None };
        let s = sums(entries, cut)?;
        let net = (s.paid - s.refunded).max(0);
        let deposit = terms.deposit_cents.max(0);
        let mut why = Vec::new();
        let (mut kept, mut held) = (0, 0);
        match phase {
            Phase::AheadOfSeat => {
                held = net;
                if held > 0 {
                    why.push(format!(
                        "{} paid ahead of a seat: it counts toward the deposit when a seat is taken, and is owed back in full if none is.",
                        usd(held)
                    ));
                }
            }
            Phase::Seat => {
                kept = net.min(s.charged);
                if net > s.charged {
                    why.push(format!("{} paid beyond the charges: owed back.", usd(net - s.charged)));
                }
            }
            Phase::NoSeat => {
                if net > 0 {
                    why.push(format!("No seat was held: all {} paid in is owed back.", usd(net)));
                }
            }
            Phase::Cancelled => {
                let base = (s.paid_before - s.refunded_before).max(0).min(s.charged);
                let fee_kept = if terms.policy.application_fee_refundable { 0 } else { base.min(s.fee) };
                let refundable = base - fee_kept;
                let refund = match cancellation {
                    Some(c) if c.visa_denied => {
                        why.push(terms.policy.visa_rule());
                        terms.policy.visa_denial_refund_cents(refundable)
                    }
                    Some(c) => {
                        why.push(terms.policy.rule_at(c.days_before));
                        terms.policy.refund_cents(refundable, c.days_before)
                    }
                    // Every cancellation keeps its facts; without them, nothing by the policy.
                    None => 0,
                };
                if fee_kept > 0 {
                    why.push(format!("The application fee ({}) is not refundable.", usd(fee_kept)));
                }
                if s.paid > s.paid_before {
                    why.push(format!("{} paid after the cancellation: owed back in full.", usd(s.paid - s.paid_before)));
                }
                let paid_beyond = (s.paid_before - s.refunded_before).max(0) - base;
                if paid_beyond > 0 {
                    why.push(format!("{} paid beyond the charges: owed back.", usd(paid_beyond)));
                }
                // Paid back more than owed (a site may be generous): then nothing more is owed back.
                kept = (base - refund.clamp(0, refundable)).min(net);
            }
        }
        let owed_back = net - kept - held;
        let seat = phase == Phase::Seat && matches!(a.status, Status::Accepted | Status::Confirmed);
        let deposit_to_pay = if a.status == Status::Accepted { (deposit - net).max(0) } else { 0 };
        let to_pay = if phase == Phase::Seat { (s.charged - net).max(0) } else { 0 };
        let deposit_due_on = a.deposit_due_on.filter(|_| deposit_to_pay > 0);
        let balance_due_on = (seat && to_pay > 0).then_some(a.start_date);
        if let Some(by) = deposit_due_on {
            why.push(format!("The deposit: {} more by {}, or the seat is released.", usd(deposit_to_pay), deadline(by)));
        }
        if let Some(by) = balance_due_on {
            why.push(format!("Still to pay: {} by the first day, {}.", usd(to_pay), day(by)));
        }
        if owed_back > 0 {
            why.push(format!("Owed back: {}.", usd(owed_back)));
        }
        Ok(Self {
            phase,
            charged_cents: s.charged,
            paid_cents: s.paid,
            refunded_cents: s.refunded,
            net_paid_cents: net,
            deposit_cents: deposit,
            deposit_met: net >= deposit,
            deposit_to_pay_cents: deposit_to_pay,
            deposit_due_on,
            to_pay_cents: to_pay,
            balance_due_on,
            held_cents: held,
            kept_cents: kept,
            owed_back_cents: owed_back,
            why,
        })
    }

    /// Whether an entry of `kind` for `amount_cents` may be recorded now: positive and at most
    /// [`MAX_ENTRY_CENTS`]; payments adding up to at most [`MAX_PAID_CENTS`]; a refund no more than
    /// is paid in. A payment beyond what is owed is taken: it is a credit, owed back.
    pub fn admit(&self, kind: EntryKind, amount_cents: i64) -> Result<(), LedgerError> {
        if !(1..=MAX_ENTRY_CENTS).contains(&amount_cents) {
            return Err(LedgerError::AmountOutOfRange);
        }
        match kind {
            EntryKind::Payment if self.paid_cents.checked_add(amount_cents).is_none_or(|t| t > MAX_PAID_CENTS) => {
                Err(LedgerError::TooMuch)
            }
            EntryKind::Refund if amount_cents > self.net_paid_cents => {
                Err(LedgerError::RefundBeyondPaid { net_paid_cents: self.net_paid_cents, amount_cents })
            }
            _ => Ok(()),
        }
    }
}

/// The move the money calls for, if any: a held seat whose deposit is met is confirmed, and a
/// confirmed one whose deposit was paid back is held again with the deposit due.
pub fn money_event(status: Status, account: &Account) -> Option<Event> {
    match status {
        Status::Accepted if account.deposit_met => Some(Event::ConfirmDeposit),
        Status::Confirmed if !account.deposit_met => Some(Event::DepositReturned),
        _ => None,
    }
}
