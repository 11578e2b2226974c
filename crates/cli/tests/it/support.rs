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
}

impl Server {
    /// Starts `matchready serve --demo` on a free port against `db`.
    pub async fn start(db: TestDb, backend: &'static str) -> Self {
        let data = std::env::temp_dir().join(format!("matchready_data_{}", std::process::id()));
        let mut child = Command::new(BIN)
            .args(["serve", "--demo", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(&data)
            .env("DATABASE_URL", &db.url)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("the matchready binary starts");
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
        Self { base, backend, http: reqwest::Client::new(), child, db: Some(db) }
    }

    /// One server per backend: SQLite always, PostgreSQL when a server answers.
    pub async fn all() -> Vec<Self> {
        let mut servers = Vec::new();
        for db in TestDb::all().await {
            let backend = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
            servers.push(Self::start(db, backend).await);
        }
        servers
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

    /// Stops the server and drops its database.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
        if let Some(db) = self.db.take() {
            db.drop_db().await;
        }
    }
}
