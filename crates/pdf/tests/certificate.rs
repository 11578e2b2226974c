//! The certificate of completion checked as a person would: its pages
//! rendered to pixels and its text read back from the laid-out document.

#[path = "letter/support.rs"]
#[allow(dead_code)]
mod support;

use matchready_pdf::{CertificateData, SiteHead};
use support::{check, day, render, squeezed, text};

fn sample() -> CertificateData {
    CertificateData {
        date: day("2027-04-06"),
        code: "MR-7K2D-9QXA-M4TB-H8RE".into(),
        verify_url: "https://matchready.example/verify/MR-7K2D-9QXA-M4TB-H8RE".into(),
        site: SiteHead {
            name: "Harbor Teaching Hospital".into(),
            address: "1200 Harbor Avenue, Suite 300".into(),
            city: "Brooklyn".into(),
            state: "New York".into(),
            postal_code: "11201".into(),
            phone: "+1 718 555 0142".into(),
            email: "clinical.education@harbor.example.org".into(),
        },
        trainee: "Nguyễn Thị Minh Châu".into(),
        experience: "Internal Medicine Inpatient Clerkship".into(),
        kind: "Clerkship".into(),
        counts_as: "Hands-on US clinical experience (USCE)".into(),
        specialty: "Internal Medicine".into(),
        preceptor: "Dr. Dana Reyes".into(),
        start: day("2027-03-01"),
        end: day("2027-03-28"),
        hours: "160 hours: 120 hours hands-on, 40 hours observing, over 20 days".into(),
    }
}

fn pages(data: &CertificateData) -> matchready_pdf::PagedDocument {
    matchready_pdf::certificate_pages(data).unwrap_or_else(|e| panic!("the certificate did not lay out: {e}"))
}

#[test]
fn every_fact_is_on_it() {
    let data = sample();
    let doc = pages(&data);
    assert_eq!(doc.pages().len(), 1, "one page");
    let all = text(&doc);
    for fact in [
        &data.trainee,
        &data.experience,
        &data.counts_as,
        &data.preceptor,
        &data.hours,
        &data.code,
        &data.verify_url,
        &"March 1, 2027 to March 28, 2027".to_string(),
        &"April 6, 2027".to_string(),
    ] {
        assert!(all.contains(&squeezed(fact)), "missing {fact:?}");
    }
    let pdf = matchready_pdf::certificate(&data).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
}

#[test]
fn long_names_stay_within_the_margins_and_markup_prints_as_written() {
    let long = CertificateData {
        trainee: format!("#panic() *bold* {}", "Wolfeschlegelsteinhausenbergerdorff".repeat(12)),
        experience: "A very long experience title that goes on ".repeat(8),
        ..sample()
    };
    let doc = pages(&long);
    if let Err((page, x, y)) = check(&render(&doc)) {
        panic!("ink outside the margins on page {page} at ({x}, {y}) px");
    }
    assert!(text(&doc).contains("#panic()*bold*"), "markup printed literally");
}
