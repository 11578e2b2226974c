//! A realistic letter, and ways to look at what the engine laid out.

use chrono::NaiveDate;
use matchready_pdf::{Applicant, Experience, LetterData, PagedDocument, Purpose, Signatory, SiteHead};
use typst::layout::{Frame, FrameItem};
use typst::text::TextItem;
use typst_render::RenderOptions;

pub fn day(s: &str) -> NaiveDate {
    s.parse().expect("a test date")
}

/// A letter for a student coming from India to a rotation in New York.
pub fn sample() -> LetterData {
    LetterData {
        date: day("2026-12-02"),
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
            name: "Priya Raghavan".into(),
            date_of_birth: day("1999-08-14"),
            citizenship: "India".into(),
            passport_number: "Z4821937".into(),
            medical_school: "King George's Medical University".into(),
            school_country: "India".into(),
        },
        experience: Experience {
            title: "Internal Medicine Inpatient Clerkship".into(),
            specialty: "Internal medicine".into(),
            kind: "Clerkship (hands-on)".into(),
            start: day("2027-03-01"),
            end: day("2027-03-28"),
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

pub fn pages(data: &LetterData) -> PagedDocument {
    match matchready_pdf::b1_letter_pages(data) {
        Ok(doc) => doc,
        Err(e) => panic!("the letter did not lay out: {e}"),
    }
}

fn collect<'a>(frame: &'a Frame, out: &mut Vec<&'a TextItem>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => collect(&g.frame, out),
            FrameItem::Text(t) => out.push(t),
            _ => {}
        }
    }
}

/// Every run of text on every page, in order.
pub fn runs(doc: &PagedDocument) -> Vec<&TextItem> {
    let mut out = Vec::new();
    for page in doc.pages() {
        collect(&page.frame, &mut out);
    }
    out
}

/// Without spaces and the break opportunities given to long words, so
/// that a comparison does not depend on where lines were broken.
pub fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{200B}').collect()
}

/// All the text of the document, squeezed.
pub fn text(doc: &PagedDocument) -> String {
    squeezed(&runs(doc).iter().map(|t| t.text.as_str()).collect::<String>())
}

/// One page as pixels: width, height and RGBA bytes.
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub per_pt: f64,
    pub rgba: Vec<u8>,
}

pub fn render(doc: &PagedDocument) -> Vec<Pixels> {
    let options = RenderOptions::default();
    let per_pt = options.pixel_per_pt.get();
    doc.pages()
        .iter()
        .map(|p| {
            let map = typst_render::render(p, &options);
            Pixels { width: map.width(), height: map.height(), per_pt, rgba: map.data().to_vec() }
        })
        .collect()
}

/// Ink outside the 1-inch margins: (page, x, y) of the first such pixel,
/// and how many pixels are inked inside.
pub fn check(pixels: &[Pixels]) -> Result<Vec<usize>, (usize, u32, u32)> {
    let mut inked = Vec::new();
    for (n, p) in pixels.iter().enumerate() {
        let margin = (72.0 * p.per_pt).floor() as u32;
        let mut inside = 0;
        for y in 0..p.height {
            for x in 0..p.width {
                let i = ((y * p.width + x) * 4) as usize;
                let white = p.rgba[i..i + 3].iter().all(|&c| c == 255);
                if white {
                    continue;
                }
                let within = x >= margin && x < p.width - margin && y >= margin && y < p.height - margin;
                if !within {
                    return Err((n + 1, x, y));
                }
                inside += 1;
            }
        }
        inked.push(inside);
    }
    Ok(inked)
}
