//! Text made ready for layout. typst breaks lines only where a language
//! allows it, so a word longer than a line would run off the page; such a
//! word is given break opportunities (zero-width spaces) every few
//! characters. Nothing else about the text changes.

/// A word longer than this gets break opportunities.
const LONG_WORD: usize = 24;
/// How many characters go between two break opportunities in a long word.
const CHUNK: usize = 12;

const ZWSP: char = '\u{200B}';

/// A combining mark, joiner or variation selector: never separated from the
/// character before it.
fn clings(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C..=0x200D
        | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F)
}

/// `s` with a break opportunity every `CHUNK` characters inside any word
/// longer than `LONG_WORD` characters.
pub(crate) fn breakable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().count() > LONG_WORD {
            let mut run = 0;
            for c in word.chars() {
                if run >= CHUNK && !clings(c) {
                    out.push(ZWSP);
                    run = 0;
                }
                out.push(c);
                run += 1;
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in s.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_are_left_alone() {
        assert_eq!(breakable("Nguyễn Thị Minh Khai, MD"), "Nguyễn Thị Minh Khai, MD");
    }

    #[test]
    fn a_long_word_gets_break_opportunities_and_keeps_its_letters() {
        let word = "x".repeat(500);
        let out = breakable(&format!("a {word} b"));
        assert!(out.contains(ZWSP));
        assert_eq!(out.replace(ZWSP, ""), format!("a {word} b"));
        let longest = out.split([' ', ZWSP]).map(|w| w.chars().count()).max();
        assert_eq!(longest, Some(CHUNK));
    }

    #[test]
    fn a_combining_mark_stays_with_its_letter() {
        let word = "e\u{0301}".repeat(40);
        let out = breakable(&word);
        assert!(out.contains(ZWSP));
        assert!(!out.contains(&format!("{ZWSP}\u{0301}")));
    }
}
