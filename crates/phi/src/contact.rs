//! Identifiers with a shape of their own: email and web addresses, IP
//! addresses, telephone and fax numbers, social security numbers, VINs.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::{Found, Kind};

const P_EMAIL: &str = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}";
const P_URL: &str = r#"(?i)(?:https?://|ftp://|www\.)[^\s<>"'()\[\]{}]+"#;
const P_DOMAIN: &str = r#"(?i)(?-u:\b)[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:com|org|net|edu|gov|io|info|biz|health|app|dev|uk|ca|au|de|fr|nl|ly|tv|site|online|mil)(?-u:\b)(?:/[^\s<>"'()\[\]{}]*)?"#;
const P_IPV4: &str = r"(?-u:\b)(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?-u:\b)";
const P_IPV6: &str = r"(?i)(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?|::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})";
const P_PHONE_NA: &str =
    r"(?i)(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.\-])\d{3}[\s.\-]\d{4}(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?";
const P_PHONE_INTL: &str = r"\+\d{1,3}(?:[\s.\-]?\(?\d{1,5}\)?){2,5}";
const P_PHONE_CUE: &str = r"(?i)(?-u:\b)(?:phone|ph|tel|telephone|cell|cellphone|mobile|fax|facsimile|call(?:ed)?|text|pager|beeper|contact|reach(?:able|ed)?(?:\s+at)?|number|line|landline|whatsapp)(?-u:\b)\s*(?:(?:number|no\.?|#|is|at|on|to)\s*)*[:#]?\s*(\+?\d[\d\s.\-()]{5,16}\d)";
const P_SSN: &str = r"(?-u:\b)\d{3}[\-\s]\d{2}[\-\s]\d{4}(?-u:\b)|(?-u:\b)\d{3}\.\d{2}\.\d{4}(?-u:\b)";
const P_VIN: &str = r"(?i)(?-u:\b)[A-HJ-NPR-Z0-9]{17}(?-u:\b)";

/// Every pattern at once: one pass says which of them match anywhere, and only those run.
static ANY: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([P_EMAIL, P_URL, P_DOMAIN, P_IPV4, P_IPV6, P_PHONE_NA, P_PHONE_INTL, P_PHONE_CUE, P_SSN, P_VIN])
        .expect("contact patterns")
});

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("contact pattern")
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| re(P_EMAIL));
static URL: LazyLock<Regex> = LazyLock::new(|| re(P_URL));
/// A bare domain with a common top-level domain, and maybe a path.
static DOMAIN: LazyLock<Regex> = LazyLock::new(|| re(P_DOMAIN));
static IPV4: LazyLock<Regex> = LazyLock::new(|| re(P_IPV4));
static IPV6: LazyLock<Regex> = LazyLock::new(|| re(P_IPV6));
/// North American numbers: `(555) 123-4567`, `555.123.4567`, `+1 555 123 4567`, with an extension.
static PHONE_NA: LazyLock<Regex> = LazyLock::new(|| re(P_PHONE_NA));
/// International numbers: `+44 20 7946 0958`, `+91-98765-43210`.
static PHONE_INTL: LazyLock<Regex> = LazyLock::new(|| re(P_PHONE_INTL));
/// A number said to be a telephone or fax: `cell 5551234567`, `fax: 555-1234`.
static PHONE_CUE: LazyLock<Regex> = LazyLock::new(|| re(P_PHONE_CUE));
static SSN: LazyLock<Regex> = LazyLock::new(|| re(P_SSN));
static VIN: LazyLock<Regex> = LazyLock::new(|| re(P_VIN));

fn digits(s: &str) -> usize {
    s.bytes().filter(u8::is_ascii_digit).count()
}

/// Is the byte before `at` (or at `at`) part of a longer number?
fn digit_at(text: &str, at: usize) -> bool {
    text.as_bytes().get(at).is_some_and(u8::is_ascii_digit)
}

fn isolated(text: &str, start: usize, end: usize) -> bool {
    !(start > 0 && (digit_at(text, start - 1) || text.as_bytes()[start - 1] == b'/'))
        && !digit_at(text, end)
        && !(text[end..].starts_with('/') || text[end..].starts_with(".") && digit_at(text, end + 1))
}

/// Trailing punctuation is the sentence's, not the address's.
fn trim_tail(text: &str, start: usize, mut end: usize) -> usize {
    while end > start && text[..end].ends_with(['.', ',', ';', ':', '!', '?']) {
        end -= 1;
    }
    end
}

pub fn find(text: &str, out: &mut Vec<Found>) {
    let hit = ANY.matches(text);
    // Cheap checks first: most notes have no '@', '://' or '+'.
    let at = text.contains('@');
    let scheme = text.contains("://") || text.contains("www.") || text.contains("WWW.");
    let colons = text.contains("::") || text.bytes().filter(|&b| b == b':').count() >= 7;
    for m in EMAIL.find_iter(text).take_while(|_| at && hit.matched(0)) {
        out.push(Found::new(m.range(), Kind::Email, "an email address"));
    }
    for m in URL.find_iter(text).take_while(|_| scheme && hit.matched(1)) {
        let end = trim_tail(text, m.start(), m.end());
        out.push(Found::new(m.start()..end, Kind::Url, "a web address"));
    }
    for m in DOMAIN.find_iter(text).take_while(|_| hit.matched(2)) {
        let before = text[..m.start()].chars().next_back();
        if matches!(before, Some('@' | '.' | '/')) || text[m.end()..].starts_with('@') {
            continue;
        }
        let end = trim_tail(text, m.start(), m.end());
        out.push(Found::new(m.start()..end, Kind::Url, "a web domain"));
    }
    for m in IPV4.find_iter(text).take_while(|_| hit.matched(3)) {
        let after_dot_digit = text[m.end()..].starts_with('.') && digit_at(text, m.end() + 1);
        let before_dot = m.start() > 0 && text.as_bytes()[m.start() - 1] == b'.';
        if !after_dot_digit && !before_dot {
            out.push(Found::new(m.range(), Kind::Ip, "an IPv4 address"));
        }
    }
    for m in IPV6.find_iter(text).take_while(|_| colons && hit.matched(4)) {
        let s = m.as_str();
        let groups = s.split(':').filter(|g| !g.is_empty()).count();
        let hexy = s.bytes().any(|b| b.is_ascii_alphabetic());
        let bounded = !text[..m.start()].ends_with(|c: char| c.is_ascii_alphanumeric())
            && !text[m.end()..].starts_with(|c: char| c.is_ascii_alphanumeric());
        if bounded && (groups >= 8 || (s.contains("::") && (hexy || groups >= 3 || s == "::1"))) {
            out.push(Found::new(m.range(), Kind::Ip, "an IPv6 address"));
        }
    }
    let plus = text.contains('+');
    let phones = [(hit.matched(5), &*PHONE_NA), (plus && hit.matched(6), &*PHONE_INTL)];
    for re in phones.into_iter().filter(|(hit, _)| *hit).map(|(_, re)| re) {
        for m in re.find_iter(text) {
            let d = digits(m.as_str());
            let end = m.start() + m.as_str().trim_end().len();
            if (10..=15).contains(&d) && isolated(text, m.start(), end) {
                out.push(Found::new(m.start()..end, Kind::PhoneFax, "a telephone number"));
            }
        }
    }
    for c in PHONE_CUE.captures_iter(text).take_while(|_| hit.matched(7)) {
        let (Some(all), Some(n)) = (c.get(0), c.get(1)) else { continue };
        let d = digits(n.as_str());
        if (7..=15).contains(&d) && isolated(text, n.start(), n.end()) {
            let cue = all.as_str().split(|c: char| !c.is_alphabetic()).next().unwrap_or("").to_lowercase();
            out.push(Found::new(n.range(), Kind::PhoneFax, format!("after '{cue}'")));
        }
    }
    for m in SSN.find_iter(text).take_while(|_| hit.matched(8)) {
        if isolated(text, m.start(), m.end()) {
            out.push(Found::new(m.range(), Kind::Ssn, "the shape of a social security number"));
        }
    }
    for m in VIN.find_iter(text).take_while(|_| hit.matched(9)) {
        let s = m.as_str();
        if s.bytes().any(|b| b.is_ascii_alphabetic()) && digits(s) >= 4 {
            out.push(Found::new(m.range(), Kind::Vehicle, "the shape of a VIN"));
        }
    }
}
