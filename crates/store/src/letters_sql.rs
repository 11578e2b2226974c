//! The letters' statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use matchready_core::account::mail::Message;
use matchready_core::letters::delivery::{Destination, Opening};
use matchready_core::letters::{EventKind, Letter, LetterEvent, LetterVersion};

use crate::letters::{Changed, LetterChange, LetterStore, NewLetter};
use crate::letters_rows::{DESTINATION_SQL, DestinationRow, LETTER_SQL, LetterRow, destination, event_of};
use crate::sql::{PostgresStore, SqliteStore, queue};
use crate::{StoreError, StoreResult};

macro_rules! letters_impl {
    ($store:ident) => {
        impl $store {
            async fn letters_where(&self, clause: &str, value: i64) -> StoreResult<Vec<Letter>> {
                let rows = sqlx::query_as::<_, LetterRow>(sqlx::AssertSqlSafe(format!("{LETTER_SQL} {clause}")))
                    .bind(value)
                    .fetch_all(&self.pool)
                    .await?;
                rows.into_iter().map(Letter::try_from).collect()
            }

            async fn openings(&self, destination_id: i64) -> StoreResult<Vec<Opening>> {
                let rows: Vec<(i64, String)> =
                    sqlx::query_as("SELECT at, address FROM letter_openings WHERE destination_id = $1 ORDER BY id")
                        .bind(destination_id)
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows.into_iter().map(|(at, address)| Opening { at, address }).collect())
            }
        }

        #[async_trait]
        impl LetterStore for $store {
            async fn create_letter(&self, n: &NewLetter) -> StoreResult<Option<Letter>> {
                let mut tx = self.pool.begin().await?;
                let id: Result<i64, sqlx::Error> = sqlx::query_scalar(
                    "INSERT INTO letters (code, application_id, applicant_id, author_id, site_id, site_name, experience_title, \
                     start_date, end_date, specialty, programs, due_on, note, statement, share_cv, waived, eras_id, status, \
                     created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'requested', $18, $18) \
                     RETURNING id",
                )
                .bind(&n.code)
                .bind(n.application_id)
                .bind(n.applicant_id)
                .bind(n.author_id)
                .bind(n.site_id)
                .bind(&n.site_name)
                .bind(&n.experience_title)
                .bind(n.start_date)
                .bind(n.end_date)
                .bind(&n.specialty)
                .bind(&n.programs)
                .bind(n.due_on)
                .bind(&n.note)
                .bind(&n.statement)
                .bind(n.share_cv)
                .bind(n.waived)
                .bind(&n.eras_id)
                .bind(n.now)
                .fetch_one(&mut *tx)
                .await;
                // One live request per rotation and author (a unique index): a second is refused.
                let id = match id {
                    Ok(id) => id,
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(None),
                    Err(e) => return Err(e.into()),
                };
                sqlx::query("INSERT INTO letter_events (letter_id, at, kind, by_id, detail) VALUES ($1, $2, 'requested', $3, '')")
                    .bind(id)
                    .bind(n.now)
                    .bind(n.applicant_id)
                    .execute(&mut *tx)
                    .await?;
                queue!(tx, &n.emails, n.now);
                tx.commit().await?;
                Ok(Some(self.letter(id).await?.ok_or_else(|| StoreError::Corrupt(format!("letter {id} vanished")))?))
            }

            async fn letter(&self, id: i64) -> StoreResult<Option<Letter>> {
                Ok(self.letters_where("WHERE l.id = $1", id).await?.pop())
            }

            async fn letter_by_code(&self, code: &str) -> StoreResult<Option<Letter>> {
                let row = sqlx::query_as::<_, LetterRow>(sqlx::AssertSqlSafe(format!("{LETTER_SQL} WHERE l.code = $1")))
                    .bind(code)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(Letter::try_from).transpose()
            }

            async fn letters_of_applicant(&self, applicant_id: i64) -> StoreResult<Vec<Letter>> {
                self.letters_where("WHERE l.applicant_id = $1 ORDER BY l.id DESC", applicant_id).await
            }

            async fn letters_of_author(&self, author_id: i64) -> StoreResult<Vec<Letter>> {
                self.letters_where("WHERE l.author_id = $1 ORDER BY l.due_on, l.id", author_id).await
            }

            async fn letters_of_site(&self, site_id: i64) -> StoreResult<Vec<Letter>> {
                self.letters_where("WHERE l.site_id = $1 ORDER BY l.due_on, l.id", site_id).await
            }

            async fn letters_owed(&self) -> StoreResult<Vec<Letter>> {
                self.letters_where("WHERE l.status IN ('requested', 'accepted', 'in_progress') AND l.id > $1 ORDER BY l.id", 0).await
            }

            async fn letter_events(&self, letter_id: i64) -> StoreResult<Vec<LetterEvent>> {
                let rows: Vec<(i64, String, Option<i64>, String)> =
                    sqlx::query_as("SELECT at, kind, by_id, detail FROM letter_events WHERE letter_id = $1 ORDER BY id")
                        .bind(letter_id)
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map(|(at, kind, by, detail)| Ok(LetterEvent { at, kind: event_of(&kind)?, by, detail })).collect()
            }

            async fn letter_versions(&self, letter_id: i64) -> StoreResult<Vec<LetterVersion>> {
                let rows: Vec<(i64, i64, String, i64, String, i64, String, String)> = sqlx::query_as(
                    "SELECT id, number, source, size_bytes, signature, created_at, storage_key, sha256 \
                     FROM letter_versions WHERE letter_id = $1 ORDER BY number",
                )
                .bind(letter_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(id, number, source, size_bytes, signature, created_at, storage_key, sha256)| {
                        let signature = serde_json::from_str(&signature)
                            .map_err(|e| StoreError::Corrupt(format!("letter version {id}'s signature: {e}")))?;
                        Ok(LetterVersion { id, number, source, size_bytes, signature, created_at, storage_key, sha256 })
                    })
                    .collect()
            }

            async fn letter_destinations(&self, letter_id: i64) -> StoreResult<Vec<Destination>> {
                let rows = sqlx::query_as::<_, DestinationRow>(sqlx::AssertSqlSafe(format!(
                    "{DESTINATION_SQL} WHERE letter_id = $1 ORDER BY id"
                )))
                .bind(letter_id)
                .fetch_all(&self.pool)
                .await?;
                let mut out = Vec::with_capacity(rows.len());
                for r in rows {
                    let openings = self.openings(r.id).await?;
                    out.push(destination(r, openings));
                }
                Ok(out)
            }

            async fn letter_draft(&self, letter_id: i64) -> StoreResult<Option<String>> {
                let draft: Option<Option<String>> = sqlx::query_scalar("SELECT draft_form FROM letters WHERE id = $1")
                    .bind(letter_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(draft.flatten())
            }

            async fn change_letter(&self, c: &LetterChange) -> StoreResult<Changed> {
                let mut tx = self.pool.begin().await?;
                let applicant: Option<i64> = sqlx::query_scalar(
                    "UPDATE letters SET status = $3, version = version + 1, updated_at = $4 \
                     WHERE id = $1 AND version = $2 RETURNING applicant_id",
                )
                .bind(c.letter_id)
                .bind(c.version)
                .bind(c.status.code())
                .bind(c.now)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(applicant) = applicant else { return Ok(Changed::Stale) };
                if let Some(waived) = c.waived {
                    sqlx::query("UPDATE letters SET waived = $2 WHERE id = $1").bind(c.letter_id).bind(waived).execute(&mut *tx).await?;
                }
                if let Some(eras_id) = &c.eras_id {
                    sqlx::query("UPDATE letters SET eras_id = $2 WHERE id = $1").bind(c.letter_id).bind(eras_id).execute(&mut *tx).await?;
                }
                if let Some(reason) = &c.decline_reason {
                    sqlx::query("UPDATE letters SET decline_reason = $2 WHERE id = $1")
                        .bind(c.letter_id)
                        .bind(reason)
                        .execute(&mut *tx)
                        .await?;
                }
                if let Some(form) = &c.draft_form {
                    sqlx::query("UPDATE letters SET draft_form = $2 WHERE id = $1").bind(c.letter_id).bind(form).execute(&mut *tx).await?;
                }
                if let Some(f) = &c.file {
                    let signature = serde_json::to_string(&f.signature).map_err(|e| StoreError::Invalid(e.to_string()))?;
                    sqlx::query(
                        "INSERT INTO letter_versions (letter_id, number, source, storage_key, sha256, size_bytes, signature, created_at) \
                         VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM letter_versions WHERE letter_id = $1), \
                         $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(c.letter_id)
                    .bind(f.source)
                    .bind(&f.storage_key)
                    .bind(&f.sha256)
                    .bind(f.size_bytes)
                    .bind(signature)
                    .bind(c.now)
                    .execute(&mut *tx)
                    .await?;
                }
                if let Some(s) = &c.send {
                    // The applicant's letters one at a time: the count below cannot be raced past.
                    sqlx::query("UPDATE users SET created_at = created_at WHERE id = $1").bind(applicant).execute(&mut *tx).await?;
                    let already: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM letter_destinations WHERE letter_id = $1 AND kind = $2 AND program_key = $3",
                    )
                    .bind(c.letter_id)
                    .bind(s.kind)
                    .bind(&s.to.program_key)
                    .fetch_one(&mut *tx)
                    .await?;
                    if already > 0 {
                        return Ok(Changed::AlreadySent);
                    }
                    let to_program: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM letter_destinations d JOIN letters l ON l.id = d.letter_id \
                         WHERE d.applicant_id = $1 AND d.kind = 'program' AND d.program_key = $2 AND l.status <> 'withdrawn'",
                    )
                    .bind(applicant)
                    .bind(&s.to.program_key)
                    .fetch_one(&mut *tx)
                    .await?;
                    if s.kind == "program" && to_program >= s.per_program {
                        return Ok(Changed::ProgramFull);
                    }
                    sqlx::query(
                        "INSERT INTO letter_destinations (letter_id, applicant_id, kind, program, program_key, contact, token_sha, \
                         expires_at, max_opens, delivered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(c.letter_id)
                    .bind(applicant)
                    .bind(s.kind)
                    .bind(&s.to.program)
                    .bind(&s.to.program_key)
                    .bind(&s.to.contact)
                    .bind(&s.token_sha)
                    .bind(s.expires_at)
                    .bind(s.max_opens)
                    .bind(c.now)
                    .execute(&mut *tx)
                    .await?;
                }
                if let Some(event) = c.event {
                    sqlx::query("INSERT INTO letter_events (letter_id, at, kind, by_id, detail) VALUES ($1, $2, $3, $4, $5)")
                        .bind(c.letter_id)
                        .bind(c.now)
                        .bind(event.code())
                        .bind(c.by)
                        .bind(&c.detail)
                        .execute(&mut *tx)
                        .await?;
                }
                queue!(tx, &c.emails, c.now);
                tx.commit().await?;
                let letter = self.letter(c.letter_id).await?.ok_or_else(|| StoreError::Corrupt("a changed letter vanished".into()))?;
                Ok(Changed::Done(letter))
            }

            async fn note_letter(
                &self,
                letter_id: i64,
                event: EventKind,
                by: Option<i64>,
                detail: &str,
                unless_since: Option<i64>,
                emails: &[Message],
                now: i64,
            ) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                // The letter's row first: two reminders of one kind cannot both find none; and nothing
                // is noted (or emailed) once the letter was declined or withdrawn.
                let live = sqlx::query(
                    "UPDATE letters SET updated_at = updated_at WHERE id = $1 AND status NOT IN ('declined', 'withdrawn')",
                )
                .bind(letter_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if live == 0 {
                    return Ok(false);
                }
                if let Some(since) = unless_since {
                    let had: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM letter_events WHERE letter_id = $1 AND kind = $2 AND at >= $3",
                    )
                    .bind(letter_id)
                    .bind(event.code())
                    .bind(since)
                        .fetch_one(&mut *tx)
                        .await?;
                    if had > 0 {
                        return Ok(false);
                    }
                }
                sqlx::query("INSERT INTO letter_events (letter_id, at, kind, by_id, detail) VALUES ($1, $2, $3, $4, $5)")
                    .bind(letter_id)
                    .bind(now)
                    .bind(event.code())
                    .bind(by)
                    .bind(detail)
                    .execute(&mut *tx)
                    .await?;
                queue!(tx, emails, now);
                tx.commit().await?;
                Ok(true)
            }

            async fn destination_by_token(&self, token_sha: &str) -> StoreResult<Option<(Destination, Letter)>> {
                let row = sqlx::query_as::<_, DestinationRow>(sqlx::AssertSqlSafe(format!(
                    "{DESTINATION_SQL} WHERE token_sha = $1"
                )))
                .bind(token_sha)
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                let Some(letter) = self.letter(row.letter_id).await? else { return Ok(None) };
                let openings = self.openings(row.id).await?;
                Ok(Some((destination(row, openings), letter)))
            }

            async fn open_destination(&self, destination_id: i64, address: &str, now: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                // One statement takes an opening: two at once cannot both take the last.
                let letter: Option<i64> = sqlx::query_scalar(
                    "UPDATE letter_destinations SET opens = opens + 1 \
                     WHERE id = $1 AND opens < max_opens AND (expires_at IS NULL OR expires_at > $2) RETURNING letter_id",
                )
                .bind(destination_id)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(letter) = letter else { return Ok(false) };
                sqlx::query("INSERT INTO letter_openings (destination_id, at, address) VALUES ($1, $2, $3)")
                    .bind(destination_id)
                    .bind(now)
                    .bind(address)
                    .execute(&mut *tx)
                    .await?;
                let program: String = sqlx::query_scalar("SELECT program FROM letter_destinations WHERE id = $1")
                    .bind(destination_id)
                    .fetch_one(&mut *tx)
                    .await?;
                sqlx::query("INSERT INTO letter_events (letter_id, at, kind, by_id, detail) VALUES ($1, $2, 'opened', NULL, $3)")
                    .bind(letter)
                    .bind(now)
                    .bind(program)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

letters_impl!(SqliteStore);
letters_impl!(PostgresStore);
