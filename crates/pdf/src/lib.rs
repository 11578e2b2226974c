//! Every PDF that leaves MatchReady, laid out by typst: one template per
//! document in `templates/` (sharing `common.typ`), the data handed over as
//! one JSON string that the template reads with `json(bytes(sys.inputs.data))`.
//! User text is never spliced into markup, so whatever a name says is
//! printed as it is. Text wraps and runs onto further pages, the fonts are
//! the ones bundled with typst and are embedded in the PDF.
//!
//! Pure: no files, no network, no clock (a document's date is in its data).

mod certificate;
mod letter;
mod recommendation;
mod text;
mod world;

pub use certificate::CertificateData;
pub use letter::{Applicant, Experience, LetterData, Purpose, Signatory, SiteHead};
pub use recommendation::RecommendationData;
pub use typst_layout::PagedDocument;

use chrono::{Datelike, NaiveDate};
use typst::diag::SourceDiagnostic;
use typst_pdf::PdfOptions;

use crate::world::DocWorld;

/// Why a document could not be made. None of these is the user's fault: the
/// caller logs it and answers with a server error.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The data could not be written as JSON.
    #[error("document data: {0}")]
    Data(#[from] serde_json::Error),
    /// The template did not compile or lay out (the engine's messages).
    #[error("layout of {template}: {message}")]
    Layout { template: &'static str, message: String },
    /// The laid-out pages could not be written as PDF.
    #[error("PDF export of {template}: {message}")]
    Export { template: &'static str, message: String },
}

/// A document MatchReady makes, with its template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// The B-1 invitation letter for the consular officer.
    B1Letter,
    /// The certificate of completion of a rotation.
    Certificate,
    /// A standardised letter of recommendation.
    Recommendation,
}

impl Template {
    /// The template's file name.
    pub fn name(self) -> &'static str {
        match self {
            Template::B1Letter => "letter.typ",
            Template::Certificate => "certificate.typ",
            Template::Recommendation => "recommendation.typ",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Template::B1Letter => include_str!("../templates/letter.typ"),
            Template::Certificate => include_str!("../templates/certificate.typ"),
            Template::Recommendation => include_str!("../templates/recommendation.typ"),
        }
    }
}

fn messages(errors: &[SourceDiagnostic]) -> String {
    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")
}

/// Lays out `template` with `data` (JSON) into pages, dated `date`.
pub fn lay_out(template: Template, data: String, date: NaiveDate) -> Result<PagedDocument, PdfError> {
    let layout_error = |message: String| PdfError::Layout { template: template.name(), message };
    let today = (date.year(), date.month() as u8, date.day() as u8);
    let world = DocWorld::new(template.name(), template.source(), data, today)
        .ok_or_else(|| layout_error("the template's name is not a valid path".into()))?;
    // The engine is large and the data is anyone's text: a panic inside it
    // is this document's error, not the server's.
    let compiled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| typst::compile::<PagedDocument>(&world).output));
    // typst memoizes across documents; keep only what recent documents used.
    typst::comemo::evict(10);
    match compiled {
        Ok(Ok(document)) => Ok(document),
        Ok(Err(errors)) => Err(layout_error(messages(&errors))),
        Err(_) => Err(layout_error("the layout engine panicked".into())),
    }
}

/// Writes laid-out pages as a PDF with its fonts embedded.
pub fn export(template: Template, document: &PagedDocument) -> Result<Vec<u8>, PdfError> {
    let options = PdfOptions { creator: typst::foundations::Smart::Custom(Some("MatchReady".into())), ..PdfOptions::default() };
    typst_pdf::pdf(document, &options).map_err(|e| PdfError::Export { template: template.name(), message: messages(&e) })
}

/// The B-1 invitation letter's pages (for checks of the layout itself).
pub fn b1_letter_pages(data: &LetterData) -> Result<PagedDocument, PdfError> {
    lay_out(Template::B1Letter, serde_json::to_string(&data.view())?, data.date)
}

/// The B-1 invitation letter as a PDF.
pub fn b1_letter(data: &LetterData) -> Result<Vec<u8>, PdfError> {
    export(Template::B1Letter, &b1_letter_pages(data)?)
}

/// The certificate of completion's pages, for checks.
pub fn certificate_pages(data: &CertificateData) -> Result<PagedDocument, PdfError> {
    lay_out(Template::Certificate, serde_json::to_string(&data.view())?, data.date)
}

/// The certificate of completion as a PDF.
pub fn certificate(data: &CertificateData) -> Result<Vec<u8>, PdfError> {
    export(Template::Certificate, &certificate_pages(data)?)
}

/// A standardised letter of recommendation's pages, for checks.
pub fn recommendation_pages(data: &RecommendationData) -> Result<PagedDocument, PdfError> {
    lay_out(Template::Recommendation, serde_json::to_string(&data.view())?, data.date)
}

/// A standardised letter of recommendation as a PDF.
pub fn recommendation(data: &RecommendationData) -> Result<Vec<u8>, PdfError> {
    export(Template::Recommendation, &recommendation_pages(data)?)
}
