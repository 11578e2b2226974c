//! What a password must be: long enough, not too long, and not guessable
//! (common passwords, words, names, keyboard runs, the person's own name or
//! email), judged by zxcvbn's estimate of the guesses an attacker needs.

/// The fewest characters a password may have.
pub const MIN_CHARS: usize = 10;
/// The most characters a password may have.
pub const MAX_CHARS: usize = 128;
/// Only this many leading characters are scored (zxcvbn's time grows with length; longer is strong anyway).
const SCORED_CHARS: usize = 64;

/// Why a password was refused; the message says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_CHARS`] characters.
    #[error("use at least {MIN_CHARS} characters; a few unrelated words make a good password")]
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    #[error("use at most {MAX_CHARS} characters")]
    TooLong,
    /// Common or easy to guess.
    #[error("this password is too easy to guess{0}; add another uncommon word or two")]
    Guessable(String),
}

/// Checks a new password; `personal` are the person's own words (email, name), which it must not lean on.
pub fn check(password: &str, personal: &[&str]) -> Result<(), PasswordProblem> {
    let n = password.chars().count();
    if n < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if n > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let scored: String = password.chars().take(SCORED_CHARS).collect();
    // The words themselves, their parts, and the parts run together ("ana.lima@x" gives "analima").
    let mut inputs: Vec<String> = Vec::new();
    for p in personal {
        let p = p.to_lowercase();
        let local = p.split('@').next().unwrap_or_default();
        inputs.push(local.chars().filter(|c| c.is_alphanumeric()).collect());
        inputs.extend(p.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 3).map(str::to_string));
        inputs.push(p);
    }
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(&scored, &inputs);
    if (estimate.score() as u8) >= 3 {
        return Ok(());
    }
    let why = estimate
        .feedback()
        .and_then(|f| f.warning())
        .map(|w| format!(" ({})", w.to_string().trim_end_matches('.').to_lowercase()))
        .unwrap_or_default();
    Err(PasswordProblem::Guessable(why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_long_and_common_passwords_are_refused() {
        assert_eq!(check("abc", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check(&"x".repeat(129), &[]), Err(PasswordProblem::TooLong));
        for common in ["password123", "qwertyuiop", "1234567890", "iloveyou12", "Password1!"] {
            assert!(matches!(check(common, &[]), Err(PasswordProblem::Guessable(_))), "{common}");
        }
    }

    #[test]
    fn a_password_built_on_the_email_is_refused() {
        assert!(check("analima2026", &["ana.lima@example.org", "Ana Lima"]).is_err());
    }

    #[test]
    fn passphrases_pass() {
        assert!(check("plum orbit lantern nine", &[]).is_ok());
        assert!(check("Tq8#zLw2!pVm", &[]).is_ok());
        // Long passwords are scored on their start and still pass.
        assert!(check(&format!("plum orbit lantern {}", "x".repeat(100)), &[]).is_ok());
    }
}
