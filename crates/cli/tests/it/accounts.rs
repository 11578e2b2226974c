//! Accounts through the API, as users meet them: sign-up without revealing
//! who has an account, emailed links that work once, throttled logins,
//! sessions that end at logout, password change and disable, and hosts who
//! cannot publish until verified. On every backend.

use serde_json::json;

use crate::support::{DEMO_PASSWORD, Server};

const GOOD: &str = "plum orbit lantern nine";

async fn sign_up_reveals_nobody_and_links_work_once(s: &Server, admin: &str) {
    let b = s.backend;
    let body = json!({"email": "Ana.Lima@Example.org", "password": GOOD, "name": "Ana Lima"});
    let first = s.call("POST", "/api/v1/auth/register", None, Some(body.clone())).await;
    let again = s
        .call(
            "POST",
            "/api/v1/auth/register",
            None,
            Some(json!({"email": "ana.lima@example.org", "password": "another good passphrase here", "name": "Someone Else"})),
        )
        .await;
    assert_eq!(first.0, 202, "{b}: {}", first.1);
    assert_eq!(first, again, "{b}: a second sign-up with the same email must answer exactly the same");
    // One account, with the first password; the owner hears of the second attempt.
    s.login("ana.lima@example.org", GOOD).await;
    let (_, users) = s.call("GET", "/api/v1/users", Some(admin), None).await;
    assert_eq!(users.as_array().unwrap().iter().filter(|u| u["email"] == "ana.lima@example.org").count(), 1, "{b}");
    let (_, mails) = s.call("GET", "/api/v1/admin/outbox", Some(admin), None).await;
    assert!(
        mails
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["to"] == "ana.lima@example.org" && m["subject"] == "Someone tried to sign up with your email"),
        "{b}"
    );

    let token = s.mailed_token(admin, "ana.lima@example.org", "/verify?token=").await;
    assert_eq!(s.call("POST", "/api/v1/auth/verify-email", None, Some(json!({"token": token}))).await.0, 204, "{b}");
    let (status, err) = s.call("POST", "/api/v1/auth/verify-email", None, Some(json!({"token": token}))).await;
    assert_eq!((status, err["error"]["code"].as_str()), (400, Some("invalid_link")), "{b}: a link works once");
    let me = s.login("ana.lima@example.org", GOOD).await;
    assert_eq!(s.call("GET", "/api/v1/me", Some(&me), None).await.1["email_verified"], true, "{b}");

    // Nobody can flood an inbox through us: at most 3 such emails per address per 15 minutes, same answer throughout.
    for _ in 0..5 {
        let (status, _) =
            s.call("POST", "/api/v1/auth/password-reset", None, Some(json!({"email": "ana.lima@example.org"}))).await;
        assert_eq!(status, 202, "{b}");
    }
    let (_, mails) = s.call("GET", "/api/v1/admin/outbox", Some(admin), None).await;
    let to_ana = mails.as_array().unwrap().iter().filter(|m| m["to"] == "ana.lima@example.org").count();
    assert_eq!(to_ana, 3, "{b}: the confirmation, 'someone tried', one reset link, then nothing more");

    // Bodies that are not JSON, or not the right JSON, get JSON errors that say so.
    let url = format!("{}/api/v1/auth/login", s.base);
    let res = s.http.post(&url).body("email=a").send().await.unwrap();
    assert_eq!(res.status().as_u16(), 415, "{b}");
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["error"]["code"], "invalid_body", "{b}");
    let res = s.http.post(&url).header("content-type", "application/json").body("{\"email\": 5}").send().await.unwrap();
    assert_eq!(res.status().as_u16(), 400, "{b}");
    let err: serde_json::Value = res.json().await.unwrap();
    assert!(err["error"]["message"].as_str().unwrap().contains("email"), "{b}: {err}");

    // Weak passwords and bad emails say what to fix, and nothing is stored.
    let (status, err) = s
        .call(
            "POST",
            "/api/v1/auth/register",
            None,
            Some(json!({"email": "weak@example.org", "password": "password123", "name": "W"})),
        )
        .await;
    assert_eq!(status, 400, "{b}");
    assert_eq!(err["error"]["fields"][0]["field"], "password", "{b}: {err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("too easy to guess"), "{b}: {err}");
    let (status, err) = s
        .call("POST", "/api/v1/auth/register", None, Some(json!({"email": "not-an-email", "password": GOOD, "name": "W"})))
        .await;
    assert_eq!((status, err["error"]["fields"][0]["field"].as_str()), (400, Some("email")), "{b}: {err}");
    let (status, _) =
        s.call("POST", "/api/v1/auth/login", None, Some(json!({"email": "weak@example.org", "password": "password123"}))).await;
    assert_eq!(status, 401, "{b}: nothing was stored");
}

async fn logins_are_throttled_without_revealing_accounts(s: &Server, admin: &str) {
    let b = s.backend;
    let wrong = |email: &str| json!({"email": email, "password": "not the password at all"});
    let unknown = s.call("POST", "/api/v1/auth/login", None, Some(wrong("nobody.here@example.org"))).await;
    let known = s.call("POST", "/api/v1/auth/login", None, Some(wrong("advisor@example.org"))).await;
    assert_eq!(unknown, known, "{b}: unknown email and wrong password must look the same");
    assert_eq!(known.0, 401, "{b}");
    for _ in 0..4 {
        s.call("POST", "/api/v1/auth/login", None, Some(wrong("advisor@example.org"))).await;
    }
    // Five failures: even the right password waits now.
    let res = s
        .http
        .post(format!("{}/api/v1/auth/login", s.base))
        .json(&json!({"email": "advisor@example.org", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 429, "{b}");
    let wait: i64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&wait), "{b}: Retry-After {wait}");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_attempts", "{b}");
    // Other accounts are not held up by one account's failures.
    s.login("applicant@example.org", DEMO_PASSWORD).await;
    let (_, audit) = s.call("GET", "/api/v1/admin/audit?limit=500", Some(admin), None).await;
    let failed = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["action"] == "login_failed" && l["subject"] == "email:advisor@example.org")
        .count();
    assert!(failed >= 5, "{b}: failed logins are audited ({failed})");
}

async fn sessions_end_at_logout_password_change_and_disable(s: &Server, admin: &str) {
    let b = s.backend;
    let body = json!({"email": "sam@example.org", "password": GOOD, "name": "Sam Okafor"});
    assert_eq!(s.call("POST", "/api/v1/auth/register", None, Some(body)).await.0, 202);
    let (phone, laptop) = (s.login("sam@example.org", GOOD).await, s.login("sam@example.org", GOOD).await);
    assert_eq!(s.call("POST", "/api/v1/auth/logout", Some(&phone), None).await.0, 204, "{b}");
    assert_eq!(s.call("GET", "/api/v1/me", Some(&phone), None).await.0, 401, "{b}: logged-out token still works");
    assert_eq!(s.call("GET", "/api/v1/me", Some(&laptop), None).await.0, 200, "{b}");

    // Changing the password ends the other sessions, not this one.
    let other = s.login("sam@example.org", GOOD).await;
    let change = json!({"current_password": GOOD, "new_password": "quartz meadow violin seven"});
    let (status, err) = s
        .call(
            "POST",
            "/api/v1/me/password",
            Some(&laptop),
            Some(json!({"current_password": "wrong one here", "new_password": "quartz meadow violin seven"})),
        )
        .await;
    assert_eq!((status, err["error"]["code"].as_str()), (400, Some("wrong_password")), "{b}");
    assert_eq!(s.call("POST", "/api/v1/me/password", Some(&laptop), Some(change)).await.0, 204, "{b}");
    assert_eq!(s.call("GET", "/api/v1/me", Some(&other), None).await.0, 401, "{b}: other session survived a password change");
    assert_eq!(s.call("GET", "/api/v1/me", Some(&laptop), None).await.0, 200, "{b}");
    assert_eq!(
        s.call("POST", "/api/v1/auth/login", None, Some(json!({"email": "sam@example.org", "password": GOOD}))).await.0,
        401,
        "{b}"
    );

    // A reset link: works once, ends every session.
    assert_eq!(s.call("POST", "/api/v1/auth/password-reset", None, Some(json!({"email": "sam@example.org"}))).await.0, 202);
    let token = s.mailed_token(admin, "sam@example.org", "/reset?token=").await;
    let set = json!({"token": token, "password": "harbor pencil glacier four"});
    assert_eq!(s.call("POST", "/api/v1/auth/password-reset/confirm", None, Some(set.clone())).await.0, 204, "{b}");
    assert_eq!(s.call("POST", "/api/v1/auth/password-reset/confirm", None, Some(set)).await.0, 400, "{b}: reset link reused");
    assert_eq!(s.call("GET", "/api/v1/me", Some(&laptop), None).await.0, 401, "{b}: session survived a reset");
    let fresh = s.login("sam@example.org", "harbor pencil glacier four").await;

    // Disabling ends sessions and refuses logins; enabling lets them back.
    let id = s.call("GET", "/api/v1/me", Some(&fresh), None).await.1["id"].as_i64().unwrap();
    assert_eq!(s.call("POST", &format!("/api/v1/users/{id}/disable"), Some(admin), None).await.0, 200, "{b}");
    assert_eq!(s.call("GET", "/api/v1/me", Some(&fresh), None).await.0, 401, "{b}: disabled account's session works");
    let (status, err) = s
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "sam@example.org", "password": "harbor pencil glacier four"})),
        )
        .await;
    assert_eq!((status, err["error"]["code"].as_str()), (403, Some("account_disabled")), "{b}");
    assert_eq!(s.call("POST", &format!("/api/v1/users/{id}/enable"), Some(admin), None).await.0, 200, "{b}");
    let again = s.login("sam@example.org", "harbor pencil glacier four").await;

    // A role change ends sessions too, so new rights apply at once.
    let (status, user) = s.call("PUT", &format!("/api/v1/users/{id}/role"), Some(admin), Some(json!({"role": "advisor"}))).await;
    assert_eq!((status, user["role"].as_str()), (200, Some("advisor")), "{b}: {user}");
    assert_eq!(s.call("GET", "/api/v1/me", Some(&again), None).await.0, 401, "{b}");
    let (status, err) =
        s.call("PUT", &format!("/api/v1/users/{id}/role"), Some(admin), Some(json!({"role": "coordinator"}))).await;
    assert_eq!((status, err["error"]["fields"][0]["field"].as_str()), (400, Some("site_id")), "{b}: {err}");
    let (_, audit) = s.call("GET", "/api/v1/admin/audit?limit=500", Some(admin), None).await;
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|l| l["action"].as_str().unwrap()).collect();
    for a in [
        "role_changed",
        "user_disabled",
        "user_enabled",
        "password_changed",
        "password_reset",
        "logout",
        "login_succeeded",
        "signed_up",
    ] {
        assert!(actions.contains(&a), "{b}: {a} not audited");
    }
}

async fn hosts_publish_only_when_verified(s: &Server, admin: &str) {
    let b = s.backend;
    let (_, site) = s.call("GET", "/api/v1/sites/1", Some(admin), None).await;
    let experience = site["experiences"][0]["id"].as_i64().unwrap();
    let body = json!({"email": "new.coordinator@example.org", "password": GOOD, "name": "Noor Haddad", "role": "coordinator", "site_id": 1});
    assert_eq!(s.call("POST", "/api/v1/auth/register", None, Some(body)).await.0, 202, "{b}");
    let token = s.login("new.coordinator@example.org", GOOD).await;
    let (status, err) = s.call("POST", &format!("/api/v1/experiences/{experience}/unpublish"), Some(&token), None).await;
    assert_eq!((status, err["error"]["code"].as_str()), (403, Some("host_not_verified")), "{b}: {err}");
    // Anyone may claim to be a site's coordinator: until verified, they see none of its people or applicants.
    for path in ["/api/v1/sites/1", "/api/v1/applications", "/api/v1/users"] {
        let (status, err) = s.call("GET", path, Some(&token), None).await;
        assert_eq!((status, err["error"]["code"].as_str()), (403, Some("host_not_verified")), "{b}: {path}: {err}");
    }
    let id = s.call("GET", "/api/v1/me", Some(&token), None).await.1["id"].as_i64().unwrap();
    assert_eq!(s.call("POST", &format!("/api/v1/users/{id}/verify"), Some(admin), None).await.0, 200, "{b}");
    let (status, e) = s.call("POST", &format!("/api/v1/experiences/{experience}/unpublish"), Some(&token), None).await;
    assert_eq!((status, e["published"].as_bool()), (200, Some(false)), "{b}: {e}");

    // Withdrawn: gone for the public (search within the refresh second, detail at once), still there for its site.
    assert_eq!(s.call("GET", &format!("/api/v1/experiences/{experience}"), None, None).await.0, 404, "{b}");
    assert_eq!(s.call("GET", &format!("/api/v1/experiences/{experience}"), Some(&token), None).await.0, 200, "{b}");
    let mut gone = false;
    for _ in 0..50 {
        let (_, page) = s.call("GET", "/api/v1/experiences?per_page=100&sort=soonest", None, None).await;
        let total_before = page["total"].as_i64().unwrap();
        if total_before == 719 {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(gone, "{b}: a withdrawn experience stayed in search");
    assert_eq!(s.call("POST", &format!("/api/v1/experiences/{experience}/publish"), Some(&token), None).await.0, 200, "{b}");
    // Another site's coordinator cannot touch it.
    let (_, other) = s.host(admin, "far.away@example.org", "coordinator", 2).await;
    assert_eq!(s.call("POST", &format!("/api/v1/experiences/{experience}/unpublish"), Some(&other), None).await.0, 403, "{b}");
    assert_eq!(s.call("GET", "/api/v1/sites/1", Some(&other), None).await.0, 404, "{b}");
}

async fn accounts_work_as_users_expect(s: Server) {
    {
        let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
        sign_up_reveals_nobody_and_links_work_once(&s, &admin).await;
        logins_are_throttled_without_revealing_accounts(&s, &admin).await;
        sessions_end_at_logout_password_change_and_disable(&s, &admin).await;
        hosts_publish_only_when_verified(&s, &admin).await;
        s.stop().await;
    }
}

on_both_servers!(accounts_work_as_users_expect);
