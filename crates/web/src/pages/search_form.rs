//! The search form as the page shows it: the values sent, the choices of
//! each select, and links that keep the search while changing one thing.

use matchready_core::flags::Flag;
use matchready_core::{ApplicantType, ExperienceType, FieldError, RawSearch, Specialty, State, Visa};

use super::view::Opt;

/// The filter form, filled in with what was sent.
pub struct Form {
    pub q: String,
    pub specialties: Vec<Opt>,
    pub states: Vec<Opt>,
    pub types: Vec<Opt>,
    pub hands_on: bool,
    pub letter: bool,
    pub start_from: String,
    pub start_to: String,
    pub max_price: String,
    pub visas: Vec<Opt>,
    pub applicant_types: Vec<Opt>,
    pub grad_year: String,
    pub step1: Vec<Opt>,
    pub ecfmg: Vec<Opt>,
    pub sorts: Vec<Opt>,
    pub per_page: String,
    /// Whether any "someone like me" field is filled (opens that section).
    pub like_me: bool,
    /// Whether any filter is set (opens the filter panel on small screens).
    pub active: bool,
    /// Whether the saved profile answers "someone like me" (`mine=true`).
    pub mine: bool,
    /// The saved profile's answers in words (empty: none saved, or not an applicant).
    pub profile_words: Vec<String>,
    /// Whether a signed-in applicant is searching.
    pub applicant: bool,
    /// Whether the address gives "someone like me" answers of its own (they win over the profile).
    pub explicit: bool,
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn filled(values: &[&Option<String>]) -> bool {
    values.iter().any(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty()))
}

fn is_on(v: &Option<String>) -> bool {
    matches!(v.as_deref().map(str::to_ascii_lowercase).as_deref(), Some("true" | "1" | "yes" | "on"))
}

fn yes_no(current: &Option<String>, yes: &'static str, no: &'static str) -> Vec<Opt> {
    Opt::list([("", "Not saying"), ("true", yes), ("false", no)], current.as_deref())
}

impl Form {
    /// The form for `raw`.
    pub fn new(raw: &RawSearch) -> Self {
        let any = std::iter::once(("", "Any"));
        Form {
            q: text(&raw.q),
            specialties: Opt::list(
                any.clone().chain(Specialty::ALL.iter().map(|s| (s.code(), s.name()))),
                raw.specialty.as_deref(),
            ),
            states: Opt::list(any.clone().chain(State::ALL.iter().map(|s| (s.code(), s.name()))), raw.state.as_deref()),
            types: Opt::list(any.clone().chain(ExperienceType::ALL.iter().map(|t| (t.code(), t.name()))), raw.kind.as_deref()),
            hands_on: is_on(&raw.hands_on),
            letter: is_on(&raw.letter),
            start_from: text(&raw.start_from),
            start_to: text(&raw.start_to),
            max_price: text(&raw.max_price),
            visas: Opt::list(
                std::iter::once(("", "Not saying")).chain(<Visa as Flag>::ALL.iter().map(|v| (v.code(), v.name()))),
                raw.visa.as_deref(),
            ),
            applicant_types: Opt::list(
                std::iter::once(("", "Not saying")).chain(<ApplicantType as Flag>::ALL.iter().map(|t| (t.code(), t.name()))),
                raw.applicant_type.as_deref(),
            ),
            grad_year: text(&raw.grad_year),
            step1: yes_no(&raw.step1, "Passed", "Not yet passed"),
            ecfmg: yes_no(&raw.ecfmg, "Certified", "Not certified"),
            sorts: Opt::list(
                [("relevance", "Best match"), ("soonest", "Soonest start"), ("price", "Lowest all-in price")],
                raw.sort.as_deref(),
            ),
            per_page: text(&raw.per_page),
            like_me: filled(&[&raw.applicant_type, &raw.grad_year, &raw.step1, &raw.ecfmg, &raw.visa]),
            active: filled(&[
                &raw.specialty,
                &raw.state,
                &raw.kind,
                &raw.hands_on,
                &raw.letter,
                &raw.start_from,
                &raw.start_to,
                &raw.max_price,
                &raw.applicant_type,
                &raw.grad_year,
                &raw.step1,
                &raw.ecfmg,
                &raw.visa,
            ]),
            mine: false,
            profile_words: Vec::new(),
            applicant: false,
            explicit: raw.has_facts(),
        }
    }
}

/// The label a person sees for a search parameter.
pub fn label(field: &str) -> &'static str {
    match field {
        "q" => "Search text",
        "specialty" => "Specialty",
        "state" => "State",
        "type" => "Type",
        "hands_on" => "Hands-on only",
        "start_from" => "Block starts from",
        "start_to" => "Block starts between",
        "max_price" => "Most I will pay",
        "letter" => "Letters",
        "visa" => "Visa status",
        "applicant_type" => "I am",
        "grad_year" => "Graduation year",
        "step1" => "USMLE Step 1",
        "ecfmg" => "ECFMG certification",
        "sort" => "Sort by",
        "page" => "Page",
        _ => "Results per page",
    }
}

/// An error as the page shows it: the field's label, then what to fix.
pub fn page_message(e: &FieldError) -> String {
    format!("{}: {}", label(e.field), e.message)
}

/// The form field an error belongs to, for the link in the error summary.
pub fn field_id(e: &FieldError) -> String {
    format!("f-{}", e.field.replace('_', "-"))
}

/// The query string of `raw` with `page` set; blank fields left out.
pub fn with_page(raw: &RawSearch, page: u32) -> String {
    let mut r = raw.clone();
    for v in [
        &mut r.q,
        &mut r.specialty,
        &mut r.state,
        &mut r.kind,
        &mut r.hands_on,
        &mut r.start_from,
        &mut r.start_to,
        &mut r.max_price,
        &mut r.letter,
        &mut r.visa,
        &mut r.applicant_type,
        &mut r.grad_year,
        &mut r.step1,
        &mut r.ecfmg,
        &mut r.sort,
        &mut r.per_page,
    ] {
        if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
            *v = None;
        }
    }
    r.page = (page > 1).then(|| page.to_string());
    serde_urlencoded::to_string(&r).unwrap_or_default()
}

/// Only the "someone like me" facts, to carry from results to a detail page.
pub fn like_me(raw: &RawSearch) -> String {
    let facts = RawSearch {
        applicant_type: raw.applicant_type.clone(),
        grad_year: raw.grad_year.clone(),
        step1: raw.step1.clone(),
        ecfmg: raw.ecfmg.clone(),
        visa: raw.visa.clone(),
        ..RawSearch::default()
    };
    with_page(&facts, 1)
}
