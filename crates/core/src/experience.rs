//! Experiences: what a site offers, who teaches it, and when.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{CodeName, Eligibility, Price, RefundPolicy, Specialty, State};

/// The kind of clinical experience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExperienceType {
    /// Hands-on clinical rotation.
    ClinicalRotation,
    /// Hands-on externship (usually for graduates).
    Externship,
    /// Hands-on clerkship (for students).
    Clerkship,
    /// Hands-on elective (for students).
    Elective,
    /// Observation only, no patient care.
    Observership,
    /// Clinical research.
    Research,
    /// Remote, supplemental.
    Telerotation,
}

impl ExperienceType {
    /// Every type, hands-on first.
    pub const ALL: &'static [ExperienceType] = &[
        Self::ClinicalRotation,
        Self::Externship,
        Self::Clerkship,
        Self::Elective,
        Self::Observership,
        Self::Research,
        Self::Telerotation,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::ClinicalRotation => "clinical_rotation",
            Self::Externship => "externship",
            Self::Clerkship => "clerkship",
            Self::Elective => "elective",
            Self::Observership => "observership",
            Self::Research => "research",
            Self::Telerotation => "telerotation",
        }
    }

    /// The name a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::ClinicalRotation => "Clinical rotation",
            Self::Externship => "Externship",
            Self::Clerkship => "Clerkship",
            Self::Elective => "Elective",
            Self::Observership => "Observership",
            Self::Research => "Research",
            Self::Telerotation => "Telerotation",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.code() == code)
    }

    /// Hands-on experience with patient care: what counts as US clinical experience (USCE).
    pub fn is_hands_on(self) -> bool {
        matches!(self, Self::ClinicalRotation | Self::Externship | Self::Clerkship | Self::Elective)
    }

    /// How the experience counts toward a residency application, in words.
    pub fn usce_note(self) -> &'static str {
        match self {
            t if t.is_hands_on() => "Hands-on: counts as US clinical experience (USCE).",
            Self::Observership => "Observational: no patient care; counts far less than hands-on USCE.",
            Self::Research => "Research: valued for research-heavy specialties; not clinical experience.",
            _ => "Remote and supplemental: does not count as US clinical experience.",
        }
    }

    /// Code and name together.
    pub fn code_name(self) -> CodeName {
        CodeName::new(self.code(), self.name())
    }
}

/// Where patients are seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// Hospital wards.
    Inpatient,
    /// Clinics.
    Outpatient,
    /// Both.
    Both,
}

impl Setting {
    /// Every setting.
    pub const ALL: &'static [Setting] = &[Self::Inpatient, Self::Outpatient, Self::Both];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Inpatient => "inpatient",
            Self::Outpatient => "outpatient",
            Self::Both => "both",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Inpatient => "Inpatient",
            Self::Outpatient => "Outpatient",
            Self::Both => "Inpatient and outpatient",
        }
    }
}

/// A hospital, clinic or university program that hosts trainees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Site {
    /// Identifier.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Hospital, clinic, university program...
    pub kind: String,
    /// City.
    pub city: String,
    /// State.
    #[schema(value_type = String, example = "NY")]
    pub state: State,
    /// Street address, e.g. "1200 Harbor Avenue, Suite 300" (empty if not given).
    pub address: String,
    /// ZIP code, e.g. "10016" or "10016-4500" (empty if not given).
    pub postal_code: String,
    /// Phone for visitors and letters, e.g. "+1 212 555 0142" (empty if not given).
    pub phone: String,
    /// Email of the clinical education office (empty if not given).
    pub email: String,
}

/// A teaching physician.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Preceptor {
    /// Identifier.
    pub id: i64,
    /// Full name with title.
    pub name: String,
    /// Specialty.
    #[schema(value_type = CodeName)]
    pub specialty: Specialty,
    /// Board certification, e.g. "ABIM — Internal Medicine".
    pub board_certification: Option<String>,
    /// Years teaching trainees.
    pub years_teaching: i32,
    /// Teaching-hospital or medical-school affiliation.
    pub teaching_affiliation: Option<String>,
    /// Languages spoken.
    pub languages: Vec<String>,
}

/// One block of an experience: a start date, a length and its seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Block {
    /// Identifier.
    pub id: i64,
    /// First day.
    pub start_date: NaiveDate,
    /// Length in weeks.
    pub weeks: i32,
    /// Trainee seats in all.
    pub seats: i32,
    /// Trainee seats still open.
    pub seats_left: i32,
    /// Observers (non-hands-on visitors) who share the block.
    pub observers: i32,
}

impl Block {
    /// Last day of the block.
    pub fn end_date(&self) -> NaiveDate {
        let days = u64::try_from(self.weeks.max(1)).unwrap_or(1) * 7 - 1;
        self.start_date.checked_add_days(Days::new(days)).unwrap_or(self.start_date)
    }
}

impl Site {
    /// Whether the site is a teaching hospital: an academic medical center, a university hospital or
    /// one that says it teaches, as its kind reads.
    pub fn is_teaching(&self) -> bool {
        is_teaching_kind(&self.kind)
    }
}

/// Whether a site's kind names a teaching hospital.
pub fn is_teaching_kind(kind: &str) -> bool {
    let kind = kind.to_lowercase();
    ["academic", "teaching", "university"].iter().any(|w| kind.contains(w))
}

/// Letters and teaching time: what a strong trainee may earn. Never a guarantee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LetterPolicy {
    /// The preceptor writes letters of recommendation for strong trainees.
    pub letter_possible: bool,
    /// Regular one-on-one teaching time with the preceptor.
    pub one_on_one: bool,
}

/// Who checked the listing, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Verification {
    /// Who verified the site and preceptor.
    pub verified_by: Option<String>,
    /// When it was last verified.
    pub last_verified_on: Option<NaiveDate>,
}

/// A clinical experience with everything a trainee needs to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Experience {
    /// Identifier.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Kind of experience.
    #[serde(rename = "type")]
    pub kind: ExperienceType,
    /// Specialty.
    #[schema(value_type = CodeName)]
    pub specialty: Specialty,
    /// Inpatient, outpatient or both.
    pub setting: Setting,
    /// Electronic medical record system used.
    pub emr: Option<String>,
    /// What the trainee does.
    pub description: String,
    /// Where.
    pub site: Site,
    /// Who teaches.
    pub preceptors: Vec<Preceptor>,
    /// When, and seats.
    pub blocks: Vec<Block>,
    /// The itemised price.
    pub price: Price,
    /// The refund policy.
    pub refund_policy: RefundPolicy,
    /// Who may apply.
    pub eligibility: Eligibility,
    /// Letters and teaching time.
    pub letters: LetterPolicy,
    /// Verification.
    pub verification: Verification,
}

impl Experience {
    /// The first block starting on or after `today`.
    pub fn next_block(&self, today: NaiveDate) -> Option<&Block> {
        self.blocks.iter().filter(|b| b.start_date >= today).min_by_key(|b| b.start_date)
    }

    /// The text that free-text search matches against.
    pub fn search_text(&self) -> String {
        let preceptors: Vec<&str> = self.preceptors.iter().map(|p| p.name.as_str()).collect();
        [
            self.title.as_str(),
            self.kind.name(),
            self.specialty.name(),
            self.site.name.as_str(),
            self.site.city.as_str(),
            self.site.state.name(),
            &preceptors.join(" "),
            self.emr.as_deref().unwrap_or(""),
            self.description.as_str(),
        ]
        .join(" ")
    }
}

/// What a search result shows of an experience, apart from the block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Listing {
    /// Identifier.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Kind of experience.
    #[serde(rename = "type")]
    pub kind: ExperienceType,
    /// Whether it is hands-on (USCE).
    pub hands_on: bool,
    /// Specialty.
    #[schema(value_type = CodeName)]
    pub specialty: Specialty,
    /// Site name.
    pub site_name: String,
    /// City.
    pub city: String,
    /// State.
    #[schema(value_type = String, example = "NY")]
    pub state: State,
    /// Lead preceptor's name.
    pub preceptor_name: String,
    /// The all-in price of a block, in cents.
    pub total_cents: i64,
    /// The preceptor writes letters for strong trainees.
    pub letter_possible: bool,
    /// When the listing was last verified.
    #[serde(serialize_with = "crate::date_json::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub last_verified_on: Option<NaiveDate>,
}

/// A search result: the listing and the block shown (the first in the
/// searched window). The block's fields come last in the JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ExperienceSummary {
    /// The listing.
    #[serde(flatten)]
    pub listing: Listing,
    /// First upcoming start date (in the searched window), if any.
    #[serde(serialize_with = "crate::date_json::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub next_start: Option<NaiveDate>,
    /// Weeks per block.
    pub weeks: Option<i32>,
    /// Open seats in that block.
    pub seats_left: Option<i32>,
    /// When that block is full: the start of the next later block with a seat, if any.
    #[serde(serialize_with = "crate::date_json::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub later_open_start: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hands_on_types_are_the_four_clinical_ones() {
        let hands_on: Vec<_> = ExperienceType::ALL.iter().filter(|t| t.is_hands_on()).map(|t| t.code()).collect();
        assert_eq!(hands_on, ["clinical_rotation", "externship", "clerkship", "elective"]);
    }

    #[test]
    fn a_four_week_block_ends_on_day_28() {
        let b = Block {
            id: 1,
            start_date: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            weeks: 4,
            seats: 2,
            seats_left: 1,
            observers: 0,
        };
        assert_eq!(b.end_date(), NaiveDate::from_ymd_opt(2027, 1, 31).unwrap());
    }
}

/// An experience as its site manages it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ToSchema)]
pub struct SiteExperience {
    /// Identifier.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Whether it shows in the catalog.
    pub published: bool,
}
