//! The rotation in Chromium, on a rotation under way in the lived-in demo:
//! the trainee logs today's hours and writes a SOAP note that the PHI guard
//! stops on a phone number, removes it and submits; the preceptor signs the
//! week, comments on the note and accepts it with ratings; the trainee reads
//! the feedback. Then the same pages at phone width, without sideways scrolling.

use fantoccini::{Client, Locator};

use crate::browser::{browser, fill, log_in, start_driver, submit, text};
use crate::first_loop::scrolls_sideways;
use crate::support::{DEMO_PASSWORD, Server};

/// Clicks the button `css` and waits until the next page has replaced this one.
async fn click(c: &Client, css: &str) {
    let old = c.find(Locator::Css("html")).await.expect("a page");
    c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.expect("clicked");
    for _ in 0..200 {
        if old.tag_name().await.is_err() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("clicking {css} loaded no new page");
}

async fn walk(s: &Server, c: &Client) {
    let b = s.backend;
    let url = |p: &str| format!("{}{p}", s.base);
    let store = s.store().await;
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    let (_, queue) = s.call("GET", "/api/v1/applications", Some(&coordinator), None).await;
    let a = queue.as_array().unwrap().iter().find(|a| crate::support::under_way(a)).expect("a rotation under way").clone();
    let id = a["id"].as_i64().unwrap();
    let email = store.user(a["applicant_id"].as_i64().unwrap()).await.unwrap().unwrap().email;

    // The trainee logs today.
    log_in(s, c, &email).await;
    c.goto(&url(&format!("/applications/{id}/hours"))).await.unwrap();
    fill(c, "hours", "8.5").await;
    fill(c, "activity", "Ward round, then admitted a patient with the team.").await;
    submit(c, &format!("/applications/{id}/hours")).await;
    assert!(text(c, "#notice").await.starts_with("Logged"), "{b}");

    // A note the guard stops on a phone number: nothing is kept, what was typed is.
    c.goto(&url(&format!("/applications/{id}/notes/new"))).await.unwrap();
    fill(c, "title", "Chest pain on exertion").await;
    fill(c, "subjective", "Chest pressure on stairs for three weeks. Daughter's number 555-867-5309.").await;
    fill(c, "objective", "BP 138/86, HR 84. ECG normal. Troponin negative twice.").await;
    fill(c, "assessment", "Stable angina most likely.").await;
    fill(c, "plan", "Exercise stress test; aspirin 81 mg daily.").await;
    click(c, "button[value='submit']").await;
    assert!(text(c, "#form-error").await.contains("The PHI guard stopped the note"), "{b}");
    let marked = text(c, "#phi-stop mark").await;
    assert_eq!(marked, "555-867-5309", "{b}");
    fill(c, "subjective", "Chest pressure on stairs for three weeks, easing with rest.").await;
    click(c, "button[value='submit']").await;
    assert_eq!(text(c, "#note-status").await, "Awaiting feedback", "{b}");
    let path = c.current_url().await.unwrap().path().to_string();
    assert!(path.starts_with(&format!("/applications/{id}/notes/")), "{b}: {path}");

    // The preceptor signs the week, comments on the note and accepts it.
    log_in(s, c, "preceptor@example.org").await;
    c.goto(&url(&format!("/applications/{id}/hours"))).await.unwrap();
    submit(c, &format!("/applications/{id}/hours/sign")).await;
    assert!(text(c, "#notice").await.starts_with("Signed"), "{b}");
    c.goto(&url(&path)).await.unwrap();
    fill(c, "quote", "Exercise stress test").await;
    c.find(Locator::Css("#section option[value='plan']")).await.unwrap().click().await.unwrap();
    fill(c, "body", "Good. Say when you would review the result.").await;
    submit(c, &format!("{path}/comments")).await;
    assert_eq!(text(c, "#notice").await, "Comment added.", "{b}");
    for code in ["history", "reasoning", "plan", "concision", "english"] {
        c.find(Locator::Css(&format!("input[name='{code}'][value='4']"))).await.unwrap().click().await.unwrap();
    }
    click(c, "button[value='accept']").await;
    assert_eq!(text(c, "#note-status").await, "Accepted", "{b}");

    // The trainee reads the feedback.
    log_in(s, c, &email).await;
    c.goto(&url(&path)).await.unwrap();
    assert_eq!(text(c, "#note-status").await, "Accepted", "{b}");
    let feedback = text(c, "p.revision").await;
    assert!(feedback.contains("History 4/5"), "{b}: {feedback}");
    assert!(text(c, "blockquote.note-comment").await.contains("Say when you would review"), "{b}");

    // On a phone: the trainee's and the preceptor's pages.
    c.set_window_size(390, 844).await.unwrap();
    for p in [format!("/applications/{id}/hours"), format!("/applications/{id}/notes"), path.clone()] {
        c.goto(&url(&p)).await.unwrap();
        assert!(!scrolls_sideways(c).await, "{b}: {p} scrolls sideways at phone width");
    }
    log_in(s, c, "preceptor@example.org").await;
    for p in [format!("/applications/{id}/hours"), path] {
        c.goto(&url(&p)).await.unwrap();
        assert!(!scrolls_sideways(c).await, "{b}: {p} scrolls sideways at phone width (as the preceptor)");
    }
}

async fn rotation_in_chromium(s: Server) {
    let mut driver = start_driver().await;
    let c = browser(&driver).await;
    walk(&s, &c).await;
    c.close().await.expect("browser closed");
    s.stop().await;
    let _ = driver.child.kill().await;
}

mod rotation_walk_in_chromium {
    use matchready_store::testing::TestDb;

    use crate::support::Server;

    #[tokio::test]
    #[ignore = "needs Chromium and chromedriver; .ci/run installs them and runs it"]
    async fn sqlite() {
        let today = chrono::Utc::now().date_naive();
        super::rotation_in_chromium(Server::lived_in(TestDb::sqlite(), today).await).await;
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL and Chromium; .ci/run runs it"]
    async fn postgres() {
        let today = chrono::Utc::now().date_naive();
        super::rotation_in_chromium(Server::lived_in(TestDb::postgres().await, today).await).await;
    }
}
