//! Dates in JSON as `YYYY-MM-DD`, written without the formatting machinery
//! (search results carry several per item, on the hottest path we have).

use chrono::{Datelike, NaiveDate};
use serde::Serializer;

/// Writes `d` as ten ASCII bytes, `YYYY-MM-DD`, for years 0–9999.
pub fn iso(d: NaiveDate, buf: &mut [u8; 10]) -> &str {
    let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
    let digits = [y / 1000, y / 100 % 10, y / 10 % 10, y % 10, 0, m / 10, m % 10, 0, day / 10, day % 10];
    for (b, v) in buf.iter_mut().zip(digits) {
        *b = b'0' + v as u8;
    }
    buf[4] = b'-';
    buf[7] = b'-';
    std::str::from_utf8(buf).unwrap_or("0000-00-00")
}

/// Serializes an optional date as `"YYYY-MM-DD"` or `null`.
pub fn option<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(iso(*d, &mut [0; 10])),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_chrono_writes() {
        for (y, m, d) in [(2026, 11, 22), (2027, 1, 4), (999, 12, 31), (2100, 2, 28)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso(date, &mut [0; 10]), date.format("%Y-%m-%d").to_string());
        }
    }
}
