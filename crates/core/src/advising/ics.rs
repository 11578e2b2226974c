//! Calendar invitations (RFC 5545): one VEVENT per call, times in UTC, the advisor as organizer
//! and the applicant as attendee, the video link as its location and URL. A change is the same
//! UID with a higher SEQUENCE; a cancellation is METHOD:CANCEL with STATUS:CANCELLED.

use chrono::{DateTime, Utc};

/// What an invitation says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite<'a> {
    /// The call's lasting identity, e.g. `consultation-12@matchready.example`.
    pub uid: &'a str,
    /// 0 when booked, one more at each change.
    pub sequence: i64,
    /// A cancellation.
    pub cancelled: bool,
    /// When the invitation was made.
    pub stamp: i64,
    /// Start and end, seconds since 1970.
    pub start: i64,
    /// End.
    pub end: i64,
    /// Title.
    pub summary: &'a str,
    /// What the call covers.
    pub description: &'a str,
    /// The video room.
    pub video_link: &'a str,
    /// The advisor.
    pub organizer: (&'a str, &'a str),
    /// The applicant.
    pub attendee: (&'a str, &'a str),
}

/// The invitation as an `.ics` file: CRLF line ends, lines folded at 75 octets, text escaped.
pub fn ics(i: &Invite<'_>) -> String {
    let utc = |at: i64| DateTime::<Utc>::from_timestamp(at, 0).unwrap_or_default().format("%Y%m%dT%H%M%SZ").to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//MatchReady//Consultations//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        format!("METHOD:{}", if i.cancelled { "CANCEL" } else { "REQUEST" }),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", text(i.uid)),
        format!("SEQUENCE:{}", i.sequence),
        format!("DTSTAMP:{}", utc(i.stamp)),
        format!("DTSTART:{}", utc(i.start)),
        format!("DTEND:{}", utc(i.end)),
        format!("SUMMARY:{}", text(i.summary)),
        format!("DESCRIPTION:{}", text(&format!("{}\n\nJoin: {}", i.description, i.video_link))),
        format!("LOCATION:{}", text(i.video_link)),
        format!("URL:{}", i.video_link),
        format!("ORGANIZER;CN={}:mailto:{}", param(i.organizer.0), i.organizer.1),
        format!("ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:{}", param(i.attendee.0), i.attendee.1),
        format!("STATUS:{}", if i.cancelled { "CANCELLED" } else { "CONFIRMED" }),
    ];
    if !i.cancelled {
        for (minutes, what) in [(24 * 60, "tomorrow"), (60, "in an hour")] {
            lines.extend([
                "BEGIN:VALARM".to_string(),
                "ACTION:DISPLAY".into(),
                format!("DESCRIPTION:{}", text(&format!("{} {what}", i.summary))),
                format!("TRIGGER:-PT{minutes}M"),
                "END:VALARM".into(),
            ]);
        }
    }
    lines.extend(["END:VEVENT".to_string(), "END:VCALENDAR".into()]);
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

/// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline; other controls dropped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (a name): quoted, with no quotes or controls inside.
fn param(s: &str) -> String {
    let inner: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{inner}\"")
}

/// Folds a content line at 75 octets, never inside a character (RFC 5545 3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}
