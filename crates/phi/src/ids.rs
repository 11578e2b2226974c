//! Numbers and codes named by a label before them ("MRN: 00482913",
//! "member ID XJH8844211", "DEA/license S81127027", "plate 7ELB321"), and
//! any other long code: a run of seven digits or more, or five digits mixed
//! with letters, which clinical values never are.

use std::sync::LazyLock;

use regex::Regex;

use crate::{Found, Kind, contact};

/// Labels of each kind (case does not matter). Longer labels first.
const LABELS: &[(Kind, &str)] = &[
    (Kind::Vehicle, r"licen[cs]e\s+plates?|plates?|tag|vin|vehicle(?:\s+(?:id|identification))?|car\s+registration"),
    (
        Kind::Mrn,
        r"mrn|mr\s?#|medical\s+record|med\s+rec|record|chart|patient\s+id|pt\s+id|hospital\s+(?:number|no|#|id)|unit\s+(?:number|no)|encounter|emr|ehr",
    ),
    (Kind::Ssn, r"ssn|ss#|social\s+security|social|ss\s+(?:number|no)"),
    (
        Kind::HealthPlan,
        r"member(?:ship)?|insurance|insurer|policy|subscriber|group|medicaid|medicare|mbi|beneficiary|health\s+plan|plan|hicn|payer|coverage|bcbs|blue\s+cross(?:\s+blue\s+shield)?|aetna|cigna|humana|united\s?healthcare|uhc|kaiser|tricare|anthem|molina|wellcare|ambetter|oscar|champva",
    ),
    (Kind::Account, r"account|acct|a/c|billing|invoice|bank|routing|iban|credit\s+card|card|claim|statement"),
    (
        Kind::License,
        r"licen[cs]e|lic|dea|npi|certificate|cert|certification|board\s+certified|driver'?s?(?:\s+licen[cs]e)?|dl|permit|registration",
    ),
    (Kind::Device, r"serial|s/n|sn|device|udi|imei|meid|implant|pacemaker|defibrillator|icd\s+serial|pump|monitor|model"),
    (
        Kind::OtherId,
        r"id|identifier|passport|employee|student|badge|reference|ref|confirmation|ticket|case|file|order|accession|specimen|requisition|tracking|voucher|barcode|fingerprint|biometric|green\s+card|alien|visa",
    ),
];

/// Words that may stand between a label and its code.
const CONNECT: &str = r"number|numbers|no|nos|num|id|ids|identifier|#|is|was|of|and|verified|on\s+file|code|plate|account|licen[cs]e|card|member|policy|serial|sn|s/n";

/// The code itself: letters, digits and hyphens with at least one digit.
const CODE: &str = r"[A-Za-z0-9][A-Za-z0-9\-]*[0-9][A-Za-z0-9\-]*|[0-9]";

/// One pattern for every label: group `k{i}` is `LABELS[i]`, group `code` the code.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    let connect = format!(r"(?:(?:{CONNECT})(?-u:\b)\.?)");
    let any_label = LABELS.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("|");
    let groups = LABELS.iter().enumerate().map(|(i, (_, l))| format!("(?P<k{i}>{l})")).collect::<Vec<_>>().join("|");
    let pattern = format!(
        r"(?i)(?-u:\b)(?:{groups})(?-u:\b)(?:'s)?\.?(?:[\s:#=/()\-]*(?:(?:{any_label})(?-u:\b)|{connect}))*[\s:#=()\-]*(?:(?-i:[A-Z]{{2,5}})\s+)?(?P<code>{CODE})"
    );
    Regex::new(&pattern).expect("label pattern")
});

/// Any code: letters, digits and hyphens.
static CODE_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Za-z0-9][A-Za-z0-9\-]*[0-9][A-Za-z0-9\-]*(?-u:\b)").expect("code pattern"));

fn label_words(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn find(text: &str, out: &mut Vec<Found>) {
    contact::find(text, out);
    for c in LABELLED.captures_iter(text) {
        let Some(code) = c.name("code") else { continue };
        let Some((kind, label)) = (0..LABELS.len()).find_map(|i| c.name(&format!("k{i}")).map(|m| (LABELS[i].0, m.as_str())))
        else {
            continue;
        };
        let s = code.as_str().trim_end_matches('-');
        let digits = s.bytes().filter(u8::is_ascii_digit).count();
        // A label's code has some length and is not a dose, a count or a time ("plan 2", "group 3").
        let short = s.len() < 4 || (digits == s.len() && s.len() < 5) || unit_like(s);
        let end = code.start() + s.len();
        if short || text[end..].starts_with([':', '/']) || text[end..].starts_with(['.', ',']) && next_is_digit(text, end) {
            continue;
        }
        out.push(Found::new(code.start()..end, kind, format!("after '{}'", label_words(label))));
    }
    for m in CODE_RUN.find_iter(text) {
        let s = m.as_str();
        let digits = s.bytes().filter(u8::is_ascii_digit).count();
        let letters = s.bytes().filter(u8::is_ascii_alphabetic).count();
        let decimal = text[m.end()..].starts_with(['.', ',']) && next_is_digit(text, m.end())
            || m.start() > 0 && matches!(text.as_bytes()[m.start() - 1], b'.' | b',' | b'/' | b':');
        if !decimal && (digits >= 7 || (digits >= 5 && letters >= 2)) {
            out.push(Found::new(m.range(), Kind::OtherId, "a long code"));
        }
    }
}

fn next_is_digit(text: &str, at: usize) -> bool {
    text.as_bytes().get(at + 1).is_some_and(u8::is_ascii_digit)
}

/// `14-day`, `3-view`, `12-lead`: a count and a unit, not a code.
fn unit_like(code: &str) -> bool {
    let mut parts = code.split('-');
    let head = parts.next().unwrap_or("");
    code.contains('-') && head.bytes().all(|b| b.is_ascii_digit()) && parts.all(|p| p.bytes().all(|b| b.is_ascii_alphabetic()))
}
