//! Fresh databases for tests, on both backends.
//!
//! SQLite: a new file in a temporary folder. PostgreSQL: a new database on
//! the server named by `MATCHREADY_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`), dropped afterwards.
//!
//! [`on_both_backends!`] makes two tests of one story: `NAME::sqlite`, which
//! needs nothing, and `NAME::postgres`, marked ignored, so the runner's
//! summary counts it as ignored where no server was asked for. `.ci/run`
//! runs the ignored ones too (`-- --include-ignored`); there a missing
//! server fails the test instead of passing it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

/// Where test databases are made.
pub const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{prefix}_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos)
}

/// A database that exists for one test.
pub struct TestDb {
    /// URL to connect to.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Postgres { admin: String, name: String },
}

impl TestDb {
    /// A new SQLite file.
    pub fn sqlite() -> Self {
        let dir = std::env::temp_dir().join(unique("matchready_test"));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let url = format!("sqlite://{}", dir.join("test.db").display());
        Self { url, cleanup: Cleanup::File(dir) }
    }

    /// A new PostgreSQL database on the server at `MATCHREADY_TEST_POSTGRES`; panics (saying how to
    /// get one) when none answers: a test that asked for PostgreSQL never passes without it.
    pub async fn postgres() -> Self {
        let admin = std::env::var("MATCHREADY_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_string());
        let name = unique("matchready_test");
        let created = async {
            let mut conn = sqlx::PgConnection::connect(&admin).await?;
            // `name` is made by `unique`: letters, digits and underscores only.
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await?;
            conn.close().await
        }
        .await;
        if let Err(e) = created {
            panic!(
                "PostgreSQL is needed by this test but {} failed: {e}; start a server and set MATCHREADY_TEST_POSTGRES (.ci/run does)",
                crate::redact(&admin)
            );
        }
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        Self { url, cleanup: Cleanup::Postgres { admin, name } }
    }

    /// The backend's short name: `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self.cleanup {
            Cleanup::File(_) => "sqlite",
            Cleanup::Postgres { .. } => "postgres",
        }
    }

    /// Removes the database. Call at the end of the test (no async drop).
    pub async fn drop_db(self) {
        match self.cleanup {
            Cleanup::File(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin, name } => {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                        .execute(&mut conn)
                        .await;
                }
            }
        }
    }
}

/// A plain move of application `id` from `from` (read at `version`) to `to`, at `now`: no note,
/// no deadlines, no cancellation facts.
pub fn move_to(
    id: i64,
    from: matchready_core::application::Status,
    version: i64,
    to: matchready_core::application::Status,
    now: i64,
) -> crate::Move {
    crate::Move {
        id,
        from,
        version,
        to,
        actor_id: None,
        now,
        note: String::new(),
        offer_expires_on: None,
        deposit_due_on: None,
        cancellation: None,
    }
}

/// Makes an applicant with a confirmed email and no password (tests and benchmarks); returns the id.
pub async fn applicant(store: &dyn crate::Store, email: &str, name: &str, now: i64) -> crate::StoreResult<i64> {
    let u = crate::NewUser {
        email: email.to_string(),
        name: name.to_string(),
        role: matchready_core::account::Role::Applicant,
        site_id: None,
        password_hash: None,
        email_verified: true,
        host_verified: false,
        now,
    };
    store.create_user(&u).await?.map(|u| u.id).ok_or_else(|| crate::StoreError::Invalid(format!("{email} exists already")))
}

/// Runs the story `$story` (an `async fn(TestDb)`) as two tests, `$story::sqlite` and
/// `$story::postgres`; the second is ignored unless the runner is asked for ignored tests.
#[macro_export]
macro_rules! on_both_backends {
    ($story:ident) => {
        mod $story {
            #[tokio::test]
            async fn sqlite() {
                super::$story($crate::testing::TestDb::sqlite()).await;
            }

            #[tokio::test]
            #[ignore = "needs PostgreSQL at MATCHREADY_TEST_POSTGRES; .ci/run runs it"]
            async fn postgres() {
                super::$story($crate::testing::TestDb::postgres().await).await;
            }
        }
    };
}
