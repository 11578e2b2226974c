//! The PHI check for anyone signed in: `POST /api/v1/phi/check` and the
//! `/phi` page, over the real server.

use serde_json::{Value, json};

use crate::support::{DEMO_PASSWORD, Server};

const NOTE: &str = "Café visit: seen with Mr. Patel on 03/14/2024. MRN: 00482913. <b>Plan</b>: aspirin 81 mg.";
const CLEAN: &str = "BP 132/84, HR 104, aspirin 81 mg";

/// The text of a span, cut from `text` by its code-point offsets.
fn cut(text: &str, span: &Value) -> String {
    let (start, end) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
    text.chars().skip(start).take(end - start).collect()
}

async fn api(s: &Server) {
    let b = s.backend;
    let url = format!("{}/api/v1/phi/check", s.base);
    // Nobody: "log in first", before any complaint about the body.
    for (content_type, body) in [("application/json", "not json"), ("application/json", "{\"txt\": 1}"), ("text/plain", "hi")] {
        let res = s.http.post(&url).header("content-type", content_type).body(body).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 401, "{b}: {content_type} {body}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "unauthenticated", "{b}: {v}");
    }
    let token = s.login("applicant@example.org", DEMO_PASSWORD).await;
    let (status, v) = s.call("POST", "/api/v1/phi/check", Some(&token), Some(json!({"text": NOTE}))).await;
    assert_eq!(status, 200, "{b}: {v}");
    assert_eq!(v["clean"], false, "{b}: {v}");
    let spans = v["spans"].as_array().unwrap();
    let types: Vec<&str> = spans.iter().map(|s| s["type"].as_str().unwrap()).collect();
    for t in ["NAME", "DATE", "MRN"] {
        assert!(types.contains(&t), "{b}: no {t} in {v}");
    }
    for span in spans {
        assert_eq!(cut(NOTE, span), span["text"].as_str().unwrap(), "{b}: offsets are code points: {span}");
        assert!(!span["reason"].as_str().unwrap().is_empty(), "{b}: {span}");
        assert!(span.get("bytes").is_none(), "{b}: {span}");
    }
    let date = spans.iter().find(|s| s["type"] == "DATE").unwrap();
    assert_eq!(date["text"], "03/14/2024", "{b}");
    let mrn = spans.iter().find(|s| s["type"] == "MRN").unwrap();
    assert_eq!(mrn["text"], "00482913", "{b}");
    let redacted = v["redacted"].as_str().unwrap();
    assert!(redacted.contains("[NAME]") && redacted.contains("[DATE]") && redacted.contains("MRN: [MRN]"), "{b}: {redacted}");
    assert!(!redacted.contains("Patel") && !redacted.contains("00482913"), "{b}: {redacted}");

    let (status, v) = s.call("POST", "/api/v1/phi/check", Some(&token), Some(json!({"text": CLEAN}))).await;
    assert_eq!(status, 200, "{b}: {v}");
    assert_eq!(v, json!({"spans": [], "redacted": CLEAN, "clean": true}), "{b}");

    // No text, too much text, no body: each says what to send.
    for text in [String::new(), "  \n ".into(), "a".repeat(50_001)] {
        let (status, v) = s.call("POST", "/api/v1/phi/check", Some(&token), Some(json!({"text": text}))).await;
        assert_eq!(status, 400, "{b}: {v}");
        assert_eq!(v["error"]["code"], "invalid_input", "{b}: {v}");
        assert_eq!(v["error"]["fields"][0]["field"], "text", "{b}: {v}");
    }
    let (status, v) = s.call("POST", "/api/v1/phi/check", Some(&token), Some(json!({"note": NOTE}))).await;
    assert_eq!((status, v["error"]["code"].as_str()), (400, Some("invalid_body")), "{b}: {v}");

    // Documented, under its own tag.
    let (_, doc) = s.json("/api/openapi.json").await;
    let op = &doc["paths"]["/api/v1/phi/check"]["post"];
    assert_eq!(op["tags"], json!(["phi"]), "{b}");
    for code in ["200", "400", "401"] {
        assert!(op["responses"][code].is_object(), "{b}: {code} not documented");
    }
}

async fn page(s: &Server) {
    let b = s.backend;
    let url = |p: &str| format!("{}{p}", s.base);
    // Nobody is sent to log in, and back here.
    let direct = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = direct.get(url("/phi")).send().await.unwrap();
    assert!(res.status().is_redirection(), "{b}: {}", res.status());
    assert_eq!(res.headers()["location"], "/login?next=/phi", "{b}");

    let web = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let html = web.get(url("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = crate::pages::form_token(&html);
    let res = web
        .post(url("/login"))
        .form(&[("csrf", csrf.as_str()), ("email", "applicant@example.org"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{b}: login {}", res.status());

    let res = web.get(url("/phi")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{b}");
    let html = res.text().await.unwrap();
    assert!(html.contains("<textarea id=\"text\" name=\"text\"") && html.contains("<label for=\"text\">"), "{b}: {html}");
    assert!(html.contains("href=\"/phi\">PHI check</a>"), "{b}: the header links to the check");
    assert!(!html.contains("<script"), "{b}");
    crate::pages::assert_labelled(&html, "PHI page");
    let csrf = crate::pages::form_token(&html);

    let res = web.post(url("/phi")).form(&[("csrf", csrf.as_str()), ("text", NOTE)]).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{b}");
    let html = res.text().await.unwrap();
    let marked = html.split("<mark title=\"NAME: ").nth(1).unwrap_or_else(|| panic!("{b}: no NAME highlighted: {html}"));
    let marked = marked.split("</mark>").next().unwrap();
    assert!(marked.contains("Patel"), "{b}: {marked}");
    assert!(html.contains("<mark title=\"DATE: ") && html.contains(">03/14/2024</mark>"), "{b}");
    assert!(html.contains(">00482913</mark>"), "{b}");
    assert!(html.contains("What to remove") && html.contains("MRN: [MRN]"), "{b}: the list and the redacted text");
    // The pasted text is shown escaped, never as markup, and kept in the form.
    assert!(!html.contains("<b>Plan") && html.contains("&#60;b&#62;Plan&#60;/b&#62;"), "{b}: {html}");

    let res = web.post(url("/phi")).form(&[("csrf", csrf.as_str()), ("text", CLEAN)]).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{b}");
    let html = res.text().await.unwrap();
    assert!(html.contains("No identifiers found") && !html.contains("<mark"), "{b}");

    let res = web.post(url("/phi")).form(&[("csrf", csrf.as_str()), ("text", "")]).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 400, "{b}");
    let html = res.text().await.unwrap();
    assert!(html.contains("role=\"alert\"") && html.contains("paste the text to check"), "{b}");

    // A post without the form's token is refused.
    let res = web.post(url("/phi")).form(&[("text", NOTE)]).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 403, "{b}");
}

async fn phi_check_for_members(s: Server) {
    api(&s).await;
    page(&s).await;
    s.stop().await;
}

on_both_servers!(phi_check_for_members);
