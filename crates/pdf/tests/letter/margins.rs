//! Nothing falls outside the 1-inch margins of a letter-size page, however
//! long the text: it wraps and runs onto further pages.

use crate::support::{check, pages, render, sample, squeezed, text};

fn assert_within_margins(data: &matchready_pdf::LetterData) -> usize {
    let doc = pages(data);
    let pixels = render(&doc);
    for p in &pixels {
        assert_eq!((p.width, p.height), ((612.0 * p.per_pt) as u32, (792.0 * p.per_pt) as u32), "letter size");
    }
    match check(&pixels) {
        Ok(inked) => assert!(inked.iter().all(|&n| n > 1000), "every page has something on it: {inked:?}"),
        Err((page, x, y)) => panic!("ink outside the margins on page {page} at ({x}, {y}) px"),
    }
    pixels.len()
}

#[test]
fn a_realistic_letter_fits_one_page_within_the_margins() {
    assert_eq!(assert_within_margins(&sample()), 1);
}

#[test]
fn a_long_paragraph_runs_onto_further_pages_within_the_margins() {
    let mut data = sample();
    let sentence = "This school teaches clinical medicine through supervised practice in affiliated teaching hospitals. ";
    data.applicant.medical_school = sentence.repeat(60);
    let n = assert_within_margins(&data);
    assert!(n >= 2, "{n} page(s)");
    // Printed twice (the purpose and the facts); a page's footer may come between two sentences.
    let printed = text(&pages(&data)).matches(&squeezed(sentence)).count();
    assert!(printed >= 2 * 60 - 4, "nothing is lost: {printed} of 120 sentences");
}

#[test]
fn a_500_character_word_wraps_instead_of_running_off_the_edge() {
    let word: String = "Supercalifragilistic".chars().cycle().take(500).collect();
    let mut data = sample();
    data.experience.title = word.clone();
    data.applicant.name = format!("Priya {word}");
    data.applicant.passport_number = word.clone();
    assert_within_margins(&data);
    let all = text(&pages(&data));
    assert!(all.matches(&word).count() >= 4, "the word is printed whole each time it is used");
}
