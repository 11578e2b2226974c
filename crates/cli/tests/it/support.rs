//! Starting the real server for a test.

use std::process::Stdio;
use std::time::Duration;

use matchready_store::testing::TestDb;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Path of the binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_matchready");

/// A running server with its own database.
pub struct Server {
    pub base: String,
    pub backend: &'static str,
    pub http: reqwest::Client,
    child: Child,
    db: Option<TestDb>,
    logs: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `matchready serve --demo --no-history` on a free port against `db`: the demo catalog
    /// and accounts, with a blank demo applicant and nobody else.
    pub async fn start(db: TestDb, backend: &'static str) -> Self {
        Self::start_with(db, backend, &["--no-history"]).await
    }

    /// Starts `matchready serve --demo` with its history as of `today`, as a person trying it meets it.
    pub async fn lived_in(db: TestDb, today: chrono::NaiveDate) -> Self {
        let backend = db.backend();
        Self::start_with(db, backend, &["--as-of", &today.to_string()]).await
    }

    /// Starts `matchready serve --demo --no-history` logging everything at debug level; every line
    /// it writes is kept in [`Server::logs`].
    pub async fn logged(db: TestDb) -> Self {
        let backend = db.backend();
        Self::spawn(db, backend, &["--no-history"], true).await
    }

    /// Every log line the server wrote so far (only for a server started with [`Server::logged`]).
    pub fn logs(&self) -> Vec<String> {
        self.logs.lock().map(|l| l.clone()).unwrap_or_default()
    }

    async fn start_with(db: TestDb, backend: &'static str, flags: &[&str]) -> Self {
        Self::spawn(db, backend, flags, false).await
    }

    async fn spawn(db: TestDb, backend: &'static str, flags: &[&str], logged: bool) -> Self {
        let data = std::env::temp_dir().join(format!("matchready_data_{}", std::process::id()));
        let mut child = Command::new(BIN)
            .args(["serve", "--demo", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(&data)
            .args(flags)
            .env("DATABASE_URL", &db.url)
            .env("MATCHREADY_PAYMENT_WEBHOOK_SECRET", WEBHOOK_SECRET)
            .env("RUST_LOG", if logged { "debug" } else { "warn" })
            .stdout(Stdio::piped())
            .stderr(if logged { Stdio::piped() } else { Stdio::inherit() })
            .kill_on_drop(true)
            .spawn()
            .expect("the matchready binary starts");
        let logs: std::sync::Arc<std::sync::Mutex<Vec<String>>> = std::sync::Arc::default();
        if let Some(stderr) = child.stderr.take() {
            let kept = logs.clone();
            tokio::spawn(async move {
                let mut lines = BufReader::new(stderr).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    kept.lock().expect("the log").push(line);
                }
            });
        }
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        let base = tokio::time::timeout(Duration::from_secs(120), async {
            while let Some(line) = lines.next_line().await.expect("read server output") {
                if let Some(rest) = line.split("running at ").nth(1) {
                    return rest.split_whitespace().next().expect("an address").trim_end_matches('/').to_string();
                }
            }
            panic!("server exited before saying where it listens");
        })
        .await
        .expect("server starts within two minutes");
        // The rest of stdout is log too.
        let kept = logs.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                kept.lock().expect("the log").push(line);
            }
        });
        Self { base, backend, http: reqwest::Client::new(), child, db: Some(db), logs }
    }

    /// A server over a fresh database of `db`'s backend.
    pub async fn on(db: TestDb) -> Self {
        let backend = db.backend();
        Self::start(db, backend).await
    }

    /// GET a path; returns status, content type and body.
    pub async fn get(&self, path: &str) -> (u16, String, String) {
        let res = self.http.get(format!("{}{path}", self.base)).send().await.expect("request sent");
        let status = res.status().as_u16();
        let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        (status, ct, res.text().await.expect("body read"))
    }

    /// GET a JSON path; returns status and parsed body.
    pub async fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, ct, body) = self.get(path).await;
        assert!(ct.starts_with("application/json"), "{} {path}: content type {ct}, body {body}", self.backend);
        (status, serde_json::from_str(&body).expect("valid JSON"))
    }

    /// The server's database, opened beside it (to read what only the database shows).
    pub async fn store(&self) -> std::sync::Arc<dyn matchready_store::Store> {
        let url = &self.db.as_ref().expect("a database").url;
        matchready_store::connect(url).await.expect("the test database")
    }

    /// Stops the server and drops its database.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
        if let Some(db) = self.db.take() {
            db.drop_db().await;
        }
    }
}

/// The payment webhook secret the test servers use.
pub const WEBHOOK_SECRET: &str = "test webhook secret";

/// The demo accounts' password (see `matchready serve --demo`).
/// Whether an application (as the API lists it) is a rotation under way today: in progress, its
/// block not over (the demo also has one over, awaiting its final evaluation).
pub fn under_way(a: &serde_json::Value) -> bool {
    let today = chrono::Utc::now().date_naive().to_string();
    a["status"] == "in_progress" && a["end_date"].as_str().is_some_and(|d| d >= today.as_str())
}

pub const DEMO_PASSWORD: &str = "demo password for matchready";

impl Server {
    /// Sends a JSON request (with a bearer token if given); returns status and body (`null` when empty).
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        let text = res.text().await.expect("body read");
        (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
    }

    /// Logs in through the API; panics unless it works.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let (status, body) =
            self.call("POST", "/api/v1/auth/login", None, Some(serde_json::json!({"email": email, "password": password}))).await;
        assert_eq!(status, 200, "{}: login as {email}: {body}", self.backend);
        body["token"].as_str().expect("a token").to_string()
    }

    /// The token of the newest link emailed to `to` whose URL contains `path` (e.g. `/reset?token=`),
    /// read where delivery reads it (the outbox's unsent emails in the database), as the
    /// recipient's inbox would have it: the admin's outbox shows links redacted. `_admin` is unused.
    pub async fn mailed_token(&self, _admin: &str, to: &str, path: &str) -> String {
        let url = &self.db.as_ref().expect("a database").url;
        let store = matchready_store::connect(url).await.expect("the test database");
        let mails = store.unsent_emails(10_000, 1_000).await.expect("the outbox");
        let body = mails
            .iter()
            .rev()
            .find(|m| m.to == to && m.body.contains(path))
            .unwrap_or_else(|| panic!("{}: no email to {to} with {path}", self.backend))
            .body
            .clone();
        let start = body.find(path).expect("the link") + path.len();
        body[start..].split_whitespace().next().expect("a token").to_string()
    }

    /// Invites a host (as `admin`), sets their password from the emailed link and logs them in.
    pub async fn host(&self, admin: &str, email: &str, role: &str, site: i64) -> (i64, String) {
        let invite = serde_json::json!({"email": email, "name": "Test Host", "role": role, "site_id": site});
        let (status, user) = self.call("POST", "/api/v1/invitations", Some(admin), Some(invite)).await;
        assert_eq!(status, 201, "{}: invite {email}: {user}", self.backend);
        let token = self.mailed_token(admin, email, "/reset?token=").await;
        let set = serde_json::json!({"token": token, "password": DEMO_PASSWORD});
        let (status, body) = self.call("POST", "/api/v1/auth/password-reset/confirm", None, Some(set)).await;
        assert_eq!(status, 204, "{}: set password of {email}: {body}", self.backend);
        (user["id"].as_i64().expect("an id"), self.login(email, DEMO_PASSWORD).await)
    }
}

/// Runs `$story` (an `async fn(Server)`) as two tests, against a server on SQLite and one on
/// PostgreSQL (ignored unless the runner is asked for ignored tests; `.ci/run` is). With
/// `ignored = "why"`, both are ignored: for stories that need more than a database (Chromium).
#[macro_export]
macro_rules! on_both_servers {
    ($story:ident) => {
        mod $story {
            use matchready_store::testing::TestDb;

            #[tokio::test]
            async fn sqlite() {
                super::$story($crate::support::Server::on(TestDb::sqlite()).await).await;
            }

            #[tokio::test]
            #[ignore = "needs PostgreSQL at MATCHREADY_TEST_POSTGRES; .ci/run runs it"]
            async fn postgres() {
                super::$story($crate::support::Server::on(TestDb::postgres().await).await).await;
            }
        }
    };
    ($story:ident, ignored = $why:literal) => {
        mod $story {
            use matchready_store::testing::TestDb;

            #[tokio::test]
            #[ignore = $why]
            async fn sqlite() {
                super::$story($crate::support::Server::on(TestDb::sqlite()).await).await;
            }

            #[tokio::test]
            #[ignore = $why]
            async fn postgres() {
                super::$story($crate::support::Server::on(TestDb::postgres().await).await).await;
            }
        }
    };
}

/// Runs `$story` (an `async fn(Server)` that needs Chromium) as two ignored tests against the demo
/// as lived in today, on SQLite and on PostgreSQL; `.ci/run` runs them.
#[macro_export]
macro_rules! on_both_lived_in {
    ($story:ident) => {
        mod $story {
            use matchready_store::testing::TestDb;

            use $crate::support::Server;

            #[tokio::test]
            #[ignore = "needs Chromium and chromedriver; .ci/run installs them and runs it"]
            async fn sqlite() {
                let today = chrono::Utc::now().date_naive();
                super::$story(Server::lived_in(TestDb::sqlite(), today).await).await;
            }

            #[tokio::test]
            #[ignore = "needs PostgreSQL and Chromium; .ci/run runs it"]
            async fn postgres() {
                let today = chrono::Utc::now().date_naive();
                super::$story(Server::lived_in(TestDb::postgres().await, today).await).await;
            }
        }
    };
}
