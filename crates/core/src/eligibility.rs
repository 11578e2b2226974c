//! Who may join an experience, and why not.
//!
//! The visa rule: a B-1 elective clerkship is for students only; graduates
//! on a B-1/B-2 visa may join observerships (no patient care) but no
//! hands-on experience.

use std::ops::ControlFlow;

use serde::Serialize;
use utoipa::ToSchema;

use crate::ExperienceType;
use crate::flags::{Flag, FlagSet};

/// What kind of trainee the applicant is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantType {
    /// International medical student.
    Ims,
    /// International medical graduate.
    Img,
    /// Nurse practitioner trainee.
    Np,
    /// Physician assistant trainee.
    Pa,
}

impl Flag for ApplicantType {
    const ALL: &'static [Self] = &[Self::Ims, Self::Img, Self::Np, Self::Pa];
    fn bit(self) -> i64 {
        1 << (self as i64)
    }
}

impl ApplicantType {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ims => "ims",
            Self::Img => "img",
            Self::Np => "np",
            Self::Pa => "pa",
        }
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ims => "International medical student",
            Self::Img => "International medical graduate",
            Self::Np => "Nurse practitioner trainee",
            Self::Pa => "Physician assistant trainee",
        }
    }

    /// Parses a code, in any case.
    pub fn from_code(code: &str) -> Option<Self> {
        <Self as Flag>::ALL.iter().copied().find(|t| t.code().eq_ignore_ascii_case(code))
    }

    /// Students (not yet graduated) may do B-1 elective clerkships.
    pub fn is_student(self) -> bool {
        !matches!(self, Self::Img)
    }
}

/// The applicant's immigration status for the experience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visa {
    /// B-1/B-2 visitor visa (or ESTA).
    B1B2,
    /// F-1 student.
    F1,
    /// J-1 exchange visitor.
    J1,
    /// H-1B worker.
    H1b,
    /// US citizen or permanent resident.
    UsCitizenOrResident,
    /// Any other status (EAD, asylum, ...).
    Other,
}

impl Flag for Visa {
    const ALL: &'static [Self] = &[Self::B1B2, Self::F1, Self::J1, Self::H1b, Self::UsCitizenOrResident, Self::Other];
    fn bit(self) -> i64 {
        1 << (self as i64)
    }
}

impl Visa {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::B1B2 => "b1_b2",
            Self::F1 => "f1",
            Self::J1 => "j1",
            Self::H1b => "h1b",
            Self::UsCitizenOrResident => "us_citizen_or_resident",
            Self::Other => "other",
        }
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::B1B2 => "B-1/B-2 visitor",
            Self::F1 => "F-1 student",
            Self::J1 => "J-1 exchange visitor",
            Self::H1b => "H-1B",
            Self::UsCitizenOrResident => "US citizen or permanent resident",
            Self::Other => "Other status",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        <Self as Flag>::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(code))
    }
}

/// Who an experience accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Eligibility {
    /// Kinds of trainee accepted.
    #[schema(value_type = Vec<ApplicantType>)]
    pub applicant_types: FlagSet<ApplicantType>,
    /// Graduates only: at most this many years since graduation.
    pub max_years_since_graduation: Option<i32>,
    /// A passed USMLE Step 1 is required.
    pub step1_pass_required: bool,
    /// ECFMG certification is required.
    pub ecfmg_required: bool,
    /// Visa statuses accepted.
    #[schema(value_type = Vec<Visa>)]
    pub visas: FlagSet<Visa>,
}

/// What is known about an applicant; unknown facts are not held against them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ApplicantFacts {
    /// Student or graduate, MD or NP/PA.
    pub applicant_type: Option<ApplicantType>,
    /// Year of (expected) graduation.
    pub graduation_year: Option<i32>,
    /// USMLE Step 1 passed.
    pub step1_passed: Option<bool>,
    /// ECFMG certified.
    pub ecfmg_certified: Option<bool>,
    /// Visa status.
    pub visa: Option<Visa>,
}

impl ApplicantFacts {
    /// Whether nothing at all is known.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One reason an applicant cannot join.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ineligibility {
    /// The experience does not take this kind of trainee.
    ApplicantType(ApplicantType),
    /// Graduated too long ago.
    GraduatedTooLongAgo { max_years: i32, years: i32 },
    /// Step 1 not passed.
    Step1Required,
    /// ECFMG certification missing.
    EcfmgRequired,
    /// Visa status not accepted by the site.
    VisaNotAccepted(Visa),
    /// A graduate on B-1/B-2 and a hands-on experience.
    GraduateOnVisitorVisa,
}

impl std::fmt::Display for Ineligibility {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ApplicantType(t) => write!(f, "this experience does not take applicants of type: {}", t.name().to_lowercase()),
            Self::GraduatedTooLongAgo { max_years, years } => {
                write!(f, "graduates must be within {max_years} years of graduation (you are {years} years out)")
            }
            Self::Step1Required => write!(f, "a passed USMLE Step 1 is required"),
            Self::EcfmgRequired => write!(f, "ECFMG certification is required"),
            Self::VisaNotAccepted(v) => write!(f, "the site does not accept applicants on {} status", v.name()),
            Self::GraduateOnVisitorVisa => write!(
                f,
                "graduates on a B-1/B-2 visa may join observerships only (no patient care); B-1 hands-on electives are for students"
            ),
        }
    }
}

impl Eligibility {
    /// Every reason the applicant cannot join an experience of type `kind`,
    /// given `year`, the current calendar year. Empty means eligible.
    pub fn check(&self, kind: ExperienceType, who: &ApplicantFacts, year: i32) -> Vec<Ineligibility> {
        let mut why = Vec::new();
        let _complete = self.walk(kind, who, year, |reason| {
            why.push(reason);
            ControlFlow::Continue(())
        });
        why
    }

    /// Whether [`Eligibility::check`] would find no reason; stops at the first.
    pub fn is_eligible(&self, kind: ExperienceType, who: &ApplicantFacts, year: i32) -> bool {
        self.walk(kind, who, year, |_| ControlFlow::Break(())).is_continue()
    }

    /// The rules, in order, each reason handed to `found`.
    fn walk(
        &self,
        kind: ExperienceType,
        who: &ApplicantFacts,
        year: i32,
        mut found: impl FnMut(Ineligibility) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        if let Some(t) = who.applicant_type
            && !self.applicant_types.contains(t)
        {
            found(Ineligibility::ApplicantType(t))?;
        }
        let graduate = who.applicant_type.is_none_or(|t| !t.is_student());
        if let (Some(max_years), Some(grad), true) = (self.max_years_since_graduation, who.graduation_year, graduate) {
            let years = year - grad;
            if years > max_years {
                found(Ineligibility::GraduatedTooLongAgo { max_years, years })?;
            }
        }
        if self.step1_pass_required && who.step1_passed == Some(false) {
            found(Ineligibility::Step1Required)?;
        }
        if self.ecfmg_required && who.ecfmg_certified == Some(false) {
            found(Ineligibility::EcfmgRequired)?;
        }
        if let Some(v) = who.visa {
            if !self.visas.contains(v) {
                found(Ineligibility::VisaNotAccepted(v))?;
            }
            if v == Visa::B1B2 && who.applicant_type == Some(ApplicantType::Img) && kind.is_hands_on() {
                found(Ineligibility::GraduateOnVisitorVisa)?;
            }
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open() -> Eligibility {
        Eligibility {
            applicant_types: FlagSet::all(),
            max_years_since_graduation: Some(5),
            step1_pass_required: true,
            ecfmg_required: false,
            visas: FlagSet::all(),
        }
    }

    fn facts(t: ApplicantType, visa: Visa) -> ApplicantFacts {
        ApplicantFacts { applicant_type: Some(t), visa: Some(visa), ..Default::default() }
    }

    #[test]
    fn graduates_on_b1_may_only_observe() {
        let e = open();
        let img = facts(ApplicantType::Img, Visa::B1B2);
        assert_eq!(e.check(ExperienceType::Externship, &img, 2027), vec![Ineligibility::GraduateOnVisitorVisa]);
        assert!(e.check(ExperienceType::Observership, &img, 2027).is_empty());
        let ims = facts(ApplicantType::Ims, Visa::B1B2);
        assert!(e.check(ExperienceType::Elective, &ims, 2027).is_empty());
        let img_j1 = facts(ApplicantType::Img, Visa::J1);
        assert!(e.check(ExperienceType::ClinicalRotation, &img_j1, 2027).is_empty());
    }

    #[test]
    fn years_since_graduation_apply_to_graduates_only() {
        let e = open();
        let old = ApplicantFacts { applicant_type: Some(ApplicantType::Img), graduation_year: Some(2015), ..Default::default() };
        assert_eq!(
            e.check(ExperienceType::Observership, &old, 2027),
            vec![Ineligibility::GraduatedTooLongAgo { max_years: 5, years: 12 }]
        );
        let student = ApplicantFacts { applicant_type: Some(ApplicantType::Ims), graduation_year: Some(2015), ..old };
        assert!(e.check(ExperienceType::Observership, &student, 2027).is_empty());
    }

    #[test]
    fn unknown_facts_are_not_held_against_the_applicant() {
        let mut e = open();
        e.ecfmg_required = true;
        e.visas = [Visa::J1].into_iter().collect();
        assert!(e.check(ExperienceType::Externship, &ApplicantFacts::default(), 2027).is_empty());
        let known = ApplicantFacts {
            step1_passed: Some(false),
            ecfmg_certified: Some(false),
            visa: Some(Visa::F1),
            ..Default::default()
        };
        let why = e.check(ExperienceType::Externship, &known, 2027);
        assert_eq!(
            why,
            vec![Ineligibility::Step1Required, Ineligibility::EcfmgRequired, Ineligibility::VisaNotAccepted(Visa::F1)]
        );
        assert!(why.iter().all(|w| !w.to_string().is_empty()));
        assert!(!e.is_eligible(ExperienceType::Externship, &known, 2027));
        assert!(e.is_eligible(ExperienceType::Externship, &ApplicantFacts::default(), 2027));
    }
}
