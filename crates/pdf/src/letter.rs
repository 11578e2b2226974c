//! The B-1 invitation letter's data, and the view of it the template reads:
//! every value a display string, dates written out, long words breakable.

use chrono::NaiveDate;
use serde::Serialize;

use crate::text::breakable;

/// Everything the letter says, as facts; the words are the template's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterData {
    /// The letter's date.
    pub date: NaiveDate,
    /// Our reference for the seat (the application's id).
    pub reference: String,
    /// The inviting site, for the letterhead.
    pub site: SiteHead,
    /// Who is invited.
    pub applicant: Applicant,
    /// What they are invited to.
    pub experience: Experience,
    /// Why they come, in the visa's terms.
    pub purpose: Purpose,
    /// Who signs for the site.
    pub signatory: Signatory,
}

/// The site as its letterhead shows it. Empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteHead {
    pub name: String,
    pub address: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub phone: String,
    pub email: String,
}

/// The invited applicant, as their passport and profile say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub name: String,
    pub date_of_birth: NaiveDate,
    /// Nationality (citizenship).
    pub citizenship: String,
    pub passport_number: String,
    pub medical_school: String,
    pub school_country: String,
}

/// The experience and its supervising physician.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Experience {
    pub title: String,
    pub specialty: String,
    /// The kind in words ("Clinical rotation", "Observership", ...).
    pub kind: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The supervising physician's name with credentials ("Dana Reyes, MD").
    pub preceptor: String,
}

/// The purpose of the visit in the visa's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A hands-on elective clerkship, for a student of a non-US medical school.
    Clerkship,
    /// Observation only, with no patient care (graduates on B-1/B-2).
    Observership,
}

/// Who signs: the site's coordinator, or the site's clinical education office.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signatory {
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
}

/// What the template reads (`letter.typ`).
#[derive(Debug, Serialize)]
pub(crate) struct View {
    date: String,
    reference: String,
    site: ViewSite,
    applicant: ViewApplicant,
    experience: ViewExperience,
    purpose: &'static str,
    signatory: ViewSignatory,
}

#[derive(Debug, Serialize)]
pub(crate) struct ViewSite {
    name: String,
    address: String,
    locality: String,
    phone: String,
    email: String,
}

#[derive(Debug, Serialize)]
struct ViewApplicant {
    name: String,
    date_of_birth: String,
    citizenship: String,
    passport_number: String,
    school: String,
}

#[derive(Debug, Serialize)]
struct ViewExperience {
    title: String,
    specialty: String,
    kind: String,
    dates: String,
    start: String,
    end: String,
    preceptor: String,
}

#[derive(Debug, Serialize)]
struct ViewSignatory {
    name: String,
    title: String,
    email: String,
    phone: String,
}

/// A date as a consular letter writes it: "March 1, 2027".
pub(crate) fn long_date(d: NaiveDate) -> String {
    d.format("%B %-d, %Y").to_string()
}

/// A phone number that is never broken across lines.
fn unbroken(phone: &str) -> String {
    phone.trim().replace(' ', "\u{00A0}")
}

/// The parts that are not empty, joined by `sep`.
fn joined(parts: &[&str], sep: &str) -> String {
    parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(sep)
}

fn span(start: NaiveDate, end: NaiveDate) -> String {
    let days = (end - start).num_days() + 1;
    let length = match days {
        d if d > 0 && d % 7 == 0 => format!("{} week{}", d / 7, if d == 7 { "" } else { "s" }),
        1 => "1 day".to_string(),
        d => format!("{d} days"),
    };
    format!("{} to {} ({length})", long_date(start), long_date(end))
}

/// The letterhead's lines.
pub(crate) fn site_view(site: &SiteHead) -> ViewSite {
    let b = |s: &str| breakable(s.trim());
    let state_zip = joined(&[&site.state, &site.postal_code], " ");
    ViewSite {
        name: b(&site.name),
        address: b(&site.address),
        locality: b(&joined(&[&site.city, &state_zip], ", ")),
        phone: unbroken(&b(&site.phone)),
        email: b(&site.email),
    }
}

impl LetterData {
    pub(crate) fn view(&self) -> View {
        let b = |s: &str| breakable(s.trim());
        let (site, a, e, s) = (&self.site, &self.applicant, &self.experience, &self.signatory);
        View {
            date: long_date(self.date),
            reference: b(&self.reference),
            site: site_view(site),
            applicant: ViewApplicant {
                name: b(&a.name),
                date_of_birth: long_date(a.date_of_birth),
                citizenship: b(&a.citizenship),
                passport_number: b(&a.passport_number),
                school: b(&joined(&[&a.medical_school, &a.school_country], ", ")),
            },
            experience: ViewExperience {
                title: b(&e.title),
                specialty: b(&e.specialty),
                kind: b(&e.kind),
                dates: span(e.start, e.end),
                start: long_date(e.start),
                end: long_date(e.end),
                preceptor: b(&e.preceptor),
            },
            purpose: match self.purpose {
                Purpose::Clerkship => "clerkship",
                Purpose::Observership => "observership",
            },
            signatory: ViewSignatory { name: b(&s.name), title: b(&s.title), email: b(&s.email), phone: unbroken(&b(&s.phone)) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_four_week_block_reads_as_weeks() {
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap_or_default();
        assert_eq!(span(d(3, 1), d(3, 28)), "March 1, 2027 to March 28, 2027 (4 weeks)");
        assert_eq!(span(d(3, 1), d(3, 10)), "March 1, 2027 to March 10, 2027 (10 days)");
    }

    #[test]
    fn empty_parts_are_left_out() {
        assert_eq!(joined(&["Boston", " ", "MA 02115"], ", "), "Boston, MA 02115");
    }
}
