//! Time to make one B-1 letter: layout with typst and PDF export.
//! `cargo bench -p matchready-pdf`

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use matchready_pdf::{Applicant, Experience, LetterData, Purpose, Signatory, SiteHead};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn letter(n: usize) -> LetterData {
    LetterData {
        date: day(2026, 12, 2),
        reference: format!("MatchReady application {n}"),
        site: SiteHead {
            name: "Harbor Teaching Hospital".into(),
            address: "1200 Harbor Avenue, Suite 300".into(),
            city: "Brooklyn".into(),
            state: "New York".into(),
            postal_code: "11201".into(),
            phone: "+1 718 555 0142".into(),
            email: "clinical.education@harbor.example.org".into(),
        },
        applicant: Applicant {
            name: format!("Nguyễn Thị Minh Khai {n}"),
            date_of_birth: day(1998, 5, 9),
            citizenship: "Viet Nam".into(),
            passport_number: "C1234567".into(),
            medical_school: "Hanoi Medical University".into(),
            school_country: "Viet Nam".into(),
        },
        experience: Experience {
            title: "Internal Medicine Inpatient Clerkship".into(),
            specialty: "Internal medicine".into(),
            kind: "Clerkship (hands-on)".into(),
            start: day(2027, 3, 1),
            end: day(2027, 3, 28),
            preceptor: "Dr. Dana Reyes (board certified: ABIM — Internal Medicine)".into(),
        },
        purpose: Purpose::Clerkship,
        signatory: Signatory {
            name: "Maria Lopez".into(),
            title: "Clinical education coordinator".into(),
            email: "maria.lopez@harbor.example.org".into(),
            phone: "+1 718 555 0142".into(),
        },
    }
}

fn bench(c: &mut Criterion) {
    // Each iteration is a different applicant, so typst's memoization cannot
    // hand back the previous letter's pages.
    let mut n = 0;
    c.bench_function("b1_letter (layout and PDF)", |b| {
        b.iter(|| {
            n += 1;
            black_box(matchready_pdf::b1_letter(&letter(n)).map(|pdf| pdf.len()))
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
