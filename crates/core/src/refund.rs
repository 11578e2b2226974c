//! Structured refund policies: what comes back, by days before the start,
//! and when a visa is denied. Written out in words for the detail page and
//! computed exactly for the money ledger.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::money::usd;

/// One step of the schedule: cancel at least `min_days_before` days before
/// the start and get `percent` of tuition and deposit back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RefundTier {
    /// Days before the start date, at least.
    pub min_days_before: u32,
    /// Share refunded, 0–100.
    pub percent: u8,
}

/// What happens when the trainee's visa is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VisaDenialRefund {
    /// Share of tuition and deposit refunded, 0–100.
    pub percent: u8,
    /// A processing fee kept back, in cents.
    pub fee_kept_cents: i64,
}

/// A published refund policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RefundPolicy {
    /// Steps, most days first. Cancelling later than the last step refunds nothing.
    pub tiers: Vec<RefundTier>,
    /// Whether the application fee comes back too.
    pub application_fee_refundable: bool,
    /// Refund when a visa is denied (with the denial letter).
    pub visa_denial: VisaDenialRefund,
}

/// Why a refund policy cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefundPolicyError {
    /// A share above 100%.
    #[error("a refund share cannot exceed 100%")]
    PercentAbove100,
    /// Steps out of order, or a later step refunding more than an earlier one.
    #[error("refund steps must go from most days to fewest, each refunding no more than the one before")]
    TiersOutOfOrder,
    /// A negative fee.
    #[error("the visa-denial processing fee cannot be negative")]
    NegativeFee,
}

impl RefundPolicy {
    /// Checks the policy is coherent.
    pub fn validate(&self) -> Result<(), RefundPolicyError> {
        if self.tiers.iter().any(|t| t.percent > 100) || self.visa_denial.percent > 100 {
            return Err(RefundPolicyError::PercentAbove100);
        }
        if self.tiers.windows(2).any(|w| w[0].min_days_before <= w[1].min_days_before || w[0].percent < w[1].percent) {
            return Err(RefundPolicyError::TiersOutOfOrder);
        }
        if self.visa_denial.fee_kept_cents < 0 {
            return Err(RefundPolicyError::NegativeFee);
        }
        Ok(())
    }

    /// The share refunded when cancelling `days_before` days before the start.
    pub fn percent_at(&self, days_before: i64) -> u8 {
        self.tiers.iter().find(|t| days_before >= i64::from(t.min_days_before)).map_or(0, |t| t.percent)
    }

    /// Cents refunded of `paid_cents` (tuition and deposit paid) when
    /// cancelling `days_before` days before the start. Rounded down.
    pub fn refund_cents(&self, paid_cents: i64, days_before: i64) -> i64 {
        paid_cents.max(0) * i64::from(self.percent_at(days_before)) / 100
    }

    /// Cents refunded of `paid_cents` when the visa is denied.
    pub fn visa_denial_refund_cents(&self, paid_cents: i64) -> i64 {
        let share = paid_cents.max(0) * i64::from(self.visa_denial.percent) / 100;
        (share - self.visa_denial.fee_kept_cents).max(0)
    }

    /// The sentence of the schedule that applies to a cancellation `days_before` the start.
    pub fn rule_at(&self, days_before: i64) -> String {
        let lines = self.in_words();
        match self.tiers.iter().position(|t| days_before >= i64::from(t.min_days_before)) {
            Some(i) => lines[i].clone(),
            None if self.tiers.last().is_some_and(|t| t.min_days_before == 0) => {
                "Cancelled after the start: no refund.".to_string()
            }
            None => lines[self.tiers.len()].clone(),
        }
    }

    /// The sentence of the visa-denial rule.
    pub fn visa_rule(&self) -> String {
        let lines = self.in_words();
        lines[lines.len() - 2].clone()
    }

    /// The policy in plain sentences, one per rule.
    pub fn in_words(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let mut upper: Option<u32> = None;
        for t in &self.tiers {
            let when = match upper {
                None => format!("Cancel {} or more days before the start", t.min_days_before),
                Some(u) if u - 1 == t.min_days_before => {
                    format!("Cancel {} days before the start", t.min_days_before)
                }
                Some(u) => format!("Cancel {}–{} days before the start", t.min_days_before, u - 1),
            };
            lines.push(format!("{when}: {}.", share_words(t.percent)));
            upper = Some(t.min_days_before);
        }
        match upper {
            Some(0) => {}
            Some(u) => lines.push(format!("Cancel fewer than {u} days before the start: no refund.")),
            None => lines.push("Tuition and deposit are not refundable once paid.".to_string()),
        }
        let v = self.visa_denial;
        let visa = match (v.percent, v.fee_kept_cents) {
            (0, _) => "Visa denied: no refund.".to_string(),
            (p, 0) => format!("Visa denied (with the denial letter): {}.", share_words(p)),
            (p, fee) => format!("Visa denied (with the denial letter): {}, less a {} processing fee.", share_words(p), usd(fee)),
        };
        lines.push(visa);
        lines.push(if self.application_fee_refundable {
            "The application fee is refunded with the rest.".to_string()
        } else {
            "The application fee is not refundable.".to_string()
        });
        lines
    }
}

fn share_words(percent: u8) -> String {
    match percent {
        0 => "no refund".to_string(),
        100 => "full refund of tuition and deposit".to_string(),
        p => format!("{p}% of tuition and deposit refunded"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RefundPolicy {
        RefundPolicy {
            tiers: vec![RefundTier { min_days_before: 60, percent: 100 }, RefundTier { min_days_before: 30, percent: 50 }],
            application_fee_refundable: false,
            visa_denial: VisaDenialRefund { percent: 100, fee_kept_cents: 150_00 },
        }
    }

    #[test]
    fn computes_refund_by_days_before_start() {
        let p = policy();
        assert_eq!(p.refund_cents(3_000_00, 90), 3_000_00);
        assert_eq!(p.refund_cents(3_000_00, 60), 3_000_00);
        assert_eq!(p.refund_cents(3_000_00, 59), 1_500_00);
        assert_eq!(p.refund_cents(3_000_00, 30), 1_500_00);
        assert_eq!(p.refund_cents(3_000_00, 29), 0);
        assert_eq!(p.refund_cents(3_000_00, -3), 0);
        assert_eq!(p.visa_denial_refund_cents(3_000_00), 2_850_00);
        assert_eq!(p.visa_denial_refund_cents(100_00), 0);
    }

    #[test]
    fn says_the_policy_in_words() {
        assert_eq!(
            policy().in_words(),
            vec![
                "Cancel 60 or more days before the start: full refund of tuition and deposit.",
                "Cancel 30–59 days before the start: 50% of tuition and deposit refunded.",
                "Cancel fewer than 30 days before the start: no refund.",
                "Visa denied (with the denial letter): full refund of tuition and deposit, less a $150 processing fee.",
                "The application fee is not refundable.",
            ]
        );
    }

    #[test]
    fn names_the_rule_that_applies() {
        let p = policy();
        assert_eq!(p.rule_at(75), "Cancel 60 or more days before the start: full refund of tuition and deposit.");
        assert_eq!(p.rule_at(30), "Cancel 30–59 days before the start: 50% of tuition and deposit refunded.");
        assert_eq!(p.rule_at(-2), "Cancel fewer than 30 days before the start: no refund.");
        assert!(p.visa_rule().starts_with("Visa denied"), "{}", p.visa_rule());
        let none = RefundPolicy { tiers: vec![], ..policy() };
        assert_eq!(none.rule_at(90), "Tuition and deposit are not refundable once paid.");
        let to_zero = RefundPolicy { tiers: vec![RefundTier { min_days_before: 0, percent: 20 }], ..policy() };
        assert_eq!(to_zero.rule_at(-1), "Cancelled after the start: no refund.");
    }

    #[test]
    fn rejects_incoherent_policies() {
        let mut p = policy();
        p.tiers.reverse();
        assert_eq!(p.validate(), Err(RefundPolicyError::TiersOutOfOrder));
        let mut p = policy();
        p.tiers[0].percent = 101;
        assert_eq!(p.validate(), Err(RefundPolicyError::PercentAbove100));
        assert_eq!(policy().validate(), Ok(()));
    }
}
