//! A letter of recommendation in Chromium, on a rotation under way in the
//! lived-in demo: the trainee asks the preceptor for a letter and waives
//! the right to read it; the preceptor accepts and uploads a PDF; the
//! trainee sees "Uploaded" and never the letter's words, and sends it to a
//! program; the program's link opens once; the trainee sees it was opened.
//! Then the author's queue and the letter at phone width.

use fantoccini::{Client, Locator};

use crate::browser::{choose, fill, log_in, submit, text};
use crate::first_loop::scrolls_sideways;
use crate::support::{DEMO_PASSWORD, Server};

const WORDS: &str = "WORDS-ONLY-THE-PROGRAM-READS";

async fn walk(s: &Server, c: &Client) {
    let b = s.backend;
    let url = |p: &str| format!("{}{p}", s.base);
    let store = s.store().await;
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    let (_, queue) = s.call("GET", "/api/v1/applications", Some(&coordinator), None).await;
    // A rotation under way whose trainee has not asked for a letter from it yet.
    let mut found = None;
    for a in queue.as_array().unwrap().iter().filter(|a| crate::support::under_way(a)) {
        let (id, trainee) = (a["id"].as_i64().unwrap(), a["applicant_id"].as_i64().unwrap());
        if !store.letters_of_applicant(trainee).await.unwrap().iter().any(|l| l.application_id == id) {
            found = Some((id, trainee));
            break;
        }
    }
    let (id, trainee) = found.expect("a rotation under way without a letter");
    let email = store.user(trainee).await.unwrap().unwrap().email;
    let author = store.user_by_email("preceptor@example.org").await.unwrap().unwrap().0;

    // The trainee asks, waiving the right to read it.
    log_in(s, c, &email).await;
    c.goto(&url(&format!("/applications/{id}/letters/new"))).await.unwrap();
    choose(c, "author", &author.id.to_string()).await;
    choose(c, "specialty", "internal-medicine").await;
    c.find(Locator::Id("waive")).await.unwrap().click().await.unwrap();
    submit(c, &format!("/applications/{id}/letters")).await;
    assert!(text(c, "#notice").await.starts_with("Asked"), "{b}");
    let letter = c.current_url().await.unwrap().path().trim_start_matches("/letters/").to_string();
    assert_eq!(text(c, "#letter-status").await, "Requested", "{b}");

    // The preceptor accepts and uploads the letter.
    log_in(s, c, "preceptor@example.org").await;
    c.goto(&url(&format!("/letters/{letter}"))).await.unwrap();
    submit(c, &format!("/letters/{letter}/accept")).await;
    assert!(text(c, "#notice").await.starts_with("Accepted"), "{b}");
    let file = std::env::temp_dir().join(format!("matchready-letter-{}-{b}.pdf", std::process::id()));
    std::fs::write(&file, matchready_files::letter_pdf(&["To the program director,", WORDS], (612, 792), false)).unwrap();
    c.find(Locator::Id("letter-file")).await.unwrap().send_keys(file.to_str().unwrap()).await.unwrap();
    fill(c, "up-title", "Attending physician").await;
    fill(c, "up-specialty", "Internal Medicine").await;
    fill(c, "up-contact", "pat.preceptor@example.org").await;
    submit(c, &format!("/letters/{letter}/file")).await;
    assert!(text(c, "#notice").await.starts_with("The letter is uploaded"), "{b}");

    // The trainee sees that it is uploaded, not what it says, and sends it to a program.
    log_in(s, c, &email).await;
    c.goto(&url(&format!("/letters/{letter}"))).await.unwrap();
    assert_eq!(text(c, "#letter-status").await, "Uploaded", "{b}");
    assert!(c.find(Locator::Css(&format!("a[href^='/letters/{letter}/letter.pdf']"))).await.is_err(), "{b}: no way to it");
    fill(c, "program", "Riverside Internal Medicine Residency").await;
    fill(c, "contact", "pd@riverside.example.org").await;
    submit(c, &format!("/letters/{letter}/send")).await;
    assert!(text(c, "#notice").await.starts_with("Sent"), "{b}");
    assert!(text(c, ".opened").await.starts_with("Not opened"), "{b}");

    // The program opens its link once.
    let mail =
        store.outbox(20).await.unwrap().into_iter().find(|m| m.to == "pd@riverside.example.org").expect("the program's email");
    let token = mail.body.split("/letters/open/").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    submit(c, "/logout").await;
    c.goto(&url(&format!("/letters/open/{token}"))).await.unwrap();
    assert!(text(c, "#opens-left").await.contains("5 more times"), "{b}: the landing page opens nothing");
    submit(c, &format!("/letters/open/{token}")).await;
    assert!(text(c, "#opened").await.starts_with("Opened"), "{b}");
    assert!(text(c, "#opens-left").await.contains("4 more times"), "{b}");

    // The trainee sees that it was opened.
    log_in(s, c, &email).await;
    c.goto(&url(&format!("/letters/{letter}"))).await.unwrap();
    assert!(text(c, ".opened").await.starts_with("Opened 1 of 5"), "{b}");
    assert!(text(c, "#history").await.contains("Opened by a program"), "{b}");

    // At phone width: the trainee's letter and the author's queue.
    c.set_window_size(390, 844).await.unwrap();
    for p in ["/letters".to_string(), format!("/letters/{letter}")] {
        c.goto(&url(&p)).await.unwrap();
        assert!(!scrolls_sideways(c).await, "{b}: {p} scrolls sideways at phone width");
    }
    log_in(s, c, "preceptor@example.org").await;
    for p in ["/letters".to_string(), format!("/letters/{letter}")] {
        c.goto(&url(&p)).await.unwrap();
        assert!(!scrolls_sideways(c).await, "{b}: {p} scrolls sideways at phone width (as the author)");
    }
    let _ = std::fs::remove_file(file);
}

async fn letter_walk_in_chromium(s: Server) {
    crate::browser::in_chromium(s, walk).await;
}

on_both_lived_in!(letter_walk_in_chromium);
