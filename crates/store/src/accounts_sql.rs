//! The accounts statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;

use matchready_core::account::throttle::Failures;
use matchready_core::account::{LinkPurpose, Role, User};
use matchready_core::{Site, SiteExperience, State};

use crate::accounts::{AccountStore, NewSession, NewUser, SessionKind};
use crate::sql::{PostgresStore, SqliteStore};
use crate::{StoreError, StoreResult};

const USER_COLUMNS: &str =
    "id, email, name, role, site_id, password_hash, email_verified_at, host_verified_at, disabled_at, created_at";

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    site_id: Option<i64>,
    password_hash: Option<String>,
    email_verified_at: Option<i64>,
    host_verified_at: Option<i64>,
    disabled_at: Option<i64>,
    created_at: i64,
}

impl UserRow {
    fn into_user(self) -> StoreResult<(User, Option<String>)> {
        let role = Role::from_code(&self.role).ok_or_else(|| StoreError::Corrupt(format!("unknown role '{}'", self.role)))?;
        let user = User {
            id: self.id,
            email: self.email,
            name: self.name,
            role,
            site_id: self.site_id,
            email_verified: self.email_verified_at.is_some(),
            host_verified: self.host_verified_at.is_some(),
            disabled: self.disabled_at.is_some(),
            has_password: self.password_hash.is_some(),
            created_at: self.created_at,
        };
        Ok((user, self.password_hash))
    }
}

#[derive(sqlx::FromRow)]
struct SiteRow {
    id: i64,
    name: String,
    kind: String,
    city: String,
    state: String,
    address: String,
    postal_code: String,
    phone: String,
    email: String,
}

fn users(rows: Vec<UserRow>) -> StoreResult<Vec<User>> {
    rows.into_iter().map(|r| r.into_user().map(|(u, _)| u)).collect()
}

const REVOKE_SESSIONS: &str = "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL";

macro_rules! accounts_impl {
    ($store:ident) => {
        #[async_trait]
        impl AccountStore for $store {
            async fn create_user(&self, u: &NewUser) -> StoreResult<Option<User>> {
                let row = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO users (email, name, role, site_id, password_hash, email_verified_at, host_verified_at, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (email) DO NOTHING RETURNING {USER_COLUMNS}"
                )))
                .bind(&u.email)
                .bind(&u.name)
                .bind(u.role.code())
                .bind(u.site_id)
                .bind(&u.password_hash)
                .bind(u.email_verified.then_some(u.now))
                .bind(u.host_verified.then_some(u.now))
                .bind(u.now)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| r.into_user().map(|(u, _)| u)).transpose()
            }

            async fn user(&self, id: i64) -> StoreResult<Option<User>> {
                let row = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1")))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| r.into_user().map(|(u, _)| u)).transpose()
            }

            async fn user_by_email(&self, email: &str) -> StoreResult<Option<(User, Option<String>)>> {
                let row =
                    sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1")))
                        .bind(email)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(UserRow::into_user).transpose()
            }

            async fn password_hash(&self, id: i64) -> StoreResult<Option<String>> {
                let hash: Option<Option<String>> = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(hash.flatten())
            }

            async fn users(&self, site_id: Option<i64>) -> StoreResult<Vec<User>> {
                let rows = match site_id {
                    Some(site) => {
                        sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
                            "SELECT {USER_COLUMNS} FROM users WHERE site_id = $1 ORDER BY id"
                        )))
                        .bind(site)
                        .fetch_all(&self.pool)
                        .await?
                    }
                    None => {
                        sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users ORDER BY id")))
                            .fetch_all(&self.pool)
                            .await?
                    }
                };
                users(rows)
            }

            async fn set_password(&self, id: i64, hash: &str, keep: Option<&str>, now: i64) -> StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1").bind(id).bind(hash).execute(&mut *tx).await?;
                sqlx::query(
                    "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND token_hash <> $3",
                )
                .bind(id)
                .bind(now)
                .bind(keep.unwrap_or(""))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_role(&self, id: i64, role: Role, site_id: Option<i64>, now: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                // A host's verification was for that role at that site: a new one must be verified anew.
                let done = sqlx::query(
                    "UPDATE users SET host_verified_at = CASE WHEN role = $2 AND COALESCE(site_id, -1) = COALESCE($3, -1) \
                     THEN host_verified_at ELSE NULL END, role = $2, site_id = $3 WHERE id = $1",
                )
                    .bind(id)
                    .bind(role.code())
                    .bind(site_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    == 1;
                sqlx::query(REVOKE_SESSIONS).bind(id).bind(now).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(done)
            }

            async fn set_disabled(&self, id: i64, disabled: bool, now: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1")
                    .bind(id)
                    .bind(disabled.then_some(now))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    == 1;
                if disabled {
                    sqlx::query(REVOKE_SESSIONS).bind(id).bind(now).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(done)
            }

            async fn verify_host(&self, id: i64, now: i64) -> StoreResult<bool> {
                let r = sqlx::query("UPDATE users SET host_verified_at = COALESCE(host_verified_at, $2) WHERE id = $1")
                    .bind(id)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(r.rows_affected() == 1)
            }

            async fn verify_email(&self, id: i64, now: i64) -> StoreResult<bool> {
                let r = sqlx::query("UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1")
                    .bind(id)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(r.rows_affected() == 1)
            }

            async fn create_session(&self, s: &NewSession) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO sessions (token_hash, user_id, kind, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
                )
                .bind(&s.token_hash)
                .bind(s.user_id)
                .bind(s.kind.code())
                .bind(s.now)
                .bind(s.expires_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn session_user(
                &self,
                token_hash: &str,
                kind: SessionKind,
                now: i64,
                idle: i64,
                touch: i64,
            ) -> StoreResult<Option<User>> {
                let row: Option<(i64, i64)> = sqlx::query_as(
                    "SELECT s.user_id, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id \
                     WHERE s.token_hash = $1 AND s.kind = $2 AND s.revoked_at IS NULL AND s.expires_at > $3 \
                     AND s.last_seen_at > $4 AND u.disabled_at IS NULL",
                )
                .bind(token_hash)
                .bind(kind.code())
                .bind(now)
                .bind(now - idle)
                .fetch_optional(&self.pool)
                .await?;
                let Some((user_id, last_seen)) = row else {
                    return Ok(None);
                };
                if last_seen < now - touch {
                    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
                        .bind(token_hash)
                        .bind(now)
                        .execute(&self.pool)
                        .await?;
                }
                self.user(user_id).await
            }

            async fn end_session(&self, token_hash: &str, now: i64) -> StoreResult<bool> {
                let r = sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL")
                    .bind(token_hash)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(r.rows_affected() == 1)
            }

            async fn create_link(
                &self,
                token_hash: &str,
                user_id: i64,
                purpose: LinkPurpose,
                now: i64,
                expires_at: i64,
            ) -> StoreResult<()> {
                sqlx::query("INSERT INTO links (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(token_hash)
                    .bind(user_id)
                    .bind(purpose.code())
                    .bind(now)
                    .bind(expires_at)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn link_user(&self, token_hash: &str, purpose: LinkPurpose, now: i64) -> StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar(
                    "SELECT user_id FROM links WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
                )
                .bind(token_hash)
                .bind(purpose.code())
                .bind(now)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn use_link(&self, token_hash: &str, purpose: LinkPurpose, now: i64) -> StoreResult<Option<i64>> {
                // One statement: of two racing uses, one sees used_at set and gets nothing.
                Ok(sqlx::query_scalar(
                    "UPDATE links SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
                     RETURNING user_id",
                )
                .bind(token_hash)
                .bind(purpose.code())
                .bind(now)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn login_failures(&self, key: &str, since: i64) -> StoreResult<Failures> {
                let (count, oldest): (i64, Option<i64>) =
                    sqlx::query_as("SELECT COUNT(*), MIN(at) FROM login_failures WHERE key = $1 AND at > $2")
                        .bind(key)
                        .bind(since)
                        .fetch_one(&self.pool)
                        .await?;
                Ok(Failures { count, oldest })
            }

            async fn record_login_failure(&self, keys: &[&str], now: i64, since: i64) -> StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                for key in keys {
                    sqlx::query("DELETE FROM login_failures WHERE key = $1 AND at <= $2")
                        .bind(key)
                        .bind(since)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)").bind(key).bind(now).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(&self.pool).await?;
                Ok(())
            }

            async fn site(&self, id: i64) -> StoreResult<Option<Site>> {
                let row = sqlx::query_as::<_, SiteRow>("SELECT id, name, kind, city, state, address, postal_code, phone, email FROM sites WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| {
                    let state = State::from_code(&r.state).ok_or_else(|| StoreError::Corrupt(format!("unknown state '{}'", r.state)))?;
                    Ok(Site {
                        id: r.id,
                        name: r.name,
                        kind: r.kind,
                        city: r.city,
                        state,
                        address: r.address,
                        postal_code: r.postal_code,
                        phone: r.phone,
                        email: r.email,
                    })
                })
                .transpose()
            }

            async fn site_experiences(&self, site_id: i64) -> StoreResult<Vec<SiteExperience>> {
                let rows: Vec<(i64, String, bool)> =
                    sqlx::query_as("SELECT id, title, published FROM experiences WHERE site_id = $1 ORDER BY id")
                        .bind(site_id)
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows.into_iter().map(|(id, title, published)| SiteExperience { id, title, published }).collect())
            }

            async fn experience_site(&self, id: i64) -> StoreResult<Option<(i64, bool)>> {
                Ok(sqlx::query_as("SELECT site_id, published FROM experiences WHERE id = $1").bind(id).fetch_optional(&self.pool).await?)
            }

            async fn set_published(&self, id: i64, published: bool) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query("UPDATE experiences SET published = $2 WHERE id = $1")
                    .bind(id)
                    .bind(published)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    == 1;
                sqlx::query(crate::sql::BUMP_VERSION_SQL).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(done)
            }
        }
    };
}

accounts_impl!(SqliteStore);
accounts_impl!(PostgresStore);
