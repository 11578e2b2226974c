//! Catalog search: the raw parameters a person or client sends, parsed into
//! a typed query, with an error per field that says what to fix.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{ApplicantFacts, ApplicantType, ExperienceSummary, ExperienceType, Specialty, State, Visa};

mod like_me;
pub use like_me::profile_facts_in_words;

/// Most results on one page.
pub const MAX_PER_PAGE: u32 = 100;
/// Results on a page when none is asked for.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Highest page number accepted.
pub const MAX_PAGE: u32 = 10_000;
/// Most search terms used from the free text.
pub const MAX_TERMS: usize = 8;
/// Longest free-text query accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 200;

/// Search parameters as sent: every value a string, checked by [`SearchQuery::parse`].
/// Empty strings (blank form fields) count as absent.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RawSearch {
    /// Free text: title, specialty, site, city, preceptor, description.
    pub q: Option<String>,
    /// Specialty code, e.g. `internal-medicine` (see `GET /api/v1/specialties`).
    pub specialty: Option<String>,
    /// Two-letter state code, e.g. `NY`.
    pub state: Option<String>,
    /// Experience type: clinical_rotation, externship, clerkship, elective, observership, research, telerotation.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
    /// `true` for hands-on experiences (USCE) only.
    pub hands_on: Option<String>,
    /// A block starts on or after this date (YYYY-MM-DD).
    pub start_from: Option<String>,
    /// A block starts on or before this date (YYYY-MM-DD).
    pub start_to: Option<String>,
    /// Highest all-in price, in whole US dollars.
    pub max_price: Option<String>,
    /// `true` for experiences whose preceptor writes letters for strong trainees.
    pub letter: Option<String>,
    /// Visa status the site must accept: b1_b2, f1, j1, h1b, us_citizen_or_resident, other.
    pub visa: Option<String>,
    /// "Eligible for someone like me": ims, img, np or pa.
    pub applicant_type: Option<String>,
    /// "Eligible for someone like me": year of (expected) graduation.
    pub grad_year: Option<String>,
    /// "Eligible for someone like me": `true` if USMLE Step 1 is passed.
    pub step1: Option<String>,
    /// "Eligible for someone like me": `true` if ECFMG certified.
    pub ecfmg: Option<String>,
    /// Sort order: relevance (the default: text match, then hands-on, verified and soonest first), soonest, price.
    pub sort: Option<String>,
    /// Page number, from 1.
    pub page: Option<String>,
    /// Results per page, 1–100 (default 20).
    pub per_page: Option<String>,
}

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match: text rank, then hands-on, verified and soonest first.
    Relevance,
    /// Earliest upcoming block first.
    Soonest,
    /// Lowest all-in price first.
    Price,
}

impl Sort {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Soonest => "soonest",
            Self::Price => "price",
        }
    }
}

/// A checked search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// Lower-case alphanumeric words; each must prefix-match a word of the listing.
    pub terms: Vec<String>,
    /// Specialty.
    pub specialty: Option<Specialty>,
    /// State.
    pub state: Option<State>,
    /// Type.
    pub kind: Option<ExperienceType>,
    /// Hands-on only.
    pub hands_on: bool,
    /// Earliest block start.
    pub start_from: Option<NaiveDate>,
    /// Latest block start.
    pub start_to: Option<NaiveDate>,
    /// Highest all-in price in cents.
    pub max_price_cents: Option<i64>,
    /// Letter possible only.
    pub letter: bool,
    /// The site must accept this visa status.
    pub visa: Option<Visa>,
    /// The applicant must be eligible, as far as these facts go.
    pub applicant: ApplicantFacts,
    /// Order.
    pub sort: Sort,
    /// Page, from 1.
    pub page: u32,
    /// Results per page.
    pub per_page: u32,
}

impl Default for SearchQuery {
    fn default() -> Self {
        Self {
            terms: Vec::new(),
            specialty: None,
            state: None,
            kind: None,
            hands_on: false,
            start_from: None,
            start_to: None,
            max_price_cents: None,
            letter: false,
            visa: None,
            applicant: ApplicantFacts::default(),
            sort: Sort::Relevance,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

/// One search parameter that could not be used, and how to fix it. The
/// message does not repeat the parameter's name, so that the API can prefix
/// the name and a page the field's label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The parameter's name.
    pub field: &'static str,
    /// What is wrong and what to send instead.
    pub message: String,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SearchPage {
    /// The results on this page.
    pub items: Vec<ExperienceSummary>,
    /// How many experiences match in all.
    pub total: i64,
    /// This page's number.
    pub page: u32,
    /// Results per page.
    pub per_page: u32,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

struct Parser {
    errors: Vec<FieldError>,
}

impl Parser {
    fn fail(&mut self, field: &'static str, message: String) {
        self.errors.push(FieldError { field, message });
    }

    /// Parses a code; `advice` (made only when needed) says what to send instead.
    fn code<T>(
        &mut self,
        field: &'static str,
        raw: &Option<String>,
        parse: impl Fn(&str) -> Option<T>,
        advice: impl FnOnce() -> String,
    ) -> Option<T> {
        let s = present(raw)?;
        let parsed = parse(s);
        if parsed.is_none() {
            self.fail(field, format!("unknown value '{}'; {}", clip(s), advice()));
        }
        parsed
    }

    fn flag(&mut self, field: &'static str, raw: &Option<String>) -> Option<bool> {
        let s = present(raw)?;
        match s.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Some(true),
            "false" | "0" | "no" | "off" => Some(false),
            _ => {
                self.fail(field, format!("must be true or false, not '{}'", clip(s)));
                None
            }
        }
    }

    fn date(&mut self, field: &'static str, raw: &Option<String>) -> Option<NaiveDate> {
        let s = present(raw)?;
        let parsed = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        if parsed.is_none() {
            self.fail(field, format!("must be a date written YYYY-MM-DD, such as 2027-03-01, not '{}'", clip(s)));
        }
        parsed
    }

    fn number(&mut self, field: &'static str, raw: &Option<String>, min: i64, max: i64, what: &str) -> Option<i64> {
        let s = present(raw)?;
        match s.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.fail(field, format!("must be {what} from {min} to {max}, not '{}'", clip(s)));
                None
            }
        }
    }
}

fn clip(s: &str) -> String {
    clip_at(s, 40)
}

/// A value as sent, cut to `most` characters (with "…") to be quoted in an error.
pub(crate) fn clip_at(s: &str, most: usize) -> String {
    if s.chars().count() > most { format!("{}…", s.chars().take(most).collect::<String>()) } else { s.to_string() }
}

fn one_of<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> String {
    format!("use one of: {}", all.iter().map(|v| code(*v)).collect::<Vec<_>>().join(", "))
}

/// The words of a text as search sees them: lower-case runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase().chars().take(40).collect())
}

/// Splits free text into search terms: its distinct words, at most [`MAX_TERMS`].
pub fn terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words(text) {
        if !out.contains(&w) {
            out.push(w);
        }
        if out.len() == MAX_TERMS {
            break;
        }
    }
    out
}

impl SearchQuery {
    /// Checks raw parameters. `year` is the current year, bounding graduation years.
    pub fn parse(raw: &RawSearch, year: i32) -> Result<Self, Vec<FieldError>> {
        let mut p = Parser { errors: Vec::new() };
        let text = present(&raw.q).unwrap_or("");
        if text.chars().count() > MAX_TEXT_CHARS {
            p.fail("q", format!("is too long: use at most {MAX_TEXT_CHARS} characters"));
        }
        let terms = terms(text);
        let specialty = p.code("specialty", &raw.specialty, Specialty::from_code, || {
            "use a code from GET /api/v1/specialties, such as internal-medicine".into()
        });
        let state = p.code("state", &raw.state, State::from_code, || "use a two-letter US state code, such as NY".into());
        let kind = p.code("type", &raw.kind, ExperienceType::from_code, || one_of(ExperienceType::ALL, ExperienceType::code));
        let hands_on = p.flag("hands_on", &raw.hands_on).unwrap_or(false);
        let start_from = p.date("start_from", &raw.start_from);
        let start_to = p.date("start_to", &raw.start_to);
        if let (Some(from), Some(to)) = (start_from, start_to)
            && from > to
        {
            p.fail(
                "start_to",
                format!("the window ends ({to}) before it starts ({from}): swap the two dates, or widen the window"),
            );
        }
        let max_price_cents =
            p.number("max_price", &raw.max_price, 0, 1_000_000, "a whole number of US dollars").map(|d| d * 100);
        let letter = p.flag("letter", &raw.letter).unwrap_or(false);
        let visa = p.code("visa", &raw.visa, Visa::from_code, || one_of(<Visa as crate::flags::Flag>::ALL, Visa::code));
        let applicant_types = || one_of(<ApplicantType as crate::flags::Flag>::ALL, ApplicantType::code);
        let applicant = ApplicantFacts {
            applicant_type: p.code("applicant_type", &raw.applicant_type, ApplicantType::from_code, applicant_types),
            graduation_year: p.number("grad_year", &raw.grad_year, 1950, i64::from(year) + 8, "a year").map(|y| y as i32),
            step1_passed: p.flag("step1", &raw.step1),
            ecfmg_certified: p.flag("ecfmg", &raw.ecfmg),
            visa,
        };
        let sort = match present(&raw.sort) {
            None | Some("relevance") => Sort::Relevance,
            Some("soonest") => Sort::Soonest,
            Some("price") => Sort::Price,
            Some(other) => {
                p.fail("sort", format!("unknown value '{}'; use one of: relevance, soonest, price", clip(other)));
                Sort::Relevance
            }
        };
        let page = p.number("page", &raw.page, 1, i64::from(MAX_PAGE), "a page number").unwrap_or(1) as u32;
        let per_page = p
            .number("per_page", &raw.per_page, 1, i64::from(MAX_PER_PAGE), "a count")
            .unwrap_or(i64::from(DEFAULT_PER_PAGE)) as u32;
        if !p.errors.is_empty() {
            return Err(p.errors);
        }
        Ok(Self {
            terms,
            specialty,
            state,
            kind,
            hands_on,
            start_from,
            start_to,
            max_price_cents,
            letter,
            visa,
            applicant,
            sort,
            page,
            per_page,
        })
    }

    /// Rows to skip before this page.
    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }
}

#[cfg(test)]
mod tests;
