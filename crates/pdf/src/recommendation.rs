//! A standardised letter of recommendation's data, and the view of it the
//! template reads (`recommendation.typ`).

use chrono::NaiveDate;
use serde::Serialize;

use crate::letter::{SiteHead, ViewSite, long_date, site_view};
use crate::text::breakable;

/// Everything a standardised letter says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationData {
    /// The day it was finished.
    pub date: NaiveDate,
    /// Its Letter ID.
    pub code: String,
    /// Where the Letter ID is checked.
    pub verify_url: String,
    /// The site, for the letterhead.
    pub site: SiteHead,
    /// The applicant.
    pub applicant: String,
    /// The rotation: experience's title, first and last day.
    pub rotation: (String, NaiveDate, NaiveDate),
    /// The specialty it is for ("General").
    pub specialty: String,
    /// How many trainees the author compares with.
    pub compared_with: u32,
    /// The overall rank's words.
    pub overall: String,
    /// (competency, words).
    pub competencies: Vec<(String, String)>,
    /// The narrative.
    pub narrative: String,
    /// The author: name, title, specialty, institution, contact.
    pub author: [String; 5],
}

#[derive(Debug, Serialize)]
pub(crate) struct View {
    date: String,
    code: String,
    verify_url: String,
    site: ViewSite,
    applicant: String,
    rotation: String,
    specialty: String,
    compared_with: String,
    overall: String,
    competencies: Vec<(String, String)>,
    paragraphs: Vec<String>,
    author: [String; 5],
}

impl RecommendationData {
    pub(crate) fn view(&self) -> View {
        let b = |s: &str| breakable(s.trim());
        let (title, start, end) = &self.rotation;
        View {
            date: long_date(self.date),
            code: b(&self.code),
            verify_url: b(&self.verify_url),
            site: site_view(&self.site),
            applicant: b(&self.applicant),
            rotation: format!("{}, {} to {}", b(title), long_date(*start), long_date(*end)),
            specialty: b(&self.specialty),
            compared_with: format!("about {} trainees at this level", self.compared_with),
            overall: b(&self.overall),
            competencies: self.competencies.iter().map(|(c, w)| (b(c), b(w))).collect(),
            paragraphs: self.narrative.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(b).collect(),
            author: self.author.clone().map(|s| b(&s)),
        }
    }
}
