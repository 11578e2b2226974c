//! Evaluations on SQLite and PostgreSQL: a draft is saved over, a submitted
//! one is never changed (a second submission changes nothing and queues no
//! email), and the email of a submission lands with it.

use matchready_core::account::mail::Message;
use matchready_core::rotation::evaluation::{EvalKind, EvaluationText};
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{EvaluationSave, connect};

const T: i64 = 1_800_000_000;

fn save(application_id: i64, kind: EvalKind, narrative: &str, submit: bool, by: i64) -> EvaluationSave {
    let text = EvaluationText {
        levels: [Some(4), None, Some(0), Some(5), Some(3), Some(2)],
        strengths: "Histories".into(),
        improve: "Differential".into(),
        narrative: narrative.into(),
    };
    let emails = vec![Message { to: "t@example.org".into(), subject: "Evaluation".into(), body: "b".into() }];
    EvaluationSave { application_id, kind, text, submit, by, emails: if submit { emails } else { Vec::new() }, now: T }
}

async fn evaluations_lock_once_submitted(db: TestDb) {
    let b = db.backend();
    {
        let store = connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let c = catalog(&DemoConfig { experiences: 2, seed: 1, today: "2026-12-01".parse().unwrap() });
        store.insert_catalog(&c).await.unwrap();
        let me = testing::applicant(store.as_ref(), "a@example.org", "Ann", T).await.unwrap();
        let a = store.create_application(me, c.experiences[0].blocks[0].id, T).await.unwrap().unwrap().id;
        assert!(store.evaluations(a).await.unwrap().is_empty(), "{b}");

        assert!(store.save_evaluation(&save(a, EvalKind::Final, "first", false, me)).await.unwrap(), "{b}");
        assert!(
            store.save_evaluation(&save(a, EvalKind::Final, "second", false, me)).await.unwrap(),
            "{b}: drafts are saved over"
        );
        let mails = store.outbox(100).await.unwrap().len();
        assert!(store.save_evaluation(&save(a, EvalKind::Final, "done", true, me)).await.unwrap(), "{b}");
        assert!(!store.save_evaluation(&save(a, EvalKind::Final, "again", true, me)).await.unwrap(), "{b}: locked");
        assert!(!store.save_evaluation(&save(a, EvalKind::Final, "draft", false, me)).await.unwrap(), "{b}: locked");
        assert_eq!(store.outbox(100).await.unwrap().len(), mails + 1, "{b}: one email, with the one submission");
        assert!(store.save_evaluation(&save(a, EvalKind::Midpoint, "mid", false, me)).await.unwrap(), "{b}");

        let kept = store.evaluations(a).await.unwrap();
        let kinds: Vec<_> = kept.iter().map(|e| (e.kind, e.submitted, e.text.narrative.as_str())).collect();
        assert_eq!(kinds, [(EvalKind::Midpoint, false, "mid"), (EvalKind::Final, true, "done")], "{b}");
        assert_eq!(kept[1].text.levels, [Some(4), None, Some(0), Some(5), Some(3), Some(2)], "{b}");
        assert_eq!((kept[1].author_name.as_str(), kept[1].submitted_at), ("Ann", Some(T)), "{b}");
    }
    db.drop_db().await;
}

matchready_store::on_both_backends!(evaluations_lock_once_submitted);
