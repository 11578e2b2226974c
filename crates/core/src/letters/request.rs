//! A request for a letter as the applicant sends it (every field a string
//! or a plain value), and its parse: each bad field named with what to send.

use chrono::{Days, NaiveDate};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::FieldError;
use crate::specialty::Specialty;

/// The shortest notice a request gives its author.
pub const MIN_NOTICE_DAYS: u64 = 7;
/// The furthest ahead a due day may be.
pub const MAX_AHEAD_DAYS: u64 = 366;
/// The longest note to the author.
pub const MAX_NOTE: usize = 2000;
/// The longest personal statement draft.
pub const MAX_STATEMENT: usize = 12_000;

/// A request as sent.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RawLetterRequest {
    /// The preceptor asked to write it (an account at the rotation's site).
    pub author_id: i64,
    /// The target specialty's code, or `general`.
    pub specialty: String,
    /// The programs it is for, in your words; empty or `all` for every program.
    pub programs: String,
    /// When you need it, YYYY-MM-DD (at least a week ahead).
    pub due_on: String,
    /// A personal note to the author.
    pub note: String,
    /// `waive` (you will never read the letter; programs usually trust such letters more) or `keep`
    /// (you may read it). Neither is a condition of anything.
    pub waiver: String,
    /// Share your current CV with the author.
    pub share_cv: bool,
    /// A personal statement draft to share with the author.
    pub statement: String,
    /// The ERAS Letter ID from the ERAS Letter Request Form, if you have one.
    pub eras_id: String,
}

/// A request that can be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRequest {
    /// The author.
    pub author_id: i64,
    /// A specialty's code, or `general`.
    pub specialty: String,
    /// The programs (empty: all).
    pub programs: String,
    /// When it is needed.
    pub due_on: NaiveDate,
    /// The note.
    pub note: String,
    /// Waived.
    pub waived: bool,
    /// CV shared.
    pub share_cv: bool,
    /// The statement draft.
    pub statement: String,
    /// The ERAS Letter ID.
    pub eras_id: Option<String>,
}

fn error(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError { field, message: message.into() }
}

/// Reads the waiver: `waive` or `keep`, nothing else (there is no default).
pub fn parse_waiver(raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_lowercase().as_str() {
        "waive" | "waived" => Ok(true),
        "keep" | "kept" => Ok(false),
        _ => Err(error("waiver", "choose `waive` (you will not read the letter) or `keep` (you may read it)")),
    }
}

/// An ERAS Letter ID as typed: letters, digits and dashes, 4 to 40 of them; empty is none.
pub fn parse_eras_id(raw: &str) -> Result<Option<String>, FieldError> {
    let id = raw.trim().to_uppercase();
    if id.is_empty() {
        return Ok(None);
    }
    if id.len() < 4 || id.len() > 40 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(error("eras_id", "an ERAS Letter ID is 4 to 40 letters, digits and dashes, as on your Letter Request Form"));
    }
    Ok(Some(id))
}

/// A specialty's code or `general`.
pub fn parse_specialty(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_lowercase();
    if code.is_empty() || code == "general" {
        return Ok("general".into());
    }
    Specialty::from_code(&code).map(|s| s.code().to_string()).ok_or_else(|| {
        error("specialty", format!("no specialty '{}': use a code from /api/v1/specialties, or general", raw.trim()))
    })
}

/// The words for a specialty code (or "General").
pub fn specialty_name(code: &str) -> &'static str {
    Specialty::from_code(code).map_or("General", Specialty::name)
}

fn bounded(field: &'static str, raw: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
    let text = raw.trim().to_string();
    if text.chars().count() > max {
        errors.push(error(field, format!("at most {max} characters")));
    }
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        errors.push(error(field, "remove the control characters"));
    }
    text
}

/// Checks a request against `today`; every bad field is named.
pub fn parse(raw: &RawLetterRequest, today: NaiveDate) -> Result<LetterRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let specialty = parse_specialty(&raw.specialty).map_err(|e| errors.push(e)).unwrap_or_default();
    let waived = parse_waiver(&raw.waiver).map_err(|e| errors.push(e)).unwrap_or_default();
    let eras_id = parse_eras_id(&raw.eras_id).map_err(|e| errors.push(e)).unwrap_or_default();
    let earliest = today + Days::new(MIN_NOTICE_DAYS);
    let latest = today + Days::new(MAX_AHEAD_DAYS);
    let due_on = match NaiveDate::parse_from_str(raw.due_on.trim(), "%Y-%m-%d") {
        Ok(d) if d < earliest => {
            errors.push(error("due_on", format!("give the author at least {MIN_NOTICE_DAYS} days: {earliest} or later")));
            None
        }
        Ok(d) if d > latest => {
            errors.push(error("due_on", format!("at most a year ahead: {latest} or earlier")));
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(error("due_on", "the day you need the letter, as YYYY-MM-DD"));
            None
        }
    };
    let note = bounded("note", &raw.note, MAX_NOTE, &mut errors);
    let statement = bounded("statement", &raw.statement, MAX_STATEMENT, &mut errors);
    let mut programs = bounded("programs", &raw.programs, 500, &mut errors);
    if programs.eq_ignore_ascii_case("all") {
        programs.clear();
    }
    if raw.author_id <= 0 {
        errors.push(error("author_id", "choose the preceptor who will write it"));
    }
    match due_on {
        Some(due_on) if errors.is_empty() => Ok(LetterRequest {
            author_id: raw.author_id,
            specialty,
            programs,
            due_on,
            note,
            waived,
            share_cv: raw.share_cv,
            statement,
            eras_id,
        }),
        _ => Err(errors),
    }
}
