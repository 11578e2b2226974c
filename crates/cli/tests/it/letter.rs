//! The B-1 invitation letter through the API and the pages, on every
//! backend: refused until the seat is confirmed, the visa is B-1/B-2 and the
//! profile has the passport's facts (each refusal a 409 that says what to
//! do), then a real PDF on the site's letterhead that states them.

use serde_json::{Value, json};

use crate::support::Server;

async fn fetch(s: &Server, url: &str, token: &str) -> reqwest::Response {
    s.http.get(url).bearer_auth(token).send().await.unwrap()
}

/// The PDF's text, without spaces (a PDF places words, not spaces).
fn pdf_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a readable PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap_or_default().chars().filter(|c| !c.is_whitespace()).collect()
}

fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `token` and `email`/`password` are a confirmed applicant's; `id` their application.
pub async fn b1_letter(s: &Server, token: &str, email: &str, password: &str, id: i64) {
    let b = s.backend;
    let letter = format!("{}/api/v1/applications/{id}/invitation-letter", s.base);
    let res = fetch(s, &letter, token).await;
    assert_eq!(res.status().as_u16(), 409, "{b}: not on a B-1 visa in this profile");
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "no_letter", "{b}");

    // On a B-1/B-2 visa, but the profile lacks the passport's facts: told exactly what to add, and where.
    let (_, p) = s.call("GET", "/api/v1/me/profile", Some(token), None).await;
    let mut b1 = p["profile"].clone();
    b1["visa"] = json!("b1_b2");
    assert_eq!(s.call("PUT", "/api/v1/me/profile", Some(token), Some(b1.clone())).await.0, 200, "{b}");
    let res = fetch(s, &letter, token).await;
    assert_eq!(res.status().as_u16(), 409, "{b}");
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["code"], "letter_needs_profile", "{b}: {err}");
    let message = err["error"]["message"].as_str().unwrap_or_default();
    for what in ["date of birth", "nationality", "passport number", "medical school", "/profile"] {
        assert!(message.contains(what), "{b}: {what} not named in {message}");
    }

    // The pages say the same on the application's page, which links to the profile.
    let web = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let url = |p: &str| format!("{}{p}", s.base);
    let html = web.get(url("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = crate::pages::form_token(&html);
    web.post(url("/login")).form(&[("csrf", csrf.as_str()), ("email", email), ("password", password)]).send().await.unwrap();
    let res = web.get(url(&format!("/applications/{id}/invitation-letter"))).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 409, "{b}");
    let html = res.text().await.unwrap();
    assert!(html.contains("profile page (/profile)") && html.contains("href=\"/profile#passport\""), "{b}: {html}");

    // With them, the letter: a PDF stating the applicant's, the site's and the visit's facts.
    b1["date_of_birth"] = json!("1996-08-14");
    b1["citizenship"] = json!("Nigeria");
    b1["passport_number"] = json!("a0123 4567");
    b1["medical_school"] = json!("University of Lagos College of Medicine");
    b1["school_country"] = json!("Nigeria");
    let (status, saved) = s.call("PUT", "/api/v1/me/profile", Some(token), Some(b1)).await;
    assert_eq!(status, 200, "{b}: {saved}");
    let res = fetch(s, &letter, token).await;
    assert_eq!(res.status().as_u16(), 200, "{b}");
    assert_eq!(res.headers()["content-type"], "application/pdf", "{b}");
    let text = pdf_text(&res.bytes().await.unwrap());
    let (_, a) = s.call("GET", &format!("/api/v1/applications/{id}"), Some(token), None).await;
    let experience = a["application"]["experience_id"].as_i64().unwrap();
    let (_, e) = s.call("GET", &format!("/api/v1/experiences/{experience}"), None, None).await;
    let site = &e["site"];
    let preceptor = e["preceptors"][0]["name"].as_str().unwrap();
    for fact in [
        "To the Consular Officer",
        "Pay Er",
        "August 14, 1996",
        "Nigeria",
        "A01234567",
        "University of Lagos College of Medicine, Nigeria",
        e["title"].as_str().unwrap(),
        preceptor,
        site["name"].as_str().unwrap(),
        site["address"].as_str().unwrap(),
        site["postal_code"].as_str().unwrap(),
        site["phone"].as_str().unwrap(),
        &format!("MatchReady application {id}"),
        "unpaid",
    ] {
        assert!(!fact.is_empty() && text.contains(&squeezed(fact)), "{b}: {fact:?} is not in the letter: {text}");
    }
    // The purpose in the visa's terms: a clerkship only for a student in a hands-on experience.
    let student = saved["profile"]["applicant_type"] != "img";
    let purpose = if e["hands_on"] == true && student { "elective clinical clerkship" } else { "observe clinical practice only" };
    assert!(text.contains(&squeezed(purpose)), "{b}: {purpose:?} is not in the letter: {text}");

    // The page's link gives the same letter.
    let res = web.get(url(&format!("/applications/{id}/invitation-letter"))).send().await.unwrap();
    assert_eq!((res.status().as_u16(), res.headers()["content-type"].to_str().unwrap()), (200, "application/pdf"), "{b}");
}
