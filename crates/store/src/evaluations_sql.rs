//! The evaluations statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::account::mail::Message;
use matchready_core::application::Application;
use matchready_core::rotation::evaluation::{EvalKind, Evaluation, EvaluationText, Reminder, levels_code, levels_of};

use crate::applicants_sql::{APPLICATION_SQL, ApplicationRow, applications};

use crate::evaluations::{EvaluationSave, EvaluationStore};
use crate::sql::{PostgresStore, SqliteStore};
use crate::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct EvaluationRow {
    application_id: i64,
    kind: String,
    submitted: bool,
    levels: String,
    strengths: String,
    improve: String,
    narrative: String,
    author_id: i64,
    author_name: String,
    updated_at: i64,
    submitted_at: Option<i64>,
}

impl TryFrom<EvaluationRow> for Evaluation {
    type Error = StoreError;

    fn try_from(r: EvaluationRow) -> StoreResult<Self> {
        let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("unknown evaluation {what} '{v}'"));
        Ok(Evaluation {
            application_id: r.application_id,
            kind: EvalKind::from_code(&r.kind).ok_or_else(|| corrupt("kind", &r.kind))?,
            submitted: r.submitted,
            text: EvaluationText {
                levels: levels_of(&r.levels).ok_or_else(|| corrupt("levels", &r.levels))?,
                strengths: r.strengths,
                improve: r.improve,
                narrative: r.narrative,
            },
            author_id: r.author_id,
            author_name: r.author_name,
            updated_at: r.updated_at,
            submitted_at: r.submitted_at,
        })
    }
}

macro_rules! evaluations_impl {
    ($store:ident) => {
        #[async_trait]
        impl EvaluationStore for $store {
            async fn evaluations(&self, application_id: i64) -> StoreResult<Vec<Evaluation>> {
                let rows = sqlx::query_as::<_, EvaluationRow>(
                    "SELECT e.application_id, e.kind, e.submitted, e.levels, e.strengths, e.improve, e.narrative, \
                     e.author_id, u.name AS author_name, e.updated_at, e.submitted_at \
                     FROM evaluations e JOIN users u ON u.id = e.author_id WHERE e.application_id = $1 \
                     ORDER BY CASE e.kind WHEN 'midpoint' THEN 0 ELSE 1 END",
                )
                .bind(application_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(Evaluation::try_from).collect()
            }

            async fn save_evaluation(&self, s: &EvaluationSave) -> StoreResult<bool> {
                let t = &s.text;
                let submitted_at = s.submit.then_some(s.now);
                let mut tx = self.pool.begin().await?;
                // A draft is saved over; a submitted one is never changed.
                let saved = sqlx::query(
                    "INSERT INTO evaluations (application_id, kind, submitted, levels, strengths, improve, narrative, \
                     author_id, updated_at, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                     ON CONFLICT (application_id, kind) DO UPDATE SET submitted = excluded.submitted, \
                     levels = excluded.levels, strengths = excluded.strengths, improve = excluded.improve, \
                     narrative = excluded.narrative, author_id = excluded.author_id, updated_at = excluded.updated_at, \
                     submitted_at = excluded.submitted_at WHERE evaluations.submitted = $11",
                )
                .bind(s.application_id)
                .bind(s.kind.code())
                .bind(s.submit)
                .bind(levels_code(&t.levels))
                .bind(&t.strengths)
                .bind(&t.improve)
                .bind(&t.narrative)
                .bind(s.by)
                .bind(s.now)
                .bind(submitted_at)
                .bind(false)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if saved != 1 {
                    return Ok(false);
                }
                Self::queue(&mut tx, &s.emails, s.now).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn rotations_to_evaluate(&self, started_since: NaiveDate) -> StoreResult<Vec<Application>> {
                let rows = sqlx::query_as::<_, ApplicationRow>(sqlx::AssertSqlSafe(format!(
                    "{APPLICATION_SQL} WHERE a.status = 'in_progress' OR (a.status = 'completed' AND b.start_date >= $1) \
                     ORDER BY a.id"
                )))
                .bind(started_since)
                .fetch_all(&self.pool)
                .await?;
                applications(rows)
            }

            async fn remind_evaluation(
                &self,
                application_id: i64,
                kind: EvalKind,
                stage: Reminder,
                emails: &[Message],
                now: i64,
            ) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                let marked = sqlx::query(
                    "INSERT INTO evaluation_reminders (application_id, kind, stage, sent_at) \
                     SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM evaluations e \
                     WHERE e.application_id = $1 AND e.kind = $2 AND e.submitted) ON CONFLICT DO NOTHING",
                )
                .bind(application_id)
                .bind(kind.code())
                .bind(stage.code())
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if marked != 1 {
                    return Ok(false);
                }
                Self::queue(&mut tx, emails, now).await?;
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

evaluations_impl!(SqliteStore);
evaluations_impl!(PostgresStore);
