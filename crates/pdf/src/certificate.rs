//! The certificate of completion's data, and the view of it the template
//! reads: every value a display string, dates written out, long words
//! breakable.

use chrono::NaiveDate;
use serde::Serialize;

use crate::letter::{SiteHead, long_date, site_view};
use crate::text::breakable;

/// Everything the certificate says, as facts; the words are the template's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateData {
    /// The day it was issued.
    pub date: NaiveDate,
    /// The verification code.
    pub code: String,
    /// Where the code is checked (`…/verify/{code}`).
    pub verify_url: String,
    /// The site, for the letterhead.
    pub site: SiteHead,
    /// The trainee.
    pub trainee: String,
    /// The experience's title.
    pub experience: String,
    /// Its type in words.
    pub kind: String,
    /// How it counts, in words ("Hands-on US clinical experience (USCE)").
    pub counts_as: String,
    /// The specialty.
    pub specialty: String,
    /// The lead preceptor.
    pub preceptor: String,
    /// The block's first and last day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// Signed hours, in words ("160 hours: 120 hands-on, 40 observing, over 20 days").
    pub hours: String,
}

/// What the template reads (`certificate.typ`).
#[derive(Debug, Serialize)]
pub(crate) struct View {
    date: String,
    code: String,
    verify_url: String,
    site: crate::letter::ViewSite,
    trainee: String,
    experience: String,
    kind: String,
    counts_as: String,
    specialty: String,
    preceptor: String,
    dates: String,
    hours: String,
}

impl CertificateData {
    pub(crate) fn view(&self) -> View {
        let b = |s: &str| breakable(s.trim());
        View {
            date: long_date(self.date),
            code: b(&self.code),
            verify_url: b(&self.verify_url),
            site: site_view(&self.site),
            trainee: b(&self.trainee),
            experience: b(&self.experience),
            kind: b(&self.kind),
            counts_as: b(&self.counts_as),
            specialty: b(&self.specialty),
            preceptor: b(&self.preceptor),
            dates: format!("{} to {}", long_date(self.start), long_date(self.end)),
            hours: b(&self.hours),
        }
    }
}
