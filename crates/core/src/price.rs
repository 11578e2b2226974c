//! The itemised, all-in price of an experience.
//!
//! The all-in total is what the trainee will really spend: fees, tuition,
//! the liability cover they must buy if it is not included, and housing
//! (the offered price, or a local estimate when the site offers none).
//! The deposit is not added: it is paid at booking and credited to tuition.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Professional liability (malpractice) cover for the trainee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Insurance {
    /// Included in tuition; nothing more to pay.
    Included,
    /// Sold by the site at this price.
    Offered {
        /// Price charged by the site, in cents.
        price_cents: i64,
    },
    /// The trainee must bring their own cover of this amount.
    ApplicantBrings {
        /// Required cover, e.g. "$1M per claim / $3M aggregate".
        coverage: String,
        /// Typical cost of such a policy for the block, in cents.
        estimate_cents: i64,
    },
}

/// Where the trainee sleeps during the experience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Housing {
    /// The site offers housing at this price for the block.
    Offered {
        /// Price charged by the site, in cents.
        price_cents: i64,
    },
    /// No housing offered; a typical local cost for the block.
    Estimate {
        /// Estimated cost, in cents.
        estimate_cents: i64,
    },
}

/// Any other fee, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OtherFee {
    /// What the fee is for.
    pub label: String,
    /// Amount in cents.
    pub amount_cents: i64,
}

/// The itemised price of one block of an experience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Price {
    /// Paid when applying.
    pub application_fee_cents: i64,
    /// Paid to hold a seat; credited to tuition.
    pub deposit_cents: i64,
    /// Tuition for the block.
    pub tuition_cents: i64,
    /// Liability cover.
    pub insurance: Insurance,
    /// Housing.
    pub housing: Housing,
    /// Any other fees.
    pub other_fees: Vec<OtherFee>,
}

/// Why a price cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceError {
    /// An amount is below zero.
    #[error("{0} cannot be negative")]
    Negative(&'static str),
    /// The deposit is more than the tuition it is credited to.
    #[error("the deposit cannot exceed the tuition it is credited to")]
    DepositAboveTuition,
}

impl Price {
    /// The all-in total, always shown: every item a trainee pays, estimates included.
    pub fn total_cents(&self) -> i64 {
        let insurance = match &self.insurance {
            Insurance::Included => 0,
            Insurance::Offered { price_cents } => *price_cents,
            Insurance::ApplicantBrings { estimate_cents, .. } => *estimate_cents,
        };
        let housing = match &self.housing {
            Housing::Offered { price_cents } => *price_cents,
            Housing::Estimate { estimate_cents } => *estimate_cents,
        };
        let other: i64 = self.other_fees.iter().map(|f| f.amount_cents).sum();
        self.application_fee_cents + self.tuition_cents + insurance + housing + other
    }

    /// Whether the total includes an estimate rather than only prices the site charges.
    pub fn has_estimates(&self) -> bool {
        matches!(self.insurance, Insurance::ApplicantBrings { .. }) || matches!(self.housing, Housing::Estimate { .. })
    }

    /// Checks that the price can be shown to trainees.
    pub fn validate(&self) -> Result<(), PriceError> {
        let amounts = [
            ("the application fee", self.application_fee_cents),
            ("the deposit", self.deposit_cents),
            ("tuition", self.tuition_cents),
        ];
        for (name, v) in amounts {
            if v < 0 {
                return Err(PriceError::Negative(name));
            }
        }
        match &self.insurance {
            Insurance::Offered { price_cents: v } | Insurance::ApplicantBrings { estimate_cents: v, .. } if *v < 0 => {
                return Err(PriceError::Negative("insurance"));
            }
            _ => {}
        }
        match &self.housing {
            Housing::Offered { price_cents: v } | Housing::Estimate { estimate_cents: v } if *v < 0 => {
                return Err(PriceError::Negative("housing"));
            }
            _ => {}
        }
        if self.other_fees.iter().any(|f| f.amount_cents < 0) {
            return Err(PriceError::Negative("a fee"));
        }
        if self.deposit_cents > self.tuition_cents {
            return Err(PriceError::DepositAboveTuition);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Price {
        Price {
            application_fee_cents: 150_00,
            deposit_cents: 500_00,
            tuition_cents: 3_200_00,
            insurance: Insurance::ApplicantBrings { coverage: "$1M / $3M".into(), estimate_cents: 250_00 },
            housing: Housing::Estimate { estimate_cents: 1_400_00 },
            other_fees: vec![OtherFee { label: "Badge and parking".into(), amount_cents: 75_00 }],
        }
    }

    #[test]
    fn total_adds_every_item_but_the_deposit() {
        assert_eq!(sample().total_cents(), 150_00 + 3_200_00 + 250_00 + 1_400_00 + 75_00);
        assert!(sample().has_estimates());
    }

    #[test]
    fn included_insurance_adds_nothing() {
        let p = Price { insurance: Insurance::Included, housing: Housing::Offered { price_cents: 900_00 }, ..sample() };
        assert_eq!(p.total_cents(), 150_00 + 3_200_00 + 900_00 + 75_00);
        assert!(!p.has_estimates());
    }

    #[test]
    fn rejects_negative_amounts_and_oversized_deposit() {
        assert_eq!(Price { tuition_cents: -1, ..sample() }.validate(), Err(PriceError::Negative("tuition")));
        assert_eq!(Price { deposit_cents: 4_000_00, ..sample() }.validate(), Err(PriceError::DepositAboveTuition));
        assert_eq!(sample().validate(), Ok(()));
    }
}
