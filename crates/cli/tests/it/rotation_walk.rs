//! The rotation in Chromium, on a rotation under way in the lived-in demo:
//! the trainee logs today's hours and writes a SOAP note that the PHI guard
//! stops on a phone number, removes it and submits; the preceptor signs the
//! week, comments on the note and accepts it with ratings; the trainee reads
//! the feedback. On the rotation over but awaiting its final evaluation, the
//! preceptor submits the final, which completes it; its trainee opens the
//! certificate, downloads the PDF, reviews the rotation and checks the code.
//! Then the same pages at phone width, without sideways scrolling.

use fantoccini::{Client, Locator};

use crate::browser::{fill, log_in, submit, text};
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

    // The rotation over whose final has not come: the preceptor submits it, which completes it.
    let now = chrono::Utc::now().date_naive().to_string();
    let late = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["status"] == "in_progress" && a["end_date"].as_str().is_some_and(|d| d < now.as_str()))
        .expect("a rotation awaiting its final evaluation")
        .clone();
    let late_id = late["id"].as_i64().unwrap();
    let late_email = store.user(late["applicant_id"].as_i64().unwrap()).await.unwrap().unwrap().email;
    log_in(s, c, "preceptor@example.org").await;
    c.goto(&url(&format!("/applications/{late_id}"))).await.unwrap();
    let waiting = text(c, "#notice").await;
    assert!(waiting.contains("completes once the preceptor's final evaluation is in"), "{b}: {waiting}");
    c.goto(&url(&format!("/applications/{late_id}/evaluations"))).await.unwrap();
    for code in [
        "patient_care",
        "medical_knowledge",
        "practice_based_learning",
        "communication",
        "professionalism",
        "systems_based_practice",
    ] {
        c.find(Locator::Css(&format!("#final-form input[name='{code}'][value='4']"))).await.unwrap().click().await.unwrap();
    }
    fill(c, "final-narrative", "Ready to start residency; I would gladly work with them again.").await;
    click(c, "#final-form button[value='submit']").await;
    assert!(text(c, "#notice").await.starts_with("Submitted"), "{b}");
    assert!(text(c, "#final-state").await.starts_with("Submitted"), "{b}");

    // Its trainee finds the certificate, checks its code, and reviews the rotation.
    log_in(s, c, &late_email).await;
    c.goto(&url(&format!("/applications/{late_id}"))).await.unwrap();
    assert_eq!(text(c, "#status").await, "Completed", "{b}");
    click(c, "#certificate-link a").await;
    let title = text(c, "#certificate-title").await;
    let code = title.trim_start_matches("Certificate ").to_string();
    assert!(code.starts_with("MR-") && code.len() == 22, "{b}: {title}");
    let pdf = c.find(Locator::Id("certificate-pdf")).await.unwrap().attr("href").await.unwrap().unwrap();
    let trainee = s.login(&late_email, DEMO_PASSWORD).await;
    let res = reqwest::Client::new()
        // The page's link, as the API serves it to the trainee's token.
        .get(format!("{}/api/v1{pdf}", s.base))
        .bearer_auth(&trainee)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200, "{b}: {pdf}");
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"), "{b}: the certificate is a PDF");
    for (code, n) in [("teaching", "5"), ("supervision", "4"), ("as_described", "5"), ("overall", "5")] {
        c.find(Locator::Css(&format!("input[name='{code}'][value='{n}']"))).await.unwrap().click().await.unwrap();
    }
    submit(c, &format!("/applications/{late_id}/rotation-review")).await;
    assert!(text(c, "#notice").await.starts_with("Thank you"), "{b}");
    assert!(text(c, "#review").await.contains("5 of 5"), "{b}");
    click(c, "#verify-link").await;
    assert_eq!(text(c, "#verified-title").await, format!("Genuine: certificate {code}"), "{b}");
    // A code typed with a slip of one character is not found, and says so.
    let wrong = format!("{}{}", &code[..21], if code.ends_with('0') { '1' } else { '0' });
    c.goto(&url(&format!("/verify/{wrong}"))).await.unwrap();
    assert!(text(c, "#form-error").await.starts_with("no certificate has this code"), "{b}");

    // On a phone: the trainee's and the preceptor's pages.
    c.set_window_size(390, 844).await.unwrap();
    let certificate = format!("/applications/{late_id}/certificate");
    c.goto(&url(&format!("/verify/{code}"))).await.unwrap();
    assert!(!scrolls_sideways(c).await, "{b}: the verification page scrolls sideways at phone width");
    log_in(s, c, &late_email).await;
    c.goto(&url(&certificate)).await.unwrap();
    assert!(!scrolls_sideways(c).await, "{b}: the certificate page scrolls sideways at phone width");
    log_in(s, c, &email).await;
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

async fn rotation_walk_in_chromium(s: Server) {
    crate::browser::in_chromium(s, walk).await;
}

on_both_lived_in!(rotation_walk_in_chromium);
