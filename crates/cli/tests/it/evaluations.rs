//! Evaluations through the real binary, on a rotation under way in the
//! lived-in demo: the preceptor saves an evaluation as a draft the trainee cannot
//! read, is refused a level that does not exist and an incomplete
//! submission, submits, and cannot submit a second; the trainee reads it and
//! is emailed; coordinators read but do not write; nobody else reads. And the
//! page's form keeps what was typed when refused.

use serde_json::{Value, json};

use crate::pages::form_token;
use crate::support::{DEMO_PASSWORD, Server};

fn fields(err: &Value) -> Vec<String> {
    err["error"]["fields"]
        .as_array()
        .map(|f| f.iter().map(|f| f["field"].as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn full(narrative: &str, submit: bool) -> Value {
    json!({"patient_care": 4, "medical_knowledge": 4, "practice_based_learning": "not_observed", "communication": 5,
           "professionalism": 5, "systems_based_practice": 3, "strengths": "Thorough histories.",
           "improve": "Rank the differential.", "narrative": narrative, "submit": submit})
}

async fn a_rotations_evaluations(s: Server) {
    let b = s.backend;
    let store = s.store().await;
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    let preceptor = s.login("preceptor@example.org", DEMO_PASSWORD).await;
    let (_, queue) = s.call("GET", "/api/v1/applications", Some(&coordinator), None).await;
    // The demo's rotation at site 1 whose block is over and whose final evaluation has not come.
    let today = chrono::Utc::now().date_naive().to_string();
    let a = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["status"] == "in_progress" && a["end_date"].as_str().is_some_and(|d| d < today.as_str()))
        .unwrap_or_else(|| panic!("{b}: no rotation awaiting its final at site 1: {queue}"))
        .clone();
    let (k, kind) = (1, "final");
    let id = a["id"].as_i64().unwrap();
    let email = store.user(a["applicant_id"].as_i64().unwrap()).await.unwrap().unwrap().email;
    let trainee = s.login(&email, DEMO_PASSWORD).await;
    let path = format!("/api/v1/applications/{id}/evaluations");
    let final_ = format!("{path}/{kind}");

    let (status, view) = s.call("GET", &path, Some(&preceptor), None).await;
    assert_eq!(status, 200, "{b}: {view}");
    assert_eq!(view["items"][k]["kind"], kind, "{b}");
    let state = view["items"][k]["state"].as_str().unwrap().to_string();
    assert!(state == "not_started" || state == "draft", "{b}: {view}");

    // Refused, by field, with nothing kept: a level that does not exist, an incomplete submission.
    let mut six = full("Ready.", false);
    six["patient_care"] = json!(6);
    let (status, err) = s.call("PUT", &final_, Some(&preceptor), Some(six)).await;
    assert_eq!((status, fields(&err)), (400, vec!["patient_care".to_string()]), "{b}: {err}");
    let mut partial = full("", true);
    partial["communication"] = Value::Null;
    let (status, err) = s.call("PUT", &final_, Some(&preceptor), Some(partial)).await;
    assert_eq!((status, fields(&err)), (400, vec!["communication".to_string()]), "{b}: {err}");
    let (_, view) = s.call("GET", &path, Some(&preceptor), None).await;
    assert_eq!(view["items"][k]["state"], state.as_str(), "{b}: refused saves changed it");
    assert_eq!(s.call("PUT", &format!("{path}/annual"), Some(&preceptor), Some(full("x", false))).await.0, 404, "{b}");

    // A draft: the site reads it, the trainee does not.
    let (status, draft) = s.call("PUT", &final_, Some(&preceptor), Some(full("Nearly there.", false))).await;
    assert_eq!((status, draft["items"][k]["state"].as_str()), (200, Some("draft")), "{b}: {draft}");
    let (_, seen) = s.call("GET", &path, Some(&trainee), None).await;
    assert_eq!(
        (seen["items"][k]["state"].as_str(), seen["items"][k]["evaluation"].is_null()),
        (Some("not_submitted"), true),
        "{b}: {seen}"
    );
    let (_, seen) = s.call("GET", &path, Some(&coordinator), None).await;
    assert_eq!(seen["items"][k]["evaluation"]["text"]["narrative"], "Nearly there.", "{b}");

    // Who writes and who reads.
    assert_eq!(s.call("PUT", &final_, Some(&coordinator), Some(full("x", true))).await.0, 403, "{b}");
    assert_eq!(s.call("PUT", &final_, Some(&trainee), Some(full("x", true))).await.0, 403, "{b}");
    let amara = s.login("applicant@example.org", DEMO_PASSWORD).await;
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    assert_eq!(s.call("GET", &path, Some(&amara), None).await.0, 404, "{b}");
    assert_eq!(s.call("GET", &path, Some(&admin), None).await.0, 404, "{b}: admins do not read evaluations");

    // Submitted: locked, emailed, read by the trainee.
    let mails = store.outbox(5000).await.unwrap().iter().filter(|m| m.to == email).count();
    let (status, done) = s.call("PUT", &final_, Some(&preceptor), Some(full("Ready for residency.", true))).await;
    assert_eq!((status, done["items"][k]["state"].as_str()), (200, Some("submitted")), "{b}: {done}");
    let (status, err) = s.call("PUT", &final_, Some(&preceptor), Some(full("Changed my mind.", true))).await;
    assert_eq!((status, err["error"]["code"].as_str()), (409, Some("already_submitted")), "{b}: a second submission: {err}");
    let (_, seen) = s.call("GET", &path, Some(&trainee), None).await;
    let e = &seen["items"][k]["evaluation"];
    assert_eq!(
        (e["text"]["narrative"].as_str(), e["text"]["levels"].clone()),
        (Some("Ready for residency."), json!([4, 4, 0, 5, 5, 3])),
        "{b}"
    );
    // Its block is over: the final completes the rotation, and the trainee is told both.
    let (_, now) = s.call("GET", &format!("/api/v1/applications/{id}"), Some(&trainee), None).await;
    assert_eq!(now["application"]["status"], "completed", "{b}: {now}");
    let to_trainee: Vec<_> = store.outbox(5000).await.unwrap().into_iter().filter(|m| m.to == email).collect();
    assert_eq!(to_trainee.len(), mails + 2, "{b}");
    assert!(to_trainee.iter().any(|m| m.subject.starts_with("Final evaluation submitted")), "{b}");
    assert!(to_trainee.iter().any(|m| m.subject.ends_with(": Completed") && m.body.contains("certificate")), "{b}");

    // The page: a refused form keeps what was typed, the field named by its label.
    let other = queue.as_array().unwrap().iter().find(|x| x["status"] == "in_progress" && x["id"] != id).cloned();
    {
        let other = other.unwrap_or_else(|| panic!("{b}: a second rotation under way at site 1"));
        let web = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let url = |p: &str| format!("{}{p}", s.base);
        let login = web.get(url("/login")).send().await.unwrap().text().await.unwrap();
        let form = [("csrf", form_token(&login)), ("email", "preceptor@example.org".into()), ("password", DEMO_PASSWORD.into())];
        assert!(web.post(url("/login")).form(&form).send().await.unwrap().status().is_success(), "{b}");
        let oid = other["id"].as_i64().unwrap();
        let page = web.get(url(&format!("/applications/{oid}/evaluations"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Midpoint evaluation") && page.contains("Final evaluation"), "{b}");
        let typed = [
            ("csrf", form_token(&page)),
            ("patient_care", "4".to_string()),
            ("narrative", "Kept when refused".into()),
            ("action", "submit".into()),
        ];
        let res = web.post(url(&format!("/applications/{oid}/evaluations/final"))).form(&typed).send().await.unwrap();
        // Either the final is not open yet (409) or the submission is incomplete (400); both say why.
        let status = res.status().as_u16();
        let html = res.text().await.unwrap();
        match status {
            400 => {
                assert!(html.contains("Medical knowledge: rate it from 1 to 5, or mark it not observed"), "{b}: {html}");
                assert!(html.contains("Kept when refused"), "{b}: what was typed is kept");
            }
            409 => assert!(html.contains("the final evaluation opens on"), "{b}: {html}"),
            other => panic!("{b}: {other}: {html}"),
        }
        // A second submission of the locked final through the page: refused, and the page shows
        // what was submitted, not what was typed.
        let page = web.get(url(&format!("/applications/{id}/evaluations"))).send().await.unwrap().text().await.unwrap();
        let again =
            [("csrf", form_token(&page)), ("narrative", "Typed after it was locked".to_string()), ("action", "submit".into())];
        let res = web.post(url(&format!("/applications/{id}/evaluations/final"))).form(&again).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 409, "{b}");
        let html = res.text().await.unwrap();
        assert!(html.contains("already submitted and is locked") && html.contains("Ready for residency."), "{b}: {html}");
        assert!(!html.contains("Typed after it was locked"), "{b}: the refused text is not shown as the evaluation");
    }
    s.stop().await;
}

mod evaluations_of_a_rotation {
    use matchready_store::testing::TestDb;

    use crate::support::Server;

    #[tokio::test]
    async fn sqlite() {
        let today = chrono::Utc::now().date_naive();
        super::a_rotations_evaluations(Server::lived_in(TestDb::sqlite(), today).await).await;
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL at MATCHREADY_TEST_POSTGRES; .ci/run runs it"]
    async fn postgres() {
        let today = chrono::Utc::now().date_naive();
        super::a_rotations_evaluations(Server::lived_in(TestDb::postgres().await, today).await).await;
    }
}
