//! The standardised letter: the author ranks the applicant against the
//! trainees they have taught, gives a comparative word per ACGME competency
//! and a short narrative (as emergency medicine's standardised letter of
//! evaluation does), and signs with their name, title, specialty,
//! institution and contact. MatchReady lays it out as a PDF on letterhead.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::FieldError;
use crate::rotation::evaluation::COMPETENCIES;

/// The longest narrative, in words.
pub const MAX_NARRATIVE_WORDS: usize = 400;

/// The comparative words, best first: a rank among the trainees the author has taught.
pub const RANKS: [(&str, &str); 4] = [
    ("outstanding", "Outstanding (top 10%)"),
    ("excellent", "Excellent (top third)"),
    ("very_good", "Very good (middle third)"),
    ("good", "Good (lower third)"),
];

/// The words for a rank's code.
pub fn rank_name(code: &str) -> Option<&'static str> {
    RANKS.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// How the letter is signed: what every letter carries about its author.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct Signature {
    /// The author's name.
    pub name: String,
    /// Their title ("Associate Professor of Medicine").
    pub title: String,
    /// Their specialty.
    pub specialty: String,
    /// Their institution.
    pub institution: String,
    /// How to reach them (email, phone).
    pub contact: String,
}

/// The form as sent (every field a string).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RawLetterForm {
    /// About how many trainees the author has taught at this level.
    pub compared_with: String,
    /// The overall rank: `outstanding`, `excellent`, `very_good` or `good`.
    pub overall: String,
    /// Per competency (`patient_care`, `medical_knowledge`, `practice_based_learning`, `communication`,
    /// `professionalism`, `systems_based_practice`): a rank's code, or empty for "not observed".
    pub patient_care: String,
    /// See `patient_care`.
    pub medical_knowledge: String,
    /// See `patient_care`.
    pub practice_based_learning: String,
    /// See `patient_care`.
    pub communication: String,
    /// See `patient_care`.
    pub professionalism: String,
    /// See `patient_care`.
    pub systems_based_practice: String,
    /// The narrative, at most 400 words.
    pub narrative: String,
    /// The author's title.
    pub title: String,
    /// The author's specialty.
    pub specialty: String,
    /// The author's institution.
    pub institution: String,
    /// How to reach the author.
    pub contact: String,
}

impl RawLetterForm {
    /// The competencies' answers, in `COMPETENCIES` order.
    pub fn competencies(&self) -> [&str; 6] {
        [
            &self.patient_care,
            &self.medical_knowledge,
            &self.practice_based_learning,
            &self.communication,
            &self.professionalism,
            &self.systems_based_practice,
        ]
    }
}

/// A finished form, ready to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterForm {
    /// How many trainees the rank is among.
    pub compared_with: u32,
    /// The overall rank's words.
    pub overall: &'static str,
    /// (competency, rank's words or "Not observed").
    pub competencies: Vec<(&'static str, &'static str)>,
    /// The narrative's paragraphs.
    pub narrative: String,
    /// How it is signed.
    pub signature: Signature,
}

fn error(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError { field, message: message.into() }
}

/// Checks the author's signature: name, title, institution and contact are needed.
pub fn check_signature(s: &Signature) -> Result<Signature, Vec<FieldError>> {
    let mut errors = Vec::new();
    let field = |name: &'static str, raw: &str, needed: bool, errors: &mut Vec<FieldError>| {
        let v = raw.trim().to_string();
        if needed && v.is_empty() {
            errors.push(error(name, "the letter must carry it"));
        } else if v.chars().count() > 200 || v.chars().any(char::is_control) {
            errors.push(error(name, "one line of at most 200 characters"));
        }
        v
    };
    let checked = Signature {
        name: field("name", &s.name, true, &mut errors),
        title: field("title", &s.title, true, &mut errors),
        specialty: field("specialty", &s.specialty, true, &mut errors),
        institution: field("institution", &s.institution, true, &mut errors),
        contact: field("contact", &s.contact, true, &mut errors),
    };
    if errors.is_empty() { Ok(checked) } else { Err(errors) }
}

/// Checks a finished form; `name` is the author's. A draft is kept as sent, unchecked.
pub fn parse(raw: &RawLetterForm, name: &str) -> Result<LetterForm, Vec<FieldError>> {
    let mut errors = Vec::new();
    let compared_with = match raw.compared_with.trim().parse::<u32>() {
        Ok(n) if (1..=10_000).contains(&n) => n,
        _ => {
            errors
                .push(error("compared_with", "about how many trainees you have taught at this level: a whole number, 1 or more"));
            0
        }
    };
    let overall = rank_name(raw.overall.trim()).unwrap_or_else(|| {
        errors.push(error("overall", "choose outstanding, excellent, very_good or good"));
        ""
    });
    let mut competencies = Vec::new();
    for (c, answer) in COMPETENCIES.iter().zip(raw.competencies()) {
        let answer = answer.trim();
        let words = if answer.is_empty() || answer == "not_observed" {
            "Not observed"
        } else if let Some(n) = rank_name(answer) {
            n
        } else {
            errors.push(error(c.code, "choose outstanding, excellent, very_good, good or not_observed"));
            ""
        };
        competencies.push((c.name, words));
    }
    let narrative = raw.narrative.trim().to_string();
    let words = narrative.split_whitespace().count();
    if words == 0 {
        errors.push(error("narrative", "write what you saw of the applicant"));
    } else if words > MAX_NARRATIVE_WORDS {
        errors.push(error("narrative", format!("at most {MAX_NARRATIVE_WORDS} words (this is {words})")));
    }
    let signature = Signature {
        name: name.to_string(),
        title: raw.title.clone(),
        specialty: raw.specialty.clone(),
        institution: raw.institution.clone(),
        contact: raw.contact.clone(),
    };
    let signature = check_signature(&signature).map_err(|e| errors.extend(e)).unwrap_or_default();
    if errors.is_empty() { Ok(LetterForm { compared_with, overall, competencies, narrative, signature }) } else { Err(errors) }
}
