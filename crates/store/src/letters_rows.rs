//! The letters' rows and what they read as (see `letters_sql.rs`).

use chrono::NaiveDate;
use matchready_core::letters::delivery::{Destination, Opening};
use matchready_core::letters::{EventKind, Letter, LetterStatus};

use crate::{StoreError, StoreResult};

pub(crate) const LETTER_SQL: &str = "SELECT l.id, l.code, l.application_id, l.applicant_id, ua.name AS applicant_name, l.author_id, \
     up.name AS author_name, l.site_id, l.site_name, l.experience_title, l.start_date, l.end_date, l.specialty, l.programs, \
     l.due_on, l.note, l.statement, l.share_cv, l.waived, l.eras_id, l.status, l.decline_reason, l.version, l.created_at, \
     l.updated_at FROM letters l JOIN users ua ON ua.id = l.applicant_id JOIN users up ON up.id = l.author_id";

#[derive(sqlx::FromRow)]
pub(crate) struct LetterRow {
    id: i64,
    code: String,
    application_id: i64,
    applicant_id: i64,
    applicant_name: String,
    author_id: i64,
    author_name: String,
    site_id: i64,
    site_name: String,
    experience_title: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    specialty: String,
    programs: String,
    due_on: NaiveDate,
    note: String,
    statement: String,
    share_cv: bool,
    waived: bool,
    eras_id: Option<String>,
    status: String,
    decline_reason: Option<String>,
    version: i64,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<LetterRow> for Letter {
    type Error = StoreError;

    fn try_from(r: LetterRow) -> StoreResult<Self> {
        let status = LetterStatus::from_code(&r.status)
            .ok_or_else(|| StoreError::Corrupt(format!("letter {} status '{}'", r.id, r.status)))?;
        Ok(Letter {
            id: r.id,
            code: r.code,
            application_id: r.application_id,
            applicant_id: r.applicant_id,
            applicant_name: r.applicant_name,
            author_id: r.author_id,
            author_name: r.author_name,
            site_id: r.site_id,
            site_name: r.site_name,
            experience_title: r.experience_title,
            start_date: r.start_date,
            end_date: r.end_date,
            specialty: r.specialty,
            programs: r.programs,
            due_on: r.due_on,
            note: r.note,
            statement: r.statement,
            share_cv: r.share_cv,
            waived: r.waived,
            eras_id: r.eras_id,
            status,
            decline_reason: r.decline_reason,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct DestinationRow {
    pub(crate) id: i64,
    pub(crate) letter_id: i64,
    kind: String,
    program: String,
    contact: String,
    delivered_at: i64,
    expires_at: Option<i64>,
    max_opens: i64,
}

pub(crate) const DESTINATION_SQL: &str =
    "SELECT id, letter_id, kind, program, contact, delivered_at, expires_at, max_opens FROM letter_destinations";

pub(crate) fn destination(r: DestinationRow, openings: Vec<Opening>) -> Destination {
    Destination {
        id: r.id,
        letter_id: r.letter_id,
        kind: r.kind,
        program: r.program,
        contact: r.contact,
        delivered_at: r.delivered_at,
        expires_at: r.expires_at,
        max_opens: r.max_opens,
        openings,
    }
}

pub(crate) fn event_of(kind: &str) -> StoreResult<EventKind> {
    EventKind::from_code(kind).ok_or_else(|| StoreError::Corrupt(format!("letter event '{kind}'")))
}
