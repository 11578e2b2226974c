//! The applicant's profile through the API and the pages, on every backend.

use serde_json::json;

use crate::support::{DEMO_PASSWORD, Server};

async fn profile_round_trip(s: &Server) {
    let b = s.backend;
    let token = s.login("applicant@example.org", DEMO_PASSWORD).await;
    let (status, empty) = s.call("GET", "/api/v1/me/profile", Some(&token), None).await;
    assert_eq!((status, &empty["updated_at"]), (200, &serde_json::Value::Null), "{b}: {empty}");

    let profile = json!({
        "applicant_type": "img", "medical_school": "King George's Medical University", "school_country": "India",
        "graduation_year": 2022, "step1_passed": true, "step1_attempts": 1, "step2_ck_score": 248, "step2_ck_attempts": 1,
        "ecfmg_certified": true, "visa": "b1_b2", "target_specialties": ["internal-medicine", "family-medicine"],
        "preferred_states": ["NY", "NJ"], "budget_cents": 450000,
        "available": [{"from": "2027-01-04", "to": "2027-06-30"}], "languages": ["English", "Hindi"], "usce_months": 2,
        "date_of_birth": "1996-08-14", "citizenship": "India", "passport_number": "Z4821937"
    });
    let (status, saved) = s.call("PUT", "/api/v1/me/profile", Some(&token), Some(profile.clone())).await;
    assert_eq!(status, 200, "{b}: {saved}");
    let (_, read) = s.call("GET", "/api/v1/me/profile", Some(&token), None).await;
    assert_eq!(read["profile"], profile, "{b}: what was saved reads back");

    // Bad fields: each named, nothing stored.
    let bad = json!({"applicant_type": "img", "graduation_year": 2031, "step2_ck_score": 301, "visa": "tourist",
        "date_of_birth": "2099-01-01", "passport_number": "P-1"});
    let (status, err) = s.call("PUT", "/api/v1/me/profile", Some(&token), Some(bad)).await;
    assert_eq!((status, err["error"]["code"].as_str()), (400, Some("invalid_profile")), "{b}: {err}");
    let fields: Vec<&str> = err["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    for f in ["graduation_year", "step2_ck_score", "visa", "date_of_birth", "passport_number"] {
        assert!(fields.contains(&f), "{b}: {f} not named in {err}");
    }
    assert_eq!(
        s.call("GET", "/api/v1/me/profile", Some(&token), None).await.1["profile"],
        profile,
        "{b}: a refused save changed the profile"
    );

    // Hosts have no profile.
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    assert_eq!(s.call("GET", "/api/v1/me/profile", Some(&coordinator), None).await.0, 403, "{b}");
}

async fn profile_page(s: &Server) {
    let b = s.backend;
    let web = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let url = |p: &str| format!("{}{p}", s.base);
    let html = web.get(url("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = crate::pages::form_token(&html);
    web.post(url("/login"))
        .form(&[("csrf", csrf.as_str()), ("email", "applicant@example.org"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let html = web.get(url("/profile")).send().await.unwrap().text().await.unwrap();
    crate::pages::assert_labelled(&html, "profile page");
    let form = [
        ("csrf", csrf.as_str()),
        ("applicant_type", "ims"),
        ("medical_school", "Universidad de Guadalajara"),
        ("school_country", "Mexico"),
        ("graduation_year", "2028"),
        ("step1", "passed"),
        ("step1_attempts", "1"),
        ("step2_ck_score", ""),
        ("ecfmg", ""),
        ("visa", "b1_b2"),
        ("target_specialties", "pediatrics"),
        ("target_specialties", "psychiatry"),
        ("preferred_states", "TX"),
        ("budget", "3,500"),
        ("from", "2027-03-01"),
        ("to", "2027-05-31"),
        ("from", ""),
        ("to", ""),
        ("languages", "Spanish, English"),
        ("usce_months", "0"),
        ("date_of_birth", "1999-02-03"),
        ("citizenship", "Mexico"),
        ("passport_number", "g 1234 5678"),
    ];
    let res = web.post(url("/profile")).form(&form).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{b}");
    assert!(res.text().await.unwrap().contains("Your profile is saved"), "{b}");
    let token = s.login("applicant@example.org", DEMO_PASSWORD).await;
    let (_, p) = s.call("GET", "/api/v1/me/profile", Some(&token), None).await;
    assert_eq!(p["profile"]["target_specialties"], json!(["pediatrics", "psychiatry"]), "{b}: {p}");
    assert_eq!(p["profile"]["budget_cents"], 350_000, "{b}");
    assert_eq!(p["profile"]["available"], json!([{"from": "2027-03-01", "to": "2027-05-31"}]), "{b}");
    assert_eq!(p["profile"]["languages"], json!(["Spanish", "English"]), "{b}");
    assert_eq!(
        (&p["profile"]["date_of_birth"], &p["profile"]["citizenship"], &p["profile"]["passport_number"]),
        (&json!("1999-02-03"), &json!("Mexico"), &json!("G12345678")),
        "{b}: the passport's facts, the number as printed"
    );
    let html = web.get(url("/profile")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("value=\"1999-02-03\"") && html.contains("value=\"G12345678\""), "{b}: the form shows them");
    // A date that is not a date is named; so is a date of birth that makes a child.
    let mut bad = form.to_vec();
    bad.retain(|(k, _)| *k != "date_of_birth");
    bad.push(("date_of_birth", "03/02/1999"));
    let html = web.post(url("/profile")).form(&bad).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("href=\"#date_of_birth\"") && html.contains("write a date"), "{b}");
    let recent = (chrono::Utc::now().date_naive() - chrono::Days::new(365 * 10)).to_string();
    bad.retain(|(k, _)| *k != "date_of_birth");
    bad.push(("date_of_birth", &recent));
    let res = web.post(url("/profile")).form(&bad).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 400, "{b}");
    assert!(res.text().await.unwrap().contains("applicants are at least 16"), "{b}");
    // A bad score is listed, linked to its field, and nothing changes.
    let mut bad = form.to_vec();
    bad.retain(|(k, _)| *k != "step2_ck_score");
    bad.push(("step2_ck_score", "420"));
    let res = web.post(url("/profile")).form(&bad).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 400, "{b}");
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#step2_ck_score\"") && html.contains("1 to 300"), "{b}");
    assert!(html.contains("Universidad de Guadalajara"), "{b}: the form keeps what was typed");
    assert_eq!(
        s.call("GET", "/api/v1/me/profile", Some(&token), None).await.1["profile"]["step2_ck_score"],
        serde_json::Value::Null,
        "{b}"
    );
}

async fn applicants_keep_a_profile(s: Server) {
    {
        profile_round_trip(&s).await;
        profile_page(&s).await;
        s.stop().await;
    }
}

on_both_servers!(applicants_keep_a_profile);
