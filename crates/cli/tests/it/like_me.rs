//! "Only what I can join" on the search page answers from the saved profile
//! for a signed-in applicant, says so, and lets other answers be tried; the
//! results are the ones the API gives for the same answers.

use serde_json::json;

use crate::pages::form_token;
use crate::support::{DEMO_PASSWORD, Server};

/// The number in "N experiences" of a results page.
fn total(html: &str) -> i64 {
    let count = html.split("class=\"result-count\"").nth(1).expect("a result count");
    let text = count.split('>').nth(1).unwrap_or_default();
    text.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0)
}

async fn the_saved_profile_answers_like_me(s: &Server) {
    let b = s.backend;
    let url = |p: &str| format!("{}{p}", s.base);
    let token = s.login("applicant@example.org", DEMO_PASSWORD).await;
    let profile = json!({"applicant_type": "img", "graduation_year": 2015, "step1_passed": false, "ecfmg_certified": false, "visa": "b1_b2"});
    let (status, saved) = s.call("PUT", "/api/v1/me/profile", Some(&token), Some(profile)).await;
    assert_eq!(status, 200, "{b}: {saved}");
    let facts = "applicant_type=img&grad_year=2015&step1=false&ecfmg=false&visa=b1_b2";
    let (_, all) = s.call("GET", "/api/v1/experiences?per_page=1", None, None).await;
    let (_, like_me) = s.call("GET", &format!("/api/v1/experiences?per_page=1&{facts}"), None, None).await;
    let (all, like_me) = (all["total"].as_i64().unwrap(), like_me["total"].as_i64().unwrap());
    assert!(like_me < all, "{b}: an older graduate on a B-1 visa without Step 1 cannot join everything");

    // Not signed in: the questions are asked, and `mine` changes nothing.
    let web = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let html = web.get(url("/?mine=true")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Only what someone like me can join") && !html.contains("saved profile"), "{b}");
    assert_eq!(total(&html), all, "{b}");

    // Signed in: the filter says what the profile answers, and uses it when ticked.
    let login = web.get(url("/login")).send().await.unwrap().text().await.unwrap();
    let form = [("csrf", form_token(&login)), ("email", "applicant@example.org".into()), ("password", DEMO_PASSWORD.into())];
    assert!(web.post(url("/login")).form(&form).send().await.unwrap().status().is_success(), "{b}: logged in");
    let html = web.get(url("/")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Only what I can join") && html.contains("Going by my saved profile:"), "{b}");
    assert!(html.contains("graduated 2015") && html.contains("Step 1 not yet passed"), "{b}: the profile's answers in words");
    assert_eq!(total(&html), all, "{b}: unticked, nothing is filtered");
    let html = web.get(url("/?mine=true")).send().await.unwrap().text().await.unwrap();
    assert_eq!(total(&html), like_me, "{b}: the same results as the API with the profile's answers");
    assert!(html.contains("you can join, going by your saved profile"), "{b}: it says so");
    let one = web.get(url("/?mine=true&per_page=1")).send().await.unwrap().text().await.unwrap();
    assert!(one.contains("href=\"/?mine=true&#38;page=2&#38;per_page=1\""), "{b}: the next page keeps using the profile");
    // Other answers, tried: they win over the profile.
    let html = web
        .get(url("/?mine=true&applicant_type=img&grad_year=2025&step1=true&ecfmg=true&visa=us_citizen_or_resident"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (_, other) = s
        .call(
            "GET",
            "/api/v1/experiences?per_page=1&applicant_type=img&grad_year=2025&step1=true&ecfmg=true&visa=us_citizen_or_resident",
            None,
            None,
        )
        .await;
    assert_eq!(total(&html), other["total"].as_i64().unwrap(), "{b}");
    assert!(!html.contains("going by your saved profile"), "{b}: the profile was not used");
}

async fn like_me_answers_from_the_profile(s: Server) {
    the_saved_profile_answers_like_me(&s).await;
    s.stop().await;
}

on_both_servers!(like_me_answers_from_the_profile);
