//! Who the applicant is, as their passport says: the date of birth, the
//! citizenship (nationality) and the passport number. Letters to consulates
//! need them; `Profile::parse` checks them with these rules.

use chrono::{Datelike, NaiveDate};

use crate::FieldError;

/// The youngest and oldest an applicant can plausibly be.
const MIN_AGE: i32 = 16;
const MAX_AGE: i32 = 100;

/// Age in whole years on `today`.
fn age(born: NaiveDate, today: NaiveDate) -> i32 {
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

/// A date of birth. With `today`: not in the future and a plausible age;
/// without it (reading back what was stored), only not before 1900.
pub fn date_of_birth(errors: &mut Vec<FieldError>, raw: Option<NaiveDate>, today: Option<NaiveDate>) -> Option<NaiveDate> {
    let born = raw?;
    let field = "date_of_birth";
    let bad = |message: String| FieldError { field, message };
    let problem = match today {
        _ if born.year() < 1900 => Some(bad(format!("{born} is before 1900; give the date in your passport"))),
        Some(t) if born > t => Some(bad(format!("{born} is in the future; give the date in your passport"))),
        Some(t) if age(born, t) < MIN_AGE => {
            Some(bad(format!("{born} would make you {}; applicants are at least {MIN_AGE}", age(born, t))))
        }
        Some(t) if age(born, t) > MAX_AGE => {
            Some(bad(format!("{born} would make you {}; check the year in your passport", age(born, t))))
        }
        _ => None,
    };
    match problem {
        Some(e) => {
            errors.push(e);
            None
        }
        None => Some(born),
    }
}

/// A passport number: 5 to 20 letters and digits, as printed; spaces are
/// dropped and letters written in capitals.
pub fn passport_number(errors: &mut Vec<FieldError>, raw: &Option<String>) -> Option<String> {
    let s: String = raw.as_deref()?.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return None;
    }
    let n = s.chars().count();
    if !(5..=20).contains(&n) || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
        errors.push(FieldError {
            field: "passport_number",
            message: "a passport number is 5 to 20 letters (A to Z) and digits, as printed in the passport".into(),
        });
        return None;
    }
    Some(s.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_plausible_date_of_birth_is_kept() {
        let mut e = Vec::new();
        assert_eq!(date_of_birth(&mut e, Some(day("1997-04-12")), Some(day("2026-11-22"))), Some(day("1997-04-12")));
        assert!(e.is_empty());
    }

    #[test]
    fn the_future_and_implausible_ages_are_refused_with_a_reason() {
        let today = Some(day("2026-11-22"));
        for (born, says) in [
            ("2027-01-01", "in the future"),
            ("2015-05-01", "at least 16"),
            ("1910-01-01", "would make you 116"),
            ("1899-12-31", "1900"),
        ] {
            let mut e = Vec::new();
            assert_eq!(date_of_birth(&mut e, Some(day(born)), today), None, "{born}");
            assert_eq!(e.len(), 1);
            assert_eq!(e[0].field, "date_of_birth");
            assert!(e[0].message.contains(says), "{born}: {}", e[0].message);
        }
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age(day("2010-11-23"), day("2026-11-22")), 15);
        assert_eq!(age(day("2010-11-22"), day("2026-11-22")), 16);
    }

    #[test]
    fn passport_numbers_are_letters_and_digits() {
        let mut e = Vec::new();
        assert_eq!(passport_number(&mut e, &Some(" z 1234567 ".into())), Some("Z1234567".into()));
        assert_eq!(passport_number(&mut e, &Some("  ".into())), None);
        assert!(e.is_empty());
        for bad in ["1234", "AB-123456", "Ж1234567", &"9".repeat(21)] {
            let mut e = Vec::new();
            assert_eq!(passport_number(&mut e, &Some(bad.into())), None, "{bad}");
            assert_eq!(e[0].field, "passport_number");
        }
    }
}
