//! The PHI guard: finds HIPAA Safe Harbor's identifiers in clinical text.
//!
//! [`scan`] returns each identifier as a [`Span`] (code-point offsets, as
//! Python indexes a `str`, plus byte offsets for Rust callers), with its
//! [`Kind`] and a short reason a writer can act on; [`redact`] replaces every
//! span with its kind in brackets, `[NAME]`.
//!
//! Pure and deterministic: no I/O, no clock, no model. Structured identifiers
//! come from linear-time regular expressions (`regex`), names and places from
//! word lists shipped in `data/` (loaded once into hash sets and an
//! Aho–Corasick automaton) weighed against context: titles, relations, labels,
//! capitals, and a clinical stop list of eponyms, drugs and anatomy.

mod ages;
mod contact;
mod cues;
mod dates;
mod ids;
mod lexicon;
mod names;
mod places;
mod stop;
mod tokens;

use std::ops::Range;

use serde::Serialize;

/// The identifier types of HIPAA Safe Harbor that text can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Kind {
    /// A person's name (patient, relative, clinician, anyone); not an eponym.
    Name,
    /// A street address, city, county, ZIP code or facility; not a state alone.
    Location,
    /// Any date element but the year.
    Date,
    /// An age over 89.
    AgeOver89,
    /// A telephone or fax number.
    PhoneFax,
    /// An email address.
    Email,
    /// A social security number.
    Ssn,
    /// A medical record number.
    Mrn,
    /// A health plan beneficiary or member number.
    HealthPlan,
    /// An account number.
    Account,
    /// A certificate or licence number (DEA, NPI, driver's licence...).
    License,
    /// A vehicle identifier: plate or VIN.
    Vehicle,
    /// A device identifier or serial number.
    Device,
    /// A web address.
    Url,
    /// An IP address, v4 or v6.
    Ip,
    /// Any other unique identifying number or code.
    OtherId,
}

impl Kind {
    /// The name used in JSON and in redacted text: `NAME`, `AGE_OVER_89`...
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Name => "NAME",
            Kind::Location => "LOCATION",
            Kind::Date => "DATE",
            Kind::AgeOver89 => "AGE_OVER_89",
            Kind::PhoneFax => "PHONE_FAX",
            Kind::Email => "EMAIL",
            Kind::Ssn => "SSN",
            Kind::Mrn => "MRN",
            Kind::HealthPlan => "HEALTH_PLAN",
            Kind::Account => "ACCOUNT",
            Kind::License => "LICENSE",
            Kind::Vehicle => "VEHICLE",
            Kind::Device => "DEVICE",
            Kind::Url => "URL",
            Kind::Ip => "IP",
            Kind::OtherId => "OTHER_ID",
        }
    }

    /// Structured identifiers win over names and places when spans overlap.
    fn rank(self) -> u8 {
        match self {
            Kind::Name | Kind::Location => 0,
            Kind::OtherId => 1,
            Kind::Date | Kind::AgeOver89 => 2,
            _ => 3,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One identifier found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First code point of the identifier (Python `str` index).
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
    /// What it is.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// Why it was flagged, in a few words: "after 'MRN:'".
    pub reason: String,
    /// The same span in bytes, to slice the Rust `&str` with.
    #[serde(skip)]
    pub bytes: Range<usize>,
}

/// A detector's finding, in bytes, before overlaps are merged.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub reason: String,
}

impl Found {
    pub(crate) fn new(range: Range<usize>, kind: Kind, reason: impl Into<String>) -> Self {
        Found { start: range.start, end: range.end, kind, reason: reason.into() }
    }
}

/// Every identifier in `text`, in order, overlaps merged.
pub fn scan(text: &str) -> Vec<Span> {
    let mut found = Vec::new();
    ids::find(text, &mut found);
    dates::find(text, &mut found);
    ages::find(text, &mut found);
    let toks = tokens::tokenize(text);
    places::find(text, &toks, &mut found);
    names::find(text, &toks, &mut found);
    let regions = places::regions(text);
    found.retain(|f| {
        !matches!(f.kind, Kind::Name | Kind::Location) || !regions.iter().any(|r| r.start <= f.start && f.end <= r.end)
    });
    let merged = merge(found);
    to_code_points(text, merged)
}

/// `text` with each span replaced by its kind in brackets: `[NAME]`.
pub fn redact(text: &str) -> String {
    let spans = scan(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in &spans {
        out.push_str(&text[at..s.bytes.start]);
        out.push('[');
        out.push_str(s.kind.as_str());
        out.push(']');
        at = s.bytes.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Overlapping findings become one span; the more specific kind names it.
fn merge(mut found: Vec<Found>) -> Vec<Found> {
    found.retain(|f| f.start < f.end);
    found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        match out.last_mut() {
            Some(last) if f.start < last.end => {
                if f.kind.rank() > last.kind.rank() {
                    last.kind = f.kind;
                    last.reason = f.reason;
                }
                last.end = last.end.max(f.end);
            }
            _ => out.push(f),
        }
    }
    out
}

/// Byte offsets to code-point offsets, in one pass over the text.
fn to_code_points(text: &str, found: Vec<Found>) -> Vec<Span> {
    let mut chars = 0usize;
    let mut byte = 0usize;
    let mut count_to = |target: usize| {
        chars += text[byte..target].chars().count();
        byte = target;
        chars
    };
    let mut out = Vec::with_capacity(found.len());
    for f in found {
        let start = count_to(f.start);
        let end = count_to(f.end);
        out.push(Span { start, end, kind: f.kind, reason: f.reason, bytes: f.start..f.end });
    }
    out
}
