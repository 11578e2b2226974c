//! The standardised letter of recommendation checked as a reader would:
//! every fact and the narrative on its pages, within the margins, markup in
//! any field printed as written, and a 400-word narrative running onto a
//! second page rather than off the first.

#[path = "letter/support.rs"]
#[allow(dead_code)]
mod support;

use matchready_pdf::{RecommendationData, SiteHead};
use support::{check, day, render, squeezed, text};

fn sample() -> RecommendationData {
    RecommendationData {
        date: day("2027-05-02"),
        code: "LR-7K2D-9QXA-M4TB-H8RE".into(),
        verify_url: "https://matchready.example/letters/verify/LR-7K2D-9QXA-M4TB-H8RE".into(),
        site: SiteHead {
            name: "Harbor Teaching Hospital".into(),
            address: "1200 Harbor Avenue".into(),
            city: "Brooklyn".into(),
            state: "New York".into(),
            postal_code: "11201".into(),
            phone: "+1 718 555 0142".into(),
            email: "clinical.education@harbor.example.org".into(),
        },
        applicant: "Nguyễn Thị Minh Châu".into(),
        rotation: ("Internal Medicine Inpatient Clerkship".into(), day("2027-03-01"), day("2027-03-28")),
        specialty: "Internal Medicine".into(),
        compared_with: 60,
        overall: "Outstanding (top 10%)".into(),
        competencies: vec![
            ("Patient care".into(), "Outstanding (top 10%)".into()),
            ("Medical knowledge".into(), "Excellent (top third)".into()),
        ],
        narrative: "She presented every patient clearly.\n\nI recommend her without reservation.".into(),
        author: [
            "Dr. Dana Reyes".into(),
            "Associate Professor of Medicine".into(),
            "Internal Medicine".into(),
            "Harbor Teaching Hospital".into(),
            "dana.reyes@harbor.example.org".into(),
        ],
    }
}

#[test]
fn every_fact_and_the_narrative_are_on_it() {
    let data = sample();
    let doc = matchready_pdf::recommendation_pages(&data).unwrap();
    let all = text(&doc);
    for fact in [
        "Nguyễn Thị Minh Châu",
        "Outstanding (top 10%)",
        "Excellent (top third)",
        "She presented every patient clearly.",
        "I recommend her without reservation.",
        "Dr. Dana Reyes",
        "Associate Professor of Medicine",
        "dana.reyes@harbor.example.org",
        "LR-7K2D-9QXA-M4TB-H8RE",
        "May 2, 2027",
    ] {
        assert!(all.contains(&squeezed(fact)), "missing {fact:?}");
    }
    assert!(matchready_pdf::recommendation(&data).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn a_long_narrative_runs_on_within_the_margins_and_markup_prints_as_written() {
    let long = RecommendationData {
        narrative: format!("#panic() *bold* {}", "She was careful and kind with every patient. ".repeat(50)),
        ..sample()
    };
    let doc = matchready_pdf::recommendation_pages(&long).unwrap();
    assert!(doc.pages().len() >= 2, "runs onto a second page");
    if let Err((page, x, y)) = check(&render(&doc)) {
        panic!("ink outside the margins on page {page} at ({x}, {y}) px");
    }
    assert!(text(&doc).contains("#panic()*bold*"), "markup printed literally");
}
