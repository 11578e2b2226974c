//! Before applying: whether the applicant may join an experience and why
//! not, in words, and the checklist of documents the site will need, each
//! marked as on file, missing, or running out before the rotation ends.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

use crate::document::{Document, DocumentKind};
use crate::{ApplicantFacts, ApplicantType, Experience, ExperienceType};

/// Documents a site needs for an experience of `kind`, from an applicant of `who`.
pub fn required_documents(kind: ExperienceType, who: Option<ApplicantType>, step1_required: bool) -> Vec<DocumentKind> {
    use DocumentKind as D;
    let mut need = vec![D::Passport, D::Cv];
    match kind {
        ExperienceType::Telerotation | ExperienceType::Research => {}
        ExperienceType::Observership => need.push(D::Immunization),
        _ => need.extend([D::Immunization, D::Bls, D::BackgroundCheck, D::LiabilityInsurance]),
    }
    if kind.is_hands_on() {
        need.push(if who == Some(ApplicantType::Img) { D::Diploma } else { D::DeansLetter });
    }
    if step1_required {
        need.push(D::UsmleTranscript);
    }
    need
}

/// Where one required document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// On file and valid through the rotation.
    Ready,
    /// Not in the vault.
    Missing,
    /// In the vault but it runs out before the rotation ends.
    Expires,
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ChecklistItem {
    /// The kind of document.
    pub kind: DocumentKind,
    /// Its name.
    pub name: &'static str,
    /// Where it stands.
    pub standing: Standing,
    /// The document on file, if any (the newest of its kind).
    pub document_id: Option<i64>,
    /// What to do, in words (empty when ready).
    pub note: String,
}

/// Everything the applicant should know before applying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Readiness {
    /// Whether the profile meets the experience's eligibility.
    pub eligible: bool,
    /// Why not, in words.
    pub reasons: Vec<String>,
    /// The documents the site will need.
    pub checklist: Vec<ChecklistItem>,
    /// What the immunization record lacks for these dates.
    pub immunization_gaps: Vec<String>,
}

impl Readiness {
    /// Readiness for `experience` in the block from `start` to `end`.
    pub fn assess(
        experience: &Experience,
        facts: &ApplicantFacts,
        documents: &[Document],
        start: NaiveDate,
        end: NaiveDate,
    ) -> Self {
        let reasons: Vec<String> =
            experience.eligibility.check(experience.kind, facts, start.year()).iter().map(ToString::to_string).collect();
        let mut immunization_gaps = Vec::new();
        let checklist = required_documents(experience.kind, facts.applicant_type, experience.eligibility.step1_pass_required)
            .into_iter()
            .map(|kind| {
                // Documents come newest first: the first of a kind is the one that counts.
                let on_file = documents.iter().find(|d| d.kind == kind);
                let (standing, note) = match on_file {
                    None => (Standing::Missing, "upload yours".to_string()),
                    Some(d) if !d.validity().covers(end) => (
                        Standing::Expires,
                        format!(
                            "yours runs out on {}, before the rotation ends on {}: upload a newer one",
                            crate::dates::day(d.expires_on.unwrap_or(end)),
                            crate::dates::day(end)
                        ),
                    ),
                    Some(_) => (Standing::Ready, String::new()),
                };
                if kind == DocumentKind::Immunization
                    && let Some(record) = on_file.and_then(|d| d.immunizations.as_ref())
                {
                    immunization_gaps = record.gaps(start, end);
                }
                ChecklistItem { kind, name: kind.name(), standing, document_id: on_file.map(|d| d.id), note }
            })
            .collect();
        Self { eligible: reasons.is_empty(), reasons, checklist, immunization_gaps }
    }

    /// The documents on file that run out before the rotation ends.
    pub fn expiring(&self) -> Vec<&ChecklistItem> {
        self.checklist.iter().filter(|c| c.standing == Standing::Expires).collect()
    }

    /// Whether every document is on file and valid through the rotation, with nothing lacking in
    /// the immunization record.
    pub fn documents_complete(&self) -> bool {
        self.checklist.iter().all(|c| c.standing == Standing::Ready) && self.immunization_gaps.is_empty()
    }

    /// What the documents lack, one short phrase each, e.g. "BLS/ACLS card missing".
    pub fn lacking(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .checklist
            .iter()
            .filter_map(|c| match c.standing {
                Standing::Ready => None,
                Standing::Missing => Some(format!("{} missing", c.name)),
                Standing::Expires => Some(format!("{} runs out too soon", c.name)),
            })
            .collect();
        match self.immunization_gaps.len() {
            0 => {}
            1 => out.push("immunization record lacks 1 entry".to_string()),
            n => out.push(format!("immunization record lacks {n} entries")),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hands_on_needs_more_than_observing() {
        let obs = required_documents(ExperienceType::Observership, Some(ApplicantType::Img), false);
        let rot = required_documents(ExperienceType::ClinicalRotation, Some(ApplicantType::Img), true);
        assert_eq!(obs, [DocumentKind::Passport, DocumentKind::Cv, DocumentKind::Immunization]);
        assert!(
            rot.contains(&DocumentKind::Bls)
                && rot.contains(&DocumentKind::Diploma)
                && rot.contains(&DocumentKind::UsmleTranscript)
        );
        let student = required_documents(ExperienceType::Elective, Some(ApplicantType::Ims), false);
        assert!(student.contains(&DocumentKind::DeansLetter) && !student.contains(&DocumentKind::Diploma));
    }

    #[test]
    fn what_is_lacking_reads_at_a_glance() {
        let item = |kind: DocumentKind, standing| ChecklistItem {
            kind,
            name: kind.name(),
            standing,
            document_id: None,
            note: String::new(),
        };
        let mut r = Readiness {
            eligible: true,
            reasons: Vec::new(),
            checklist: vec![item(DocumentKind::Passport, Standing::Ready), item(DocumentKind::Cv, Standing::Ready)],
            immunization_gaps: Vec::new(),
        };
        assert!(r.documents_complete());
        assert!(r.lacking().is_empty());
        r.checklist.push(item(DocumentKind::Bls, Standing::Missing));
        r.checklist.push(item(DocumentKind::Visa, Standing::Expires));
        r.immunization_gaps = vec!["MMR: 2 doses or a titer".into(), "TB test".into()];
        assert!(!r.documents_complete());
        assert_eq!(r.lacking(), ["BLS card missing", "US visa runs out too soon", "immunization record lacks 2 entries"]);
        r.checklist.truncate(2);
        r.immunization_gaps.truncate(1);
        assert!(!r.documents_complete(), "a gap in the immunization record is not complete");
        assert_eq!(r.lacking(), ["immunization record lacks 1 entry"]);
    }
}
