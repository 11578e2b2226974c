//! A letter of recommendation's file: a PDF of at most 1 MB, every page US
//! letter size, not encrypted, judged by its bytes. And [`letter_pdf`], a
//! plain one-page letter (the demo's uploads, and the tests').

use lopdf::{Dictionary, Document, Object, ObjectId, dictionary};

/// The largest letter taken.
pub const MAX_LETTER_BYTES: usize = 1_000_000;

/// US letter, in points.
const LETTER: (f32, f32) = (612.0, 792.0);
/// How far a page may be from it (rounding in exports), in points.
const SLACK: f32 = 3.0;

/// Why a letter's file was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LetterProblem {
    /// Empty.
    #[error("the file is empty")]
    Empty,
    /// Over 1 MB.
    #[error(
        "the letter is {0} bytes; at most 1 MB (1,000,000 bytes) is taken: export it again without images, or at a lower resolution"
    )]
    TooLarge(usize),
    /// Not a PDF by its bytes.
    #[error("only a PDF is taken for a letter, and this is not one (whatever its name says)")]
    NotPdf,
    /// Encrypted or password-protected.
    #[error("this PDF is encrypted or password-protected; save it again without a password or restrictions and upload that")]
    Encrypted,
    /// Says PDF but does not parse.
    #[error("this file claims to be a PDF but is not a readable one; export it again and upload that")]
    Broken,
    /// A page that is not US letter.
    #[error(
        "page {page} is {width:.0} × {height:.0} points; a letter must be US letter size (8.5 × 11 inches, 612 × 792 points)"
    )]
    PageSize { page: u32, width: f32, height: f32 },
}

/// Checks a letter's bytes.
pub fn inspect_letter(bytes: &[u8]) -> Result<(), LetterProblem> {
    if bytes.is_empty() {
        return Err(LetterProblem::Empty);
    }
    if bytes.len() > MAX_LETTER_BYTES {
        return Err(LetterProblem::TooLarge(bytes.len()));
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err(LetterProblem::NotPdf);
    }
    let declares_encryption = bytes.windows(8).any(|w| w == b"/Encrypt");
    let doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(_) if declares_encryption => return Err(LetterProblem::Encrypted),
        Err(_) => return Err(LetterProblem::Broken),
    };
    if declares_encryption || doc.is_encrypted() || doc.was_encrypted() {
        return Err(LetterProblem::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(LetterProblem::Broken);
    }
    for (number, id) in pages {
        let (width, height) = page_size(&doc, id).ok_or(LetterProblem::Broken)?;
        // Portrait or landscape.
        let fits = |(w, h): (f32, f32)| (w - LETTER.0).abs() <= SLACK && (h - LETTER.1).abs() <= SLACK;
        if !fits((width, height)) && !fits((height, width)) {
            return Err(LetterProblem::PageSize { page: number, width, height });
        }
    }
    Ok(())
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// A page's MediaBox width and height, inherited from its parents if it has none.
fn page_size(doc: &Document, page: ObjectId) -> Option<(f32, f32)> {
    let mut dict: &Dictionary = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(b) = dict.get(b"MediaBox") {
            let b = match b {
                Object::Reference(r) => doc.get_object(*r).ok()?,
                o => o,
            };
            let v: Vec<f32> = b.as_array().ok()?.iter().filter_map(number).collect();
            return (v.len() == 4).then(|| ((v[2] - v[0]).abs(), (v[3] - v[1]).abs()));
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn escaped(line: &str) -> String {
    line.chars()
        .filter(|c| c.is_ascii() && !c.is_ascii_control())
        .flat_map(|c| if matches!(c, '(' | ')' | '\\') { vec!['\\', c] } else { vec![c] })
        .collect()
}

/// A plain one-page letter with `lines` in Helvetica on a page of `size` points (US letter:
/// 612 × 792), its text uncompressed; `encrypted` marks it as encrypted, as a protected PDF is.
pub fn letter_pdf(lines: &[&str], size: (i64, i64), encrypted: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let mut text = String::from("BT /F1 11 Tf 72 720 Td 14 TL\n");
    for l in lines {
        text.push_str(&format!("({}) Tj T*\n", escaped(l)));
    }
    text.push_str("ET\n");
    let content = doc.add_object(lopdf::Stream::new(dictionary! {}, text.into_bytes()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), size.0.into(), size.1.into()],
        "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects
        .insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    if encrypted {
        let encrypt = doc.add_object(dictionary! {
            "Filter" => "Standard", "V" => 1, "R" => 2, "P" => -44,
            "O" => Object::string_literal(vec![7u8; 32]), "U" => Object::string_literal(vec![9u8; 32]),
        });
        doc.trailer.set("Encrypt", encrypt);
    }
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_is_a_small_plain_us_letter_pdf() {
        assert_eq!(inspect_letter(&letter_pdf(&["Dear program director,"], (612, 792), false)), Ok(()));
        assert_eq!(inspect_letter(&letter_pdf(&["Landscape"], (792, 612), false)), Ok(()));
        assert!(matches!(inspect_letter(&letter_pdf(&["A4"], (595, 842), false)), Err(LetterProblem::PageSize { page: 1, .. })));
        assert_eq!(inspect_letter(&letter_pdf(&["Secret"], (612, 792), true)), Err(LetterProblem::Encrypted));
        assert_eq!(inspect_letter(b"MZ\x90\x00 an executable renamed letter.pdf"), Err(LetterProblem::NotPdf));
        assert_eq!(inspect_letter(b"%PDF-1.7\nnot really"), Err(LetterProblem::Broken));
        assert_eq!(inspect_letter(b""), Err(LetterProblem::Empty));
        let mut big = letter_pdf(&["Big"], (612, 792), false);
        big.resize(3 * 1024 * 1024, b' ');
        assert_eq!(inspect_letter(&big), Err(LetterProblem::TooLarge(3 * 1024 * 1024)));
        // What it says is in the file as written, so a test can look for it.
        let pdf = letter_pdf(&["CANARY-123 (a test)"], (612, 792), false);
        assert!(pdf.windows(10).any(|w| w == b"CANARY-123"));
    }
}
