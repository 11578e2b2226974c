//! Money on an application: what is charged when a seat is held, what was
//! paid, what the refund policy gives back on cancellation (or on a visa
//! denial), and the totals. Entries are only ever added; the totals are
//! computed from them, so the order entries arrive in does not matter.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Housing, Insurance, Price, RefundPolicy};

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Owed by the applicant.
    Charge,
    /// Paid by the applicant.
    Payment,
    /// Owed back to the applicant, by the refund policy.
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
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Entry {
    /// Identifier.
    pub id: i64,
    /// What it is.
    pub kind: EntryKind,
    /// Amount in US cents (always positive; the kind says which way).
    pub amount_cents: i64,
    /// In words.
    pub description: String,
    /// `site` (recorded by staff), `provider` (a payment provider's webhook) or `system`.
    pub source: String,
    /// The provider's event id, or the system's key: each is recorded once.
    pub external_id: Option<String>,
    /// When, seconds since 1970.
    pub at: i64,
}

/// The totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, ToSchema)]
pub struct Totals {
    /// Charged.
    pub charged_cents: i64,
    /// Paid in.
    pub paid_cents: i64,
    /// Owed back by the refund policy.
    pub refund_due_cents: i64,
    /// Paid back.
    pub refunded_cents: i64,
    /// Still to pay: charged minus paid (never below zero).
    pub outstanding_cents: i64,
    /// Still to pay back: owed back minus paid back (never below zero).
    pub refund_outstanding_cents: i64,
}

impl Totals {
    /// Adds up entries.
    pub fn of(entries: &[Entry]) -> Self {
        let sum = |k: EntryKind| entries.iter().filter(|e| e.kind == k).map(|e| e.amount_cents).sum::<i64>();
        let (charged, paid, due, refunded) =
            (sum(EntryKind::Charge), sum(EntryKind::Payment), sum(EntryKind::RefundDue), sum(EntryKind::Refund));
        Self {
            charged_cents: charged,
            paid_cents: paid,
            refund_due_cents: due,
            refunded_cents: refunded,
            outstanding_cents: (charged - paid).max(0),
            refund_outstanding_cents: (due - refunded).max(0),
        }
    }

    /// Money the applicant has in: paid minus paid back.
    pub fn net_paid_cents(&self) -> i64 {
        self.paid_cents - self.refunded_cents
    }
}

/// What is charged when a seat is held: the fixed items of the price (estimates of things the
/// applicant arranges themselves are not charged).
pub fn charges(price: &Price) -> Vec<(String, i64)> {
    let mut out =
        vec![("Application fee".to_string(), price.application_fee_cents), ("Tuition".to_string(), price.tuition_cents)];
    if let Insurance::Offered { price_cents } = price.insurance {
        out.push(("Liability insurance".into(), price_cents));
    }
    if let Housing::Offered { price_cents } = price.housing {
        out.push(("Housing".into(), price_cents));
    }
    out.extend(price.other_fees.iter().map(|f| (f.label.clone(), f.amount_cents)));
    out.retain(|(_, c)| *c > 0);
    out
}

/// What the policy gives back of `paid_cents` on a cancellation `days_before` the start (or for a visa denial).
pub fn refund_on_cancel(policy: &RefundPolicy, paid_cents: i64, days_before: i64, visa_denied: bool) -> i64 {
    if paid_cents <= 0 {
        0
    } else if visa_denied {
        policy.visa_denial_refund_cents(paid_cents)
    } else {
        policy.refund_cents(paid_cents, days_before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(kind: EntryKind, amount_cents: i64) -> Entry {
        Entry { id: 0, kind, amount_cents, description: String::new(), source: "site".into(), external_id: None, at: 0 }
    }

    #[test]
    fn totals_do_not_depend_on_order() {
        let mut entries = vec![
            e(EntryKind::Charge, 300_000),
            e(EntryKind::Payment, 50_000),
            e(EntryKind::RefundDue, 25_000),
            e(EntryKind::Refund, 10_000),
        ];
        let t = Totals::of(&entries);
        entries.reverse();
        assert_eq!(Totals::of(&entries), t);
        assert_eq!((t.outstanding_cents, t.refund_outstanding_cents, t.net_paid_cents()), (250_000, 15_000, 40_000));
        assert_eq!(Totals::of(&[e(EntryKind::Payment, 10)]).outstanding_cents, 0, "overpaid is not negative");
    }
}
