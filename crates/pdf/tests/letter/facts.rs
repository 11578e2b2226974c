//! The letter says what a consular officer needs, and the PDF carries its fonts.

use matchready_pdf::Purpose;

use crate::support::{pages, sample, squeezed, text};

#[test]
fn the_letter_states_every_fact() {
    let all = text(&pages(&sample()));
    for fact in [
        "Harbor Teaching Hospital",
        "1200 Harbor Avenue, Suite 300",
        "Brooklyn, New York 11201",
        "+1 718 555 0142",
        "clinical.education@harbor.example.org",
        "December 2, 2026",
        "To the Consular Officer",
        "Priya Raghavan",
        "August 14, 1999",
        "India",
        "Z4821937",
        "King George's Medical University, India",
        "Internal Medicine Inpatient Clerkship",
        "Internal medicine",
        "Clerkship (hands-on)",
        "March 1, 2027 to March 28, 2027 (4 weeks)",
        "Dr. Dana Reyes (board certified: ABIM — Internal Medicine)",
        "elective clinical clerkship",
        "a medical school outside the United States",
        "unpaid",
        "travel, lodging and living costs",
        "MatchReady application 4172",
        "Maria Lopez",
        "Clinical education coordinator",
        "maria.lopez@harbor.example.org",
    ] {
        assert!(all.contains(&squeezed(fact)), "missing {fact:?} in {all}");
    }
}

#[test]
fn a_graduate_is_invited_to_observe_only() {
    let mut data = sample();
    data.purpose = Purpose::Observership;
    let all = text(&pages(&data));
    assert!(all.contains(&squeezed("to observe clinical practice only")), "{all}");
    assert!(all.contains(&squeezed("no part in hands-on patient care")), "{all}");
    assert!(!all.contains(&squeezed("elective clinical clerkship")), "{all}");
}

#[test]
fn the_pdf_embeds_its_fonts_and_is_the_same_each_time() {
    let pdf = matchready_pdf::b1_letter(&sample()).expect("a PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"/FontFile"), "fonts are embedded");
    assert!(!has(b"/BaseFont /Helvetica"), "no unembedded standard font");
    assert_eq!(matchready_pdf::b1_letter(&sample()).expect("a PDF"), pdf, "same data, same bytes");
}
