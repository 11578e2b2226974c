//! Checking a text for protected health information: the PHI guard
//! (`matchready-phi`) run for anyone signed in, who pastes a note and sees
//! what to remove before sharing it. Nothing is stored, and the text is never
//! logged.

use std::ops::Range;

use matchready_core::account::{Action, Resource};
use serde::Serialize;
use utoipa::ToSchema;

use crate::guard::member;
use crate::{App, AppError, AppResult, Caller};

/// The longest text checked at once, in characters.
pub const MAX_CHARS: usize = 50_000;

/// One identifier found in the text.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SpanView {
    /// Its first character (counted in Unicode code points from 0).
    pub start: usize,
    /// One past its last character (code points).
    pub end: usize,
    /// What it is: `NAME`, `LOCATION`, `DATE`, `AGE_OVER_89`, `PHONE_FAX`, `EMAIL`, `SSN`, `MRN`,
    /// `HEALTH_PLAN`, `ACCOUNT`, `LICENSE`, `VEHICLE`, `DEVICE`, `URL`, `IP` or `OTHER_ID`.
    #[serde(rename = "type")]
    #[schema(example = "NAME")]
    pub kind: &'static str,
    /// Why it was flagged, in a few words.
    #[schema(example = "after 'MRN'")]
    pub reason: String,
    /// The identifier as it stands in the text.
    pub text: String,
    /// The same span in bytes of the checked text, for the pages to highlight it.
    #[serde(skip)]
    pub bytes: Range<usize>,
}

/// What the guard found in a text.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Checked {
    /// Every identifier, in order of where it stands; none overlap.
    pub spans: Vec<SpanView>,
    /// The text with each identifier replaced by its type in brackets, e.g. `[NAME]`.
    pub redacted: String,
    /// True when nothing was found.
    pub clean: bool,
}

/// May the caller check texts? (Any member may; a page asks before it shows its form.)
pub fn may_check(caller: &Caller) -> AppResult<()> {
    member(caller, Resource::PhiCheck, Action::Create).map(|_| ())
}

/// Checks `text` for HIPAA Safe Harbor identifiers. Any member may; the text is not kept.
pub async fn check(_app: &App, caller: &Caller, text: &str) -> AppResult<Checked> {
    may_check(caller)?;
    if text.trim().is_empty() {
        return Err(AppError::invalid_field("text", "paste the text to check; it is empty"));
    }
    let chars = text.chars().count();
    if chars > MAX_CHARS {
        return Err(AppError::invalid_field(
            "text",
            format!("the text has {chars} characters; check at most {MAX_CHARS} at a time by splitting it into parts"),
        ));
    }
    Ok(checked(text))
}

/// The guard's findings in `text`, with the text redacted.
pub(crate) fn checked(text: &str) -> Checked {
    let found = matchready_phi::scan(text);
    let mut redacted = String::with_capacity(text.len());
    let mut at = 0;
    let mut spans = Vec::with_capacity(found.len());
    for s in found {
        redacted.push_str(&text[at..s.bytes.start]);
        redacted.push('[');
        redacted.push_str(s.kind.as_str());
        redacted.push(']');
        at = s.bytes.end;
        spans.push(SpanView {
            start: s.start,
            end: s.end,
            kind: s.kind.as_str(),
            reason: s.reason,
            text: text[s.bytes.clone()].to_string(),
            bytes: s.bytes,
        });
    }
    redacted.push_str(&text[at..]);
    Checked { clean: spans.is_empty(), spans, redacted }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_dates_and_record_numbers_and_redacts_them_as_the_guard_does() {
        let text = "Seen with Mr. Patel on 03/05/2023. MRN: 00482913.";
        let c = checked(text);
        let types: Vec<&str> = c.spans.iter().map(|s| s.kind).collect();
        assert_eq!(types, ["NAME", "DATE", "MRN"]);
        assert!(!c.clean);
        assert_eq!(c.redacted, matchready_phi::redact(text));
        assert_eq!(c.spans[2].text, "00482913");
        for s in &c.spans {
            assert_eq!(&text[s.bytes.clone()], s.text);
        }
    }

    #[test]
    fn clinical_look_alikes_are_clean_and_offsets_count_code_points() {
        let c = checked("BP 132/84, HR 104, aspirin 81 mg");
        assert!(c.clean && c.spans.is_empty());
        assert_eq!(c.redacted, "BP 132/84, HR 104, aspirin 81 mg");
        let c = checked("Café — daughter Hope Nakamura visited.");
        let s = &c.spans[0];
        assert_eq!((s.start, s.end, s.text.as_str()), (16, 29, "Hope Nakamura"));
    }
}
