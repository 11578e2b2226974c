//! Hours: the trainee logs each day of the block, the preceptor signs it off
//! or returns it with a comment. A signed day is frozen; a correction is a
//! new entry that replaces the old one once it is signed in turn, and the
//! old one is kept. Pure: today and the block's dates come in as arguments.

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::dates;
use crate::search::FieldError;

/// Where the day was spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkSetting {
    /// Hospital wards.
    Inpatient,
    /// A clinic.
    Outpatient,
    /// The operating room.
    OperatingRoom,
    /// Seeing patients by video or phone.
    Telehealth,
    /// Teaching: rounds, lectures, case conferences.
    Didactics,
}

impl WorkSetting {
    /// Every setting, in the order a form offers them.
    pub const ALL: [Self; 5] = [Self::Inpatient, Self::Outpatient, Self::OperatingRoom, Self::Telehealth, Self::Didactics];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Inpatient => "inpatient",
            Self::Outpatient => "outpatient",
            Self::OperatingRoom => "operating_room",
            Self::Telehealth => "telehealth",
            Self::Didactics => "didactics",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Inpatient => "Inpatient",
            Self::Outpatient => "Outpatient clinic",
            Self::OperatingRoom => "Operating room",
            Self::Telehealth => "Telehealth",
            Self::Didactics => "Didactics",
        }
    }
}

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HoursStatus {
    /// Logged, awaiting the preceptor.
    Pending,
    /// Signed off: frozen.
    Signed,
    /// Sent back with a comment, for the trainee to correct.
    Returned,
    /// A correction took its place (kept, no longer counted).
    Replaced,
}

impl HoursStatus {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Signed => "signed",
            Self::Returned => "returned",
            Self::Replaced => "replaced",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Pending, Self::Signed, Self::Returned, Self::Replaced].into_iter().find(|s| s.code() == code)
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pending => "Awaiting sign-off",
            Self::Signed => "Signed",
            Self::Returned => "Returned",
            Self::Replaced => "Replaced by a correction",
        }
    }
}

/// What happens to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursEvent {
    /// The preceptor signs it.
    Sign,
    /// The preceptor sends it back.
    Return,
    /// A correction of it is logged (a pending or returned entry) or signed (a signed one).
    Replace,
}

/// The one transition function; `None` when the event cannot happen from `from`.
pub fn transition(from: HoursStatus, event: HoursEvent) -> Option<HoursStatus> {
    use HoursEvent as E;
    use HoursStatus as S;
    match (from, event) {
        (S::Pending, E::Sign) => Some(S::Signed),
        (S::Pending, E::Return) => Some(S::Returned),
        (S::Pending | S::Returned | S::Signed, E::Replace) => Some(S::Replaced),
        _ => None,
    }
}

/// One logged day (or part of one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct HoursEntry {
    /// Identifier.
    pub id: i64,
    /// The application (the rotation) it belongs to.
    pub application_id: i64,
    /// The day.
    pub date: NaiveDate,
    /// When it started and ended, minutes after midnight, if the trainee gave times.
    pub span: Option<(i32, i32)>,
    /// How long, minutes.
    pub minutes: i32,
    /// Where.
    pub setting: WorkSetting,
    /// Hands-on (true) or observing.
    pub hands_on: bool,
    /// What was done, in a sentence or two.
    pub activity: String,
    /// Where it stands.
    pub status: HoursStatus,
    /// The preceptor's comment when returned.
    pub comment: String,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
    /// When it was logged, seconds since 1970.
    pub created_at: i64,
    /// Who signed or returned it, and when.
    pub decided_by: Option<i64>,
    /// When it was signed or returned, seconds since 1970.
    pub decided_at: Option<i64>,
}

/// A day as a form or the API sends it: every field as text.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RawDay {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// Start, `HH:MM` (give start and end, or hours).
    pub start: String,
    /// End, `HH:MM`, later the same day.
    pub end: String,
    /// Hours, e.g. `7.5`, when no times are given.
    pub hours: String,
    /// One of inpatient, outpatient, operating_room, telehealth, didactics.
    pub setting: String,
    /// Hands-on (true) or observing (false).
    pub hands_on: bool,
    /// What was done (at most 500 characters; no patient identifiers).
    pub activity: String,
}

/// A day that parsed: what [`check`] judges against the block and the other entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    /// The day.
    pub date: NaiveDate,
    /// Start and end, minutes after midnight.
    pub span: Option<(i32, i32)>,
    /// How long, minutes.
    pub minutes: i32,
    /// Where.
    pub setting: WorkSetting,
    /// Hands-on or observing.
    pub hands_on: bool,
    /// What was done.
    pub activity: String,
}

/// The longest activity note.
pub const MAX_ACTIVITY: usize = 500;
/// Minutes in a day.
pub const DAY_MINUTES: i32 = 24 * 60;

fn bad(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError { field, message: message.into() }
}

fn time(field: &'static str, raw: &str, errors: &mut Vec<FieldError>) -> Option<i32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    // Midnight at the end of a day, for a shift split there.
    if field == "end" && raw == "24:00" {
        return Some(DAY_MINUTES);
    }
    match NaiveTime::parse_from_str(raw, "%H:%M") {
        Ok(t) => Some((t.hour() * 60 + t.minute()) as i32),
        Err(_) => {
            errors.push(bad(field, format!("'{raw}' is not a time; write it as HH:MM, e.g. 08:30")));
            None
        }
    }
}

/// Parses a day, naming each field that cannot be used.
pub fn parse(raw: &RawDay) -> Result<Day, Vec<FieldError>> {
    let mut errors = Vec::new();
    let date = match raw.date.trim().parse::<NaiveDate>() {
        Ok(d) => Some(d),
        Err(_) if raw.date.trim().is_empty() => {
            errors.push(bad("date", "give the day, YYYY-MM-DD"));
            None
        }
        Err(_) => {
            errors.push(bad("date", format!("'{}' is not a date; write YYYY-MM-DD", raw.date.trim())));
            None
        }
    };
    let start = time("start", &raw.start, &mut errors);
    let end = time("end", &raw.end, &mut errors);
    let hours = raw.hours.trim();
    let span = match (start, end) {
        (Some(s), Some(e)) if e > s => Some((s, e)),
        (Some(_), Some(_)) => {
            errors.push(bad("end", "the end must come after the start; split a night shift at midnight (24:00) into two days"));
            None
        }
        (Some(_), None) if raw.end.trim().is_empty() => {
            errors.push(bad("end", "give the end as well as the start"));
            None
        }
        (None, Some(_)) if raw.start.trim().is_empty() => {
            errors.push(bad("start", "give the start as well as the end"));
            None
        }
        _ => None,
    };
    let minutes = match (span, hours) {
        (Some((s, e)), "") => Some(e - s),
        (Some(_), _) => {
            errors.push(bad("hours", "give either the start and end, or the hours, not both"));
            None
        }
        (None, "") if raw.start.trim().is_empty() && raw.end.trim().is_empty() => {
            errors.push(bad("hours", "give the start and end, or the hours"));
            None
        }
        (None, "") => None,
        (None, h) => match h.parse::<f64>() {
            Ok(x) if x.is_finite() && x > 0.0 && x <= 24.0 => Some((x * 60.0).round() as i32),
            _ => {
                errors.push(bad("hours", format!("'{h}' is not a number of hours from 0.25 to 24, e.g. 7.5")));
                None
            }
        },
    };
    if minutes.is_some_and(|m| m < 15) {
        errors.push(bad("hours", "log at least a quarter of an hour"));
    }
    let setting = WorkSetting::from_code(raw.setting.trim());
    if setting.is_none() {
        let codes: Vec<&str> = WorkSetting::ALL.iter().map(|s| s.code()).collect();
        errors.push(bad("setting", format!("say where: one of {}", codes.join(", "))));
    }
    let activity = raw.activity.trim().replace("\r\n", "\n");
    if activity.is_empty() {
        errors.push(bad("activity", "say in a few words what you did"));
    } else if activity.chars().count() > MAX_ACTIVITY {
        errors.push(bad("activity", format!("keep it to {MAX_ACTIVITY} characters; notes go in a SOAP note")));
    } else if activity.chars().any(|c| c.is_control() && c != '\n') {
        errors.push(bad("activity", "remove the control characters"));
    }
    match (date, minutes, setting) {
        (Some(date), Some(minutes), Some(setting)) if errors.is_empty() => {
            Ok(Day { date, span, minutes, setting, hands_on: raw.hands_on, activity })
        }
        _ => Err(errors),
    }
}

/// Whether an entry still counts toward the day (a returned or replaced one does not).
pub fn counts(e: &HoursEntry) -> bool {
    matches!(e.status, HoursStatus::Pending | HoursStatus::Signed)
}

/// Judges `day` against the block (`first`..=`last`), today, and the rotation's other entries;
/// `replacing` are the entries a correction takes the place of (left out). Every other entry that
/// counts is judged against, a signed one with a correction pending included: it counts until the
/// correction is signed.
pub fn check(
    day: &Day,
    first: NaiveDate,
    last: NaiveDate,
    today: NaiveDate,
    others: &[HoursEntry],
    replacing: &[i64],
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if day.date < first || day.date > last {
        let block = dates::span(first, last);
        errors.push(bad("date", format!("log days of your block only: {block}")));
    } else if day.date > today {
        errors.push(bad("date", "a day still to come cannot be logged; log it once it is done"));
    }
    let same: Vec<&HoursEntry> =
        others.iter().filter(|e| e.date == day.date && counts(e) && !replacing.contains(&e.id)).collect();
    // A signed entry and its pending correction stand for one stretch of time: the longer counts.
    let stands_for = |e: &HoursEntry| {
        e.corrects.and_then(|c| same.iter().find(|s| s.id == c && s.status == HoursStatus::Signed)).map(|s| s.minutes)
    };
    let total: i32 = same.iter().map(|e| stands_for(e).map_or(e.minutes, |s| (e.minutes - s).max(0))).sum::<i32>() + day.minutes;
    if total > DAY_MINUTES {
        let before = hours_text(total - day.minutes);
        errors.push(bad("hours", format!("{before} are already logged on that day; a day has 24 hours")));
    }
    if let Some((s, e)) = day.span
        && let Some(o) = same.iter().find(|o| o.span.is_some_and(|(os, oe)| s < oe && os < e))
    {
        let (os, oe) = o.span.unwrap_or_default();
        errors.push(bad("start", format!("this overlaps your entry from {} to {} that day", clock(os), clock(oe))));
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// `HH:MM` for minutes after midnight.
pub fn clock(minutes: i32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// "7.5 hours", "1 hour".
pub fn hours_text(minutes: i32) -> String {
    let h = f64::from(minutes) / 60.0;
    let n = if minutes % 60 == 0 { format!("{}", minutes / 60) } else { format!("{:.2}", h).trim_end_matches('0').to_string() };
    if minutes == 60 { "1 hour".to_string() } else { format!("{n} hours") }
}

pub use super::summary::HoursSummary;

#[cfg(test)]
#[path = "hours_tests.rs"]
mod tests;
