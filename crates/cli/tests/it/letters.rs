//! Letters of recommendation through the real server. Confidentiality is
//! the product: a letter holding a unique canary is uploaded (after a form
//! draft holding it too), sent to a program and opened there; then, as the
//! applicant who waived, a preceptor of another site, another applicant and
//! an unrelated coordinator, every GET route of the API and every page
//! reachable is read, and so is every email in the outbox, every audit line
//! and every log line the server wrote: the canary is nowhere. Its author
//! and an admin with a reason do read it (so the search would find it).
//! Bad uploads over HTTP (3 MB, an executable, an encrypted PDF) are refused
//! with a sentence and change nothing.

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::support::{DEMO_PASSWORD, Server};

const CANARY: &str = "CANARY-5c1e-93ab-LETTER";

async fn upload(s: &Server, token: &str, letter: i64, bytes: Vec<u8>, name: &str) -> (u16, Value) {
    let mut form = Form::new();
    for (k, v) in [
        ("title", "Attending physician"),
        ("specialty", "Internal Medicine"),
        ("institution", "Site A"),
        ("contact", "dr@example.org"),
    ] {
        form = form.text(k, v);
    }
    form = form.part("file", Part::bytes(bytes).file_name(name.to_string()));
    let res = s.http.post(format!("{}/api/v1/letters/{letter}/file", s.base)).bearer_auth(token).multipart(form).send().await;
    let res = res.expect("the upload is sent");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A browser session (cookies) for a page walk.
async fn pages_as(s: &Server, email: &str) -> reqwest::Client {
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let html = http.get(format!("{}/login", s.base)).send().await.unwrap().text().await.unwrap();
    let csrf = html.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().to_string();
    let form = [("csrf", csrf.as_str()), ("email", email), ("password", DEMO_PASSWORD)];
    let res = http.post(format!("{}/login", s.base)).form(&form).send().await.unwrap();
    assert!(res.status().is_success(), "{}: page login as {email}", s.backend);
    http
}

/// Every GET path of the API with its parameters filled in each way the world has.
fn api_paths(doc: &Value, ids: &[i64], code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if item.get("get").is_none() {
            continue;
        }
        for id in ids {
            let p = path
                .replace("{id}", &id.to_string())
                .replace("{code}", code)
                .replace("{token}", "not-the-programs-token")
                .replace("{kind}", "final")
                .replace("{note}", "1")
                .replace("{entry}", "1")
                .replace("{document_id}", "1");
            out.push(p.clone());
            if p.ends_with("/pdf") {
                out.push(format!("{p}?version=1"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

const PAGES: &[&str] = &[
    "/",
    "/account",
    "/profile",
    "/documents",
    "/applications",
    "/applications/{app}",
    "/applications/{app}/hours",
    "/applications/{app}/notes",
    "/applications/{app}/evaluations",
    "/applications/{app}/certificate",
    "/applications/{app}/letters/new",
    "/letters",
    "/letters/{letter}",
    "/letters/{letter}/letter.pdf",
    "/letters/{letter}/letter.pdf?version=1",
    "/letters/{letter}/cv",
    "/letters/verify/{code}",
    "/letters/open/not-the-programs-token",
    "/rounds",
    "/admin/outbox",
    "/admin/audit",
];

async fn canary_is_nowhere(s: Server) {
    let b = s.backend;
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    let store = s.store().await;
    // Two sites; the demo applicant's rotation at the first is under way.
    let (site_a, site_b) = (1, 2);
    let (_, site) = s.call("GET", &format!("/api/v1/sites/{site_a}"), Some(&admin), None).await;
    let experience = site["experiences"][0]["id"].as_i64().expect("an experience at the first site");
    let me = s.login("applicant@example.org", DEMO_PASSWORD).await;
    crate::applications::eligible_profile(&s, &me, experience).await;
    let block = crate::applications::open_blocks(&s, experience).await.pop().expect("an open block");
    let (status, a) = s.call("POST", "/api/v1/applications", Some(&me), Some(json!({"block_id": block}))).await;
    assert_eq!(status, 201, "{b}: {a}");
    let app_id = a["application"]["id"].as_i64().unwrap();
    for to in ["under_review", "offered", "accepted", "confirmed", "in_progress"] {
        let a = store.application(app_id).await.unwrap().unwrap();
        let to = matchready_core::application::Status::from_code(to).unwrap();
        let m = matchready_store::testing::move_to(app_id, a.status, a.version, to, 0);
        store.move_application(&m, &matchready_store::Effects::default()).await.unwrap().unwrap();
    }
    let (author_id, author) = s.host(&admin, "author@example.org", "preceptor", site_a).await;
    let (_, fellow) = s.host(&admin, "fellow@example.org", "preceptor", site_b).await;
    let (_, coordinator) = s.host(&admin, "coordinator.b@example.org", "coordinator", site_b).await;
    let body = json!({"email": "other@example.org", "password": DEMO_PASSWORD, "name": "Other Applicant"});
    assert_eq!(s.call("POST", "/api/v1/auth/register", None, Some(body)).await.0, 202);
    let link = s.mailed_token(&admin, "other@example.org", "/verify?token=").await;
    assert_eq!(s.call("POST", "/api/v1/auth/verify-email", None, Some(json!({"token": link}))).await.0, 204);
    let other = s.login("other@example.org", DEMO_PASSWORD).await;

    // Asked with the waiver; accepted; a form draft and then the file, both holding the canary.
    let due = (chrono::Utc::now().date_naive() + chrono::Days::new(30)).to_string();
    let ask = json!({"author_id": author_id, "waiver": "waive", "due_on": due, "specialty": "internal-medicine"});
    let (status, l) = s.call("POST", &format!("/api/v1/applications/{app_id}/letters"), Some(&me), Some(ask)).await;
    assert_eq!(status, 201, "{b}: {l}");
    let (letter, code) = (l["letter"]["id"].as_i64().unwrap(), l["letter"]["code"].as_str().unwrap().to_string());
    assert_eq!(s.call("POST", &format!("/api/v1/letters/{letter}/accept"), Some(&author), None).await.0, 200, "{b}");
    let draft = json!({"narrative": format!("Draft: {CANARY}"), "finish": false});
    assert_eq!(s.call("PUT", &format!("/api/v1/letters/{letter}/form"), Some(&author), Some(draft)).await.0, 200, "{b}");

    // Bad files over HTTP: a sentence each, nothing kept.
    let mut big = matchready_files::letter_pdf(&["Big"], (612, 792), false);
    big.resize(3 * 1024 * 1024, b' ');
    let encrypted = matchready_files::letter_pdf(&["Locked"], (612, 792), true);
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00 this program cannot be run in DOS mode".to_vec();
    for (bytes, name, want, words) in
        [(big, "letter.pdf", 413, "1 MB"), (exe, "letter.pdf", 400, "only a PDF"), (encrypted, "letter.pdf", 400, "encrypted")]
    {
        let (status, e) = upload(&s, &author, letter, bytes, name).await;
        assert_eq!(status, want, "{b}: {e}");
        assert!(e["error"]["message"].as_str().unwrap_or_default().contains(words), "{b}: {e}");
    }
    assert!(store.letter_versions(letter).await.unwrap().is_empty(), "{b}: nothing kept");
    let pdf = matchready_files::letter_pdf(&["To the program director,", CANARY, "Sincerely"], (612, 792), false);
    let (status, v) = upload(&s, &author, letter, pdf, "letter.pdf").await;
    assert_eq!((status, v["letter"]["status"].as_str()), (200, Some("uploaded")), "{b}: {v}");

    // Never to the applicant's own address.
    let own = json!({"program": "Me", "contact": "applicant+letters@example.org"});
    let (status, e) = s.call("POST", &format!("/api/v1/letters/{letter}/send"), Some(&me), Some(own)).await;
    assert_eq!((status, e["error"]["code"].as_str()), (400, Some("invalid_input")), "{b}: {e}");
    // Sent to a program, which opens it (and reads it, as it should).
    let to = json!({"program": "City Hospital Internal Medicine", "contact": "pd@city.example.org"});
    assert_eq!(s.call("POST", &format!("/api/v1/letters/{letter}/send"), Some(&me), Some(to)).await.0, 200, "{b}");
    let mail = store.outbox(10).await.unwrap().into_iter().find(|m| m.to == "pd@city.example.org").expect("the program's email");
    let token = mail.body.split("/letters/open/").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    let (status, opened) = s.call("POST", &format!("/api/v1/letter-links/{token}/open"), None, None).await;
    assert_eq!(status, 200, "{b}: {opened}");
    let (status, _, body) = s.get(&format!("/letters/open/{token}/letter.pdf")).await;
    assert!(status == 200 && body.contains(CANARY), "{b}: the program reads the letter");
    // Its author and an admin who gives a reason read it: the canary is where a search finds it.
    let res = s.http.get(format!("{}/api/v1/letters/{letter}/pdf", s.base)).bearer_auth(&author).send().await.unwrap();
    assert!(res.text().await.unwrap().contains(CANARY), "{b}: the author reads it");
    let url = format!("{}/api/v1/letters/{letter}/pdf?reason=the%20program%20asked%20us", s.base);
    assert!(s.http.get(url).bearer_auth(&admin).send().await.unwrap().text().await.unwrap().contains(CANARY), "{b}");
    // The applicant sees that it was opened.
    let (_, seen) = s.call("GET", &format!("/api/v1/letters/{letter}"), Some(&me), None).await;
    assert_eq!(seen["destinations"][0]["openings"].as_array().map(Vec::len), Some(1), "{b}: {seen}");

    // Everywhere else: nowhere.
    let (_, doc) = s.call("GET", "/api/openapi.json", None, None).await;
    let paths = api_paths(&doc, &[letter, app_id, 1], &code);
    let mut calls = 0;
    for (who, email, token) in [
        ("the applicant", "applicant@example.org", &me),
        ("a preceptor of another site", "fellow@example.org", &fellow),
        ("another applicant", "other@example.org", &other),
        ("an unrelated coordinator", "coordinator.b@example.org", &coordinator),
    ] {
        for p in &paths {
            let res = s.http.get(format!("{}{p}", s.base)).bearer_auth(token).send().await.unwrap();
            let body = String::from_utf8_lossy(&res.bytes().await.unwrap()).to_string();
            assert!(!body.contains(CANARY), "{b}: GET {p} as {who} shows the letter's words");
            calls += 1;
        }
        let browser = pages_as(&s, email).await;
        for page in PAGES {
            let p = page.replace("{app}", &app_id.to_string()).replace("{letter}", &letter.to_string()).replace("{code}", &code);
            let res = browser.get(format!("{}{p}", s.base)).send().await.unwrap();
            let body = String::from_utf8_lossy(&res.bytes().await.unwrap()).to_string();
            assert!(!body.contains(CANARY), "{b}: page {p} as {who} shows the letter's words");
            calls += 1;
        }
    }
    assert!(calls > 250, "{b}: {calls} reads");
    let waived = s.call("GET", &format!("/api/v1/letters/{letter}/pdf"), Some(&me), None).await;
    assert_eq!((waived.0, waived.1["error"]["code"].as_str()), (403, Some("forbidden")), "{b}: {}", waived.1);
    for m in store.outbox(10_000).await.unwrap() {
        assert!(!m.body.contains(CANARY) && !m.subject.contains(CANARY), "{b}: an email to {} holds the letter's words", m.to);
    }
    for a in store.audit_log(10_000, None).await.unwrap() {
        assert!(!a.detail.contains(CANARY) && !a.subject.contains(CANARY), "{b}: the audit log holds the letter's words");
    }
    // The program's link opens the letter: it is the program's alone, in no log and not in the
    // outbox an admin reads.
    let (status, outbox) = s.call("GET", "/api/v1/admin/outbox", Some(&admin), None).await;
    assert_eq!(status, 200, "{b}");
    assert!(!outbox.to_string().contains(&token) && !outbox.to_string().contains(CANARY), "{b}: the outbox shows the link");
    let logs = s.logs();
    assert!(logs.len() > 50, "{b}: the server's log was read ({} lines)", logs.len());
    assert!(!logs.iter().any(|l| l.contains(CANARY)), "{b}: a log line holds the letter's words");
    assert!(!logs.iter().any(|l| l.contains(&token)), "{b}: a log line holds the program's link");
    s.stop().await;
}

mod canary {
    use matchready_store::testing::TestDb;

    #[tokio::test]
    async fn sqlite() {
        super::canary_is_nowhere(crate::support::Server::logged(TestDb::sqlite()).await).await;
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL at MATCHREADY_TEST_POSTGRES; .ci/run runs it"]
    async fn postgres() {
        super::canary_is_nowhere(crate::support::Server::logged(TestDb::postgres().await).await).await;
    }
}
