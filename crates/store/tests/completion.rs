//! Completion on SQLite and PostgreSQL: a certificate is issued once for the
//! same facts and anew when they change, two issues at once make one,
//! revoked once; the signing key is made once and kept; a review is kept
//! once per rotation, and its ratings reach the experience and its
//! preceptors.

use chrono::NaiveDate;
use matchready_core::rotation::certificate::CertificateFacts;
use matchready_core::rotation::review::ReviewText;
use matchready_demo::{DemoConfig, catalog};
use matchready_store::connect;
use matchready_store::testing::{self, TestDb};

const T: i64 = 1_800_000_000;

fn facts(hands_on: i32) -> CertificateFacts {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    CertificateFacts {
        trainee: "Ann Ó Súilleabháin".into(),
        experience: "Internal medicine clerkship".into(),
        kind: "Clerkship".into(),
        hands_on_usce: true,
        specialty: "Internal medicine".into(),
        site: "Riverside".into(),
        place: "Austin, TX".into(),
        preceptor: "Dana Reyes".into(),
        start_date: d("2027-01-04"),
        end_date: d("2027-01-31"),
        hands_on_minutes: hands_on,
        observing_minutes: 60,
        signed_days: 2,
    }
}

async fn certificates_and_reviews_are_kept(db: TestDb) {
    let b = db.backend();
    {
        let store = connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let c = catalog(&DemoConfig { experiences: 2, seed: 1, today: "2026-12-01".parse().unwrap() });
        store.insert_catalog(&c).await.unwrap();
        let me = testing::applicant(store.as_ref(), "a@example.org", "Ann", T).await.unwrap();
        let e = &c.experiences[0];
        let a = store.create_application(me, e.blocks[0].id, T).await.unwrap().unwrap().id;

        let first = store.issue_certificate(a, "MR-AAAA-AAAA-AAAA-AAAA", &facts(480), T).await.unwrap();
        assert_eq!(first.facts, facts(480), "{b}");
        let same = store.issue_certificate(a, "MR-BBBB-BBBB-BBBB-BBBB", &facts(480), T + 1).await.unwrap();
        assert_eq!(same.code, "MR-AAAA-AAAA-AAAA-AAAA", "{b}: the same facts, the same certificate");
        let more = facts(540);
        let (x, y) = tokio::join!(
            store.issue_certificate(a, "MR-CCCC-CCCC-CCCC-CCCC", &more, T + 2),
            store.issue_certificate(a, "MR-DDDD-DDDD-DDDD-DDDD", &more, T + 2),
        );
        let (x, y) = (x.unwrap(), y.unwrap());
        assert_eq!(x.code, y.code, "{b}: two issues at once make one");
        let kept = store.certificates(a).await.unwrap();
        assert_eq!(kept.len(), 2, "{b}");
        assert_eq!(kept[0].code, x.code, "{b}: newest first");
        let got = store.certificate("MR-AAAA-AAAA-AAAA-AAAA").await.unwrap().unwrap();
        let superseded = format!("superseded by {}", x.code);
        assert_eq!((got.application_id, got.revoked_reason.as_deref()), (a, Some(superseded.as_str())), "{b}");
        assert!(store.certificate("MR-ZZZZ-ZZZZ-ZZZZ-ZZZZ").await.unwrap().is_none(), "{b}");

        assert!(store.revoke_certificate(&x.code, me, "wrong dates", T + 3).await.unwrap(), "{b}");
        assert!(!store.revoke_certificate(&x.code, me, "again", T + 4).await.unwrap(), "{b}: once");
        assert!(!store.revoke_certificate("MR-ZZZZ-ZZZZ-ZZZZ-ZZZZ", me, "none", T).await.unwrap(), "{b}");
        let revoked = store.certificate(&x.code).await.unwrap().unwrap();
        assert_eq!((revoked.revoked_at, revoked.revoked_reason.as_deref()), (Some(T + 3), Some("wrong dates")), "{b}");
        // A revocation sticks: the same facts give back the revoked one; new facts a new one.
        let again = store.issue_certificate(a, "MR-EEEE-EEEE-EEEE-EEEE", &facts(540), T + 5).await.unwrap();
        assert_eq!((again.code.as_str(), again.revoked_at), (x.code.as_str(), Some(T + 3)), "{b}");
        let corrected = store.issue_certificate(a, "MR-FFFF-FFFF-FFFF-FFFF", &facts(600), T + 6).await.unwrap();
        assert_eq!((corrected.code.as_str(), corrected.revoked_at), ("MR-FFFF-FFFF-FFFF-FFFF", None), "{b}");

        let key = store.signing_key("first", T).await.unwrap();
        assert_eq!(key, "first", "{b}");
        assert_eq!(store.signing_key("second", T + 1).await.unwrap(), "first", "{b}: made once, kept");

        let r = ReviewText { ratings: [5, 4, 3, 2], comment: "Good teaching".into() };
        assert!(store.review(a).await.unwrap().is_none(), "{b}");
        assert!(store.save_review(a, e.id, &r, T).await.unwrap(), "{b}");
        let other = ReviewText { ratings: [1, 1, 1, 1], comment: String::new() };
        assert!(!store.save_review(a, e.id, &other, T).await.unwrap(), "{b}: once");
        assert_eq!(store.review(a).await.unwrap(), Some(r), "{b}");
        assert_eq!(store.experience_ratings(e.id).await.unwrap(), vec![[5, 4, 3, 2]], "{b}");
        assert!(store.experience_ratings(c.experiences[1].id).await.unwrap().is_empty(), "{b}");
        for p in &e.preceptors {
            assert_eq!(store.preceptor_ratings(p.id).await.unwrap(), vec![(e.id, [5, 4, 3, 2])], "{b}");
        }
    }
    db.drop_db().await;
}

matchready_store::on_both_backends!(certificates_and_reviews_are_kept);
