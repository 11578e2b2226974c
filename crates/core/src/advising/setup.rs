//! What an advisor sets: weekly hours in their own time zone, days off and extra hours, the kinds
//! of consultation they offer, the notice they need, the buffer between calls and the cancellation
//! window. Sent as strings ([`RawSetup`]), checked by [`Setup::parse`], each mistake by its field.

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::time::zone;
use crate::FieldError;

/// A weekly stretch of hours, in the advisor's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    /// Day of the week.
    pub weekday: Weekday,
    /// From.
    pub start: NaiveTime,
    /// To (after `start`, the same day).
    pub end: NaiveTime,
}

/// A change to the weekly hours on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exception {
    /// No calls at all that day.
    Off(NaiveDate),
    /// Hours beyond the weekly ones.
    Extra { date: NaiveDate, start: NaiveTime, end: NaiveTime },
}

/// An advisor's checked setup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// Their time zone.
    pub zone: Tz,
    /// Weekly hours.
    pub weekly: Vec<Hours>,
    /// Days off and extra hours.
    pub exceptions: Vec<Exception>,
    /// The least notice before a call, in minutes.
    pub notice_minutes: i64,
    /// Free minutes kept before and after every call.
    pub buffer_minutes: i64,
    /// A cancellation fewer than this many hours before a paid call is late.
    pub cancel_hours: i64,
    /// What a late cancellation of a paid call costs, in percent of its price.
    pub late_cancel_percent: i64,
    /// The video link sent with every invitation.
    pub video_link: String,
}

/// One weekly stretch as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RawHours {
    /// monday … sunday.
    pub weekday: String,
    /// HH:MM.
    pub start: String,
    /// HH:MM.
    pub end: String,
}

/// One exception as sent: `off` for the whole day, else extra hours `start`–`end`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RawException {
    /// YYYY-MM-DD.
    pub date: String,
    /// The whole day off.
    #[serde(default)]
    pub off: bool,
    /// HH:MM, for extra hours.
    #[serde(default)]
    pub start: String,
    /// HH:MM, for extra hours.
    #[serde(default)]
    pub end: String,
}

/// A setup as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RawSetup {
    /// IANA time zone, e.g. America/Chicago.
    pub zone: String,
    /// Weekly hours.
    #[serde(default)]
    pub weekly: Vec<RawHours>,
    /// Days off and extra hours.
    #[serde(default)]
    pub exceptions: Vec<RawException>,
    /// The least notice, in hours (0 to 720).
    pub notice_hours: i64,
    /// Minutes kept free around every call (0 to 120).
    pub buffer_minutes: i64,
    /// The cancellation window for paid calls, in hours (0 to 336).
    pub cancel_hours: i64,
    /// A late cancellation's charge, in percent of the price (0 to 100).
    pub late_cancel_percent: i64,
    /// An https link to the advisor's video room.
    pub video_link: String,
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// The weekday's name, as sent and shown.
pub fn weekday_name(d: Weekday) -> &'static str {
    WEEKDAYS.iter().find(|(_, w)| *w == d).map_or("monday", |(n, _)| n)
}

impl Setup {
    /// Checks a setup; nothing is kept unless all of it holds.
    pub fn parse(raw: &RawSetup) -> Result<Self, Vec<FieldError>> {
        let mut e = Vec::new();
        let tz = zone(&raw.zone).map_err(|err| e.push(FieldError { field: "zone", message: err.to_string() })).ok();
        let mut weekly = Vec::new();
        for (n, h) in raw.weekly.iter().enumerate() {
            let day = WEEKDAYS.iter().find(|(name, _)| name.eq_ignore_ascii_case(h.weekday.trim())).map(|(_, d)| *d);
            let Some(weekday) = day else {
                e.push(FieldError {
                    field: "weekly",
                    message: format!(
                        "hours {}: \"{}\" is not a day; give monday … sunday",
                        n + 1,
                        crate::search::clip_at(&h.weekday, 20)
                    ),
                });
                continue;
            };
            if let Some((start, end)) = span(&h.start, &h.end, &format!("hours {}", n + 1), &mut e, "weekly") {
                weekly.push(Hours { weekday, start, end });
            }
        }
        weekly.sort_by_key(|h| (h.weekday.num_days_from_monday(), h.start));
        for w in weekly.windows(2) {
            if w[0].weekday == w[1].weekday && w[1].start < w[0].end {
                e.push(FieldError {
                    field: "weekly",
                    message: format!(
                        "{} {}–{} overlaps {}–{}: join them or move one",
                        weekday_name(w[0].weekday),
                        w[0].start.format("%H:%M"),
                        w[0].end.format("%H:%M"),
                        w[1].start.format("%H:%M"),
                        w[1].end.format("%H:%M")
                    ),
                });
            }
        }
        let mut exceptions = Vec::new();
        for (n, x) in raw.exceptions.iter().enumerate() {
            let Ok(date) = NaiveDate::parse_from_str(x.date.trim(), "%Y-%m-%d") else {
                e.push(FieldError { field: "exceptions", message: format!("exception {}: give its date as YYYY-MM-DD", n + 1) });
                continue;
            };
            if x.off {
                exceptions.push(Exception::Off(date));
            } else if let Some((start, end)) = span(&x.start, &x.end, &format!("exception {}", n + 1), &mut e, "exceptions") {
                exceptions.push(Exception::Extra { date, start, end });
            }
        }
        if raw.weekly.len() > 28 {
            e.push(FieldError { field: "weekly", message: "give at most 28 stretches of weekly hours".into() });
        }
        if raw.exceptions.len() > 366 {
            e.push(FieldError { field: "exceptions", message: "give at most 366 days off and extra hours".into() });
        }
        let mut extra: Vec<(NaiveDate, NaiveTime, NaiveTime)> = exceptions
            .iter()
            .filter_map(|x| match *x {
                Exception::Extra { date, start, end } => Some((date, start, end)),
                Exception::Off(_) => None,
            })
            .collect();
        extra.sort();
        for w in extra.windows(2) {
            if w[0].0 == w[1].0 && w[1].1 < w[0].2 {
                e.push(FieldError { field: "exceptions", message: format!("the extra hours on {} overlap: join them", w[0].0) });
            }
        }
        let bounded = |e: &mut Vec<FieldError>, field: &'static str, v: i64, most: i64, what: &str| {
            if !(0..=most).contains(&v) {
                e.push(FieldError { field, message: format!("{what} is 0 to {most}") });
            }
        };
        bounded(&mut e, "notice_hours", raw.notice_hours, 720, "the notice, in hours,");
        bounded(&mut e, "buffer_minutes", raw.buffer_minutes, 120, "the buffer, in minutes,");
        bounded(&mut e, "cancel_hours", raw.cancel_hours, 336, "the cancellation window, in hours,");
        bounded(&mut e, "late_cancel_percent", raw.late_cancel_percent, 100, "the late cancellation charge, in percent,");
        let link = raw.video_link.trim();
        if !link.starts_with("https://") || link.len() > 300 || link.chars().any(|c| c.is_whitespace() || c.is_control()) {
            e.push(FieldError {
                field: "video_link",
                message: "give the https:// link of your video room, at most 300 characters".into(),
            });
        }
        match tz {
            Some(zone) if e.is_empty() => Ok(Self {
                zone,
                weekly,
                exceptions,
                notice_minutes: raw.notice_hours * 60,
                buffer_minutes: raw.buffer_minutes,
                cancel_hours: raw.cancel_hours,
                late_cancel_percent: raw.late_cancel_percent,
                video_link: link.to_string(),
            }),
            _ => Err(e),
        }
    }

    /// The setup as sent, to store and to fill a form.
    pub fn raw(&self) -> RawSetup {
        let hm = |t: NaiveTime| t.format("%H:%M").to_string();
        RawSetup {
            zone: self.zone.name().to_string(),
            weekly: self
                .weekly
                .iter()
                .map(|h| RawHours { weekday: weekday_name(h.weekday).into(), start: hm(h.start), end: hm(h.end) })
                .collect(),
            exceptions: self
                .exceptions
                .iter()
                .map(|x| match *x {
                    Exception::Off(date) => RawException { date: date.to_string(), off: true, ..RawException::default() },
                    Exception::Extra { date, start, end } => {
                        RawException { date: date.to_string(), off: false, start: hm(start), end: hm(end) }
                    }
                })
                .collect(),
            notice_hours: self.notice_minutes / 60,
            buffer_minutes: self.buffer_minutes,
            cancel_hours: self.cancel_hours,
            late_cancel_percent: self.late_cancel_percent,
            video_link: self.video_link.clone(),
        }
    }

    /// The stretches of hours on `date`, in the advisor's zone: none on a day off.
    pub fn hours_on(&self, date: NaiveDate) -> Vec<(NaiveTime, NaiveTime)> {
        use chrono::Datelike;
        if self.exceptions.contains(&Exception::Off(date)) {
            return Vec::new();
        }
        let mut out: Vec<(NaiveTime, NaiveTime)> =
            self.weekly.iter().filter(|h| h.weekday == date.weekday()).map(|h| (h.start, h.end)).collect();
        out.extend(self.exceptions.iter().filter_map(|x| match *x {
            Exception::Extra { date: d, start, end } if d == date => Some((start, end)),
            _ => None,
        }));
        out.sort();
        out
    }
}

/// Reads `start`–`end` as times on a quarter hour, the first before the second.
fn span(start: &str, end: &str, what: &str, e: &mut Vec<FieldError>, field: &'static str) -> Option<(NaiveTime, NaiveTime)> {
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok().filter(|t| chrono::Timelike::minute(t) % 15 == 0);
    match (time(start), time(end)) {
        (Some(s), Some(t)) if s < t => Some((s, t)),
        (Some(_), Some(_)) => {
            e.push(FieldError { field, message: format!("{what}: {} is not before {}", start.trim(), end.trim()) });
            None
        }
        _ => {
            e.push(FieldError { field, message: format!("{what}: give times as HH:MM on a quarter hour, e.g. 09:00 and 12:30") });
            None
        }
    }
}
