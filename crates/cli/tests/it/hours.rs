//! A rotation's hours through the real binary, on a rotation under way in
//! the lived-in demo: the trainee logs days and is refused, by field, a day
//! outside the block or to come, an overlap and an identifier in the note,
//! with nothing stored; the site's preceptor signs and returns; a returned
//! day is corrected; a signed one stays signed until its correction is; only
//! the trainee and the site read them. And the same through the pages.

use serde_json::{Value, json};

use crate::pages::form_token;
use crate::support::{DEMO_PASSWORD, Server};

fn field(err: &Value) -> &str {
    err["error"]["fields"][0]["field"].as_str().unwrap_or_default()
}

async fn a_rotations_hours(s: Server, today: chrono::NaiveDate) {
    let b = s.backend;
    let store = s.store().await;
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    let preceptor = s.login("preceptor@example.org", DEMO_PASSWORD).await;
    let (_, queue) = s.call("GET", "/api/v1/applications", Some(&coordinator), None).await;
    let a = queue.as_array().unwrap().iter().find(|a| crate::support::under_way(a)).expect("a rotation under way").clone();
    let id = a["id"].as_i64().unwrap();
    let first: chrono::NaiveDate = a["start_date"].as_str().unwrap().parse().unwrap();
    let last: chrono::NaiveDate = a["end_date"].as_str().unwrap().parse().unwrap();
    let email = store.user(a["applicant_id"].as_i64().unwrap()).await.unwrap().unwrap().email;
    let trainee = s.login(&email, DEMO_PASSWORD).await;
    let path = format!("/api/v1/applications/{id}/hours");
    let day = |date: chrono::NaiveDate, start: &str, end: &str| {
        json!({"date": date.to_string(), "start": start, "end": end, "setting": "inpatient", "hands_on": true,
               "activity": "Admitted a patient with chest pain and presented on rounds."})
    };

    assert!(first <= today && last >= today, "{b}: the rotation is under way");
    // The demo logged every weekday up to yesterday: today is free.
    let (status, view) = s.call("GET", &path, Some(&trainee), None).await;
    assert_eq!((status, view["can_log"].as_bool(), view["can_sign"].as_bool()), (200, Some(true), Some(false)), "{b}: {view}");
    let before = view["entries"].as_array().unwrap().len();
    let signed_before = view["summary"]["signed_minutes"].as_i64().unwrap();
    let (status, one) = s.call("POST", &path, Some(&trainee), Some(day(today, "00:00", "04:00"))).await;
    assert_eq!((status, one["status"].as_str(), one["minutes"].as_i64()), (201, Some("pending"), Some(240)), "{b}: {one}");
    let (status, two) = s.call("POST", &path, Some(&trainee), Some(day(today, "05:00", "09:30"))).await;
    assert_eq!(status, 201, "{b}: {two}");

    // Refused by field, with nothing stored.
    let outside = first - chrono::Days::new(1);
    for (body, want) in [
        (day(today, "03:00", "06:00"), "start"),
        (day(outside, "08:00", "09:00"), "date"),
        (day(today + chrono::Days::new(1), "08:00", "09:00"), "date"),
        (day(today, "18:00", "17:00"), "end"),
        (json!({"date": today.to_string(), "hours": "30", "setting": "inpatient", "activity": "x"}), "hours"),
        (
            json!({"date": today.to_string(), "hours": "1", "setting": "inpatient", "activity": "Called the patient at 555-867-5309."}),
            "activity",
        ),
    ] {
        let (status, err) = s.call("POST", &path, Some(&trainee), Some(body.clone())).await;
        assert_eq!((status, field(&err)), (400, want), "{b}: {body}: {err}");
    }
    let (_, view) = s.call("GET", &path, Some(&trainee), None).await;
    assert_eq!(view["entries"].as_array().unwrap().len(), before + 2, "{b}: refused days were stored");

    // Who reads and who signs: the trainee and the site, nobody else; the coordinator only reads.
    let amara = s.login("applicant@example.org", DEMO_PASSWORD).await;
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    assert_eq!(s.call("GET", &path, Some(&amara), None).await.0, 404, "{b}");
    assert_eq!(s.call("GET", &path, Some(&admin), None).await.0, 404, "{b}: admins do not read hours");
    let (status, seen) = s.call("GET", &path, Some(&coordinator), None).await;
    assert_eq!((status, seen["can_sign"].as_bool()), (200, Some(false)), "{b}");
    let ids = json!({"ids": [one["id"]]});
    assert_eq!(s.call("POST", &format!("{path}/sign"), Some(&coordinator), Some(ids.clone())).await.0, 403, "{b}");
    assert_eq!(s.call("POST", &format!("{path}/sign"), Some(&trainee), Some(ids.clone())).await.0, 403, "{b}");

    // The preceptor signs one and returns the other; the trainee is emailed the comment.
    let (status, signed) = s.call("POST", &format!("{path}/sign"), Some(&preceptor), Some(ids.clone())).await;
    assert_eq!((status, signed["summary"]["signed_minutes"].as_i64()), (200, Some(signed_before + 240)), "{b}: {signed}");
    let (status, err) = s.call("POST", &format!("{path}/sign"), Some(&preceptor), Some(ids)).await;
    assert_eq!((status, err["error"]["code"].as_str()), (409, Some("not_pending")), "{b}: signed twice");
    let back = format!("{path}/{}/return", two["id"]);
    let phi = json!({"comment": "Same as for Mr. Okafor, MRN 4482913."});
    let (status, err) = s.call("POST", &back, Some(&preceptor), Some(phi)).await;
    assert_eq!((status, field(&err)), (400, "comment"), "{b}: an identifier in the emailed comment: {err}");
    let comment = json!({"comment": "You left at five: fix the end time."});
    let (status, returned) = s.call("POST", &back, Some(&preceptor), Some(comment)).await;
    assert_eq!((status, returned["summary"]["returned_minutes"].as_i64()), (200, Some(270)), "{b}: {returned}");
    let mails = store.outbox(50).await.unwrap();
    let mail = mails.iter().find(|m| m.to == email && m.subject.starts_with("Hours returned")).expect("the trainee is told");
    assert!(mail.body.contains("You left at five: fix the end time."), "{b}: {}", mail.body);

    // The trainee corrects the returned day, on its day: it is replaced at once.
    let fix = format!("{path}/{}/correct", two["id"]);
    let (status, err) = s.call("POST", &fix, Some(&trainee), Some(day(first, "05:00", "09:00"))).await;
    assert!(first == today || (status, field(&err)) == (400, "date"), "{b}: a correction keeps its day: {err}");
    let (status, fixed) = s.call("POST", &fix, Some(&trainee), Some(day(today, "05:00", "09:00"))).await;
    assert_eq!((status, fixed["corrects"].as_i64()), (201, two["id"].as_i64()), "{b}: {fixed}");
    let (status, err) = s.call("POST", &fix, Some(&trainee), Some(day(today, "05:00", "09:00"))).await;
    assert_eq!((status, err["error"]["code"].as_str()), (409, Some("already_replaced")), "{b}: twice");
    // A correction of the signed night: it stays signed until the correction is signed, and a new
    // entry is still judged against it.
    let night = format!("{path}/{}/correct", one["id"]);
    let (status, again) = s.call("POST", &night, Some(&trainee), Some(day(today, "00:00", "03:00"))).await;
    assert_eq!(status, 201, "{b}: {again}");
    let (status, err) = s.call("POST", &path, Some(&trainee), Some(day(today, "03:00", "04:00"))).await;
    assert_eq!((status, field(&err)), (400, "start"), "{b}: the signed hour 03:00-04:00 still counts: {err}");
    let (_, view) = s.call("GET", &path, Some(&trainee), None).await;
    assert_eq!(view["summary"]["signed_minutes"].as_i64(), Some(signed_before + 240), "{b}: {view}");
    assert_eq!(view["summary"]["corrections_pending"], 1, "{b}");
    // Correcting the correction: the new one stands for the signed night, and replaces it once signed.
    let twice = format!("{path}/{}/correct", again["id"]);
    let (status, third) = s.call("POST", &twice, Some(&trainee), Some(day(today, "00:30", "03:30"))).await;
    assert_eq!((status, third["corrects"].as_i64()), (201, one["id"].as_i64()), "{b}: {third}");
    // The preceptor signs the week; the night's first entry is kept, replaced, and counts no more.
    let week = json!({"week_of": today.to_string()});
    let (status, view) = s.call("POST", &format!("{path}/sign"), Some(&preceptor), Some(week)).await;
    assert_eq!(status, 200, "{b}: {view}");
    let entries = view["entries"].as_array().unwrap().clone();
    let of = |id: &Value| entries.iter().find(|e| e["id"] == *id).unwrap()["status"].as_str().unwrap().to_string();
    let states = (of(&one["id"]), of(&again["id"]), of(&third["id"]), of(&fixed["id"]));
    assert_eq!(states, ("replaced".into(), "replaced".into(), "signed".into(), "signed".into()), "{b}");
    let today_signed: i64 = entries
        .iter()
        .filter(|e| e["date"] == today.to_string() && e["status"] == "signed")
        .map(|e| e["minutes"].as_i64().unwrap())
        .sum();
    assert_eq!(today_signed, 180 + 240, "{b}: 3 hours of night and 4 of morning, each once: {view}");
    let monday = today - chrono::Days::new(u64::from(chrono::Datelike::weekday(&today).num_days_from_monday()));
    let waiting =
        entries.iter().filter(|e| e["status"] == "pending" && e["date"].as_str().unwrap() >= monday.to_string().as_str());
    assert_eq!(waiting.count(), 0, "{b}: the week's days, the demo's too, are signed: {view}");
    let bad_week = json!({"week_of": "+262142-12-31"});
    let (status, err) = s.call("POST", &format!("{path}/sign"), Some(&preceptor), Some(bad_week)).await;
    assert_eq!((status, field(&err)), (400, "week_of"), "{b}: {err}");

    // The pages: the trainee logs a day by the form; a refused one keeps what was typed.
    let web = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let url = |p: &str| format!("{}{p}", s.base);
    let login = web.get(url("/login")).send().await.unwrap().text().await.unwrap();
    let form = [("csrf", form_token(&login)), ("email", email.clone()), ("password", DEMO_PASSWORD.into())];
    assert!(web.post(url("/login")).form(&form).send().await.unwrap().status().is_success(), "{b}");
    let page = web.get(url(&format!("/applications/{id}/hours"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Log a day") && page.contains("Week of "), "{b}");
    let next = today.to_string();
    let bad = [
        ("csrf", form_token(&page)),
        ("date", next.clone()),
        ("start", "19:00".into()),
        ("end", "18:00".into()),
        ("setting", "outpatient".into()),
        ("activity", "Clinic: saw follow-ups".into()),
    ];
    let res = web.post(url(&format!("/applications/{id}/hours"))).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), 400, "{b}");
    let html = res.text().await.unwrap();
    assert!(html.contains("End: the end must come after the start"), "{b}: named as the form names it");
    assert!(html.contains("Clinic: saw follow-ups") && html.contains(&format!("value=\"{next}\"")), "{b}: kept");
    let mut good = bad.to_vec();
    good[3] = ("end", "21:00".into());
    let res = web.post(url(&format!("/applications/{id}/hours"))).form(&good).send().await.unwrap();
    let html = res.text().await.unwrap();
    assert!(html.contains("Logged: the day awaits your preceptor"), "{b}");
    assert!(html.contains("Clinic: saw follow-ups"), "{b}: listed");
    s.stop().await;
}

mod hours_of_a_rotation {
    use matchready_store::testing::TestDb;

    use crate::support::Server;

    #[tokio::test]
    async fn sqlite() {
        let today = chrono::Utc::now().date_naive();
        super::a_rotations_hours(Server::lived_in(TestDb::sqlite(), today).await, today).await;
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL at MATCHREADY_TEST_POSTGRES; .ci/run runs it"]
    async fn postgres() {
        let today = chrono::Utc::now().date_naive();
        super::a_rotations_hours(Server::lived_in(TestDb::postgres().await, today).await, today).await;
    }
}
