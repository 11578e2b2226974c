//! The applicant's profile: what eligibility, search and (later) placement
//! need to know about them. `RawProfile` is what people send (codes and
//! plain numbers, every field optional); `Profile::parse` checks it and
//! says, per field, what to fix.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::identity;
use crate::{ApplicantFacts, ApplicantType, FieldError, Specialty, State, Visa};

/// A profile as sent and as stored: codes and plain values.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RawProfile {
    /// `ims` (student), `img` (graduate), `np` or `pa`.
    pub applicant_type: Option<String>,
    /// Medical school.
    pub medical_school: Option<String>,
    /// The school's country.
    pub school_country: Option<String>,
    /// Year of graduation (expected, for students).
    pub graduation_year: Option<i32>,
    /// USMLE Step 1 passed (pass/fail).
    pub step1_passed: Option<bool>,
    /// Step 1 attempts.
    pub step1_attempts: Option<i32>,
    /// USMLE Step 2 CK score, 1 to 300.
    pub step2_ck_score: Option<i32>,
    /// Step 2 CK attempts.
    pub step2_ck_attempts: Option<i32>,
    /// ECFMG certified.
    pub ecfmg_certified: Option<bool>,
    /// `b1_b2`, `f1`, `j1`, `h1b`, `us_citizen_or_resident` or `other`.
    pub visa: Option<String>,
    /// Specialty codes, e.g. `internal-medicine` (at most 10).
    pub target_specialties: Vec<String>,
    /// State codes, e.g. `NY` (at most 20).
    pub preferred_states: Vec<String>,
    /// The most they would pay for one experience, in US cents.
    pub budget_cents: Option<i64>,
    /// When they can come (at most 12 ranges).
    pub available: Vec<Availability>,
    /// Languages they speak (at most 10).
    pub languages: Vec<String>,
    /// Months of US clinical experience already done.
    pub usce_months: Option<i32>,
    /// Date of birth, as in the passport (for letters to consulates).
    pub date_of_birth: Option<NaiveDate>,
    /// Country of citizenship (nationality), as in the passport.
    pub citizenship: Option<String>,
    /// Passport number: 5 to 20 letters and digits.
    pub passport_number: Option<String>,
}

/// A range of dates, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Availability {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// A checked profile.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    /// Student or graduate, MD or NP/PA.
    pub applicant_type: Option<ApplicantType>,
    /// Medical school.
    pub medical_school: Option<String>,
    /// The school's country.
    pub school_country: Option<String>,
    /// Year of graduation.
    pub graduation_year: Option<i32>,
    /// Step 1 passed.
    pub step1_passed: Option<bool>,
    /// Step 1 attempts.
    pub step1_attempts: Option<i32>,
    /// Step 2 CK score.
    pub step2_ck_score: Option<i32>,
    /// Step 2 CK attempts.
    pub step2_ck_attempts: Option<i32>,
    /// ECFMG certified.
    pub ecfmg_certified: Option<bool>,
    /// Visa status.
    pub visa: Option<Visa>,
    /// Target specialties.
    pub target_specialties: Vec<Specialty>,
    /// Preferred states.
    pub preferred_states: Vec<State>,
    /// Budget per experience, cents.
    pub budget_cents: Option<i64>,
    /// When they can come.
    pub available: Vec<Availability>,
    /// Languages.
    pub languages: Vec<String>,
    /// Months of USCE done.
    pub usce_months: Option<i32>,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Citizenship (nationality).
    pub citizenship: Option<String>,
    /// Passport number, in capitals.
    pub passport_number: Option<String>,
}

/// The most a graduation year may lie ahead (a first-year student's).
const YEARS_AHEAD: i32 = 8;

fn text(errors: &mut Vec<FieldError>, field: &'static str, raw: &Option<String>, max: usize) -> Option<String> {
    let s = raw.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    if s.chars().count() > max || s.chars().any(char::is_control) {
        errors.push(FieldError { field, message: format!("write at most {max} characters, on one line") });
        return None;
    }
    Some(s.to_string())
}

fn range(errors: &mut Vec<FieldError>, field: &'static str, v: Option<i32>, lo: i32, hi: i32, what: &str) -> Option<i32> {
    let v = v?;
    if (lo..=hi).contains(&v) {
        Some(v)
    } else {
        errors.push(FieldError { field, message: format!("{what} is {lo} to {hi}; {v} is not") });
        None
    }
}

fn codes<T: PartialEq>(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    raw: &[String],
    max: usize,
    parse: impl Fn(&str) -> Option<T>,
    example: &str,
) -> Vec<T> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for code in raw.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        match parse(code) {
            Some(v) if !out.contains(&v) => out.push(v),
            Some(_) => {}
            None => bad.push(code.to_string()),
        }
    }
    if !bad.is_empty() {
        errors.push(FieldError { field, message: format!("unknown: {}; use codes such as {example}", bad.join(", ")) });
    } else if out.len() > max {
        errors.push(FieldError { field, message: format!("choose at most {max}") });
    }
    out
}

impl Profile {
    /// Checks a profile. With `today`, also what depends on the date (graduation years, availability
    /// that is already over); without it (reading back what was stored), only what never changes.
    pub fn parse(raw: &RawProfile, today: Option<NaiveDate>) -> Result<Self, Vec<FieldError>> {
        let mut e = Vec::new();
        let applicant_type = match raw.applicant_type.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(code) => ApplicantType::from_code(code).or_else(|| {
                e.push(FieldError { field: "applicant_type", message: "use ims (student), img (graduate), np or pa".into() });
                None
            }),
        };
        let visa = match raw.visa.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(code) => Visa::from_code(code).or_else(|| {
                e.push(FieldError { field: "visa", message: "use b1_b2, f1, j1, h1b, us_citizen_or_resident or other".into() });
                None
            }),
        };
        let year_now = today.map(|t| t.year());
        let graduation_year = match (raw.graduation_year, year_now) {
            (Some(y), Some(now)) if y > now + YEARS_AHEAD => {
                e.push(FieldError {
                    field: "graduation_year",
                    message: format!("{y} is too far ahead; give the year you expect to graduate"),
                });
                None
            }
            (Some(y), Some(now)) if y > now && applicant_type == Some(ApplicantType::Img) => {
                e.push(FieldError {
                    field: "graduation_year",
                    message: format!("a graduate's graduation year is {now} or earlier"),
                });
                None
            }
            (y, _) => range(&mut e, "graduation_year", y, 1950, 2200, "a graduation year"),
        };
        let step2_ck_attempts = range(&mut e, "step2_ck_attempts", raw.step2_ck_attempts, 0, 6, "Step 2 CK attempts");
        let step2_ck_score = range(&mut e, "step2_ck_score", raw.step2_ck_score, 1, 300, "a Step 2 CK score");
        if step2_ck_score.is_some() && step2_ck_attempts == Some(0) {
            e.push(FieldError { field: "step2_ck_attempts", message: "a Step 2 CK score needs at least one attempt".into() });
        }
        let mut available = Vec::new();
        for (i, a) in raw.available.iter().enumerate() {
            let n = i + 1;
            if a.to < a.from {
                e.push(FieldError {
                    field: "available",
                    message: format!("range {n} ends ({}) before it starts ({})", a.to, a.from),
                });
            } else if (a.to - a.from).num_days() > 2 * 366 {
                e.push(FieldError { field: "available", message: format!("range {n} is longer than two years") });
            } else if today.is_some_and(|t| a.to < t) {
                e.push(FieldError { field: "available", message: format!("range {n} ended on {}; remove it", a.to) });
            } else {
                available.push(*a);
            }
        }
        if raw.available.len() > 12 {
            e.push(FieldError { field: "available", message: "give at most 12 ranges".into() });
        }
        let languages: Vec<String> = raw.languages.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
        if languages.len() > 10 || languages.iter().any(|l| l.chars().count() > 40 || l.chars().any(char::is_control)) {
            e.push(FieldError { field: "languages", message: "give at most 10 languages, each at most 40 characters".into() });
        }
        let budget_cents = match raw.budget_cents {
            Some(b) if !(0..=10_000_000).contains(&b) => {
                e.push(FieldError { field: "budget_cents", message: "a budget is $0 to $100,000, in cents".into() });
                None
            }
            b => b,
        };
        let profile = Self {
            applicant_type,
            medical_school: text(&mut e, "medical_school", &raw.medical_school, 200),
            school_country: text(&mut e, "school_country", &raw.school_country, 100),
            graduation_year,
            step1_passed: raw.step1_passed,
            step1_attempts: range(&mut e, "step1_attempts", raw.step1_attempts, 0, 6, "Step 1 attempts"),
            step2_ck_score,
            step2_ck_attempts,
            ecfmg_certified: raw.ecfmg_certified,
            visa,
            target_specialties: codes(
                &mut e,
                "target_specialties",
                &raw.target_specialties,
                10,
                Specialty::from_code,
                "internal-medicine",
            ),
            preferred_states: codes(&mut e, "preferred_states", &raw.preferred_states, 20, State::from_code, "NY"),
            budget_cents,
            available,
            languages,
            usce_months: range(&mut e, "usce_months", raw.usce_months, 0, 120, "months of US clinical experience"),
            date_of_birth: identity::date_of_birth(&mut e, raw.date_of_birth, today),
            citizenship: text(&mut e, "citizenship", &raw.citizenship, 100),
            passport_number: identity::passport_number(&mut e, &raw.passport_number),
        };
        if e.is_empty() { Ok(profile) } else { Err(e) }
    }

    /// Back to codes, as sent and stored.
    pub fn raw(&self) -> RawProfile {
        RawProfile {
            applicant_type: self.applicant_type.map(|t| t.code().to_string()),
            medical_school: self.medical_school.clone(),
            school_country: self.school_country.clone(),
            graduation_year: self.graduation_year,
            step1_passed: self.step1_passed,
            step1_attempts: self.step1_attempts,
            step2_ck_score: self.step2_ck_score,
            step2_ck_attempts: self.step2_ck_attempts,
            ecfmg_certified: self.ecfmg_certified,
            visa: self.visa.map(|v| v.code().to_string()),
            target_specialties: self.target_specialties.iter().map(|s| s.code().to_string()).collect(),
            preferred_states: self.preferred_states.iter().map(|s| s.code().to_string()).collect(),
            budget_cents: self.budget_cents,
            available: self.available.clone(),
            languages: self.languages.clone(),
            usce_months: self.usce_months,
            date_of_birth: self.date_of_birth,
            citizenship: self.citizenship.clone(),
            passport_number: self.passport_number.clone(),
        }
    }

    /// What eligibility checks know of this applicant.
    pub fn facts(&self) -> ApplicantFacts {
        ApplicantFacts {
            applicant_type: self.applicant_type,
            graduation_year: self.graduation_year,
            step1_passed: self.step1_passed,
            ecfmg_certified: self.ecfmg_certified,
            visa: self.visa,
        }
    }
}

#[cfg(test)]
#[path = "profile_tests.rs"]
mod tests;
