//! The JSON API, on every backend.

use serde_json::Value;

use crate::support::Server;

fn ids(v: &Value) -> Vec<i64> {
    v["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

async fn search_filters_sorts_and_pages(s: &Server) {
    let b = s.backend;
    let (status, page) = s.json("/api/v1/experiences?specialty=internal-medicine&state=NY&per_page=5").await;
    assert_eq!(status, 200, "{b}");
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 5, "{b}");
    assert!(page["total"].as_i64().unwrap() > 5, "{b}");
    for i in items {
        assert_eq!(i["specialty"]["code"], "internal-medicine", "{b}");
        assert_eq!(i["state"], "NY", "{b}");
    }
    let (_, page2) = s.json("/api/v1/experiences?specialty=internal-medicine&state=NY&per_page=5&page=2").await;
    assert!(ids(&page).iter().all(|id| !ids(&page2).contains(id)), "{b}: pages overlap");

    // Three filters and a text query, sorted by price.
    let (status, page) =
        s.json("/api/v1/experiences?q=medicine&hands_on=true&max_price=9000&letter=true&sort=price&per_page=100").await;
    assert_eq!(status, 200);
    let prices: Vec<i64> = page["items"].as_array().unwrap().iter().map(|i| i["total_cents"].as_i64().unwrap()).collect();
    assert!(!prices.is_empty(), "{b}");
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{b}: not sorted by price");
    assert!(prices.iter().all(|p| *p <= 900_000));
    assert!(page["items"].as_array().unwrap().iter().all(|i| i["hands_on"] == true && i["letter_possible"] == true));

    // Graduates on a B-1/B-2 visa see no hands-on experience.
    let (_, page) = s.json("/api/v1/experiences?applicant_type=img&visa=b1_b2&per_page=100").await;
    assert!(page["total"].as_i64().unwrap() > 0);
    assert!(page["items"].as_array().unwrap().iter().all(|i| i["hands_on"] == false), "{b}: B-1 graduate offered hands-on");

    // A date window: every result's shown block starts inside it.
    let (_, all) = s.json("/api/v1/experiences?per_page=1").await;
    let first = all["items"][0]["next_start"].as_str().unwrap().to_string();
    let (_, page) = s.json(&format!("/api/v1/experiences?start_from={first}&start_to={first}&per_page=100")).await;
    assert!(page["total"].as_i64().unwrap() >= 1);
    assert!(page["items"].as_array().unwrap().iter().all(|i| i["next_start"] == first.as_str()), "{b}: window");
}

async fn detail_shows_everything(s: &Server) {
    let b = s.backend;
    let (_, page) = s.json("/api/v1/experiences?per_page=1&sort=price").await;
    let summary = &page["items"][0];
    let id = summary["id"].as_i64().unwrap();
    let (status, e) = s.json(&format!("/api/v1/experiences/{id}")).await;
    assert_eq!(status, 200, "{b}");
    assert_eq!(e["id"], id);
    assert_eq!(e["total_cents"], summary["total_cents"], "{b}: list and detail disagree on the price");
    for key in ["application_fee_cents", "deposit_cents", "tuition_cents", "insurance", "housing", "other_fees"] {
        assert!(!e["price"][key].is_null(), "{b}: price.{key} missing");
    }
    assert!(e["refund_policy_in_words"].as_array().unwrap().len() >= 2);
    assert!(!e["preceptors"].as_array().unwrap().is_empty());
    assert!(!e["blocks"].as_array().unwrap().is_empty());
    assert!(e["eligibility"]["visas"].as_array().is_some());
    assert!(e["site"]["city"].is_string() && e["site"]["state"].is_string());
}

async fn bad_input_gets_a_4xx_that_says_what_to_fix(s: &Server) {
    let b = s.backend;
    let cases: &[(&str, u16, &str, &str)] = &[
        ("/api/v1/experiences?specialty=cardio", 400, "invalid_query", "specialty"),
        ("/api/v1/experiences?state=XX", 400, "invalid_query", "state"),
        ("/api/v1/experiences?type=vacation", 400, "invalid_query", "observership"),
        ("/api/v1/experiences?start_from=2027-05-01&start_to=2027-01-01", 400, "invalid_query", "swap"),
        ("/api/v1/experiences?start_from=tomorrow", 400, "invalid_query", "YYYY-MM-DD"),
        ("/api/v1/experiences?max_price=-100", 400, "invalid_query", "max_price"),
        ("/api/v1/experiences?per_page=1000000", 400, "invalid_query", "per_page"),
        ("/api/v1/experiences?page=99999999999", 400, "invalid_query", "page"),
        ("/api/v1/experiences?colour=blue", 400, "invalid_query", "colour"),
        ("/api/v1/experiences?q=%27%3B%20DROP%20TABLE%20experiences%3B--", 200, "", ""),
        ("/api/v1/experiences/999999", 404, "not_found", "999999"),
        ("/api/v1/experiences/abc", 404, "not_found", "abc"),
        ("/api/v1/experiences/-1", 404, "not_found", "-1"),
        ("/api/v1/nothing-here", 404, "not_found", "/api/openapi.json"),
    ];
    for (path, want, code, hint) in cases {
        let (status, body) = s.json(path).await;
        assert_eq!(status, *want, "{b} {path}: {body}");
        if !code.is_empty() {
            assert_eq!(body["error"]["code"], *code, "{b} {path}");
            let msg = body["error"]["message"].as_str().unwrap();
            assert!(msg.contains(hint), "{b} {path}: message {msg:?} should mention {hint:?}");
        }
    }
    let res = s.http.post(format!("{}/api/v1/experiences", s.base)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 405, "{b}");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
    let (_, n) = s.json("/api/v1/experiences?per_page=1").await;
    assert!(n["total"].as_i64().unwrap() >= 700, "{b}: the catalog is intact after bad input");
}

async fn openapi_covers_every_route(s: &Server) {
    let (status, doc) = s.json("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    for p in ["/api/v1/experiences", "/api/v1/experiences/{id}", "/api/v1/specialties", "/healthz", "/readyz"] {
        assert!(paths.iter().any(|x| *x == p), "{p} missing from the OpenAPI document");
    }
    // Every documented route answers with JSON and never a server error.
    for p in paths {
        let path = p.replace("{id}", "1");
        let (status, body) = s.json(&path).await;
        assert!(status < 500, "{} {path}: {status} {body}", s.backend);
    }
}

async fn health_and_request_ids(s: &Server) {
    let (status, body) = s.json("/healthz").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    let (status, _) = s.json("/readyz").await;
    assert_eq!(status, 200);
    let res = s.http.get(format!("{}/healthz", s.base)).header("x-request-id", "test-123").send().await.unwrap();
    assert_eq!(res.headers()["x-request-id"], "test-123");
    let res = s.http.get(format!("{}/healthz", s.base)).send().await.unwrap();
    assert!(!res.headers()["x-request-id"].is_empty());
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    let (status, specialties) = s.json("/api/v1/specialties").await;
    assert_eq!(status, 200);
    assert!(specialties.as_array().unwrap().len() >= 20);
}

async fn api_on_every_backend(s: Server) {
    {
        search_filters_sorts_and_pages(&s).await;
        detail_shows_everything(&s).await;
        bad_input_gets_a_4xx_that_says_what_to_fix(&s).await;
        openapi_covers_every_route(&s).await;
        health_and_request_ids(&s).await;
        eprintln!("API checks passed on {}", s.backend);
        s.stop().await;
    }
}

on_both_servers!(api_on_every_backend);
