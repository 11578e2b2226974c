//! The notes statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use matchready_core::Specialty;
use matchready_core::account::AuditAction;
use matchready_core::rotation::{Note, NoteComment, NoteStatus, NoteText, Revision, Rubric, Section, WorkSetting};

use crate::notes::{NoteDecision, NoteFile, NoteSave, NoteStore};
use crate::sql::{PostgresStore, SqliteStore};
use crate::{StoreError, StoreResult};

// The working copy, with the title and time of its last submission (what the site sees of it).
const NOTE_SQL: &str = "SELECT n.id, n.application_id, n.status, n.title, n.setting, n.specialty, n.subjective, n.objective, \
     n.assessment, n.plan, n.revision, n.version, n.created_at, n.updated_at, r.title AS submitted_title, r.submitted_at \
     FROM notes n LEFT JOIN note_revisions r ON r.note_id = n.id AND r.revision = n.revision";

fn corrupt(what: &str, code: &str) -> StoreError {
    StoreError::Corrupt(format!("unknown note {what} '{code}'"))
}

#[derive(sqlx::FromRow)]
struct TextRow {
    title: String,
    setting: String,
    specialty: String,
    subjective: String,
    objective: String,
    assessment: String,
    plan: String,
}

impl TryFrom<TextRow> for NoteText {
    type Error = StoreError;

    fn try_from(r: TextRow) -> StoreResult<Self> {
        Ok(NoteText {
            setting: WorkSetting::from_code(&r.setting).ok_or_else(|| corrupt("setting", &r.setting))?,
            specialty: Specialty::from_code(&r.specialty).ok_or_else(|| corrupt("specialty", &r.specialty))?,
            title: r.title,
            subjective: r.subjective,
            objective: r.objective,
            assessment: r.assessment,
            plan: r.plan,
        })
    }
}

#[derive(sqlx::FromRow)]
struct NoteRow {
    id: i64,
    application_id: i64,
    status: String,
    #[sqlx(flatten)]
    text: TextRow,
    revision: i32,
    version: i64,
    created_at: i64,
    updated_at: i64,
    submitted_title: Option<String>,
    submitted_at: Option<i64>,
}

impl TryFrom<NoteRow> for Note {
    type Error = StoreError;

    fn try_from(r: NoteRow) -> StoreResult<Self> {
        Ok(Note {
            id: r.id,
            application_id: r.application_id,
            status: NoteStatus::from_code(&r.status).ok_or_else(|| corrupt("status", &r.status))?,
            text: r.text.try_into()?,
            revision: r.revision,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            submitted: r.submitted_title.zip(r.submitted_at),
        })
    }
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    revision: i32,
    #[sqlx(flatten)]
    text: TextRow,
    submitted_at: i64,
    decision: Option<String>,
    rubric: Option<String>,
    decided_by: Option<i64>,
    decided_at: Option<i64>,
}

impl TryFrom<RevisionRow> for Revision {
    type Error = StoreError;

    fn try_from(r: RevisionRow) -> StoreResult<Self> {
        let decision = match r.decision {
            Some(d) => Some(NoteStatus::from_code(&d).ok_or_else(|| corrupt("decision", &d))?),
            None => None,
        };
        let rubric = match r.rubric {
            Some(text) => {
                let levels: Vec<i64> = text.split(',').filter_map(|l| l.parse().ok()).collect();
                Some(Rubric::from_levels(&levels).ok_or_else(|| corrupt("rubric", &text))?)
            }
            None => None,
        };
        Ok(Revision {
            revision: r.revision,
            text: r.text.try_into()?,
            submitted_at: r.submitted_at,
            decision,
            rubric,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    revision: i32,
    section: Option<String>,
    quote: String,
    body: String,
    author_id: i64,
    author_name: String,
    created_at: i64,
}

impl TryFrom<CommentRow> for NoteComment {
    type Error = StoreError;

    fn try_from(r: CommentRow) -> StoreResult<Self> {
        let section = match r.section {
            Some(s) => Some(Section::from_code(&s).ok_or_else(|| corrupt("section", &s))?),
            None => None,
        };
        Ok(NoteComment {
            id: r.id,
            revision: r.revision,
            section,
            quote: r.quote,
            body: r.body,
            author_id: r.author_id,
            author_name: r.author_name,
            created_at: r.created_at,
        })
    }
}

fn rubric_text(r: &Rubric) -> String {
    r.0.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
}

macro_rules! notes_impl {
    ($store:ident) => {
        #[async_trait]
        impl NoteStore for $store {
            async fn notes(&self, application_id: i64) -> StoreResult<Vec<Note>> {
                let rows = sqlx::query_as::<_, NoteRow>(sqlx::AssertSqlSafe(format!(
                    "{NOTE_SQL} WHERE n.application_id = $1 ORDER BY n.id"
                )))
                .bind(application_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(Note::try_from).collect()
            }

            async fn note_file(&self, id: i64) -> StoreResult<Option<NoteFile>> {
                let row = sqlx::query_as::<_, NoteRow>(sqlx::AssertSqlSafe(format!("{NOTE_SQL} WHERE n.id = $1")))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                let Some(row) = row else { return Ok(None) };
                let revisions = sqlx::query_as::<_, RevisionRow>(
                    "SELECT revision, title, setting, specialty, subjective, objective, assessment, plan, submitted_at, \
                     decision, rubric, decided_by, decided_at FROM note_revisions WHERE note_id = $1 ORDER BY revision",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                let comments = sqlx::query_as::<_, CommentRow>(
                    "SELECT c.id, c.revision, c.section, c.quote, c.body, c.author_id, u.name AS author_name, c.created_at \
                     FROM note_comments c JOIN users u ON u.id = c.author_id WHERE c.note_id = $1 ORDER BY c.id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                // Read apart, so a revision or comment written after the note row was read is left out:
                // the file is the note as it stood.
                let note: Note = row.try_into()?;
                let at = note.revision;
                let revisions = revisions.into_iter().filter(|r| r.revision <= at).map(Revision::try_from);
                let comments = comments.into_iter().filter(|c| c.revision <= at).map(NoteComment::try_from);
                Ok(Some(NoteFile {
                    note,
                    revisions: revisions.collect::<StoreResult<_>>()?,
                    comments: comments.collect::<StoreResult<_>>()?,
                }))
            }

            async fn save_note(&self, s: &NoteSave) -> StoreResult<Option<Note>> {
                let t = &s.text;
                let status = if s.submit { "submitted" } else { "draft" };
                let mut tx = self.pool.begin().await?;
                let id: Option<i64> = match s.note {
                    None => sqlx::query_scalar(
                        "INSERT INTO notes (application_id, status, title, setting, specialty, subjective, objective, \
                         assessment, plan, revision, version, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, $10, $10) RETURNING id",
                    )
                    .bind(s.application_id)
                    .bind(status)
                    .bind(&t.title)
                    .bind(t.setting.code())
                    .bind(t.specialty.code())
                    .bind(&t.subjective)
                    .bind(&t.objective)
                    .bind(&t.assessment)
                    .bind(&t.plan)
                    .bind(s.now)
                    .fetch_optional(&mut *tx)
                    .await?,
                    // A returned note stays returned while it is revised.
                    Some((id, version)) => sqlx::query_scalar(
                        "UPDATE notes SET status = CASE WHEN $3 THEN 'submitted' ELSE status END, title = $4, setting = $5, \
                         specialty = $6, subjective = $7, objective = $8, assessment = $9, plan = $10, \
                         version = version + 1, updated_at = $11 \
                         WHERE id = $1 AND application_id = $12 AND version = $2 AND status IN ('draft', 'returned') RETURNING id",
                    )
                    .bind(id)
                    .bind(version)
                    .bind(s.submit)
                    .bind(&t.title)
                    .bind(t.setting.code())
                    .bind(t.specialty.code())
                    .bind(&t.subjective)
                    .bind(&t.objective)
                    .bind(&t.assessment)
                    .bind(&t.plan)
                    .bind(s.now)
                    .bind(s.application_id)
                    .fetch_optional(&mut *tx)
                    .await?,
                };
                let Some(id) = id else { return Ok(None) };
                if s.submit {
                    let revision: i32 =
                        sqlx::query_scalar("UPDATE notes SET revision = revision + 1 WHERE id = $1 RETURNING revision")
                            .bind(id)
                            .fetch_one(&mut *tx)
                            .await?;
                    sqlx::query(
                        "INSERT INTO note_revisions (note_id, revision, title, setting, specialty, subjective, objective, \
                         assessment, plan, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(id)
                    .bind(revision)
                    .bind(&t.title)
                    .bind(t.setting.code())
                    .bind(t.specialty.code())
                    .bind(&t.subjective)
                    .bind(&t.objective)
                    .bind(&t.assessment)
                    .bind(&t.plan)
                    .bind(s.now)
                    .execute(&mut *tx)
                    .await?;
                }
                for detail in &s.overrides {
                    sqlx::query(
                        "INSERT INTO audit_log (at, actor_id, action, subject, ip, detail) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(s.now)
                    .bind(s.by)
                    .bind(AuditAction::PhiOverridden.code())
                    .bind(format!("note:{id}"))
                    .bind(&s.ip)
                    .bind(detail)
                    .execute(&mut *tx)
                    .await?;
                }
                let row = sqlx::query_as::<_, NoteRow>(sqlx::AssertSqlSafe(format!("{NOTE_SQL} WHERE n.id = $1")))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Some(row.try_into()?))
            }

            async fn decide_note(&self, d: &NoteDecision, version: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                let to = d.to.map(NoteStatus::code);
                let moved = sqlx::query(
                    "UPDATE notes SET status = COALESCE($3, status), version = version + 1, updated_at = $4 \
                     WHERE id = $1 AND version = $2 AND status = 'submitted' AND revision = $5",
                )
                .bind(d.note_id)
                .bind(version)
                .bind(to)
                .bind(d.now)
                .bind(d.revision)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if moved != 1 {
                    return Ok(false);
                }
                if let Some(to) = to {
                    sqlx::query(
                        "UPDATE note_revisions SET decision = $3, rubric = $4, decided_by = $5, decided_at = $6 \
                         WHERE note_id = $1 AND revision = $2",
                    )
                    .bind(d.note_id)
                    .bind(d.revision)
                    .bind(to)
                    .bind(d.rubric.as_ref().map(rubric_text))
                    .bind(d.by)
                    .bind(d.now)
                    .execute(&mut *tx)
                    .await?;
                }
                for c in &d.comments {
                    sqlx::query(
                        "INSERT INTO note_comments (note_id, revision, section, quote, body, author_id, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(d.note_id)
                    .bind(d.revision)
                    .bind(c.section.map(Section::code))
                    .bind(&c.quote)
                    .bind(&c.body)
                    .bind(d.by)
                    .bind(d.now)
                    .execute(&mut *tx)
                    .await?;
                }
                Self::queue(&mut tx, &d.emails, d.now).await?;
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

notes_impl!(SqliteStore);
notes_impl!(PostgresStore);
