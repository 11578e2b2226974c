//! The document vault's rules: which kinds of document there are, what a
//! file must be (PDF, PNG or JPEG, judged by its bytes, never by its name
//! or declared type), safe download names, and which documents run out
//! before a planned rotation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Curriculum vitae.
    Cv,
    /// Passport.
    Passport,
    /// US visa.
    Visa,
    /// Immunization record (the AAMC Standardized Immunization Form).
    Immunization,
    /// Basic Life Support card.
    Bls,
    /// Advanced Cardiovascular Life Support card.
    Acls,
    /// Background check.
    BackgroundCheck,
    /// Liability insurance certificate.
    LiabilityInsurance,
    /// Dean's letter (or letter of good standing).
    DeansLetter,
    /// Diploma.
    Diploma,
    /// USMLE transcript.
    UsmleTranscript,
}

impl DocumentKind {
    /// Every kind, in the order the vault lists them.
    pub const ALL: [Self; 11] = [
        Self::Passport,
        Self::Visa,
        Self::Cv,
        Self::Immunization,
        Self::Bls,
        Self::Acls,
        Self::BackgroundCheck,
        Self::LiabilityInsurance,
        Self::DeansLetter,
        Self::Diploma,
        Self::UsmleTranscript,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Cv => "cv",
            Self::Passport => "passport",
            Self::Visa => "visa",
            Self::Immunization => "immunization",
            Self::Bls => "bls",
            Self::Acls => "acls",
            Self::BackgroundCheck => "background_check",
            Self::LiabilityInsurance => "liability_insurance",
            Self::DeansLetter => "deans_letter",
            Self::Diploma => "diploma",
            Self::UsmleTranscript => "usmle_transcript",
        }
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cv => "CV",
            Self::Passport => "Passport",
            Self::Visa => "US visa",
            Self::Immunization => "Immunization record",
            Self::Bls => "BLS card",
            Self::Acls => "ACLS card",
            Self::BackgroundCheck => "Background check",
            Self::LiabilityInsurance => "Liability insurance certificate",
            Self::DeansLetter => "Dean's letter",
            Self::Diploma => "Diploma",
            Self::UsmleTranscript => "USMLE transcript",
        }
    }

    /// The name inside a sentence: "your immunization record", "your US visa", "your CV".
    pub fn in_sentence(self) -> String {
        let name = self.name();
        let mut chars = name.chars();
        match (chars.next(), chars.next()) {
            (Some(first), Some(second)) if !second.is_uppercase() => first.to_lowercase().chain(name[1..].chars()).collect(),
            _ => name.to_string(),
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// Whether documents of this kind run out (and so need an expiry date).
    pub fn expires(self) -> bool {
        matches!(
            self,
            Self::Passport
                | Self::Visa
                | Self::Bls
                | Self::Acls
                | Self::BackgroundCheck
                | Self::LiabilityInsurance
                | Self::Immunization
        )
    }
}

/// A file type the vault takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    /// PDF.
    Pdf,
    /// PNG image.
    Png,
    /// JPEG image.
    Jpeg,
}

impl FileType {
    /// By the first bytes of the file.
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else {
            None
        }
    }

    /// The media type to serve it as.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Jpeg => "jpg",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Pdf, Self::Png, Self::Jpeg].into_iter().find(|t| t.extension() == code || (code == "jpeg" && *t == Self::Jpeg))
    }
}

/// A download name that is safe in a `Content-Disposition` header and on any disk:
/// letters, digits, spaces, dots, dashes and underscores only, at most 80 characters, with the right extension.
pub fn safe_filename(uploaded: &str, kind: DocumentKind, file_type: FileType) -> String {
    let stem = uploaded.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let clean: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_') { c } else { '_' })
        .collect::<String>()
        .trim_matches(|c: char| c == '_' || c == ' ' || c == '.')
        .chars()
        .take(80)
        .collect();
    let stem = if clean.is_empty() { kind.code().to_string() } else { clean };
    format!("{stem}.{}", file_type.extension())
}

/// A document's dates, for the "runs out before your rotation" warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    /// When it was issued.
    pub issued_on: Option<NaiveDate>,
    /// When it runs out.
    pub expires_on: Option<NaiveDate>,
}

impl Validity {
    /// Checks the dates: an expiry after the issue date, and one given for kinds that run out.
    pub fn check(&self, kind: DocumentKind) -> Result<(), String> {
        match (self.issued_on, self.expires_on) {
            (Some(i), Some(e)) if e <= i => Err(format!("the expiry date ({e}) must come after the issue date ({i})")),
            (_, None) if kind.expires() => Err(format!("your {} runs out: give the date it does", kind.in_sentence())),
            _ => Ok(()),
        }
    }

    /// Whether it is still valid on the last day of a rotation ending on `until`.
    pub fn covers(&self, until: NaiveDate) -> bool {
        self.expires_on.is_none_or(|e| e >= until)
    }
}

/// A document in the vault (the file itself is kept elsewhere, under `storage_key`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Document {
    /// Identifier.
    pub id: i64,
    /// Whose.
    pub owner_id: i64,
    /// What it is.
    pub kind: DocumentKind,
    /// PDF, PNG or JPEG, by its content.
    pub file_type: FileType,
    /// A safe name to download it under.
    pub filename: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// When it was issued.
    pub issued_on: Option<NaiveDate>,
    /// When it runs out.
    pub expires_on: Option<NaiveDate>,
    /// For an immunization record: its entries.
    pub immunizations: Option<crate::immunization::Immunizations>,
    /// When it was uploaded, seconds since 1970.
    pub uploaded_at: i64,
    /// The earlier version this one replaced.
    pub replaces_id: Option<i64>,
    /// When a newer version replaced it.
    pub replaced_at: Option<i64>,
    /// When its owner removed it from the vault.
    pub removed_at: Option<i64>,
    /// Where the file is kept (random; never shown).
    #[serde(skip)]
    pub storage_key: String,
}

impl Document {
    /// Its dates.
    pub fn validity(&self) -> Validity {
        Validity { issued_on: self.issued_on, expires_on: self.expires_on }
    }

    /// In the vault now: neither replaced nor removed.
    pub fn is_current(&self) -> bool {
        self.replaced_at.is_none() && self.removed_at.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_judged_by_their_bytes() {
        assert_eq!(FileType::sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(FileType::sniff(b"\x89PNG\r\n\x1a\n...."), Some(FileType::Png));
        assert_eq!(FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(FileType::Jpeg));
        assert_eq!(FileType::sniff(b"MZ\x90\x00 an executable"), None);
        assert_eq!(FileType::sniff(b"<html>%PDF-"), None);
        assert_eq!(FileType::sniff(b""), None);
    }

    #[test]
    fn download_names_are_safe() {
        assert_eq!(safe_filename("My Passport (2024).pdf", DocumentKind::Passport, FileType::Pdf), "My Passport _2024.pdf");
        assert_eq!(safe_filename("../../etc/passwd", DocumentKind::Cv, FileType::Pdf), "passwd.pdf");
        assert_eq!(safe_filename("a\"b\r\nc.exe", DocumentKind::Cv, FileType::Png), "a_b__c.png");
        assert_eq!(safe_filename("...", DocumentKind::Bls, FileType::Jpeg), "bls.jpg");
        assert_eq!(safe_filename("résumé.pdf", DocumentKind::Cv, FileType::Pdf), "r_sum.pdf");
        assert!(safe_filename(&"x".repeat(500), DocumentKind::Cv, FileType::Pdf).len() <= 84);
    }

    #[test]
    fn names_read_well_inside_a_sentence() {
        assert_eq!(DocumentKind::Visa.in_sentence(), "US visa");
        assert_eq!(DocumentKind::Cv.in_sentence(), "CV");
        assert_eq!(DocumentKind::Immunization.in_sentence(), "immunization record");
        assert_eq!(DocumentKind::Bls.in_sentence(), "BLS card");
        assert_eq!(DocumentKind::DeansLetter.in_sentence(), "dean's letter");
    }

    #[test]
    fn validity() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let v = Validity { issued_on: Some(d("2024-01-01")), expires_on: Some(d("2027-01-01")) };
        assert!(v.check(DocumentKind::Passport).is_ok());
        assert!(v.covers(d("2026-12-31")) && !v.covers(d("2027-01-02")));
        assert!(Validity { issued_on: None, expires_on: None }.check(DocumentKind::Passport).is_err());
        assert!(Validity { issued_on: None, expires_on: None }.check(DocumentKind::Cv).is_ok());
        assert!(
            Validity { issued_on: Some(d("2024-01-01")), expires_on: Some(d("2023-01-01")) }.check(DocumentKind::Cv).is_err()
        );
    }
}
