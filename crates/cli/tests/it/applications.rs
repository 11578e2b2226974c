//! Applying through the API, on every backend: eligibility in words, the
//! site's steps and the applicant's, seats taken and given back, the
//! waitlist offered in order, and every bad request refused with nothing
//! changed.

use serde_json::{Value, json};

use crate::support::{DEMO_PASSWORD, Server};

/// Gives the applicant a profile the experience accepts: its first applicant type, a US resident
/// if it takes them, Step 1 passed, ECFMG certified, and a recent (or coming) graduation.
pub async fn eligible_profile(s: &Server, token: &str, experience: i64) {
    let (_, e) = s.call("GET", &format!("/api/v1/experiences/{experience}"), None, None).await;
    let rules = &e["eligibility"];
    let kind = rules["applicant_types"][0].as_str().expect("an applicant type");
    let visas: Vec<&str> = rules["visas"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    let visa = if visas.contains(&"us_citizen_or_resident") { "us_citizen_or_resident" } else { visas[0] };
    let year = chrono::Datelike::year(&chrono::Utc::now().date_naive()) + if kind == "img" { -1 } else { 1 };
    let p = json!({"applicant_type": kind, "graduation_year": year, "step1_passed": true, "ecfmg_certified": true, "visa": visa});
    let (status, body) = s.call("PUT", "/api/v1/me/profile", Some(token), Some(p)).await;
    assert_eq!(status, 200, "{}: {body}", s.backend);
}

/// Future blocks with seats left of an experience, latest last.
pub async fn open_blocks(s: &Server, experience: i64) -> Vec<i64> {
    let (status, e) = s.call("GET", &format!("/api/v1/experiences/{experience}"), None, None).await;
    assert_eq!(status, 200, "{e}");
    let today = chrono::Utc::now().date_naive().to_string();
    e["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["seats_left"].as_i64() > Some(0) && b["start_date"].as_str() > Some(today.as_str()))
        .map(|b| b["id"].as_i64().unwrap())
        .collect()
}

/// Seats left in a block, as the catalog shows them.
async fn seats_left(s: &Server, experience: i64, block: i64) -> i64 {
    let (_, e) = s.call("GET", &format!("/api/v1/experiences/{experience}"), None, None).await;
    e["blocks"].as_array().unwrap().iter().find(|x| x["id"] == block).and_then(|x| x["seats_left"].as_i64()).expect("the block")
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or_default()
}

async fn journey(s: &Server) {
    let b = s.backend;
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    let applicant = s.login("applicant@example.org", DEMO_PASSWORD).await;
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    let (_, site) = s.call("GET", "/api/v1/sites/1", Some(&admin), None).await;
    let experience = site["experiences"][0]["id"].as_i64().unwrap();
    let blocks = open_blocks(s, experience).await;
    let block = *blocks.last().expect("an open block");

    // An incomplete profile is told what to add, before applying as when applying; nothing is stored.
    let (_, ready) = s.call("GET", &format!("/api/v1/readiness?block_id={block}"), Some(&applicant), None).await;
    let blockers: Vec<&str> = ready["blockers"].as_array().unwrap().iter().map(|x| x["code"].as_str().unwrap()).collect();
    assert_eq!((blockers, ready["can_apply"].as_bool()), (vec!["profile_incomplete"], Some(false)), "{b}: {ready}");
    // The page says the same before the button, with where to fix it, and offers no button.
    let web = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let html = web.get(format!("{}/login", s.base)).send().await.unwrap().text().await.unwrap();
    let csrf = crate::pages::form_token(&html);
    let form = [("csrf", csrf.as_str()), ("email", "applicant@example.org"), ("password", DEMO_PASSWORD)];
    web.post(format!("{}/login", s.base)).form(&form).send().await.unwrap();
    let page = web.get(format!("{}/apply?block_id={block}", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("Not yet. Before you can apply") && page.contains("href=\"/profile\">Complete your profile"),
        "{b}: {page}"
    );
    assert!(!page.contains("Yes: your profile meets") && !page.contains("action=\"/apply\""), "{b}: {page}");
    // Each missing document links to the vault with its kind chosen, and the upload comes back here.
    let link = format!("/documents?kind=cv&amp;back=/apply%3Fblock_id%3D{block}");
    assert!(page.contains(&link), "{b}: no link to upload the CV: {page}");
    let vault = web.get(format!("{}{}", s.base, link.replace("&amp;", "&"))).send().await.unwrap().text().await.unwrap();
    assert!(vault.contains("value=\"cv\" selected") && vault.contains("Back to your application"), "{b}: {vault}");
    let action = format!("action=\"/documents?back=/apply%3Fblock_id%3D{block}\"");
    assert!(vault.contains(&action), "{b}: the vault's form does not carry the way back: {vault}");
    let csrf = crate::pages::form_token(&vault);
    let upload = |back: &str| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("kind", "cv")
            .part("file", reqwest::multipart::Part::bytes(crate::documents::pdf()).file_name("cv.pdf"));
        web.post(format!("{}/documents?back={back}", s.base)).multipart(form).send()
    };
    let res = upload(&format!("%2Fapply%3Fblock_id%3D{block}")).await.unwrap();
    assert_eq!((res.url().path(), res.url().query()), ("/apply", Some(format!("block_id={block}").as_str())), "{b}");
    assert!(res.text().await.unwrap().contains("On file</span> CV"), "{b}: the CV is not on file");
    // Anywhere else is not a place to go back to: the vault says what was saved instead.
    let res = upload("https%3A%2F%2Fexample.com%2F").await.unwrap();
    assert_eq!(res.url().path(), "/documents", "{b}");
    assert!(res.text().await.unwrap().contains("Saved: your CV is in your vault."), "{b}");
    let (status, err) = s.call("POST", "/api/v1/applications", Some(&applicant), Some(json!({"block_id": block}))).await;
    assert_eq!((status, code(&err)), (400, "profile_incomplete"), "{b}: {err}");
    // A graduate on a B-1 visa is told why a hands-on experience is closed to them.
    let b1 = json!({"applicant_type": "img", "graduation_year": 2024, "visa": "b1_b2"});
    assert_eq!(s.call("PUT", "/api/v1/me/profile", Some(&applicant), Some(b1)).await.0, 200);
    let (_, e) = s.call("GET", &format!("/api/v1/experiences/{experience}"), None, None).await;
    if e["hands_on"] == true {
        let (_, ready) = s.call("GET", &format!("/api/v1/readiness?block_id={block}"), Some(&applicant), None).await;
        assert_eq!(ready["blockers"][0]["code"], "not_eligible", "{b}: {ready}");
        let (status, err) = s.call("POST", "/api/v1/applications", Some(&applicant), Some(json!({"block_id": block}))).await;
        assert_eq!((status, code(&err)), (400, "not_eligible"), "{b}: {err}");
        assert!(err["error"]["message"].as_str().unwrap().contains("observerships only"), "{b}: {err}");
    }
    eligible_profile(s, &applicant, experience).await;
    for (body, status, want) in [(json!({"block_id": 999_999}), 404, "not_found"), (json!({"block": 1}), 400, "invalid_body")] {
        let (got, err) = s.call("POST", "/api/v1/applications", Some(&applicant), Some(body)).await;
        assert_eq!((got, code(&err)), (status, want), "{b}: {err}");
    }
    assert!(
        s.call("GET", "/api/v1/applications", Some(&applicant), None).await.1.as_array().unwrap().is_empty(),
        "{b}: a refusal stored something"
    );

    // Readiness before applying: eligible, with the documents the site will need.
    let (status, ready) = s.call("GET", &format!("/api/v1/readiness?block_id={block}"), Some(&applicant), None).await;
    assert_eq!((status, ready["eligible"].as_bool()), (200, Some(true)), "{b}: {ready}");
    assert_eq!((ready["blockers"].as_array().map(Vec::len), ready["can_apply"].as_bool()), (Some(0), Some(true)), "{b}: {ready}");
    let standing = |r: &Value, kind: &str| {
        r["checklist"].as_array().unwrap().iter().find(|c| c["kind"] == kind).map(|c| c["standing"].as_str().unwrap().to_string())
    };
    assert_eq!(standing(&ready, "passport").as_deref(), Some("missing"), "{b}: {ready}");
    // A passport that runs out before the rotation ends blocks the application, and says so.
    let (_, e) = s.call("GET", &format!("/api/v1/experiences/{experience}"), None, None).await;
    let start =
        e["blocks"].as_array().unwrap().iter().find(|x| x["id"] == block).unwrap()["start_date"].as_str().unwrap().to_string();
    let file = crate::documents::pdf();
    let fields = [("kind", "passport"), ("expires_on", start.as_str())];
    assert_eq!(crate::documents::upload(s, &applicant, &fields, "old.pdf", file.clone()).await.0, 201, "{b}");
    let (_, ready) = s.call("GET", &format!("/api/v1/readiness?block_id={block}"), Some(&applicant), None).await;
    assert_eq!(standing(&ready, "passport").as_deref(), Some("expires"), "{b}: {ready}");
    let blockers: Vec<&str> = ready["blockers"].as_array().unwrap().iter().map(|x| x["code"].as_str().unwrap()).collect();
    assert_eq!((blockers, ready["can_apply"].as_bool()), (vec!["document_expires"], Some(false)), "{b}: {ready}");
    let (status, err) = s.call("POST", "/api/v1/applications", Some(&applicant), Some(json!({"block_id": block}))).await;
    assert_eq!((status, code(&err)), (400, "document_expires"), "{b}: {err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("Passport"), "{b}: {err}");
    let fields = [("kind", "passport"), ("expires_on", "2036-01-01")];
    assert_eq!(crate::documents::upload(s, &applicant, &fields, "new.pdf", file).await.0, 201, "{b}");
    let (_, ready) = s.call("GET", &format!("/api/v1/readiness?block_id={block}"), Some(&applicant), None).await;
    assert_eq!(standing(&ready, "passport").as_deref(), Some("ready"), "{b}: {ready}");

    // Apply; twice is refused.
    let (status, a) = s.call("POST", "/api/v1/applications", Some(&applicant), Some(json!({"block_id": block}))).await;
    assert_eq!(status, 201, "{b}: {a}");
    let id = a["application"]["id"].as_i64().unwrap();
    assert_eq!(a["application"]["status"], "submitted", "{b}");
    let (status, err) = s.call("POST", "/api/v1/applications", Some(&applicant), Some(json!({"block_id": block}))).await;
    assert_eq!((status, code(&err)), (409, "already_applied"), "{b}");
    let (_, ready) = s.call("GET", &format!("/api/v1/readiness?block_id={block}"), Some(&applicant), None).await;
    assert_eq!(
        (ready["blockers"][0]["code"].as_str(), ready["can_apply"].as_bool()),
        (Some("already_applied"), Some(false)),
        "{b}: {ready}"
    );

    // The site sees it and offers; the applicant cannot offer to themselves, nor accept twice.
    let (_, queue) = s.call("GET", "/api/v1/applications", Some(&coordinator), None).await;
    let mine = queue.as_array().unwrap().iter().find(|x| x["id"] == id).cloned();
    let mine = mine.unwrap_or_else(|| panic!("{b}: not in the site's queue"));
    // The queue names the applicant and the site, not only numbers.
    assert_eq!(mine["applicant_name"], "Amara Applicant", "{b}: {mine}");
    assert!(mine["site_name"].as_str().is_some_and(|n| !n.is_empty()), "{b}: {mine}");
    // The site starts reviewing it (its step alone, and once), then offers.
    assert_eq!(s.call("POST", &format!("/api/v1/applications/{id}/review"), Some(&applicant), None).await.0, 403, "{b}");
    let (status, reviewed) = s.call("POST", &format!("/api/v1/applications/{id}/review"), Some(&coordinator), None).await;
    assert_eq!((status, reviewed["application"]["status"].as_str()), (200, Some("under_review")), "{b}: {reviewed}");
    let (status, err) = s.call("POST", &format!("/api/v1/applications/{id}/review"), Some(&coordinator), None).await;
    assert_eq!((status, code(&err)), (409, "invalid_step"), "{b}: reviewed twice");
    assert_eq!(s.call("POST", &format!("/api/v1/applications/{id}/offer"), Some(&applicant), None).await.0, 403, "{b}");
    let (status, offered) = s.call("POST", &format!("/api/v1/applications/{id}/offer"), Some(&coordinator), None).await;
    assert_eq!((status, offered["application"]["status"].as_str()), (200, Some("offered")), "{b}: {offered}");
    let stale = json!({"version": a["application"]["version"]});
    let (status, err) = s.call("POST", &format!("/api/v1/applications/{id}/reject"), Some(&coordinator), Some(stale)).await;
    assert_eq!((status, code(&err)), (409, "changed"), "{b}: a decision on an old version went through");
    let seats_before = seats_left(s, experience, block).await;
    let (status, held) = s.call("POST", &format!("/api/v1/applications/{id}/accept"), Some(&applicant), None).await;
    assert_eq!((status, held["application"]["status"].as_str()), (200, Some("accepted")), "{b}: {held}");
    assert!(held["application"]["deposit_due_on"].is_string(), "{b}");
    let (status, err) = s.call("POST", &format!("/api/v1/applications/{id}/accept"), Some(&applicant), None).await;
    assert_eq!((status, code(&err)), (409, "invalid_step"), "{b}");
    let seats_after = seats_left(s, experience, block).await;
    assert_eq!(seats_after, seats_before - 1, "{b}: accepting took no seat");
    // The deposit confirms the seat: "confirm" before it is in says what is missing.
    let (status, err) = s.call("POST", &format!("/api/v1/applications/{id}/confirm"), Some(&coordinator), None).await;
    assert_eq!((status, code(&err)), (409, "deposit_unpaid"), "{b}: {err}");
    let (_, e) = s.call("GET", &format!("/api/v1/experiences/{experience}"), None, None).await;
    let pay = json!({"kind": "payment", "amount_cents": e["price"]["deposit_cents"]});
    let (status, l) = s.call("POST", &format!("/api/v1/applications/{id}/payments"), Some(&coordinator), Some(pay)).await;
    assert_eq!(status, 200, "{b}: {l}");
    let (_, confirmed) = s.call("GET", &format!("/api/v1/applications/{id}"), Some(&applicant), None).await;
    assert_eq!(confirmed["application"]["status"], "confirmed", "{b}");
    // Each step reached the people concerned: the site heard of the application and the acceptance,
    // the applicant of the offer and the confirmation (with dates, place and what to bring).
    let (_, mails) = s.call("GET", "/api/v1/admin/outbox", Some(&admin), None).await;
    let subjects: Vec<(String, String)> = mails
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["to"].as_str().unwrap().to_string(), m["subject"].as_str().unwrap().to_string()))
        .collect();
    let title = a["application"]["experience_title"].as_str().unwrap();
    for (to, subject) in [
        ("coordinator@example.org", "a new application to review".to_string()),
        ("applicant@example.org", format!("{title}: Offered")),
        ("coordinator@example.org", "the offered seat was accepted".to_string()),
        ("applicant@example.org", format!("Confirmed: {title}")),
    ] {
        assert!(
            subjects.iter().any(|(t, s)| t == to && s.contains(&subject)),
            "{b}: no email to {to} about {subject}: {subjects:?}"
        );
    }
    let confirmation =
        mails.as_array().unwrap().iter().find(|m| m["subject"].as_str().unwrap().starts_with("Confirmed:")).unwrap();
    assert!(confirmation["body"].as_str().unwrap().contains("Bring on the first day:\n- Passport"), "{b}: {confirmation}");
    let steps: Vec<&str> = confirmed["timeline"].as_array().unwrap().iter().map(|t| t["to"].as_str().unwrap()).collect();
    assert_eq!(steps, ["draft", "submitted", "under_review", "offered", "accepted", "confirmed"], "{b}");

    // Decisions in bulk: each application on its own; another site's is not touched.
    let (status, results) = s
        .call(
            "POST",
            "/api/v1/applications/decisions",
            Some(&coordinator),
            Some(json!({"ids": [id, 999_999], "decision": "reject"})),
        )
        .await;
    assert_eq!(status, 200, "{b}: {results}");
    assert_eq!((results[0]["done"].as_bool(), results[1]["done"].as_bool()), (Some(false), Some(false)), "{b}: {results}");
    assert!(
        results[0]["message"].as_str().unwrap().contains("cannot be rejected"),
        "{b}: a confirmed seat was rejected: {results}"
    );

    // A full block is refused at once (the demo catalog has some; find one the applicant may join).
    let mut full = None;
    for other in 1..200 {
        let (status, x) = s.call("GET", &format!("/api/v1/experiences/{other}"), None, None).await;
        if status == 200
            && x["eligibility"]["applicant_types"].as_array().unwrap().contains(&json!("img"))
            && let Some(bl) = x["blocks"].as_array().unwrap().iter().find(|bl| bl["seats_left"] == 0)
        {
            full = Some((other, bl["id"].as_i64().unwrap()));
            break;
        }
    }
    let (full_experience, full_block) = full.expect("a full block in the demo catalog");
    eligible_profile(s, &applicant, full_experience).await;
    let (status, err) = s.call("POST", "/api/v1/applications", Some(&applicant), Some(json!({"block_id": full_block}))).await;
    assert_eq!((status, code(&err)), (409, "block_full"), "{b}: {err}");

    // The site sees the applicant's file: profile, readiness and documents, each download audited.
    let (status, file) = s.call("GET", &format!("/api/v1/applications/{id}/file"), Some(&coordinator), None).await;
    assert_eq!(status, 200, "{b}: {file}");
    assert_eq!(file["applicant_name"], "Amara Applicant", "{b}");
    assert_eq!(file["readiness"]["eligible"], true, "{b}");
    let passport = file["documents"][0]["id"].as_i64().unwrap();
    let res = s
        .http
        .get(format!("{}/api/v1/applications/{id}/documents/{passport}", s.base))
        .bearer_auth(&coordinator)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200, "{b}");
    let (_, audit) = s.call("GET", "/api/v1/admin/audit?limit=20", Some(&admin), None).await;
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["action"] == "document_read" && l["detail"] == format!("passport via application {id}")),
        "{b}: the site's read was not audited: {audit}"
    );
    // A document that does not exist is not found.
    assert_eq!(
        s.call("GET", &format!("/api/v1/applications/{id}/documents/999999"), Some(&coordinator), None).await.0,
        404,
        "{b}"
    );

    // Another site's coordinator cannot see it; a stranger gets 404.
    let (_, far) = s.host(&admin, "far.coordinator@example.org", "coordinator", 2).await;
    assert_eq!(s.call("GET", &format!("/api/v1/applications/{id}"), Some(&far), None).await.0, 404, "{b}");
    assert_eq!(s.call("POST", &format!("/api/v1/applications/{id}/cancel"), Some(&far), None).await.0, 404, "{b}");
    assert_eq!(s.call("GET", &format!("/api/v1/applications/{id}/file"), Some(&far), None).await.0, 404, "{b}");
    let res =
        s.http.get(format!("{}/api/v1/applications/{id}/documents/{passport}", s.base)).bearer_auth(&far).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 404, "{b}");

    // A waitlisted applicant is offered the seat when it frees up.
    let body = json!({"email": "wait.list@example.org", "password": "plum orbit lantern nine", "name": "Wai Lee"});
    assert_eq!(s.call("POST", "/api/v1/auth/register", None, Some(body)).await.0, 202);
    let link = s.mailed_token(&admin, "wait.list@example.org", "/verify?token=").await;
    assert_eq!(s.call("POST", "/api/v1/auth/verify-email", None, Some(json!({"token": link}))).await.0, 204);
    let waiter = s.login("wait.list@example.org", "plum orbit lantern nine").await;
    eligible_profile(s, &waiter, experience).await;
    let (status, w) = s.call("POST", "/api/v1/applications", Some(&waiter), Some(json!({"block_id": block}))).await;
    assert_eq!(status, 201, "{b}: {w}");
    let wid = w["application"]["id"].as_i64().unwrap();
    assert_eq!(s.call("POST", &format!("/api/v1/applications/{wid}/waitlist"), Some(&coordinator), None).await.0, 200, "{b}");
    let (status, c) = s.call("POST", &format!("/api/v1/applications/{id}/cancel"), Some(&applicant), None).await;
    assert_eq!((status, c["application"]["status"].as_str()), (200, Some("cancelled")), "{b}: {c}");
    let (_, now) = s.call("GET", &format!("/api/v1/applications/{wid}"), Some(&waiter), None).await;
    assert_eq!(now["application"]["status"], "offered", "{b}: the waitlist was not offered the freed seat");
    // Another applicant's document is not reachable through this application.
    let (status, theirs) = crate::documents::upload(s, &waiter, &[("kind", "cv")], "cv.pdf", crate::documents::pdf()).await;
    assert_eq!(status, 201, "{b}: {theirs}");
    let theirs = theirs["id"].as_i64().unwrap();
    let res = s
        .http
        .get(format!("{}/api/v1/applications/{id}/documents/{theirs}", s.base))
        .bearer_auth(&coordinator)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404, "{b}: a document was reached through someone else's application");
    let last = now["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["actor_id"].clone(), last["note"].as_str()),
        (Value::Null, Some("a seat freed up: offered from the waitlist")),
        "{b}"
    );
}

/// "Book now": applying holds the seat at once, with the deposit deadline set.
async fn book_now(s: &Server) {
    let b = s.backend;
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    let (_, site) = s.call("GET", "/api/v1/sites/1", Some(&admin), None).await;
    let experience = site["experiences"][0]["id"].as_i64().unwrap();
    let (status, on) = s
        .call("POST", &format!("/api/v1/experiences/{experience}/booking"), Some(&coordinator), Some(json!({"instant": true})))
        .await;
    assert_eq!((status, on["instant"].as_bool()), (200, Some(true)), "{b}: {on}");
    let body = json!({"email": "booker@example.org", "password": "plum orbit lantern nine", "name": "Bo Oker"});
    assert_eq!(s.call("POST", "/api/v1/auth/register", None, Some(body)).await.0, 202);
    let link = s.mailed_token(&admin, "booker@example.org", "/verify?token=").await;
    assert_eq!(s.call("POST", "/api/v1/auth/verify-email", None, Some(json!({"token": link}))).await.0, 204);
    let booker = s.login("booker@example.org", "plum orbit lantern nine").await;
    eligible_profile(s, &booker, experience).await;
    let block = *open_blocks(s, experience).await.last().unwrap();
    let (status, a) = s.call("POST", "/api/v1/applications", Some(&booker), Some(json!({"block_id": block}))).await;
    assert_eq!(status, 201, "{b}: {a}");
    assert_eq!(a["application"]["status"], "accepted", "{b}: book now did not hold the seat");
    assert!(a["application"]["deposit_due_on"].is_string(), "{b}");
}

async fn book_now_holds_a_seat_at_once(s: Server) {
    {
        book_now(&s).await;
        s.stop().await;
    }
}

on_both_servers!(book_now_holds_a_seat_at_once);

async fn applications_move_as_the_site_and_applicant_decide(s: Server) {
    {
        journey(&s).await;
        s.stop().await;
    }
}

on_both_servers!(applications_move_as_the_site_and_applicant_decide);
