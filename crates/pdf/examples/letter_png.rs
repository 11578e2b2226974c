//! Renders a sample B-1 letter to PNG pages, to look at it:
//! `cargo run -p matchready-pdf --example letter_png -- OUT_DIR [long]`

use std::path::PathBuf;

use chrono::NaiveDate;
use matchready_pdf::{Applicant, Experience, LetterData, Purpose, Signatory, SiteHead};
use typst_render::RenderOptions;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let long = args.next().is_some_and(|a| a == "long");
    let mut data = LetterData {
        date: day(2026, 12, 2),
        reference: "MatchReady application 4172".into(),
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
            name: "Nguyễn Thị Minh Khai".into(),
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
    };
    if long {
        data.experience.title = "Supercalifragilistic".chars().cycle().take(500).collect();
        data.applicant.medical_school = "A school with a very long description of itself. ".repeat(50);
    }
    std::fs::write(out.join("letter.pdf"), matchready_pdf::b1_letter(&data)?)?;
    let doc = matchready_pdf::b1_letter_pages(&data)?;
    for (i, page) in doc.pages().iter().enumerate() {
        let png = typst_render::render(page, &RenderOptions::default()).encode_png()?;
        std::fs::write(out.join(format!("letter-{}.png", i + 1)), png)?;
    }
    println!("{} page(s) in {}", doc.pages().len(), out.display());
    Ok(())
}
