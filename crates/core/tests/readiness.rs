//! The readiness checklist over the demo catalog.

use chrono::NaiveDate;
use matchready_core::document::{Document, DocumentKind};
use matchready_core::readiness::{Readiness, Standing};
use matchready_core::{ApplicantFacts, ExperienceType};

#[test]
fn the_checklist_marks_missing_and_expiring_documents() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let catalog = matchready_demo::catalog(&matchready_demo::DemoConfig::new(today));
    let e = catalog.experiences.iter().find(|e| e.kind == ExperienceType::Observership).unwrap();
    let (start, end) = (e.blocks[0].start_date, e.blocks[0].end_date());
    let doc = |id, kind, expires_on| Document {
        id,
        owner_id: 1,
        kind,
        file_type: matchready_core::document::FileType::Pdf,
        filename: "x.pdf".into(),
        size_bytes: 1,
        sha256: String::new(),
        issued_on: None,
        expires_on,
        immunizations: (kind == DocumentKind::Immunization).then(Default::default),
        uploaded_at: 0,
        replaces_id: None,
        replaced_at: None,
        removed_at: None,
        storage_key: String::new(),
    };
    let docs = [doc(2, DocumentKind::Passport, Some(start)), doc(1, DocumentKind::Immunization, None)];
    let r = Readiness::assess(e, &ApplicantFacts::default(), &docs, start, end);
    let standing: Vec<(DocumentKind, Standing)> = r.checklist.iter().map(|c| (c.kind, c.standing)).collect();
    assert_eq!(
        standing,
        [
            (DocumentKind::Passport, Standing::Expires),
            (DocumentKind::Cv, Standing::Missing),
            (DocumentKind::Immunization, Standing::Ready)
        ]
    );
    assert_eq!(r.expiring().len(), 1);
    assert!(r.checklist[0].note.contains("runs out"));
    assert!(!r.immunization_gaps.is_empty(), "an empty record has gaps");
}
