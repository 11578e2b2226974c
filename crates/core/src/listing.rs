//! Rules for what a listing may say. A letter of recommendation is earned,
//! never sold: the catalog cannot promise one.

/// Why listing text cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListingTextError {
    /// The text promises a letter.
    #[error(
        "a listing cannot promise a letter of recommendation (found \"{0}\"); say that the preceptor writes letters for strong trainees instead"
    )]
    GuaranteedLetter(String),
    /// The text is empty.
    #[error("{0} cannot be empty")]
    Empty(&'static str),
}

const PROMISES: &[&str] = &["guarantee", "assured", "promised", "100%"];
const LETTER_WORDS: &[&str] = &["lor", "lors", "letter", "letters", "recommendation"];

/// Checks a listing's title or description. `what` names the field in the error.
pub fn check_text(what: &'static str, text: &str) -> Result<(), ListingTextError> {
    if text.trim().is_empty() {
        return Err(ListingTextError::Empty(what));
    }
    for sentence in text.split(['.', '!', '?', '\n', ';']) {
        let lower = sentence.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric() && c != '%').filter(|w| !w.is_empty()).collect();
        let promise = words.iter().find(|w| PROMISES.iter().any(|p| w.starts_with(p)));
        let letter = words.iter().any(|w| LETTER_WORDS.contains(w));
        if let (Some(_), true) = (promise, letter) {
            return Err(ListingTextError::GuaranteedLetter(sentence.trim().to_string()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_guaranteed_letters() {
        for text in
            ["LoR guaranteed!", "Guaranteed letter of recommendation.", "100% LOR for every student", "Letters are assured"]
        {
            assert!(matches!(check_text("description", text), Err(ListingTextError::GuaranteedLetter(_))), "{text}");
        }
    }

    #[test]
    fn allows_honest_wording() {
        check_text("description", "Dr. Quill writes letters for strong trainees. Seats are guaranteed once the deposit is paid.")
            .unwrap();
        assert_eq!(check_text("title", "  "), Err(ListingTextError::Empty("title")));
    }
}
