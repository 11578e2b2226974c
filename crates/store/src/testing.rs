//! Fresh databases for tests, on both backends.
//!
//! SQLite: a new file in a temporary folder. PostgreSQL: a new database on
//! the server named by `MATCHREADY_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`), dropped afterwards. With
//! no server, PostgreSQL is skipped and says so, unless `CI` is set: then a
//! missing server fails the test, so CI can never pass on SQLite alone.

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

    /// A new PostgreSQL database, or `None` (with a note) when no server answers outside CI.
    pub async fn postgres() -> Option<Self> {
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
            let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
            assert!(!ci, "PostgreSQL is required in CI but {} failed: {e}", crate::redact(&admin));
            eprintln!(
                "PostgreSQL not tried ({}: {e}); set MATCHREADY_TEST_POSTGRES to a server to run that half",
                crate::redact(&admin)
            );
            return None;
        }
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        Some(Self { url, cleanup: Cleanup::Postgres { admin, name } })
    }

    /// Both backends: SQLite always, PostgreSQL when a server answers.
    pub async fn all() -> Vec<Self> {
        let mut dbs = vec![Self::sqlite()];
        dbs.extend(Self::postgres().await);
        dbs
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
