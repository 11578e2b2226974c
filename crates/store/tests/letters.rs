//! Letters on SQLite and PostgreSQL: a request reads back as written, with
//! its first history line and its email; a change decided on an old
//! version writes nothing; versions are numbered; a program takes at most
//! four letters of one applicant even when two are sent at once; a link's
//! last opening goes to one of two callers at once, and none after it
//! expires; a reminder is noted once.

use chrono::NaiveDate;
use matchready_core::account::mail::Message;
use matchready_core::letters::delivery::{NewDestination, program_key};
use matchready_core::letters::form::Signature;
use matchready_core::letters::{EventKind, LetterStatus};
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{Changed, LetterChange, NewLetter, NewSend, NewVersion, Store, connect};

const T: i64 = 1_800_000_000;

fn new_letter(application_id: i64, applicant_id: i64, author_id: i64, site_id: i64, code: &str) -> NewLetter {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    NewLetter {
        code: code.into(),
        application_id,
        applicant_id,
        author_id,
        site_id,
        site_name: "Riverside".into(),
        experience_title: "Internal medicine clerkship".into(),
        start_date: d("2027-01-04"),
        end_date: d("2027-01-31"),
        specialty: "internal-medicine".into(),
        programs: "Programs in Ohio".into(),
        due_on: d("2027-03-01"),
        note: "Thank you — ça va?".into(),
        statement: "I want to train in Ohio.".into(),
        share_cv: true,
        waived: true,
        eras_id: Some("1234-ABCD".into()),
        emails: vec![Message { to: "author@example.org".into(), subject: "Asked".into(), body: "A letter".into() }],
        now: T,
    }
}

fn send(program: &str, token: &str) -> NewSend {
    NewSend {
        kind: "program",
        to: NewDestination { program: program.into(), program_key: program_key(program), contact: "pd@x.example.org".into() },
        token_sha: Some(token.into()),
        expires_at: Some(T + 1000),
        max_opens: 2,
        per_program: 4,
    }
}

async fn written(store: &dyn Store, id: i64, now: i64) {
    let l = store.letter(id).await.unwrap().unwrap();
    assert_eq!(l.status, LetterStatus::Requested);
    let mut c = LetterChange::new(&l, LetterStatus::Accepted, EventKind::Accepted, Some(l.author_id), now);
    assert!(matches!(store.change_letter(&c).await.unwrap(), Changed::Done(_)));
    let l = store.letter(id).await.unwrap().unwrap();
    c = LetterChange::new(&l, LetterStatus::Uploaded, EventKind::Uploaded, Some(l.author_id), now);
    c.file = Some(NewVersion {
        source: "upload",
        storage_key: format!("key{id}"),
        sha256: "ab".into(),
        size_bytes: 10,
        signature: Signature { name: "Dr. Reyes".into(), title: "Attending".into(), ..Signature::default() },
    });
    assert!(matches!(store.change_letter(&c).await.unwrap(), Changed::Done(_)));
}

async fn letters_are_kept(db: TestDb) {
    let b = db.backend();
    {
        let store = connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let c = catalog(&DemoConfig { experiences: 2, seed: 1, today: "2026-12-01".parse().unwrap() });
        store.insert_catalog(&c).await.unwrap();
        let me = testing::applicant(store.as_ref(), "a@example.org", "Ann", T).await.unwrap();
        let author = testing::applicant(store.as_ref(), "dr@example.org", "Dr. Reyes", T).await.unwrap();
        let e = &c.experiences[0];
        let a = store.create_application(me, e.blocks[0].id, T).await.unwrap().unwrap().id;
        let site = e.site.id;

        let made = store.create_letter(&new_letter(a, me, author, site, "LR-AAAA-AAAA-AAAA-AAAA")).await.unwrap().unwrap();
        // One live request per rotation and author.
        let twice = store.create_letter(&new_letter(a, me, author, site, "LR-AAAA-AAAA-AAAA-AAAB")).await.unwrap();
        assert!(twice.is_none(), "{b}");
        let got = store.letter(made.id).await.unwrap().unwrap();
        assert_eq!(got, made, "{b}");
        assert_eq!(
            (got.note.as_str(), got.eras_id.as_deref(), got.status, got.applicant_name.as_str(), got.author_name.as_str()),
            ("Thank you — ça va?", Some("1234-ABCD"), LetterStatus::Requested, "Ann", "Dr. Reyes"),
            "{b}"
        );
        assert_eq!(store.letter_by_code("LR-AAAA-AAAA-AAAA-AAAA").await.unwrap(), Some(got.clone()), "{b}");
        assert_eq!(store.letter_events(got.id).await.unwrap()[0].kind, EventKind::Requested, "{b}");
        assert_eq!(store.outbox(1).await.unwrap()[0].to, "author@example.org", "{b}");
        assert_eq!(store.letters_owed().await.unwrap().len(), 1, "{b}");

        // A change decided on an old version writes nothing.
        let mut stale = LetterChange::new(&got, LetterStatus::Declined, EventKind::Declined, Some(author), T);
        stale.version -= 1;
        assert_eq!(store.change_letter(&stale).await.unwrap(), Changed::Stale, "{b}");
        assert_eq!(store.letter_events(got.id).await.unwrap().len(), 1, "{b}");
        // A draft is kept apart from the letter.
        let mut draft = LetterChange::new(&got, LetterStatus::Accepted, EventKind::Accepted, Some(author), T + 1);
        draft.draft_form = Some("{\"narrative\":\"draft\"}".into());
        assert!(matches!(store.change_letter(&draft).await.unwrap(), Changed::Done(_)), "{b}");
        assert_eq!(store.letter_draft(got.id).await.unwrap().as_deref(), Some("{\"narrative\":\"draft\"}"), "{b}");

        // Five written letters; versions numbered from 1.
        let mut ids = vec![got.id];
        for n in 1..5 {
            let code = format!("LR-AAAA-AAAA-AAAA-AAA{n}");
            let other = testing::applicant(store.as_ref(), &format!("dr{n}@example.org"), "Dr. Other", T).await.unwrap();
            ids.push(store.create_letter(&new_letter(a, me, other, site, &code)).await.unwrap().unwrap().id);
        }
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                written(store.as_ref(), *id, T + 2).await;
            } else {
                let l = store.letter(*id).await.unwrap().unwrap();
                let mut c = LetterChange::new(&l, LetterStatus::Uploaded, EventKind::Uploaded, Some(author), T + 2);
                c.file = Some(NewVersion {
                    source: "form",
                    storage_key: "k0".into(),
                    sha256: "cd".into(),
                    size_bytes: 9,
                    signature: Signature::default(),
                });
                assert!(matches!(store.change_letter(&c).await.unwrap(), Changed::Done(_)), "{b}");
            }
        }
        let l0 = store.letter(ids[0]).await.unwrap().unwrap();
        let mut again = LetterChange::new(&l0, LetterStatus::Uploaded, EventKind::Uploaded, Some(author), T + 3);
        again.file = Some(NewVersion {
            source: "upload",
            storage_key: "k1".into(),
            sha256: "ef".into(),
            size_bytes: 8,
            signature: Signature::default(),
        });
        assert!(matches!(store.change_letter(&again).await.unwrap(), Changed::Done(_)), "{b}");
        let versions = store.letter_versions(ids[0]).await.unwrap();
        assert_eq!(
            versions.iter().map(|v| (v.number, v.storage_key.as_str())).collect::<Vec<_>>(),
            [(1, "k0"), (2, "k1")],
            "{b}"
        );

        // Three to one program; the fourth and fifth at once: one of them goes.
        for (n, id) in ids[..3].iter().enumerate() {
            let l = store.letter(*id).await.unwrap().unwrap();
            let mut c = LetterChange::new(&l, LetterStatus::Delivered, EventKind::Sent, Some(me), T + 4);
            c.send = Some(send("Ohio State — Internal Medicine", &format!("t{n}")));
            assert!(matches!(store.change_letter(&c).await.unwrap(), Changed::Done(_)), "{b}");
        }
        let (l3, l4) = (store.letter(ids[3]).await.unwrap().unwrap(), store.letter(ids[4]).await.unwrap().unwrap());
        let mut c3 = LetterChange::new(&l3, LetterStatus::Delivered, EventKind::Sent, Some(me), T + 5);
        c3.send = Some(send("ohio state internal medicine", "t3"));
        let mut c4 = LetterChange::new(&l4, LetterStatus::Delivered, EventKind::Sent, Some(me), T + 5);
        c4.send = Some(send("OHIO STATE, Internal Medicine", "t4"));
        let (x, y) = tokio::join!(store.change_letter(&c3), store.change_letter(&c4));
        let outcomes = [x.unwrap(), y.unwrap()];
        assert_eq!(outcomes.iter().filter(|o| matches!(o, Changed::Done(_))).count(), 1, "{b}: {outcomes:?}");
        assert_eq!(outcomes.iter().filter(|o| **o == Changed::ProgramFull).count(), 1, "{b}");
        // The same letter to the same program twice.
        let l0 = store.letter(ids[0]).await.unwrap().unwrap();
        let mut twice = LetterChange::new(&l0, LetterStatus::Delivered, EventKind::Sent, Some(me), T + 6);
        twice.send = Some(send("Ohio State Internal Medicine", "t9"));
        assert_eq!(store.change_letter(&twice).await.unwrap(), Changed::AlreadySent, "{b}");

        // A link's openings: two allowed; the last taken by one of two at once; none once expired.
        let (d, letter) = store.destination_by_token("t0").await.unwrap().unwrap();
        assert_eq!((letter.id, d.program.as_str(), d.max_opens), (ids[0], "Ohio State — Internal Medicine", 2), "{b}");
        assert!(store.open_destination(d.id, "192.0.2.1", T + 10).await.unwrap(), "{b}");
        let (x, y) =
            tokio::join!(store.open_destination(d.id, "192.0.2.2", T + 11), store.open_destination(d.id, "192.0.2.3", T + 11));
        assert_eq!([x.unwrap(), y.unwrap()].iter().filter(|o| **o).count(), 1, "{b}: the last opening once");
        let openings = &store.letter_destinations(ids[0]).await.unwrap()[0].openings;
        assert_eq!((openings.len(), openings[0].address.as_str(), openings[0].at), (2, "192.0.2.1", T + 10), "{b}");
        let (d1, _) = store.destination_by_token("t1").await.unwrap().unwrap();
        assert!(!store.open_destination(d1.id, "192.0.2.1", T + 1000).await.unwrap(), "{b}: expired");
        assert!(store.destination_by_token("nope").await.unwrap().is_none(), "{b}");
        assert!(store.letter_events(ids[0]).await.unwrap().iter().any(|e| e.kind == EventKind::Opened), "{b}");

        // A reminder noted once; a nudge again only after its week.
        let m = [Message { to: "dr@example.org".into(), subject: "Due".into(), body: "Due".into() }];
        let l = ids[1];
        assert!(store.note_letter(l, EventKind::RemindedBefore, None, "", Some(0), &m, T).await.unwrap(), "{b}");
        assert!(!store.note_letter(l, EventKind::RemindedBefore, None, "", Some(0), &m, T + 9).await.unwrap(), "{b}");
        assert!(store.note_letter(l, EventKind::Nudged, Some(me), "", Some(T - 100), &m, T).await.unwrap(), "{b}");
        assert!(!store.note_letter(l, EventKind::Nudged, Some(me), "", Some(T - 100), &m, T + 5).await.unwrap(), "{b}");
        assert!(store.note_letter(l, EventKind::Nudged, Some(me), "", Some(T + 6), &m, T + 7).await.unwrap(), "{b}");

        assert_eq!(store.letters_of_applicant(me).await.unwrap().len(), 5, "{b}");
        assert_eq!(store.letters_of_author(author).await.unwrap().len(), 1, "{b}");
        assert_eq!(store.letters_of_site(site).await.unwrap().len(), 5, "{b}");
    }
    db.drop_db().await;
}

matchready_store::on_both_backends!(letters_are_kept);
