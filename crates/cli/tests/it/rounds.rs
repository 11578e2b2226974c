//! Placement rounds through the API, on every backend: a coordinator opens
//! a round, applicants rank the blocks they may join, the site ranks its
//! applicants, the server runs the round at its deadline, and each applicant
//! reads where they were placed and why not higher, with an offer to accept.
//! Bad requests are refused with a code and nothing changed.

use std::time::Duration;

use chrono::{Days, Utc};
use serde_json::{Value, json};

use crate::applications::{eligible_profile, open_blocks};
use crate::support::{DEMO_PASSWORD, Server};

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or_default()
}

/// A new applicant with a confirmed email: (id, token).
pub async fn verified_applicant(s: &Server, admin: &str, email: &str) -> (i64, String) {
    let body = json!({"email": email, "password": DEMO_PASSWORD, "name": format!("Entrant {email}")});
    assert_eq!(s.call("POST", "/api/v1/auth/register", None, Some(body)).await.0, 202);
    let link = s.mailed_token(admin, email, "/verify?token=").await;
    assert_eq!(s.call("POST", "/api/v1/auth/verify-email", None, Some(json!({"token": link}))).await.0, 204);
    let token = s.login(email, DEMO_PASSWORD).await;
    let (_, me) = s.call("GET", "/api/v1/me", Some(&token), None).await;
    (me["id"].as_i64().expect("an id"), token)
}

/// An experience of `site` with three blocks with seats that start at least 30 days from now and
/// are in no open round, and those blocks.
pub async fn round_blocks(s: &Server, admin: &str, site: i64) -> (i64, Vec<i64>) {
    let (_, view) = s.call("GET", &format!("/api/v1/sites/{site}"), Some(admin), None).await;
    let (_, open_rounds) = s.call("GET", "/api/v1/rounds", Some(admin), None).await;
    let taken: Vec<i64> = open_rounds
        .as_array()
        .expect("rounds")
        .iter()
        .flat_map(|r| r["blocks"].as_array().into_iter().flatten().filter_map(|b| b["block_id"].as_i64()))
        .collect();
    let later = Utc::now().date_naive().checked_add_days(Days::new(30)).unwrap().to_string();
    for e in view["experiences"].as_array().expect("experiences").iter().filter(|e| e["published"] == true) {
        let id = e["id"].as_i64().unwrap();
        let (_, full) = s.call("GET", &format!("/api/v1/experiences/{id}"), None, None).await;
        let open = open_blocks(s, id).await;
        let late: Vec<i64> = full["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| (b["id"].as_i64().unwrap(), b["start_date"].as_str().unwrap_or_default()))
            .filter(|(b, start)| open.contains(b) && !taken.contains(b) && *start > later.as_str())
            .map(|(b, _)| b)
            .collect();
        if late.len() >= 3 {
            return (id, late[..3].to_vec());
        }
    }
    panic!("{}: no experience of site {site} with three later blocks", s.backend);
}

/// A time `seconds_from_now`, as the API takes it.
pub fn rfc3339(seconds_from_now: i64) -> String {
    (Utc::now() + chrono::Duration::seconds(seconds_from_now)).to_rfc3339()
}

/// Waits until the server has run the round.
pub async fn await_run(s: &Server, token: &str, round: i64) -> Value {
    for _ in 0..120 {
        let (status, r) = s.call("GET", &format!("/api/v1/rounds/{round}"), Some(token), None).await;
        assert_eq!(status, 200, "{}: {r}", s.backend);
        if r["status"] != "open" {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("{}: round {round} did not run within 30 seconds of its deadline", s.backend);
}

async fn story(s: &Server) {
    let b = s.backend;
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    let (experience, blocks) = round_blocks(s, &admin, 1).await;
    let (b1, b2, b3) = (blocks[0], blocks[1], blocks[2]);
    let blocks = [b1, b2];
    let mut people = Vec::new();
    for n in 1..=3 {
        let (id, token) = verified_applicant(s, &admin, &format!("entrant{n}@example.org")).await;
        eligible_profile(s, &token, experience).await;
        people.push((id, token));
    }
    let (stranger_id, stranger) = verified_applicant(s, &admin, "no-profile@example.org").await;
    let other_site = s.host(&admin, "elsewhere@example.org", "coordinator", 2).await.1;

    let listed = |v: Value| v.as_array().map_or(0, Vec::len);
    let before = listed(s.call("GET", "/api/v1/rounds", Some(&coordinator), None).await.1);
    // Opening: every problem is named, another site's blocks are not the caller's, applicants may not.
    let bad = json!({"name": "Spring", "deadline": "next friday", "block_ids": [b1]});
    let (status, err) = s.call("POST", "/api/v1/rounds", Some(&coordinator), Some(bad)).await;
    assert_eq!((status, code(&err)), (400, "invalid_input"), "{b}: {err}");
    let bad = json!({"name": "", "deadline": rfc3339(-60), "block_ids": [b1, b1, 999_999]});
    let (status, err) = s.call("POST", "/api/v1/rounds", Some(&coordinator), Some(bad)).await;
    assert_eq!((status, code(&err)), (400, "invalid_round"), "{b}: {err}");
    let fields: Vec<&str> = err["error"]["fields"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
    assert!(fields.contains(&"name") && fields.contains(&"deadline") && fields.contains(&"block_ids"), "{b}: {err}");
    let body = json!({"name": "Spring", "deadline": rfc3339(3600), "block_ids": [b1]});
    assert_eq!(s.call("POST", "/api/v1/rounds", Some(&other_site), Some(body.clone())).await.0, 404, "{b}");
    assert_eq!(s.call("POST", "/api/v1/rounds", Some(&people[0].1), Some(body)).await.0, 403, "{b}");
    assert_eq!(
        listed(s.call("GET", "/api/v1/rounds", Some(&coordinator), None).await.1),
        before,
        "{b}: a refusal stored a round"
    );

    let body = json!({"name": "Spring placement", "deadline": rfc3339(8), "block_ids": [b1, b2]});
    let (status, round) = s.call("POST", "/api/v1/rounds", Some(&coordinator), Some(body)).await;
    assert_eq!(status, 201, "{b}: {round}");
    let id = round["id"].as_i64().unwrap();
    assert_eq!((round["status"].as_str(), round["seed"].as_null()), (Some("open"), Some(())), "{b}: {round}");
    let capacity: Vec<i64> = round["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["seats_left"].as_i64().unwrap() - x["offers_out"].as_i64().unwrap())
        .collect();
    // The same block cannot be in two open rounds, and takes no direct applications meanwhile.
    let again = json!({"name": "Again", "deadline": rfc3339(3600), "block_ids": [b2]});
    let (status, err) = s.call("POST", "/api/v1/rounds", Some(&coordinator), Some(again)).await;
    assert_eq!((status, code(&err)), (409, "block_in_round"), "{b}: {err}");
    let (status, err) = s.call("POST", "/api/v1/applications", Some(&people[0].1), Some(json!({"block_id": b1}))).await;
    assert_eq!((status, code(&err)), (409, "in_round"), "{b}: {err}");

    // Applicants rank. Each sees which blocks they may rank; a refusal says why and changes nothing.
    let path = format!("/api/v1/rounds/{id}/me");
    let (status, mine) = s.call("GET", &path, Some(&people[0].1), None).await;
    assert_eq!(status, 200, "{b}: {mine}");
    assert!(mine["choices"].as_array().unwrap().iter().all(|c| c["can_rank"] == true), "{b}: {mine}");
    let (status, err) = s.call("PUT", &path, Some(&stranger), Some(json!({"block_ids": [b1]}))).await;
    assert_eq!((status, code(&err)), (400, "profile_incomplete"), "{b}: {err}");
    // Every block that cannot be ranked is named, not only the first.
    let (status, err) = s.call("PUT", &path, Some(&stranger), Some(json!({"block_ids": [b2, b1]}))).await;
    let message = err["error"]["message"].as_str().unwrap_or_default();
    assert_eq!(status, 400, "{b}: {err}");
    assert!(message.starts_with("2 of the blocks you ranked cannot be ranked: "), "{b}: {message}");
    assert_eq!(message.matches("): ").count(), 2, "{b}: each block with its reason: {message}");
    for (list, want) in [(json!([b1, b1]), "invalid_ranks"), (json!([999_999]), "invalid_ranks")] {
        let (status, err) = s.call("PUT", &path, Some(&people[0].1), Some(json!({"block_ids": list}))).await;
        assert_eq!((status, code(&err)), (400, want), "{b}: {err}");
    }
    assert_eq!(s.call("PUT", &path, Some(&coordinator), Some(json!({"block_ids": [b1]}))).await.0, 403, "{b}");
    let lists = [vec![b1, b2], vec![b1, b2], vec![b1]];
    for ((_, token), list) in people.iter().zip(&lists) {
        let (status, mine) = s.call("PUT", &path, Some(token), Some(json!({"block_ids": list}))).await;
        assert_eq!(status, 200, "{b}: {mine}");
        assert_eq!(mine["ranks"], json!(list), "{b}");
    }

    // The site ranks its applicants: the third first, then the second, then the first.
    let entries = format!("/api/v1/rounds/{id}/entries");
    let (status, view) = s.call("GET", &entries, Some(&coordinator), None).await;
    assert_eq!(status, 200, "{b}: {view}");
    assert_eq!(view["entrants"].as_array().unwrap().len(), 3, "{b}: {view}");
    assert_eq!(view["lists"][0]["order"], "lottery", "{b}: unranked until the site ranks");
    assert_eq!(s.call("GET", &entries, Some(&other_site), None).await.0, 404, "{b}");
    assert_eq!(s.call("GET", &entries, Some(&people[0].1), None).await.0, 404, "{b}");
    let ranks = format!("/api/v1/rounds/{id}/ranks");
    let order = [people[2].0, people[1].0, people[0].0];
    let wrong = json!({"experience_id": experience, "applicant_ids": [order[0], stranger_id]});
    let (status, err) = s.call("PUT", &ranks, Some(&coordinator), Some(wrong)).await;
    assert_eq!((status, code(&err)), (400, "invalid_ranks"), "{b}: {err}");
    // The applicant who could not rank completes the profile and ranks b1; the site will leave them off.
    eligible_profile(s, &stranger, experience).await;
    assert_eq!(s.call("PUT", &path, Some(&stranger), Some(json!({"block_ids": [b1]}))).await.0, 200, "{b}");
    let (status, err) =
        s.call("PUT", &ranks, Some(&coordinator), Some(json!({"experience_id": 999_999, "applicant_ids": []}))).await;
    assert_eq!((status, code(&err)), (400, "invalid_input"), "{b}: {err}");
    let (status, view) =
        s.call("PUT", &ranks, Some(&coordinator), Some(json!({"experience_id": experience, "applicant_ids": order}))).await;
    assert_eq!(status, 200, "{b}: {view}");
    assert_eq!((view["lists"][0]["order"].as_str(), &view["lists"][0]["applicant_ids"]), (Some("site"), &json!(order)), "{b}");

    // At the deadline ranking closes and the server runs the round.
    let ran = await_run(s, &coordinator, id).await;
    let (status, err) = s.call("PUT", &path, Some(&people[0].1), Some(json!({"block_ids": [b2]}))).await;
    assert_eq!((status, code(&err)), (409, "round_closed"), "{b}: {err}");
    assert_eq!((ran["status"].as_str(), ran["stable"].as_bool()), (Some("matched"), Some(true)), "{b}: {ran}");
    assert!(ran["seed"].is_string(), "{b}: the lottery's seed is shown once the round ran");

    // With one site order for both blocks, the stable placement is each applicant, in the site's
    // order, taking the best block of their list that still has a seat.
    let mut left = capacity.clone();
    let mut expected = std::collections::HashMap::new();
    for who in order {
        let n = people.iter().position(|(p, _)| *p == who).unwrap();
        let got = lists[n].iter().find(|blk| left[blocks.iter().position(|x| x == *blk).unwrap()] > 0).copied();
        if let Some(blk) = got {
            left[blocks.iter().position(|x| *x == blk).unwrap()] -= 1;
        }
        expected.insert(who, got);
    }
    let mut placed = 0;
    for (n, (who, token)) in people.iter().enumerate() {
        let (status, mine) = s.call("GET", &path, Some(token), None).await;
        assert_eq!(status, 200, "{b}: {mine}");
        let result = &mine["result"];
        assert_eq!(result["block_id"].as_i64(), expected[who], "{b}: entrant {n}: {mine}");
        let ranked_higher: Vec<i64> = match expected[who] {
            Some(blk) => lists[n].iter().take_while(|x| **x != blk).copied().collect(),
            None => lists[n].clone(),
        };
        let higher = result["higher"].as_array().unwrap();
        assert_eq!(higher.len(), ranked_higher.len(), "{b}: every block ranked higher is explained: {mine}");
        for h in higher {
            assert_eq!(h["why"]["reason"], "full", "{b}: {h}");
            assert_eq!(h["why"]["order"], "site", "{b}: {h}");
            // Its place among those who ranked that block, in the site's order.
            let blk = h["block_id"].as_i64().unwrap();
            let chose = |w: &i64| lists[people.iter().position(|(p, _)| p == w).unwrap()].contains(&blk);
            let place = order.iter().filter(|w| chose(w)).position(|x| x == who).unwrap() as i64 + 1;
            assert_eq!(h["why"]["place"].as_i64(), Some(place), "{b}: {h}");
            assert!(h["sentence"].as_str().unwrap().contains("the site ranked you"), "{b}: {h}");
        }
        if expected[who].is_some() {
            placed += 1;
            let app = result["application_id"].as_i64().expect("an offer");
            let (status, a) = s.call("GET", &format!("/api/v1/applications/{app}"), Some(token), None).await;
            assert_eq!((status, a["application"]["status"].as_str()), (200, Some("offered")), "{b}: {a}");
            assert!(a["timeline"][0]["note"].as_str().unwrap().contains("Spring placement"), "{b}: {a}");
            let (status, a) = s.call("POST", &format!("/api/v1/applications/{app}/accept"), Some(token), None).await;
            assert_eq!((status, a["application"]["status"].as_str()), (200, Some("accepted")), "{b}: {a}");
        } else {
            let seats = mine["open_seats"].as_array().unwrap();
            assert!(seats.iter().all(|x| x["seats_left"].as_i64() > Some(0)), "{b}: only experiences with seats: {mine}");
        }
    }
    assert_eq!(ran["placed"].as_i64(), Some(placed), "{b}");
    // The one the site left off: not placed, told why, and shown experiences that still have seats.
    let (_, left_off) = s.call("GET", &path, Some(&stranger), None).await;
    assert_eq!(left_off["result"]["block_id"], Value::Null, "{b}: {left_off}");
    assert_eq!(left_off["result"]["higher"][0]["why"]["reason"], "not_ranked", "{b}: {left_off}");
    let seats = left_off["open_seats"].as_array().unwrap();
    assert!(!seats.is_empty() && seats.iter().all(|x| x["seats_left"].as_i64() > Some(0)), "{b}: {left_off}");

    // Everyone was told; the run is in the audit log; a placed round cannot be cancelled.
    let (_, outbox) = s.call("GET", "/api/v1/admin/outbox", Some(&admin), None).await;
    for n in 1..=3 {
        let to = format!("entrant{n}@example.org");
        assert!(
            outbox
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["to"] == to.as_str() && m["subject"].as_str().unwrap().starts_with("Spring placement")),
            "{b}: no result email to {to}"
        );
    }
    let (_, audit) = s.call("GET", "/api/v1/admin/audit", Some(&admin), None).await;
    let audit = audit.to_string();
    assert!(audit.contains("round_opened") && audit.contains("round_ran"), "{b}");
    let (status, err) = s.call("POST", &format!("/api/v1/rounds/{id}/cancel"), Some(&coordinator), None).await;
    assert_eq!((status, code(&err)), (409, "round_closed"), "{b}: {err}");

    // Cancelling an open round frees its blocks for direct applications again.
    let body = json!({"name": "Later", "deadline": rfc3339(3600), "block_ids": [b3]});
    let (status, later) = s.call("POST", "/api/v1/rounds", Some(&coordinator), Some(body)).await;
    assert_eq!(status, 201, "{b}: {later}");
    let cancel = format!("/api/v1/rounds/{}/cancel", later["id"]);
    assert_eq!(s.call("POST", &cancel, Some(&other_site), None).await.0, 404, "{b}");
    let (status, cancelled) = s.call("POST", &cancel, Some(&coordinator), None).await;
    assert_eq!((status, cancelled["status"].as_str()), (200, Some("cancelled")), "{b}: {cancelled}");
    let (status, err) = s.call("POST", "/api/v1/applications", Some(&stranger), Some(json!({"block_id": b3}))).await;
    assert_ne!(code(&err), "in_round", "{b}: {status} {err}");
}

async fn a_round_places_by_stable_matching_at_its_deadline(s: Server) {
    {
        story(&s).await;
        s.stop().await;
    }
}

on_both_servers!(a_round_places_by_stable_matching_at_its_deadline);
