//! Dates: every element but the year. Numeric dates with a year
//! (`03/14/2024`, `2024-03-14`, `14.03.24`), month names with a day or a
//! year (`March 14th`, `14-Mar-2024`, `the 5th of May`, `Sept 2023`), a
//! month and day without a year when a date is expected before it
//! (`seen on 3/14`), and holidays. A year alone is not flagged, nor are
//! ratios, doses and readings (`132/84`, `25/100`, `2/6`).

use std::sync::LazyLock;

use regex::Regex;

use crate::{Found, Kind};

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DAY: &str = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?";
const YEAR: &str = r"(?:(?:1[89]|20)[0-9]{2}|'[0-9]{2})";
const WEEKDAY: &str = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("date pattern")
}

/// Dates with a month name, in all the orders notes use.
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    let b = r"(?-u:\b)";
    re(&format!(
        r"(?i){b}{WEEKDAY}?(?:{MONTH}\.?[\s\-/.]*{DAY}{b}(?:,?[\s\-/.]*{YEAR}{b})?|(?:the\s+)?{DAY}(?:\s+of)?[\s\-/.]*{MONTH}{b}\.?(?:,?[\s\-/.]*{YEAR}{b})?|{YEAR}[\-/.]{MONTH}[\-/.]{DAY}{b}|{MONTH}\.?,?\s+(?:of\s+)?{YEAR}{b})"
    ))
});
/// Numeric dates with a year: `03/14/2024`, `3-14-24`, `14.03.2024`, `2024-03-14`.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u:\b)(?:([0-9]{1,2})([/\-.])([0-9]{1,2})([/\-.])([0-9]{4}|[0-9]{2})|((?:19|20)[0-9]{2})([/\-.])([0-9]{1,2})([/\-.])([0-9]{1,2}))(?-u:\b)",
    )
});
/// A month and day alone, `3/14`, with what comes before it.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)([0-9]{1,2})/([0-9]{1,2})(?-u:\b)"));
/// Words after which a bare `3/14` is a date.
static DATE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:on|since|from|until|till|through|thru|by|dated?|dos|dob|d\.o\.b\.?|born|admit(?:ted)?|admission|discharged?|seen|visit|last|next|starting|started|start|beginning|began|as\s+of|f/u|follow[\s\-]?up|appt|appointment|surgery|procedure|onset|ended|ending|due|scheduled|returned|arrived|before|after|effective|expires?|expiry|exp|between|week\s+of|and|to|[\-–])[\s:,]*$",
    )
});
static HOLIDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:christmas(?:\s+(?:eve|day))?|thanksgiving|easter(?:\s+sunday)?|halloween|new\s+year'?s(?:\s+(?:eve|day))?|independence\s+day|fourth\s+of\s+july|valentine'?s\s+day|memorial\s+day|labor\s+day|mother'?s\s+day|father'?s\s+day)(?-u:\b)",
    )
});
/// A unit right after a number: the number was a dose, not a day.
static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:mg|mcg|g|kg|ml|l|units?|iu|meq|mmol|mmhg|%|x|times|tabs?|caps?|puffs?|drops?|hours?|hrs?|h|minutes?|mins?|days?|weeks?|wks?|months?|mos?|years?|yrs?|cm|mm|bpm)(?-u:\b)",
    )
});

fn valid(month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

pub fn find(text: &str, out: &mut Vec<Found>) {
    let first = out.len();
    for m in NAMED.find_iter(text) {
        let s = m.as_str().trim_end_matches(['.', ',', ' ', '-', '/']);
        let end = m.start() + s.len();
        if UNIT_AFTER.is_match(&text[end..]) || lone_may(s) {
            continue;
        }
        out.push(Found::new(m.start()..end, Kind::Date, "a date with a month name"));
    }
    for c in NUMERIC.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        let ok = match (c.get(1), c.get(3), c.get(8), c.get(10)) {
            (Some(a), Some(b), _, _) => {
                let same_sep = c.get(2).map(|m| m.as_str()) == c.get(4).map(|m| m.as_str());
                same_sep && (valid(num(a.as_str()), num(b.as_str())) || valid(num(b.as_str()), num(a.as_str())))
            }
            (_, _, Some(mo), Some(d)) => valid(num(mo.as_str()), num(d.as_str())),
            _ => false,
        };
        if ok && !text[all.end()..].starts_with(['/', '-']) && !text[..all.start()].ends_with(['/', '.']) {
            out.push(Found::new(all.range(), Kind::Date, "a date"));
        }
    }
    for c in MONTH_DAY.captures_iter(text) {
        let (Some(all), Some(mo), Some(d)) = (c.get(0), c.get(1), c.get(2)) else { continue };
        if !valid(num(mo.as_str()), num(d.as_str())) || text[all.end()..].starts_with(['/', '.']) {
            continue;
        }
        if text[..all.start()].ends_with(['/', '.']) || UNIT_AFTER.is_match(&text[all.end()..]) {
            continue;
        }
        let before = &text[floor(text, all.start().saturating_sub(24))..all.start()];
        let after_date = out[first..].iter().any(|f| f.end <= all.start() && all.start() - f.end <= 6);
        let cue = DATE_CUE.find(before).map(|m| m.as_str().trim().to_lowercase());
        let range_word = matches!(cue.as_deref(), Some("and" | "to" | "-" | "–"));
        if cue.is_some() && (!range_word || after_date) {
            let reason = format!("a month and day after '{}'", cue.unwrap_or_default().trim_end_matches([':', ',']));
            out.push(Found::new(all.range(), Kind::Date, reason));
        }
    }
    for m in HOLIDAY.find_iter(text) {
        out.push(Found::new(m.range(), Kind::Date, "a holiday"));
    }
}

/// "may 3" in lower case is a verb and a number far more often than a date.
fn lone_may(s: &str) -> bool {
    s.split(|c: char| !c.is_alphabetic()).any(|w| w == "may" || w == "mar")
}

/// The nearest character boundary at or before `at`.
pub(crate) fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
