//! SOAP notes on SQLite and PostgreSQL: a draft changes only on the version
//! it was read at; each submission is kept as a revision; the preceptor's
//! decision, rubric, comments and emails land together, only on a note
//! under review; an override of the PHI guard is audited with the save.

use matchready_core::Specialty;
use matchready_core::account::mail::Message;
use matchready_core::rotation::{NoteStatus, NoteText, Rubric, Section, WorkSetting};
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{NewComment, NoteDecision, NoteSave, connect};

const T: i64 = 1_800_000_000;

fn text(assessment: &str) -> NoteText {
    NoteText {
        title: "Chest pain".into(),
        setting: WorkSetting::Inpatient,
        specialty: Specialty::InternalMedicine,
        subjective: "Pressure on exertion.".into(),
        objective: "BP 132/84.".into(),
        assessment: assessment.into(),
        plan: "Stress test.".into(),
    }
}

fn save(application_id: i64, note: Option<(i64, i64)>, assessment: &str, submit: bool, by: i64) -> NoteSave {
    NoteSave { application_id, note, text: text(assessment), submit, by, ip: None, overrides: Vec::new(), now: T }
}

fn decision(note_id: i64, revision: i32, to: Option<NoteStatus>, by: i64) -> NoteDecision {
    NoteDecision {
        note_id,
        revision,
        to,
        rubric: to.map(|_| Rubric([4, 3, 5, 2, 4])),
        comments: vec![NewComment { section: Some(Section::Assessment), quote: "angina".into(), body: "Why?".into() }],
        emails: vec![Message { to: "t@example.org".into(), subject: "Note".into(), body: "b".into() }],
        by,
        now: T + 60,
    }
}

async fn notes_change_only_where_they_were_read(db: TestDb) {
    let b = db.backend();
    {
        let store = connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let c = catalog(&DemoConfig { experiences: 2, seed: 1, today: "2026-12-01".parse().unwrap() });
        store.insert_catalog(&c).await.unwrap();
        let me = testing::applicant(store.as_ref(), "a@example.org", "A", T).await.unwrap();
        let a = store.create_application(me, c.experiences[0].blocks[0].id, T).await.unwrap().unwrap().id;

        // A draft, with an override of the guard audited in the same save.
        let mut first = save(a, None, "Angina", false, me);
        first.overrides = vec!["assessment: NAME 'Murphy' (after 'Dr.'); the trainee's reason: an eponym".into()];
        let draft = store.save_note(&first).await.unwrap().expect("kept");
        assert_eq!((draft.status, draft.revision, draft.version), (NoteStatus::Draft, 0, 0), "{b}");
        let audit = store.audit_log(10, None).await.unwrap();
        let line = audit.iter().find(|l| l.action == "phi_overridden").expect("audited");
        assert_eq!((line.subject.as_str(), line.actor_id), (format!("note:{}", draft.id).as_str(), Some(me)), "{b}");
        assert!(line.detail.contains("'Murphy'"), "{b}");

        // Read at version 0: one save lands, the second on the same reading does not.
        let edited = store.save_note(&save(a, Some((draft.id, 0)), "Stable angina", false, me)).await.unwrap().unwrap();
        assert_eq!(edited.version, 1, "{b}");
        assert!(store.save_note(&save(a, Some((draft.id, 0)), "Lost", false, me)).await.unwrap().is_none(), "{b}");
        // Another rotation cannot reach the note.
        assert!(store.save_note(&save(a + 1, Some((draft.id, 1)), "x", false, me)).await.unwrap().is_none(), "{b}");

        // Submitted: revision 1 is kept as it was sent.
        let sent = store.save_note(&save(a, Some((draft.id, 1)), "Stable angina", true, me)).await.unwrap().unwrap();
        assert_eq!((sent.status, sent.revision), (NoteStatus::Submitted, 1), "{b}");
        assert!(
            store.save_note(&save(a, Some((draft.id, sent.version)), "x", false, me)).await.unwrap().is_none(),
            "{b}: under review"
        );

        // Comments alone keep it under review; a decision on a stale version changes nothing.
        let mails = store.outbox(100).await.unwrap().len();
        assert!(
            !store.decide_note(&decision(draft.id, 1, Some(NoteStatus::Returned), me), sent.version - 1).await.unwrap(),
            "{b}"
        );
        assert!(store.decide_note(&decision(draft.id, 1, None, me), sent.version).await.unwrap(), "{b}");
        let file = store.note_file(draft.id).await.unwrap().unwrap();
        assert_eq!((file.note.status, file.comments.len()), (NoteStatus::Submitted, 1), "{b}");
        assert_eq!(file.comments[0].section, Some(Section::Assessment), "{b}");
        assert_eq!(file.comments[0].author_name, "A", "{b}");
        let v = file.note.version;
        assert!(store.decide_note(&decision(draft.id, 1, Some(NoteStatus::Returned), me), v).await.unwrap(), "{b}");
        assert_eq!(store.outbox(100).await.unwrap().len(), mails + 2, "{b}: the emails with the decisions");

        // Revised and sent again: revision 2; the first keeps its words and decision.
        let file = store.note_file(draft.id).await.unwrap().unwrap();
        assert_eq!(file.note.status, NoteStatus::Returned, "{b}");
        let again = save(a, Some((draft.id, file.note.version)), "Stable angina or GERD", true, me);
        let again = store.save_note(&again).await.unwrap().unwrap();
        assert_eq!((again.status, again.revision), (NoteStatus::Submitted, 2), "{b}");
        let stale = decision(draft.id, 1, Some(NoteStatus::Accepted), me);
        assert!(!store.decide_note(&stale, again.version).await.unwrap(), "{b}: not the revision under review");
        assert!(store.decide_note(&decision(draft.id, 2, Some(NoteStatus::Accepted), me), again.version).await.unwrap(), "{b}");
        let file = store.note_file(draft.id).await.unwrap().unwrap();
        assert_eq!(file.note.status, NoteStatus::Accepted, "{b}");
        let r: Vec<_> = file.revisions.iter().map(|r| (r.revision, r.text.assessment.as_str(), r.decision)).collect();
        assert_eq!(
            r,
            [(1, "Stable angina", Some(NoteStatus::Returned)), (2, "Stable angina or GERD", Some(NoteStatus::Accepted))],
            "{b}"
        );
        assert_eq!(file.revisions[1].rubric, Some(Rubric([4, 3, 5, 2, 4])), "{b}");
        assert!(!store.decide_note(&decision(draft.id, 2, None, me), file.note.version).await.unwrap(), "{b}: frozen");
        assert!(store.save_note(&save(a, Some((draft.id, file.note.version)), "x", false, me)).await.unwrap().is_none(), "{b}");

        // Submitted at once; the list holds both, oldest first.
        let direct = store.save_note(&save(a, None, "Angina", true, me)).await.unwrap().unwrap();
        assert_eq!((direct.status, direct.revision), (NoteStatus::Submitted, 1), "{b}");
        let ids: Vec<i64> = store.notes(a).await.unwrap().iter().map(|n| n.id).collect();
        assert_eq!(ids, [draft.id, direct.id], "{b}");
        assert!(store.note_file(direct.id + 100).await.unwrap().is_none(), "{b}");
    }
    db.drop_db().await;
}

matchready_store::on_both_backends!(notes_change_only_where_they_were_read);
