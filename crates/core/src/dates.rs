//! Dates and times as people read them, in one format everywhere (pages,
//! emails, letters): "11 Jan 2027", "11 Jan 2027 – 7 Feb 2027",
//! "2 Dec 2026, 18:50 UTC". A deadline is a day's end in UTC, the zone the
//! calendar runs in: "23:59 UTC on 8 Dec 2026".

use chrono::{DateTime, NaiveDate};

/// A day, e.g. "11 Jan 2027".
pub fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// From the first day to the last, e.g. "11 Jan 2027 – 7 Feb 2027".
pub fn span(first: NaiveDate, last: NaiveDate) -> String {
    format!("{} – {}", day(first), day(last))
}

/// The last moment of a day by which something must happen: the calendar acts on the next day
/// (UTC), e.g. "23:59 UTC on 8 Dec 2026".
pub fn deadline(d: NaiveDate) -> String {
    format!("23:59 UTC on {}", day(d))
}

/// Seconds since 1970 as a day and time, e.g. "2 Dec 2026, 18:50 UTC" (empty if out of range).
pub fn moment(at: i64) -> String {
    DateTime::from_timestamp(at, 0).map(|t| format!("{}, {} UTC", day(t.date_naive()), t.format("%H:%M"))).unwrap_or_default()
}

/// Seconds since 1970 as a day, e.g. "2 Dec 2026" (empty if out of range).
pub fn day_of(at: i64) -> String {
    DateTime::from_timestamp(at, 0).map(|t| day(t.date_naive())).unwrap_or_default()
}

/// Seconds since 1970 as a date (1 Jan 1970 if out of range).
pub fn date_of(at: i64) -> NaiveDate {
    DateTime::from_timestamp(at, 0).map(|t| t.date_naive()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn one_readable_format() {
        assert_eq!(day(d(2027, 1, 11)), "11 Jan 2027");
        assert_eq!(span(d(2027, 1, 11), d(2027, 2, 7)), "11 Jan 2027 – 7 Feb 2027");
        assert_eq!(deadline(d(2026, 12, 8)), "23:59 UTC on 8 Dec 2026");
        // 2026-12-02 18:50:42 UTC
        assert_eq!(moment(1_796_237_442), "2 Dec 2026, 18:50 UTC");
        assert_eq!(day_of(1_796_237_442), "2 Dec 2026");
        assert_eq!(moment(i64::MAX), "");
        assert_eq!(day_of(i64::MIN), "");
    }
}
