//! Completion, in process on SQLite and PostgreSQL with a clock the test
//! moves: a rotation past its last day completes only once its final
//! evaluation is in (at once when it comes late), or when the coordinator
//! completes it with a reason; its certificate states the signed hours,
//! verifies by its code, is reissued when the hours change (the old one
//! then stops verifying) and stays revoked when revoked; its signed credential checks against the
//! published key; the trainee who was there reviews it once, and the
//! catalog shows an aggregate only from three reviews on.

mod support;

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Days, NaiveDate};
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use matchready_app::Caller;
use matchready_app::applications::{self, StepBody};
use matchready_app::rotation::evaluations;
use matchready_app::rotation::{certificate, credential, hours, reviews};
use matchready_core::account::Role;
use matchready_core::application::Status;
use matchready_core::rotation::RawDay;
use matchready_core::rotation::review::RawReview;
use matchready_store::testing::TestDb;
use matchready_store::{Store, connect};

fn review(overall: i64) -> RawReview {
    RawReview { teaching: Some(5), supervision: Some(4), as_described: Some(4), overall: Some(overall), comment: String::new() }
}

/// Checks a compact JWS against an Ed25519 JSON Web Key: its payload if the signature holds.
fn checked(jwt: &str, jwk: &serde_json::Value) -> Option<serde_json::Value> {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "a compact JWS");
    let x: [u8; 32] = URL_SAFE_NO_PAD.decode(jwk["x"].as_str().unwrap()).unwrap().try_into().unwrap();
    let key = VerifyingKey::from_bytes(&x).unwrap();
    let sig: [u8; 64] = URL_SAFE_NO_PAD.decode(parts[2]).unwrap().try_into().unwrap();
    key.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &Signature::from_bytes(&sig)).ok()?;
    let header: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    assert_eq!((header["alg"].as_str(), header["jwk"]["x"].as_str()), (Some("EdDSA"), jwk["x"].as_str()));
    // The key's id is its RFC 7638 thumbprint: 32 bytes, base64url.
    assert_eq!((header["kid"].as_str(), jwk["kid"].as_str().map(str::len)), (jwk["kid"].as_str(), Some(43)));
    URL_SAFE_NO_PAD.decode(parts[1]).ok().and_then(|p| serde_json::from_slice(&p).ok())
}

async fn story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    let today: NaiveDate = "2026-11-22".parse().unwrap();
    let (app, clock, c) = support::demo_app(store.clone(), today, "matchready_app_completion").await;

    // An experience with a block of three seats or more ahead.
    let (e, block) = c
        .experiences
        .iter()
        .find_map(|e| e.blocks.iter().find(|bl| bl.start_date > today && bl.seats_left >= 3).map(|bl| (e, bl)))
        .expect("a block with three seats");
    let site = Some(e.site.id);
    let preceptor = support::member(store.as_ref(), "preceptor@example.org", Role::Preceptor, site).await;
    let coordinator = support::member(store.as_ref(), "coordinator@example.org", Role::Coordinator, site).await;
    let mut trainees: Vec<(Caller, String)> = Vec::new();
    for n in 0..4 {
        let me = support::member(store.as_ref(), &format!("t{n}@example.org"), Role::Applicant, None).await;
        let a = store.create_application(me.user.as_ref().unwrap().id, block.id, 0).await.unwrap().unwrap().id;
        if n < 3 {
            for to in [Status::UnderReview, Status::Offered, Status::Accepted, Status::Confirmed, Status::InProgress] {
                support::step(store.as_ref(), a, to, 0).await;
            }
        }
        trainees.push((me, a.to_string()));
    }
    let (first, last) = (block.start_date, block.end_date());
    let (ana, id) = (&trainees[0].0, trainees[0].1.clone());
    let status = |id: &str| {
        let (store, id) = (store.clone(), id.parse::<i64>().unwrap());
        async move { store.application(id).await.unwrap().unwrap().status }
    };

    // A day logged and signed.
    clock.set_day(first + Days::new(1));
    let day = RawDay {
        date: first.to_string(),
        start: "08:00".into(),
        end: "16:00".into(),
        setting: "inpatient".into(),
        hands_on: true,
        activity: "Ward rounds".into(),
        ..RawDay::default()
    };
    let entry = hours::log(&app, ana, &id, &day).await.unwrap();
    hours::sign(&app, &preceptor, &id, hours::Signing { ids: vec![entry.id], week_of: None }).await.unwrap();

    // Under way: no certificate, no review.
    assert_eq!(certificate::certificate(&app, ana, &id).await.unwrap_err().code, "not_completed", "{b}");
    assert_eq!(reviews::save(&app, ana, &id, &review(5)).await.unwrap_err().code, "not_completed", "{b}");

    // Past the last day without the final evaluation: the calendar waits.
    clock.set_day(last + Days::new(2));
    applications::sweep(&app).await.unwrap();
    assert_eq!(status(&id).await, Status::InProgress, "{b}: no final, no completion");
    // The final, late: the rotation completes at once.
    evaluations::save(&app, &preceptor, &id, "final", &support::submitted_evaluation()).await.unwrap();
    assert_eq!(status(&id).await, Status::Completed, "{b}");
    let timeline = store.timeline(id.parse().unwrap()).await.unwrap();
    assert_eq!(timeline.last().unwrap().note, "the rotation ended and its final evaluation is in", "{b}");

    // The second trainee's final came in the block's last week: the calendar completes it after.
    let ben = &trainees[1].1;
    clock.set_day(last - Days::new(1));
    evaluations::save(&app, &preceptor, ben, "final", &support::submitted_evaluation()).await.unwrap();
    assert_eq!(status(ben).await, Status::InProgress, "{b}: not before its last day");
    clock.set_day(last);
    applications::sweep(&app).await.unwrap();
    assert_eq!(status(ben).await, Status::InProgress, "{b}: still on its last day");
    clock.set_day(last + Days::new(2));
    applications::sweep(&app).await.unwrap();
    assert_eq!(status(ben).await, Status::Completed, "{b}");

    // The third's final never comes: the coordinator completes it, and must say why (and not
    // before its last day is over).
    clock.set_day(last);
    let early = StepBody { reason: Some("on paper".into()), ..StepBody::default() };
    let refused = applications::step_named(&app, &coordinator, &trainees[2].1, "complete", early).await.unwrap_err();
    assert_eq!(refused.code, "not_ended", "{b}: {refused:?}");
    clock.set_day(last + Days::new(2));
    let cy = &trainees[2].1;
    let no_reason = applications::step_named(&app, &coordinator, cy, "complete", StepBody::default()).await.unwrap_err();
    assert_eq!(no_reason.code, "invalid_input", "{b}: {no_reason:?}");
    let by_preceptor = StepBody { reason: Some("on paper".into()), ..StepBody::default() };
    let refused = applications::step_named(&app, &preceptor, cy, "complete", by_preceptor).await.unwrap_err();
    assert_eq!(refused.code, "forbidden", "{b}: only coordinators");
    let body = StepBody { reason: Some("The evaluation was done on paper".into()), ..StepBody::default() };
    applications::step_named(&app, &coordinator, cy, "complete", body).await.unwrap();
    assert_eq!(status(cy).await, Status::Completed, "{b}");
    let note = store.timeline(cy.parse().unwrap()).await.unwrap().last().unwrap().note.clone();
    assert_eq!(note, "completed by the site: The evaluation was done on paper", "{b}");

    // The certificate states the signed hours and verifies by its code, however it is typed.
    let v = certificate::certificate(&app, ana, &id).await.unwrap();
    let f = &v.certificate.facts;
    assert_eq!((f.hands_on_minutes, f.observing_minutes, f.signed_days), (480, 0, 1), "{b}");
    assert_eq!(f.hands_on_usce, e.kind.is_hands_on(), "{b}");
    assert_eq!(f.trainee, "Applicant Person", "{b}");
    let code = v.certificate.code.clone();
    assert_eq!(certificate::certificate(&app, &preceptor, &id).await.unwrap().certificate.code, code, "{b}: issued once");
    let typed = code.to_lowercase().replace('-', " ");
    assert_eq!(certificate::verify(&app, &typed).await.unwrap().facts, *f, "{b}");
    assert_eq!(certificate::verify(&app, "MR-0000-0000-0000-0000").await.unwrap_err().code, "not_found", "{b}");
    // Others may not read it: another trainee is told it is not there.
    assert_eq!(certificate::certificate(&app, &trainees[3].0, &id).await.unwrap_err().code, "not_found", "{b}");

    // Late hours signed: the next download issues a new certificate; the old one, no longer true,
    // stops verifying.
    let late = RawDay { date: (first + Days::new(1)).to_string(), hands_on: false, ..day.clone() };
    let entry = hours::log(&app, ana, &id, &late).await.unwrap();
    hours::sign(&app, &preceptor, &id, hours::Signing { ids: vec![entry.id], week_of: None }).await.unwrap();
    let again = certificate::certificate(&app, ana, &id).await.unwrap();
    let current = again.certificate.code.clone();
    assert_ne!(current, code, "{b}");
    assert_eq!(again.certificate.facts.observing_minutes, 480, "{b}");
    assert_eq!(again.earlier.len(), 1, "{b}");
    assert_eq!(certificate::verify(&app, &code).await.unwrap_err().code, "not_found", "{b}: superseded");

    // The signed credential checks against the published key, offline.
    let (jwt, _) = credential::credential(&app, ana, &id).await.unwrap();
    let keys = credential::key_set(&app).await.unwrap();
    let payload = checked(&jwt, &keys["keys"][0]).expect("the signature checks");
    assert!(payload["type"].as_array().unwrap().iter().any(|t| t == "OpenBadgeCredential"), "{b}");
    assert_eq!(payload["credentialSubject"]["matchready"]["code"], current, "{b}");
    assert_eq!(payload["id"], format!("http://x/verify/{current}"), "{b}");
    let tampered = jwt.replacen('.', ".e30", 1);
    assert!(checked(&tampered, &keys["keys"][0]).is_none(), "{b}: a changed payload fails");
    assert_eq!(credential::key_set(&app).await.unwrap(), keys, "{b}: one key, kept");

    // Revoked (by the coordinator, saying why): it answers "not found" like a code never issued,
    // and no new one is issued for the same facts.
    assert_eq!(certificate::revoke(&app, ana, &id, &current, "mine").await.unwrap_err().code, "forbidden", "{b}");
    assert_eq!(certificate::revoke(&app, &coordinator, &id, &current, " ").await.unwrap_err().code, "invalid_input", "{b}");
    certificate::revoke(&app, &coordinator, &id, &current, "Issued with the wrong dates").await.unwrap();
    let gone = certificate::verify(&app, &current).await.unwrap_err();
    assert_eq!(
        (gone.code, gone.message.clone()),
        ("not_found", certificate::verify(&app, "MR-0000-0000-0000-0001").await.unwrap_err().message),
        "{b}"
    );
    let revoked = certificate::revoke(&app, &coordinator, &id, &current, "again").await.unwrap_err();
    assert_eq!(revoked.code, "already_revoked", "{b}");
    assert_eq!(certificate::certificate(&app, ana, &id).await.unwrap_err().code, "certificate_revoked", "{b}");
    assert_eq!(credential::credential(&app, ana, &id).await.unwrap_err().code, "certificate_revoked", "{b}");

    // Reviews: by the trainee who was there, once, on the scale; aggregates from three on.
    let bad = reviews::save(&app, ana, &id, &RawReview { overall: Some(6), ..review(5) }).await.unwrap_err();
    assert_eq!((bad.code, bad.fields[0].field), ("invalid_review", "overall"), "{b}");
    assert_eq!(reviews::save(&app, &trainees[3].0, &id, &review(5)).await.unwrap_err().code, "not_found", "{b}: not there");
    assert_eq!(reviews::save(&app, &preceptor, &id, &review(5)).await.unwrap_err().code, "not_found", "{b}: not theirs");
    let experience = e.id.to_string();
    for (n, (me, rid)) in trainees.iter().take(3).enumerate() {
        assert!(
            reviews::of_experience(&app, &Caller::anonymous("127.0.0.1"), &experience).await.unwrap().aggregate.is_none(),
            "{b}: {n} reviews hide"
        );
        reviews::save(&app, me, rid, &review(3 + n as i64)).await.unwrap();
    }
    assert_eq!(reviews::save(&app, ana, &id, &review(1)).await.unwrap_err().code, "already_reviewed", "{b}");
    let shown = reviews::of_experience(&app, &Caller::anonymous("127.0.0.1"), &experience).await.unwrap();
    let agg = shown.aggregate.expect("three reviews show");
    assert_eq!((agg.count, agg.average_tenths), (3, [50, 40, 40, 40]), "{b}");
    assert!(!shown.preceptors.is_empty(), "{b}");
    assert!(shown.preceptors.iter().all(|p| p.aggregate.as_ref().is_some_and(|a| a.count == 3)), "{b}");
    // An applicant who applied but never did the rotation cannot review it.
    let (me, rid) = &trainees[3];
    support::step(store.as_ref(), rid.parse().unwrap(), Status::Withdrawn, 0).await;
    assert_eq!(reviews::save(&app, me, rid, &review(1)).await.unwrap_err().code, "not_completed", "{b}: not there");
}

async fn a_rotation_completes_with_its_final_and_leaves_a_certificate_and_reviews(db: TestDb) {
    story(connect(&db.url).await.unwrap()).await;
    db.drop_db().await;
}

matchready_store::on_both_backends!(a_rotation_completes_with_its_final_and_leaves_a_certificate_and_reviews);
