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
