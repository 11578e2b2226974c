//! What a plan is asked for: the applicant's profile, and what they or their advisor change for
//! this one plan, every value sent as a string and checked by [`PlanAsk::parse`].

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::plan::weights::{Wants, Weights};
use crate::{ApplicantFacts, FieldError, Profile};

/// The most a plan's budget may be, in cents.
pub const MAX_BUDGET_CENTS: i64 = 100_000_00;

/// A plan's options as sent: every value a string, blank for the profile's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, IntoParams, ToSchema)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RawPlanOptions {
    /// The budget in US dollars, e.g. `20000`; blank for the profile's.
    pub budget: Option<String>,
    /// The first day to plan from (YYYY-MM-DD); with `to`, in place of the profile's dates.
    pub from: Option<String>,
    /// The last day (YYYY-MM-DD).
    pub to: Option<String>,
    /// Months more after the last available day, 0 to 12.
    pub months: Option<String>,
    /// `true`: only experiences whose preceptor writes letters.
    pub letters_only: Option<String>,
    /// `true`: only hands-on experiences.
    pub hands_on_only: Option<String>,
    /// Points per week for a hands-on rotation.
    pub weight_hands_on: Option<String>,
    /// Points per week for an observership.
    pub weight_observing: Option<String>,
    /// Points per week in a target specialty.
    pub weight_specialty: Option<String>,
    /// Points per week for a preceptor who writes letters.
    pub weight_letters: Option<String>,
    /// Points per week for a listing verified in the last 180 days.
    pub weight_verified: Option<String>,
    /// Points per week at a teaching hospital.
    pub weight_teaching: Option<String>,
    /// Points per week in a preferred state.
    pub weight_preferred_state: Option<String>,
    /// Points per week with two or more seats left.
    pub weight_seats: Option<String>,
    /// Points lost per move to another state.
    pub weight_travel: Option<String>,
}

/// A time the applicant is already taken (a rotation they hold), which no pick may overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// What it is, for the reason a block is left out.
    pub what: String,
}

/// A checked request for a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanAsk {
    /// Today: blocks start after it.
    pub today: NaiveDate,
    /// Who the applicant is, for eligibility.
    pub facts: ApplicantFacts,
    /// Their target specialties and preferred states.
    pub wants: Wants,
    /// The budget, in cents.
    pub budget_cents: i64,
    /// The ranges of days they are free, each inclusive, by start.
    pub windows: Vec<(NaiveDate, NaiveDate)>,
    /// Only preceptors who write letters.
    pub letters_only: bool,
    /// Only hands-on experiences.
    pub hands_on_only: bool,
    /// What the plan maximises.
    pub weights: Weights,
    /// Rotations already held.
    pub busy: Vec<Busy>,
}

impl PlanAsk {
    /// Checks the options against the profile: every mistake named by its parameter.
    pub fn parse(raw: &RawPlanOptions, profile: &Profile, base: Weights, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut e = Vec::new();
        let budget_cents = match text(&raw.budget) {
            Some(t) => match crate::money::parse_dollars(t) {
                Some(c) if c > 0 && c <= MAX_BUDGET_CENTS => Some(c),
                _ => {
                    e.push(FieldError {
                        field: "budget",
                        message: "give a budget from $1 to $100,000 in dollars, e.g. 20000".into(),
                    });
                    None
                }
            },
            None => match profile.budget_cents.filter(|b| *b > 0) {
                Some(b) => Some(b),
                None => {
                    e.push(FieldError {
                        field: "budget",
                        message: "your profile has no budget: give one in dollars, e.g. 20000".into(),
                    });
                    None
                }
            },
        };
        let windows = windows(raw, profile, today, &mut e);
        let months = match text(&raw.months) {
            None => 0,
            Some(t) => match t.parse::<u32>() {
                Ok(m) if m <= 12 => m,
                _ => {
                    e.push(FieldError { field: "months", message: "give a whole number of months from 0 to 12".into() });
                    0
                }
            },
        };
        let letters_only = flag(&raw.letters_only, "letters_only", &mut e);
        let hands_on_only = flag(&raw.hands_on_only, "hands_on_only", &mut e);
        let weights = Weights::parse(
            [
                ("weight_hands_on", text(&raw.weight_hands_on)),
                ("weight_observing", text(&raw.weight_observing)),
                ("weight_specialty", text(&raw.weight_specialty)),
                ("weight_letters", text(&raw.weight_letters)),
                ("weight_verified", text(&raw.weight_verified)),
                ("weight_teaching", text(&raw.weight_teaching)),
                ("weight_preferred_state", text(&raw.weight_preferred_state)),
                ("weight_seats", text(&raw.weight_seats)),
                ("weight_travel", text(&raw.weight_travel)),
            ],
            base,
            &mut e,
        );
        match (budget_cents, windows) {
            (Some(budget_cents), Some(windows)) if e.is_empty() => Ok(Self {
                today,
                facts: profile.facts(),
                wants: Wants { specialties: profile.target_specialties.clone(), states: profile.preferred_states.clone() },
                budget_cents,
                windows: extend(windows, months),
                letters_only,
                hands_on_only,
                weights,
                busy: Vec::new(),
            }),
            _ => Err(e),
        }
    }

    /// The same ask with one more month after its last day (for "what one more month would change").
    pub fn one_month_more(&self) -> Self {
        Self { windows: extend(self.windows.clone(), 1), ..self.clone() }
    }

    /// The calendar year, for eligibility's years since graduation.
    pub fn year(&self) -> i32 {
        self.today.year()
    }

    /// Whether a block's days fall inside one window and after today.
    pub fn fits(&self, first: NaiveDate, last: NaiveDate) -> bool {
        first > self.today && self.windows.iter().any(|(from, to)| *from <= first && last <= *to)
    }
}

fn windows(
    raw: &RawPlanOptions,
    profile: &Profile,
    today: NaiveDate,
    e: &mut Vec<FieldError>,
) -> Option<Vec<(NaiveDate, NaiveDate)>> {
    let date = |field: &'static str, sent: &Option<String>, e: &mut Vec<FieldError>| {
        let t = text(sent)?;
        NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().or_else(|| {
            e.push(FieldError { field, message: "give a date as YYYY-MM-DD, e.g. 2027-03-01".into() });
            None
        })
    };
    let (from, to) = (date("from", &raw.from, e), date("to", &raw.to, e));
    let asked = match (text(&raw.from), text(&raw.to)) {
        (None, None) => None,
        (Some(_), None) | (None, Some(_)) => {
            let field = if raw.from.is_some() { "to" } else { "from" };
            e.push(FieldError { field, message: "give both from and to, or neither for your profile's dates".into() });
            return None;
        }
        (Some(_), Some(_)) => Some((from?, to?)),
    };
    let Some((from, to)) = asked else {
        let mine: Vec<(NaiveDate, NaiveDate)> =
            profile.available.iter().filter(|a| a.to > today).map(|a| (a.from.max(today), a.to)).collect();
        if mine.is_empty() {
            e.push(FieldError {
                field: "from",
                message: "your profile gives no dates you are free from today on: give from and to, or add them to your profile"
                    .into(),
            });
            return None;
        }
        let mut mine = mine;
        mine.sort();
        return Some(mine);
    };
    if to < from {
        e.push(FieldError { field: "to", message: format!("the range is empty: {to} is before {from}") });
        None
    } else if to <= today {
        e.push(FieldError { field: "to", message: format!("{to} is not after today ({today}): plan days still to come") });
        None
    } else if (to - from.max(today)).num_days() > 2 * 366 {
        e.push(FieldError { field: "to", message: "plan at most two years at a time".into() });
        None
    } else {
        Some(vec![(from.max(today), to)])
    }
}

fn extend(mut windows: Vec<(NaiveDate, NaiveDate)>, months: u32) -> Vec<(NaiveDate, NaiveDate)> {
    if let Some(last) = windows.iter_mut().max_by_key(|w| w.1) {
        last.1 = last.1.checked_add_months(Months::new(months)).unwrap_or(last.1);
    }
    windows
}

fn text(sent: &Option<String>) -> Option<&str> {
    sent.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn flag(sent: &Option<String>, field: &'static str, e: &mut Vec<FieldError>) -> bool {
    match text(sent).map(str::to_ascii_lowercase).as_deref() {
        None | Some("false" | "off" | "0" | "no") => false,
        Some("true" | "on" | "1" | "yes") => true,
        Some(_) => {
            e.push(FieldError { field, message: "give true or false".into() });
            false
        }
    }
}
