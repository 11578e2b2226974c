//! Money through the API, on every backend: charges when a seat is held,
//! payments by the site and by the provider's signed webhook (replays and
//! out-of-order events never count twice), the seat confirmed once the
//! deposit is in, and refunds by the published policy, visa denial included.

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::applications::{eligible_profile, open_blocks};
use crate::support::{DEMO_PASSWORD, Server, WEBHOOK_SECRET};

async fn webhook(s: &Server, body: &Value, secret: &str) -> (u16, Value) {
    let raw = serde_json::to_vec(body).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(&raw);
    let sig: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let res = s
        .http
        .post(format!("{}/api/v1/payments/webhook", s.base))
        .header("content-type", "application/json")
        .header("x-matchready-signature", format!("sha256={sig}"))
        .body(raw)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A new applicant with a confirmed email and a profile eligible for `experience`; returns their token.
async fn applicant(s: &Server, admin: &str, email: &str, experience: i64) -> String {
    let body = json!({"email": email, "password": "plum orbit lantern nine", "name": "Pay Er"});
    assert_eq!(s.call("POST", "/api/v1/auth/register", None, Some(body)).await.0, 202);
    let link = s.mailed_token(admin, email, "/verify?token=").await;
    assert_eq!(s.call("POST", "/api/v1/auth/verify-email", None, Some(json!({"token": link}))).await.0, 204);
    let token = s.login(email, "plum orbit lantern nine").await;
    eligible_profile(s, &token, experience).await;
    token
}

/// An applicant with a held seat; returns (token, application id).
async fn held_seat(s: &Server, admin: &str, coordinator: &str, email: &str, experience: i64, pick: usize) -> (String, i64) {
    let token = applicant(s, admin, email, experience).await;
    let blocks = open_blocks(s, experience).await;
    let block = blocks[blocks.len() - 1 - pick];
    let (status, a) = s.call("POST", "/api/v1/applications", Some(&token), Some(json!({"block_id": block}))).await;
    assert_eq!(status, 201, "{a}");
    let id = a["application"]["id"].as_i64().unwrap();
    assert_eq!(s.call("POST", &format!("/api/v1/applications/{id}/offer"), Some(coordinator), None).await.0, 200);
    assert_eq!(s.call("POST", &format!("/api/v1/applications/{id}/accept"), Some(&token), None).await.0, 200);
    (token, id)
}

/// The demo's admin and coordinator, and the first site's first experience with its deposit.
struct Setup {
    admin: String,
    coordinator: String,
    experience: i64,
    e: Value,
    deposit: i64,
}

async fn setup(s: &Server) -> Setup {
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    let (_, site) = s.call("GET", "/api/v1/sites/1", Some(&admin), None).await;
    let experience = site["experiences"][0]["id"].as_i64().unwrap();
    let (_, e) = s.call("GET", &format!("/api/v1/experiences/{experience}"), None, None).await;
    let deposit = e["price"]["deposit_cents"].as_i64().unwrap();
    Setup { admin, coordinator, experience, e, deposit }
}

fn fee_of(e: &Value) -> i64 {
    e["price"]["application_fee_cents"].as_i64().unwrap()
}

async fn money(s: &Server) {
    let b = s.backend;
    let Setup { admin, coordinator, experience, e, deposit } = setup(s).await;

    // Holding a seat charges the fixed items of the price.
    let (payer, id) = held_seat(s, &admin, &coordinator, "payer@example.org", experience, 0).await;
    let (_, ledger) = s.call("GET", &format!("/api/v1/applications/{id}/ledger"), Some(&payer), None).await;
    let charged = ledger["account"]["charged_cents"].as_i64().unwrap();
    assert!(charged >= deposit && deposit > 0, "{b}: {ledger}");
    assert_eq!(ledger["account"]["to_pay_cents"], charged, "{b}");
    assert_eq!(ledger["account"]["deposit_to_pay_cents"], deposit, "{b}");

    // Part of the deposit by the site: still held. The provider's payment of the rest confirms it.
    let part = json!({"kind": "payment", "amount_cents": deposit / 2, "description": "Wire transfer"});
    let (status, l) = s.call("POST", &format!("/api/v1/applications/{id}/payments"), Some(&coordinator), Some(part)).await;
    assert_eq!(status, 200, "{b}: {l}");
    assert_eq!(
        s.call("GET", &format!("/api/v1/applications/{id}"), Some(&payer), None).await.1["application"]["status"],
        "accepted"
    );
    let rest = json!({"event_id": format!("evt_{b}_1"), "type": "payment.succeeded", "application_id": id, "amount_cents": deposit - deposit / 2});
    assert_eq!(webhook(s, &rest, "wrong secret").await.0, 401, "{b}: a forged event was taken");
    let (status, r) = webhook(s, &rest, WEBHOOK_SECRET).await;
    assert_eq!((status, r["recorded"].as_bool()), (200, Some(true)), "{b}: {r}");
    assert_eq!(
        s.call("GET", &format!("/api/v1/applications/{id}"), Some(&payer), None).await.1["application"]["status"],
        "confirmed"
    );
    // The same event again (a replay) changes nothing.
    let (status, r) = webhook(s, &rest, WEBHOOK_SECRET).await;
    assert_eq!((status, r["recorded"].as_bool()), (200, Some(false)), "{b}");
    let (_, ledger) = s.call("GET", &format!("/api/v1/applications/{id}/ledger"), Some(&payer), None).await;
    assert_eq!(ledger["account"]["paid_cents"], deposit, "{b}: a replay counted twice: {ledger}");

    // A confirmed applicant on a B-1/B-2 visa gets an invitation letter; others are told why not.
    crate::letter::b1_letter(s, &payer, "payer@example.org", "plum orbit lantern nine", id).await;

    // Cancelling a confirmed seat owes back what the policy says; a visa denial has its own rule.
    let (status, c) =
        s.call("POST", &format!("/api/v1/applications/{id}/cancel"), Some(&payer), Some(json!({"reason": "visa_denied"}))).await;
    assert_eq!(status, 200, "{b}: {c}");
    let (_, ledger) = s.call("GET", &format!("/api/v1/applications/{id}/ledger"), Some(&payer), None).await;
    let note = c["timeline"].as_array().unwrap().last().unwrap()["note"].clone();
    assert_eq!(note, "cancelled by the applicant: visa denied", "{b}: the timeline says who and why");
    let visa = &e["refund_policy"]["visa_denial"];
    let fee = if e["refund_policy"]["application_fee_refundable"] == true { 0 } else { fee_of(&e).min(deposit) };
    let expected = ((deposit - fee) * visa["percent"].as_i64().unwrap() / 100 - visa["fee_kept_cents"].as_i64().unwrap()).max(0);
    assert_eq!(ledger["account"]["owed_back_cents"], expected, "{b}: {ledger}");
    assert!(ledger["account"]["why"][0].as_str().unwrap().starts_with("Visa denied"), "{b}: {ledger}");
    // Provider events out of order: a refund that arrives before the payment it refunds is refused
    // (the provider delivers it again); each counts once.
    let (_, other) = held_seat(s, &admin, &coordinator, "second.payer@example.org", experience, 1).await;
    let refund =
        json!({"event_id": format!("evt_{b}_r"), "type": "refund.succeeded", "application_id": other, "amount_cents": 500});
    let pay =
        json!({"event_id": format!("evt_{b}_p"), "type": "payment.succeeded", "application_id": other, "amount_cents": 2000});
    let (status, early) = webhook(s, &refund, WEBHOOK_SECRET).await;
    assert_eq!((status, early["error"]["code"].as_str()), (409, Some("refund_beyond_paid")), "{b}: {early}");
    for event in [&pay, &refund, &pay, &refund] {
        assert_eq!(webhook(s, event, WEBHOOK_SECRET).await.0, 200, "{b}");
    }
    let (_, ledger) = s.call("GET", &format!("/api/v1/applications/{other}/ledger"), Some(&coordinator), None).await;
    assert_eq!(
        (ledger["account"]["paid_cents"].as_i64(), ledger["account"]["refunded_cents"].as_i64()),
        (Some(2000), Some(500)),
        "{b}"
    );
    // In the pages: the site records a payment in dollars and sees it in the ledger.
    let web = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let page = |p: &str| format!("{}{p}", s.base);
    let html = web.get(page("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = crate::pages::form_token(&html);
    web.post(page("/login"))
        .form(&[("csrf", csrf.as_str()), ("email", "coordinator@example.org"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let res = web
        .post(page(&format!("/applications/{other}/payments")))
        .form(&[("csrf", csrf.as_str()), ("kind", "payment"), ("dollars", "12.50"), ("description", "Cash at the desk")])
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    assert!(html.contains("$12.50") && html.contains("Cash at the desk"), "{b}: the page ledger lacks the payment");
    let res = web
        .post(page(&format!("/applications/{other}/payments")))
        .form(&[("csrf", csrf.as_str()), ("kind", "payment"), ("dollars", "a lot")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400, "{b}");
    let (_, ledger) = s.call("GET", &format!("/api/v1/applications/{other}/ledger"), Some(&coordinator), None).await;

    // Bad input: nothing recorded.
    let bad = json!({"kind": "gift", "amount_cents": 5});
    assert_eq!(
        s.call("POST", &format!("/api/v1/applications/{other}/payments"), Some(&coordinator), Some(bad)).await.0,
        400,
        "{b}"
    );
    let bad = json!({"kind": "payment", "amount_cents": -5});
    assert_eq!(
        s.call("POST", &format!("/api/v1/applications/{other}/payments"), Some(&coordinator), Some(bad)).await.0,
        400,
        "{b}"
    );
    assert_eq!(
        s.call("GET", &format!("/api/v1/applications/{other}/ledger"), Some(&coordinator), None).await.1["account"],
        ledger["account"],
        "{b}"
    );
}

async fn money_counts_once_and_follows_the_policy(s: Server) {
    {
        money(&s).await;
        s.stop().await;
    }
}

on_both_servers!(money_counts_once_and_follows_the_policy);

async fn account(s: &Server, id: i64, token: &str) -> Value {
    s.call("GET", &format!("/api/v1/applications/{id}/ledger"), Some(token), None).await.1["account"].clone()
}

async fn status(s: &Server, id: i64, token: &str) -> Value {
    s.call("GET", &format!("/api/v1/applications/{id}"), Some(token), None).await.1["application"]["status"].clone()
}

async fn site_records(s: &Server, coordinator: &str, id: i64, kind: &str, cents: i64) -> (u16, Value) {
    let body = json!({"kind": kind, "amount_cents": cents});
    s.call("POST", &format!("/api/v1/applications/{id}/payments"), Some(coordinator), Some(body)).await
}

/// The share the published policy refunds `days` before the start.
fn percent_at(e: &Value, days: i64) -> i64 {
    e["refund_policy"]["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| days >= t["min_days_before"].as_i64().unwrap())
        .map_or(0, |t| t["percent"].as_i64().unwrap())
}

/// The orders of events that once set the money and the application apart.
async fn every_order(s: &Server) {
    let b = s.backend;
    let Setup { admin, coordinator, experience, e, deposit } = setup(s).await;

    // Paying one cent more than charged: recorded, confirmed, and the cent is owed back.
    let (payer, id) = held_seat(s, &admin, &coordinator, "over.payer@example.org", experience, 0).await;
    let charged = account(s, id, &payer).await["charged_cents"].as_i64().unwrap();
    let (code, l) = site_records(s, &coordinator, id, "payment", charged + 1).await;
    assert_eq!(code, 200, "{b}: {l}");
    assert_eq!((l["account"]["to_pay_cents"].as_i64(), l["account"]["owed_back_cents"].as_i64()), (Some(0), Some(1)), "{b}: {l}");
    assert_eq!(status(s, id, &payer).await, "confirmed", "{b}");

    // No amount wraps: too large is refused on both paths, with the field to fix, and nothing moves.
    let before = account(s, id, &payer).await;
    for cents in [i64::MAX, 100_000_001, 0, -1] {
        let (code, r) = site_records(s, &coordinator, id, "payment", cents).await;
        assert_eq!((code, r["error"]["code"].as_str()), (400, Some("invalid_input")), "{b}: {cents}: {r}");
        let event = json!({"event_id": format!("evt_{b}_{cents}"), "type": "payment.succeeded", "application_id": id, "amount_cents": cents});
        let (code, r) = webhook(s, &event, WEBHOOK_SECRET).await;
        assert_eq!(code, 400, "{b}: {cents}: {r}");
    }
    assert_eq!(account(s, id, &payer).await, before, "{b}: a refused amount changed the ledger");

    // Cancelled well ahead: the policy's share of what was paid, less the fee when it is not refundable;
    // the cent paid beyond the charges comes back whole.
    let (_, a) = s.call("GET", &format!("/api/v1/applications/{id}"), Some(&payer), None).await;
    let start = chrono::NaiveDate::parse_from_str(a["application"]["start_date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let days = (start - chrono::Utc::now().date_naive()).num_days();
    assert_eq!(s.call("POST", &format!("/api/v1/applications/{id}/cancel"), Some(&payer), None).await.0, 200, "{b}");
    let fee = if e["refund_policy"]["application_fee_refundable"] == true { 0 } else { fee_of(&e) };
    let owed = (charged - fee) * percent_at(&e, days) / 100 + 1;
    let after = account(s, id, &payer).await;
    assert_eq!(after["owed_back_cents"], owed, "{b}: {after}");
    assert_eq!(after["kept_cents"], charged + 1 - owed, "{b}: {after}");
    // The page says the same as the API: what is owed back, and the policy's sentence that applies.
    let web = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let html = web.get(format!("{}/login", s.base)).send().await.unwrap().text().await.unwrap();
    let csrf = crate::pages::form_token(&html);
    let form = [("csrf", csrf.as_str()), ("email", "over.payer@example.org"), ("password", "plum orbit lantern nine")];
    web.post(format!("{}/login", s.base)).form(&form).send().await.unwrap();
    let html = web.get(format!("{}/applications/{id}", s.base)).send().await.unwrap().text().await.unwrap();
    let usd = |c: i64| matchready_core::money::usd(c);
    assert!(html.contains("<dt>Owed back</dt>") && html.contains(&usd(owed)), "{b}: the page hides what is owed back");
    let rule = after["why"][0].as_str().unwrap();
    assert!(html.contains(&rule.replace('\'', "&#x27;")) || html.contains(rule), "{b}: the page lacks '{rule}'");
    // A payment after the cancellation is owed back in full.
    let late =
        json!({"event_id": format!("evt_{b}_late"), "type": "payment.succeeded", "application_id": id, "amount_cents": 1000});
    assert_eq!(webhook(s, &late, WEBHOOK_SECRET).await.0, 200, "{b}");
    assert_eq!(account(s, id, &payer).await["owed_back_cents"], owed + 1000, "{b}");
    // Paying it back settles it; paying back more than was paid in is refused.
    let (code, l) = site_records(s, &coordinator, id, "refund", owed + 1000).await;
    assert_eq!((code, l["account"]["owed_back_cents"].as_i64()), (200, Some(0)), "{b}: {l}");
    let (code, r) = site_records(s, &coordinator, id, "refund", charged).await;
    assert_eq!((code, r["error"]["code"].as_str()), (409, Some("refund_beyond_paid")), "{b}: {r}");

    // A deposit paid before accepting counts: accepting confirms the seat at once.
    let early = applicant(s, &admin, "early.payer@example.org", experience).await;
    let blocks = open_blocks(s, experience).await;
    let (_, a) = s.call("POST", "/api/v1/applications", Some(&early), Some(json!({"block_id": blocks[blocks.len() - 2]}))).await;
    let ahead = a["application"]["id"].as_i64().unwrap();
    assert_eq!(s.call("POST", &format!("/api/v1/applications/{ahead}/offer"), Some(&coordinator), None).await.0, 200);
    let (code, l) = site_records(s, &coordinator, ahead, "payment", deposit).await;
    assert_eq!((code, l["account"]["held_cents"].as_i64()), (200, Some(deposit)), "{b}: {l}");
    assert_eq!(status(s, ahead, &early).await, "offered", "{b}");
    assert_eq!(s.call("POST", &format!("/api/v1/applications/{ahead}/accept"), Some(&early), None).await.0, 200);
    assert_eq!(status(s, ahead, &early).await, "confirmed", "{b}: the deposit paid ahead did not count");
    assert_eq!(account(s, ahead, &early).await["deposit_to_pay_cents"], 0, "{b}");

    // A refund then a payment, or a payment then a refund: the same money, the same status.
    let (holder, held) = held_seat(s, &admin, &coordinator, "both.ways@example.org", experience, 2).await;
    let (code, _) = site_records(s, &coordinator, held, "refund", deposit).await;
    assert_eq!(code, 409, "{b}: a refund of nothing paid was taken");
    assert_eq!(site_records(s, &coordinator, held, "payment", deposit).await.0, 200);
    assert_eq!(status(s, held, &holder).await, "confirmed", "{b}");
    assert_eq!(site_records(s, &coordinator, held, "refund", deposit).await.0, 200);
    assert_eq!(status(s, held, &holder).await, "accepted", "{b}: a seat whose deposit was paid back stayed confirmed");
    let acc = account(s, held, &holder).await;
    assert_eq!((acc["net_paid_cents"].as_i64(), acc["deposit_to_pay_cents"].as_i64()), (Some(0), Some(deposit)), "{b}: {acc}");
    // Due again a week from now (or by the first day, if sooner).
    let (_, a) = s.call("GET", &format!("/api/v1/applications/{held}"), Some(&holder), None).await;
    let start = chrono::NaiveDate::parse_from_str(a["application"]["start_date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    // (The server's day, read a moment ago: either side of midnight.)
    let now = chrono::Utc::now().date_naive();
    let due = |day: chrono::NaiveDate| (day + chrono::Days::new(7)).min(start).to_string();
    let shown = acc["deposit_due_on"].as_str().unwrap_or_default().to_string();
    assert!(shown == due(now) || shown == due(now - chrono::Days::new(1)), "{b}: {acc}");
    // The site's "confirm" only confirms a seat whose deposit is in, and says what is missing.
    let (code, r) = s.call("POST", &format!("/api/v1/applications/{held}/confirm"), Some(&coordinator), None).await;
    assert_eq!((code, r["error"]["code"].as_str()), (409, Some("deposit_unpaid")), "{b}: {r}");
}

async fn money_adds_up_in_every_order(s: Server) {
    {
        every_order(&s).await;
        s.stop().await;
    }
}

on_both_servers!(money_adds_up_in_every_order);
