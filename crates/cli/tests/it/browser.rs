//! In a real browser: headless Chromium driven over WebDriver
//! (`chromedriver`). Sign up, a failed login with a clear message, log in,
//! log out, a coordinator who cannot open another site's page, and a
//! placement round; `first_loop.rs` walks a first-time applicant's loop.
//!
//! These tests are ignored unless asked for; asked for without Chromium,
//! they fail, saying what to install (`.ci/run` installs it).

use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::support::{DEMO_PASSWORD, Server};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

pub(crate) struct Driver {
    pub(crate) child: tokio::process::Child,
    port: u16,
}

/// Starts chromedriver; panics (saying how to install it) when Chromium is missing: these tests are
/// ignored unless asked for, and then they never pass without a browser.
pub(crate) async fn start_driver() -> Driver {
    let present = std::path::Path::new(CHROMEDRIVER).exists() && std::path::Path::new(CHROMIUM).exists();
    assert!(
        present,
        "Chromium and chromedriver are needed by this test: apt-get install chromium chromium-driver (.ci/run does)"
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port");
    let child = tokio::process::Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("chromedriver starts");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return Driver { child, port };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not answer on port {port}");
}

pub(crate) async fn browser(driver: &Driver) -> Client {
    let profile = std::env::temp_dir().join(format!("matchready_chromium_{}_{}", std::process::id(), driver.port));
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--window-size=1200,900",
        &format!("--user-data-dir={}", profile.display()),
    ];
    let caps = json!({"goog:chromeOptions": {"binary": CHROMIUM, "args": args}});
    let serde_json::Value::Object(caps) = caps else { unreachable!("an object") };
    // With several browsers starting at once on two cores, chromedriver sometimes answers the first
    // session with an empty reply: a start-up race, not the page under test. Try a few times.
    let mut last = None;
    for _ in 0..3 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
        {
            Ok(client) => return client,
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("a Chromium session: {last:?}")
}

pub(crate) async fn fill(c: &Client, id: &str, value: &str) {
    let field = c.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("#{id}: {e}"));
    field.clear().await.expect("cleared");
    field.send_keys(value).await.expect("typed");
}

/// Clicks a form's submit button and waits until the next page has replaced this one.
pub(crate) async fn submit(c: &Client, form_action: &str) {
    let old = c.find(Locator::Css("html")).await.expect("a page");
    let css = format!("form[action='{form_action}'] button[type='submit']");
    c.find(Locator::Css(&css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.expect("clicked");
    for _ in 0..200 {
        if old.tag_name().await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("submitting {form_action} loaded no new page");
}

pub(crate) async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).text().await.expect("text")
}

async fn journey(s: &Server, c: &Client) {
    let b = s.backend;
    let url = |p: &str| format!("{}{p}", s.base);
    // Sign up.
    c.goto(&url("/signup")).await.unwrap();
    fill(c, "name", "Priya Raman").await;
    fill(c, "email", "priya.raman@example.org").await;
    fill(c, "password", "saffron kettle harbor 88").await;
    submit(c, "/signup").await;
    assert_eq!(text(c, "h1").await, "Check your email", "{b}");
    assert!(text(c, "main").await.contains("priya.raman@example.org"), "{b}");

    // A failed login says what went wrong, next to the form, and keeps the email.
    c.goto(&url("/login")).await.unwrap();
    fill(c, "email", "priya.raman@example.org").await;
    fill(c, "password", "not my password").await;
    submit(c, "/login").await;
    assert_eq!(text(c, "#form-error").await, "The email or password is wrong", "{b}");
    let kept = c.find(Locator::Id("email")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("priya.raman@example.org"), "{b}");

    // Log in, see yourself in the header, log out.
    fill(c, "password", "saffron kettle harbor 88").await;
    submit(c, "/login").await;
    assert!(text(c, "header nav").await.contains("Priya Raman"), "{b}: not logged in");
    c.goto(&url("/account")).await.unwrap();
    assert!(text(c, "main").await.contains("priya.raman@example.org"), "{b}");
    submit(c, "/logout").await;
    let nav = text(c, "header nav").await;
    assert!(nav.contains("Log in") && !nav.contains("Priya Raman"), "{b}: still logged in: {nav}");
    c.goto(&url("/account")).await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/login", "{b}: account page open after logout");

    // A coordinator opens their site's page, not another site's.
    fill(c, "email", "coordinator@example.org").await;
    fill(c, "password", DEMO_PASSWORD).await;
    submit(c, "/login").await;
    c.goto(&url("/sites/1")).await.unwrap();
    assert!(text(c, "main").await.contains("Experiences"), "{b}");
    c.goto(&url("/sites/2")).await.unwrap();
    assert_eq!(text(c, "h1").await, "Page not found", "{b}: a coordinator opened another site's page");
    assert!(!text(c, "main").await.contains("Invite a colleague"), "{b}");
}

pub(crate) async fn log_in(s: &Server, c: &Client, email: &str) {
    log_in_as(s, c, email, DEMO_PASSWORD).await;
}

/// Logs in as `email` in the browser, logging out whoever was logged in.
pub(crate) async fn log_in_as(s: &Server, c: &Client, email: &str, password: &str) {
    let url = |p: &str| format!("{}{p}", s.base);
    c.goto(&url("/account")).await.unwrap();
    if c.current_url().await.unwrap().path() != "/login" {
        submit(c, "/logout").await;
        c.goto(&url("/login")).await.unwrap();
    }
    fill(c, "email", email).await;
    fill(c, "password", password).await;
    submit(c, "/login").await;
}

pub(crate) async fn choose(c: &Client, select: &str, value: &str) {
    let css = format!("#{select} option[value='{value}']");
    c.find(Locator::Css(&css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.expect("chosen");
}

/// A placement round in the pages: a coordinator opens one and cancels it; in another (opened with a
/// short deadline), the applicant ranks a block, the coordinator ranks the applicant, the round runs,
/// and the applicant reads the result and accepts the offer.
async fn round_in_the_pages(s: &Server, c: &Client) {
    let b = s.backend;
    let url = |p: &str| format!("{}{p}", s.base);
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    let (experience, blocks) = crate::rounds::round_blocks(s, &admin, 1).await;

    // Opening a round in the form (its deadline is filled in: two weeks ahead), then cancelling it.
    log_in(s, c, "coordinator@example.org").await;
    c.goto(&url("/rounds")).await.unwrap();
    crate::pages::assert_labelled(&c.source().await.unwrap(), "rounds page");
    fill(c, "round-name", "Winter placement").await;
    for block in &blocks[..2] {
        c.find(Locator::Id(&format!("pick-{block}"))).await.expect("a block to pick").click().await.unwrap();
    }
    submit(c, "/rounds").await;
    assert_eq!(text(c, "h1").await, "Winter placement", "{b}: {}", text(c, "main").await);
    assert_eq!(text(c, "#status").await, "Open for ranking", "{b}");
    let path = c.current_url().await.unwrap().path().to_string();
    submit(c, &format!("{path}/cancel")).await;
    assert_eq!(text(c, "#status").await, "Cancelled", "{b}");

    // A round whose ranking closes in a few seconds.
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    let applicant = s.login("applicant@example.org", DEMO_PASSWORD).await;
    crate::applications::eligible_profile(s, &applicant, experience).await;
    let body = json!({"name": "Quick placement", "deadline": crate::rounds::rfc3339(12), "block_ids": [blocks[2]]});
    let (status, round) = s.call("POST", "/api/v1/rounds", Some(&coordinator), Some(body)).await;
    assert_eq!(status, 201, "{b}: {round}");
    let path = format!("/rounds/{}", round["id"]);

    log_in(s, c, "applicant@example.org").await;
    c.goto(&url(&path)).await.unwrap();
    crate::pages::assert_labelled(&c.source().await.unwrap(), "an applicant's round page");
    choose(c, &format!("rank-{}", blocks[2]), "1").await;
    submit(c, &format!("{path}/me")).await;
    assert!(text(c, "main").await.contains("Saved: 1 block ranked"), "{b}: {}", text(c, "main").await);

    log_in(s, c, "coordinator@example.org").await;
    c.goto(&url(&path)).await.unwrap();
    assert!(text(c, "main").await.contains("Amara Applicant"), "{b}: the site sees who ranked");
    crate::pages::assert_labelled(&c.source().await.unwrap(), "a site's round page");
    let me = s.call("GET", "/api/v1/me", Some(&applicant), None).await.1["id"].as_i64().unwrap();
    choose(c, &format!("rank-{experience}-{me}"), "1").await;
    submit(c, &format!("{path}/ranks")).await;
    assert!(text(c, "main").await.contains("Ranked by the site"), "{b}: {}", text(c, "main").await);

    crate::rounds::await_run(s, &coordinator, round["id"].as_i64().unwrap()).await;
    log_in(s, c, "applicant@example.org").await;
    c.goto(&url(&path)).await.unwrap();
    assert!(text(c, "#result").await.starts_with("You were placed in"), "{b}: {}", text(c, "main").await);
    c.find(Locator::LinkText("See your offer: accept or decline it")).await.expect("the offer").click().await.unwrap();
    for _ in 0..200 {
        if c.current_url().await.unwrap().path().starts_with("/applications/") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let offer = c.current_url().await.unwrap().path().to_string();
    assert_eq!(text(c, "#status").await, "Offered", "{b}");
    submit(c, &format!("{offer}/accept")).await;
    assert_eq!(text(c, "#status").await, "Seat held", "{b}");
}

/// Runs `walk` in a fresh Chromium against `s`, then stops both.
pub(crate) async fn in_chromium(s: Server, walk: impl AsyncFn(&Server, &Client)) {
    let mut driver = start_driver().await;
    let c = browser(&driver).await;
    walk(&s, &c).await;
    c.close().await.expect("browser closed");
    s.stop().await;
    let _ = driver.child.kill().await;
}

async fn placement_round_in_chromium(s: Server) {
    in_chromium(s, round_in_the_pages).await;
}

on_both_servers!(placement_round_in_chromium, ignored = "needs Chromium and chromedriver; .ci/run installs them and runs it");

async fn sign_up_log_in_log_out_in_chromium(s: Server) {
    in_chromium(s, journey).await;
}

on_both_servers!(
    sign_up_log_in_log_out_in_chromium,
    ignored = "needs Chromium and chromedriver; .ci/run installs them and runs it"
);
