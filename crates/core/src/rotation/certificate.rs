//! A certificate of completion: what it says (the facts, fixed when it is
//! issued), its verification code, and when a rotation may complete.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::application::Status;

/// What a certificate says, as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CertificateFacts {
    /// The trainee, as on their account.
    pub trainee: String,
    /// The experience's title.
    pub experience: String,
    /// Its type, in words ("Clinical rotation", "Observership").
    pub kind: String,
    /// Whether it counts as hands-on US clinical experience (USCE).
    pub hands_on_usce: bool,
    /// The specialty, in words.
    pub specialty: String,
    /// The site.
    pub site: String,
    /// Where: city and state.
    pub place: String,
    /// The lead preceptor.
    pub preceptor: String,
    /// The block's first day.
    pub start_date: NaiveDate,
    /// Its last day.
    pub end_date: NaiveDate,
    /// Signed minutes, hands-on.
    pub hands_on_minutes: i32,
    /// Signed minutes, observing.
    pub observing_minutes: i32,
    /// Days with signed hours.
    pub signed_days: i32,
}

/// A certificate as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Certificate {
    /// The verification code, `MR-XXXX-XXXX-XXXX-XXXX`.
    pub code: String,
    /// The rotation (application) it is for.
    pub application_id: i64,
    /// What it says.
    pub facts: CertificateFacts,
    /// When it was issued, seconds since 1970.
    pub issued_at: i64,
    /// When it was revoked, if it was.
    pub revoked_at: Option<i64>,
    /// Why it was revoked.
    pub revoked_reason: Option<String>,
}

/// Crockford's base32: no I, L, O or U, so a code read aloud or retyped survives.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The code for 80 random bits: `MR-` and four groups of four characters.
pub fn code_of(random: [u8; 10]) -> String {
    prefixed_code("MR", random)
}

/// A code as someone typed it, written as issued: case, spaces and dashes do not matter, and O, I
/// and L read as 0, 1 and 1. `None` when it cannot be a code.
pub fn parse_code(raw: &str) -> Option<String> {
    parse_prefixed("MR", raw)
}

/// The code for 80 random bits under `prefix`: `PREFIX-XXXX-XXXX-XXXX-XXXX` in Crockford's base32.
pub fn prefixed_code(prefix: &str, random: [u8; 10]) -> String {
    let mut bits: u128 = 0;
    for b in random {
        bits = (bits << 8) | u128::from(b);
    }
    let chars: Vec<char> = (0..16).rev().map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char).collect();
    let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
    format!("{prefix}-{}", groups.join("-"))
}

/// A code under `prefix` as someone typed it, read as [`parse_code`] reads one.
pub fn parse_prefixed(prefix: &str, raw: &str) -> Option<String> {
    let upper = raw.trim().to_ascii_uppercase();
    let body = upper.strip_prefix(prefix).unwrap_or(&upper);
    let mut chars = Vec::with_capacity(16);
    for c in body.chars() {
        let c = match c {
            '-' | ' ' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        chars.push(c);
    }
    if chars.len() != 16 {
        return None;
    }
    let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
    Some(format!("{prefix}-{}", groups.join("-")))
}

/// Whether the calendar completes a rotation on `today`: under way, its block over, and its final
/// evaluation submitted. (The coordinator may complete one without the final, with a reason.)
pub fn completes(status: Status, end_date: NaiveDate, final_submitted: bool, today: NaiveDate) -> bool {
    status == Status::InProgress && end_date < today && final_submitted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_written_one_way_and_read_forgivingly() {
        let code = code_of([0xff; 10]);
        assert_eq!(code, "MR-ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        assert_eq!(code_of([0; 10]), "MR-0000-0000-0000-0000");
        let c = code_of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(parse_code(&c).as_deref(), Some(c.as_str()));
        assert_eq!(parse_code(&c.to_lowercase().replace('-', " ")).as_deref(), Some(c.as_str()));
        assert_eq!(parse_code("mr-oooo-iiii-llll-0000").as_deref(), Some("MR-0000-1111-1111-0000"));
        assert_eq!(parse_code("MR-0000-0000-0000-000"), None, "too short");
        assert_eq!(parse_code("MR-0000-0000-0000-0000-0"), None, "too long");
        assert_eq!(parse_code("MR-UUUU-0000-0000-0000"), None, "U is not in the alphabet");
        assert_eq!(parse_code("../../etc/passwd"), None);
        assert_eq!(parse_code("MR-０000-0000-0000-0000"), None, "a full-width digit");
    }

    #[test]
    fn the_calendar_completes_only_an_ended_rotation_whose_final_is_in() {
        let end = NaiveDate::from_ymd_opt(2026, 3, 27).unwrap();
        let next = end.succ_opt().unwrap();
        assert!(completes(Status::InProgress, end, true, next));
        assert!(!completes(Status::InProgress, end, true, end), "not on its last day");
        assert!(!completes(Status::InProgress, end, false, next), "not without the final");
        assert!(!completes(Status::Confirmed, end, true, next));
    }
}
