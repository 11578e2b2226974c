//! Money is kept in whole US cents (`i64`) and shown in dollars.

/// Formats cents as US dollars: `$1,234` (or `$1,234.50` when there are cents).
pub fn usd(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (dollars, rest) = (abs / 100, abs % 100);
    let digits = dollars.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    if rest == 0 { format!("{sign}${grouped}") } else { format!("{sign}${grouped}.{rest:02}") }
}

/// Dollars as a person writes them ("500", "$1,499.99", "12.5") in cents, without floating point;
/// `None` for anything else (negative, more than two decimals, not a number, too large).
pub fn parse_dollars(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches('$').replace(',', "");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 15 {
        return None;
    }
    let dollars: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    dollars.checked_mul(100)?.checked_add(cents)
}

#[cfg(test)]
mod tests {
    use super::usd;

    #[test]
    fn formats_dollars_with_grouping() {
        assert_eq!(usd(0), "$0");
        assert_eq!(usd(150_000), "$1,500");
        assert_eq!(usd(123_456_789), "$1,234,567.89");
        assert_eq!(usd(-2_500), "-$25");
        assert_eq!(usd(99_999_900), "$999,999");
    }
}
