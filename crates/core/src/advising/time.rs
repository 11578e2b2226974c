//! Wall-clock times in IANA time zones: an advisor's hours are kept as the advisor reads them,
//! every call as an instant (seconds since 1970, UTC), and shown in the reader's own zone.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
pub use chrono_tz::Tz;

/// Why a wall-clock time names no single instant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    /// Not an IANA time zone name.
    #[error("\"{0}\" is not a time zone: give an IANA name such as America/New_York or Asia/Kolkata")]
    UnknownZone(String),
    /// Skipped when the clocks went forward.
    #[error("{time} on {date} does not exist in {zone}: the clocks go forward then; choose another time")]
    DoesNotExist { date: String, time: String, zone: String },
    /// Twice, when the clocks went back.
    #[error("{time} on {date} happens twice in {zone}: the clocks go back then; choose another time")]
    Ambiguous { date: String, time: String, zone: String },
}

/// Reads an IANA time zone name.
pub fn zone(name: &str) -> Result<Tz, LocalTimeError> {
    name.trim().parse::<Tz>().map_err(|_| LocalTimeError::UnknownZone(crate::search::clip_at(name, 60)))
}

/// The instant a wall-clock time names in `tz`, refusing one that does not exist or exists twice.
pub fn instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> Result<i64, LocalTimeError> {
    let words = || (crate::dates::day(date), time.format("%H:%M").to_string(), tz.name().to_string());
    match tz.from_local_datetime(&NaiveDateTime::new(date, time)) {
        LocalResult::Single(t) => Ok(t.timestamp()),
        LocalResult::None => {
            let (date, time, zone) = words();
            Err(LocalTimeError::DoesNotExist { date, time, zone })
        }
        LocalResult::Ambiguous(..) => {
            let (date, time, zone) = words();
            Err(LocalTimeError::Ambiguous { date, time, zone })
        }
    }
}

/// The instant a wall-clock time names, or, where the clocks skip it or repeat it, none: an
/// advisor's weekly hours simply have no slot there.
pub fn instant_if_single(tz: Tz, date: NaiveDate, time: NaiveTime) -> Option<i64> {
    instant(tz, date, time).ok()
}

/// Where a stretch of hours ending at `end` on `date` closes: that instant; the earlier one when
/// the clocks repeat it; the first one after, when they skip it.
pub fn closing(tz: Tz, date: NaiveDate, end: NaiveTime) -> Option<i64> {
    let at = |t: NaiveTime| tz.from_local_datetime(&NaiveDateTime::new(date, t)).earliest().map(|t| t.timestamp());
    at(end).or_else(|| (1..=4).find_map(|quarters| at(end + chrono::TimeDelta::minutes(15 * quarters))))
}

/// An instant as a wall-clock time in `tz`.
pub fn local(tz: Tz, at: i64) -> NaiveDateTime {
    DateTime::<Utc>::from_timestamp(at, 0).unwrap_or_default().with_timezone(&tz).naive_local()
}

/// An instant as people read it in `tz`: "Mon 15 Mar 2027, 09:30 EDT".
pub fn shown(tz: Tz, at: i64) -> String {
    let t = DateTime::<Utc>::from_timestamp(at, 0).unwrap_or_default().with_timezone(&tz);
    t.format("%a %-d %b %Y, %H:%M %Z").to_string()
}
