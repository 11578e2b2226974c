//! Money on an application. Entries are only ever added: the charges when a
//! seat is first held, the payments in and the refunds paid back. What is
//! owed and owed back is never stored: [`Account::of`] works it out from the
//! application's status, its deposit and refund policy, and every entry,
//! whatever order they came in (see `account.rs`).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Housing, Insurance, Price};

mod account;
mod pay;

pub use account::{Account, Cancellation, LedgerError, MAX_ENTRY_CENTS, MAX_PAID_CENTS, Phase, Terms, money_event};
pub use pay::{PayNext, Payee, pay_next, reference};

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Owed by the applicant.
    Charge,
    /// Paid by the applicant.
    Payment,
    /// Owed back, as earlier versions recorded it at a cancellation. Now worked out and never
    /// recorded: the account ignores these (kept as they were first worked out).
    RefundDue,
    /// Paid back to the applicant.
    Refund,
}

impl EntryKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Charge => "charge",
            Self::Payment => "payment",
            Self::RefundDue => "refund_due",
            Self::Refund => "refund",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Charge, Self::Payment, Self::RefundDue, Self::Refund].into_iter().find(|k| k.code() == code)
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Charge => "Charge",
            Self::Payment => "Payment",
            Self::RefundDue => "Refund owed, as first worked out",
            Self::Refund => "Refund paid",
        }
    }
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Entry {
    /// Identifier; later entries have larger ones.
    pub id: i64,
    /// What it is.
    pub kind: EntryKind,
    /// Amount in US cents (always positive; the kind says which way).
    pub amount_cents: i64,
    /// Whether this charge is the application fee (which some policies never refund).
    pub fee: bool,
    /// In words.
    pub description: String,
    /// `site` (recorded by staff), `provider` (a payment provider's webhook) or `system`.
    pub source: String,
    /// The provider's event id, or the system's key: each is recorded once.
    pub external_id: Option<String>,
    /// When, seconds since 1970.
    pub at: i64,
}

/// One item charged when a seat is held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// In words.
    pub description: String,
    /// Cents, positive.
    pub cents: i64,
    /// Whether it is the application fee.
    pub fee: bool,
}

/// What is charged when a seat is held: the fixed items of the price (estimates of things the
/// applicant arranges themselves are not charged).
pub fn charges(price: &Price) -> Vec<Charge> {
    let item = |description: &str, cents: i64, fee: bool| Charge { description: description.to_string(), cents, fee };
    let mut out = vec![item("Application fee", price.application_fee_cents, true), item("Tuition", price.tuition_cents, false)];
    if let Insurance::Offered { price_cents } = price.insurance {
        out.push(item("Liability insurance", price_cents, false));
    }
    if let Housing::Offered { price_cents } = price.housing {
        out.push(item("Housing", price_cents, false));
    }
    out.extend(price.other_fees.iter().map(|f| item(&f.label, f.amount_cents, false)));
    out.retain(|c| c.cents > 0);
    out
}

#[cfg(test)]
mod tests;
