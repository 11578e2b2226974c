//! Words of a text, with what the name and place rules ask of each: its
//! shape (capitalised, all capitals, lower case) and whether a sentence or a
//! line starts before it.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon::{self, Entry};

/// Letters, with apostrophes and hyphens inside: `O'Brien`, `Smith-Jones`.
static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{L}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*").expect("word pattern"));

/// The shape of a word's letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `Maria`, `McDonald`, `O'Brien`.
    Capital,
    /// `MRN`, `COPD`, or a single capital `A`.
    Upper,
    /// `maria`, or anything else not starting with a capital.
    Lower,
}

/// One word.
#[derive(Debug, Clone)]
pub struct Tok<'t> {
    pub start: usize,
    pub end: usize,
    pub text: &'t str,
    /// Lower case, apostrophe-s and curly quotes folded: `o'brien` (borrowed when the word is already).
    pub lower: Cow<'t, str>,
    pub case: Case,
    /// A sentence, a line or a `S:`-style heading ends just before it.
    pub starts_sentence: bool,
    /// The text between the previous word and this one (trimmed of spaces).
    pub gap_before: &'t str,
    /// In the first-name list?
    pub first: Entry,
    /// In the surname list?
    pub last: Entry,
    /// An English word?
    pub english: bool,
}

impl Tok<'_> {
    pub fn is_cap(&self) -> bool {
        self.case == Case::Capital
    }

    /// The lower-case form.
    pub fn low(&self) -> &str {
        &self.lower
    }
}

/// Abbreviations whose full stop ends no sentence.
const ABBREVIATIONS: &[&str] = &["mr", "mrs", "ms", "dr", "st", "mt", "prof", "jr", "sr", "rev", "fr", "vs", "no"];

/// The words of an ASCII text, as `WORD` finds them (in ASCII, `\p{L}` is `[A-Za-z]` and `\p{M}` is
/// empty), without the regular-expression engine: most notes are ASCII.
fn ascii_words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !b[i].is_ascii_alphabetic() {
            i += 1;
        }
        if i == b.len() {
            return None;
        }
        let start = i;
        loop {
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i + 1 < b.len() && matches!(b[i], b'\'' | b'-') && b[i + 1].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            return Some((start, i));
        }
    })
}

pub fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let words: Box<dyn Iterator<Item = (usize, usize)>> =
        if text.is_ascii() { Box::new(ascii_words(text)) } else { Box::new(WORD.find_iter(text).map(|m| (m.start(), m.end()))) };
    let mut out: Vec<Tok<'_>> = Vec::with_capacity((text.len() / 6).min(4096));
    let mut prev_end = 0;
    for (start, end) in words {
        let w = &text[start..end];
        let gap = &text[prev_end..start];
        let gap_trim = gap.trim();
        let after_abbreviation = gap_trim == "." && out.last().is_some_and(|p: &Tok| ABBREVIATIONS.contains(&p.low()));
        let starts_sentence = out.is_empty()
            || gap.contains('\n')
            || (gap_trim.ends_with(['.', '!', '?', ':', ';', '•', '*', '(', '"']) && !after_abbreviation)
            || (gap_trim == "-" && gap.starts_with(char::is_whitespace));
        // Most words are ASCII, and most of those lower case already: borrowed.
        let lower = if !w.is_ascii() {
            Cow::Owned(w.to_lowercase().replace('’', "'"))
        } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            Cow::Borrowed(w)
        };
        let case = case_of(w);
        let (first, last, english) = lexicon::classify(&lower, case != Case::Lower);
        out.push(Tok { start, end, text: w, first, last, english, lower, case, starts_sentence, gap_before: gap_trim });
        prev_end = end;
    }
    out
}

fn case_of(w: &str) -> Case {
    let mut chars = w.chars();
    let first = chars.next().unwrap_or(' ');
    if !first.is_uppercase() {
        return Case::Lower;
    }
    if chars.filter(|c| c.is_alphabetic()).all(char::is_uppercase) { Case::Upper } else { Case::Capital }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_shapes() {
        let t = tokenize("S: Ms. Maria O'Brien, MRN 12. daughter Smith-Jones");
        let words: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(words, ["S", "Ms", "Maria", "O'Brien", "MRN", "daughter", "Smith-Jones"]);
        assert_eq!(t[2].case, Case::Capital);
        assert_eq!(t[4].case, Case::Upper);
        assert_eq!(t[5].case, Case::Lower);
        assert!(t[1].starts_sentence && !t[2].starts_sentence && t[5].starts_sentence);
        assert_eq!(t[3].lower, "o'brien");
    }

    #[test]
    fn the_ascii_scanner_finds_what_the_pattern_finds() {
        let texts = [
            "S: Ms. Maria O'Brien, MRN 12. daughter Smith-Jones; x-ray 'quoted' -dash- end-",
            "a--b o''b 'tis 12abc abc12def A-1 B-c- D'e'f g'-h",
            "",
            "...",
            "Z",
        ];
        for t in texts {
            let by_pattern: Vec<(usize, usize)> = WORD.find_iter(t).map(|m| (m.start(), m.end())).collect();
            assert_eq!(ascii_words(t).collect::<Vec<_>>(), by_pattern, "{t}");
        }
    }
}
