//! MatchReady's domain core.
//!
//! Pure rules and types: no database, no HTTP, no clock. Anything that needs
//! "today" takes it as an argument. Storage, web and the binary build on this
//! crate; it depends on none of them.

pub mod account;
pub mod advising;
pub mod application;
mod bits;
pub mod catalog;
pub mod date_json;
pub mod dates;
pub mod document;
pub mod eligibility;
pub mod experience;
pub mod flags;
pub mod geo;
pub mod identity;
pub mod immunization;
pub mod immunization_form;
pub mod index;
pub mod ledger;
pub mod letters;
pub mod listing;
pub mod money;
pub mod plan;
pub mod price;
pub mod profile;
pub mod readiness;
pub mod refund;
pub mod rotation;
pub mod round;
pub mod search;
pub mod specialty;

pub use catalog::{Catalog, SitePreceptor};
pub use eligibility::{ApplicantFacts, ApplicantType, Eligibility, Ineligibility, Visa};
pub use experience::{
    Block, Experience, ExperienceSummary, ExperienceType, LetterPolicy, Listing, Preceptor, Setting, Site, SiteExperience,
    Verification,
};
pub use geo::State;
pub use index::{CatalogIndex, Found, FoundPage, SearchDoc};
pub use price::{Housing, Insurance, OtherFee, Price};
pub use profile::{Availability, Profile, RawProfile};
pub use refund::{RefundPolicy, RefundTier, VisaDenialRefund};
pub use search::{FieldError, RawSearch, SearchPage, SearchQuery, Sort};
pub use specialty::Specialty;

/// A value as the API shows it: a stable code and the words a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct CodeName {
    /// Stable machine code, used in filters.
    pub code: &'static str,
    /// Human-readable name.
    pub name: &'static str,
}

impl CodeName {
    /// Pairs a code with its name.
    pub const fn new(code: &'static str, name: &'static str) -> Self {
        Self { code, name }
    }
}
