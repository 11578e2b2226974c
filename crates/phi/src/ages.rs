//! Ages over 89, in digits or words: `92 y/o`, `a 95-year-old`, `aged 101`,
//! `ninety-one-year-old`, `in her 90s`. Ages up to 89 are allowed.

use std::sync::LazyLock;

use regex::Regex;

use crate::{Found, Kind};

const OVER: &str = r"(?:9[0-9]|1[0-2][0-9])";
const WORDS: &str = r"(?:ninety|one\s+hundred(?:\s+and)?|a\s+hundred(?:\s+and)?)(?:[\s\-]+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("age pattern")
}

static AGE: LazyLock<Regex> = LazyLock::new(|| {
    let unit = r"(?:[\s\-]*(?:years?|yrs?|yr|y)[\s\-]*(?:old|of\s+age|o(?-u:\b))|\s*(?:y/?o|y\.o\.?|yo|yof|yom|y/o/[fm])(?-u:\b)|[FM](?-u:\b))";
    re(&format!(
        r"(?i:(?-u:\b)(?:{OVER}|{WORDS}){unit}|(?-u:\b)(?:age[sd]?|aged|age:|turned|turning|at\s+age)\s*(?:of\s+)?(?:{OVER}|{WORDS})(?-u:\b)|(?-u:\b)(?:is|was|turned|turns|now)\s+{WORDS}(?-u:\b)|(?-u:\b)in\s+(?:his|her|their)\s+(?:(?:early|mid|late)[\s\-]+)?(?:90s|90's|nineties|hundreds)|(?-u:\b)(?:nonagenarian|centenarian|supercentenarian))"
    ))
});

pub fn find(text: &str, out: &mut Vec<Found>) {
    for m in AGE.find_iter(text) {
        // "90 M" with a capital: a sex after the age; "90 m" is ninety metres.
        let s = m.as_str();
        let bare_sex = !s.to_lowercase().ends_with("old") && !s.contains(['y', 'Y']) && s.ends_with(['m', 'f', 'M', 'F']);
        if bare_sex && (s.ends_with(['m', 'f']) || temperature_before(text, m.start())) {
            continue;
        }
        out.push(Found::new(m.range(), Kind::AgeOver89, "an age over 89"));
    }
}

/// "T 99F", "temp 102F": a temperature, not an age and a sex.
fn temperature_before(text: &str, at: usize) -> bool {
    let from = crate::dates::floor(text, at.saturating_sub(16));
    let before = text[from..at].to_lowercase();
    ["t ", "temp", "tmax", "fever", "febrile", "°"].iter().any(|w| before.contains(w))
}
