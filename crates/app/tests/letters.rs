//! Letters of recommendation through the use cases, on SQLite and
//! PostgreSQL with a clock the test moves: only a preceptor of the rotation
//! may be asked; a bad file (3 MB, encrypted, an executable, A4) is refused
//! and changes nothing; the applicant who waived never reads the words,
//! the one who kept the right does; an admin reads only with a reason; a
//! program's link opens five times and not after 30 days; a fifth letter
//! to one program is refused; reminders go once each and nudges once a
//! week; a withdrawn letter's link stops.

mod support;

use std::sync::Arc;

use chrono::{Days, NaiveDate};
use matchready_app::letters::{self, Upload};
use matchready_app::{App, Caller, Kind};
use matchready_core::account::Role;
use matchready_core::application::Status;
use matchready_core::letters::delivery::{MAX_OPENS, RawDestination};
use matchready_core::letters::form::{RawLetterForm, Signature};
use matchready_core::letters::request::RawLetterRequest;
use matchready_core::letters::{EventKind, LetterStatus};
use matchready_store::testing::TestDb;
use matchready_store::{Store, connect};

fn ask(author: &Caller, waiver: &str, due: NaiveDate) -> RawLetterRequest {
    RawLetterRequest {
        author_id: author.id().unwrap(),
        specialty: "internal-medicine".into(),
        due_on: due.to_string(),
        waiver: waiver.into(),
        ..RawLetterRequest::default()
    }
}

fn signature() -> Signature {
    Signature {
        title: "Attending physician".into(),
        specialty: "Internal Medicine".into(),
        institution: "General Hospital".into(),
        contact: "dr@example.org".into(),
        ..Signature::default()
    }
}

fn file(bytes: Vec<u8>) -> Upload {
    Upload { file: bytes, signature: signature() }
}

fn to(program: &str) -> RawDestination {
    RawDestination { program: program.into(), contact: "pd@program.example.org".into() }
}

async fn story(store: Arc<dyn Store>) {
    let b = store.backend().name();
    let today: NaiveDate = "2026-11-22".parse().unwrap();
    let (app, clock, c) = support::demo_app(store.clone(), today, "matchready_app_letters").await;

    let (e, block) = c
        .experiences
        .iter()
        .find_map(|e| e.blocks.iter().find(|bl| bl.start_date > today && bl.seats_left >= 2).map(|bl| (e, bl)))
        .expect("a block with two seats");
    let site = Some(e.site.id);
    let other_site = c.experiences.iter().map(|x| x.site.id).find(|s| *s != e.site.id).expect("another site");
    let author = support::member(store.as_ref(), "author@example.org", Role::Preceptor, site).await;
    let fellow = support::member(store.as_ref(), "fellow@example.org", Role::Preceptor, site).await;
    let elsewhere = support::member(store.as_ref(), "elsewhere@example.org", Role::Preceptor, Some(other_site)).await;
    let coordinator = support::member(store.as_ref(), "coordinator@example.org", Role::Coordinator, site).await;
    let admin = support::member(store.as_ref(), "admin@example.org", Role::Admin, None).await;
    let ana = support::member(store.as_ref(), "ana@example.org", Role::Applicant, None).await;
    let ben = support::member(store.as_ref(), "ben@example.org", Role::Applicant, None).await;
    let mut rotations = Vec::new();
    for who in [&ana, &ben] {
        let a = store.create_application(who.id().unwrap(), block.id, 0).await.unwrap().unwrap().id;
        rotations.push(a.to_string());
    }
    let (ana_rotation, ben_rotation) = (rotations[0].clone(), rotations[1].clone());
    clock.set_day(block.start_date);
    let due = block.start_date + Days::new(30);

    // Not before the rotation has started.
    let early = letters::request(&app, &ana, &ana_rotation, &ask(&author, "waive", due)).await.unwrap_err();
    assert_eq!(early.code, "not_rotated", "{b}");
    for id in &rotations {
        for s in [Status::UnderReview, Status::Offered, Status::Accepted, Status::Confirmed, Status::InProgress] {
            support::step(store.as_ref(), id.parse().unwrap(), s, 0).await;
        }
    }
    // Someone the applicant never rotated with, someone else's rotation, a bad form: refused, nothing kept.
    let never = letters::request(&app, &ana, &ana_rotation, &ask(&elsewhere, "waive", due)).await.unwrap_err();
    assert_eq!((never.kind, never.fields[0].field), (Kind::Invalid, "author_id"), "{b}: {never:?}");
    let theirs = letters::request(&app, &ana, &ben_rotation, &ask(&author, "waive", due)).await.unwrap_err();
    assert_eq!(theirs.kind, Kind::NotFound, "{b}");
    let no_waiver = letters::request(&app, &ana, &ana_rotation, &ask(&author, "", due)).await.unwrap_err();
    assert_eq!(no_waiver.fields[0].field, "waiver", "{b}: the applicant chooses");
    assert!(store.letters_of_applicant(ana.id().unwrap()).await.unwrap().is_empty(), "{b}");

    // Ana waives; Ben keeps the right.
    let sealed = letters::request(&app, &ana, &ana_rotation, &ask(&author, "waive", due)).await.unwrap();
    let open = letters::request(&app, &ben, &ben_rotation, &ask(&author, "keep", due)).await.unwrap();
    let (s_id, o_id) = (sealed.letter.id.to_string(), open.letter.id.to_string());
    assert!(sealed.letter.code.starts_with("LR-") && sealed.letter.code != open.letter.code, "{b}");
    let again = letters::request(&app, &ana, &ana_rotation, &ask(&author, "waive", due)).await.unwrap_err();
    assert_eq!(again.code, "already_requested", "{b}");
    // Only its author, its applicant, the site's coordinator and admins know of it.
    assert_eq!(letters::view(&app, &fellow, &s_id).await.unwrap_err().kind, Kind::NotFound, "{b}");
    assert_eq!(letters::view(&app, &ben, &s_id).await.unwrap_err().kind, Kind::NotFound, "{b}");
    assert!(letters::view(&app, &coordinator, &s_id).await.is_ok(), "{b}");
    assert!(letters::view(&app, &admin, &s_id).await.is_ok(), "{b}");
    // The waiver may change until the author answers, then it is fixed.
    let w = letters::LetterUpdate { waiver: Some("keep".into()), eras_id: None };
    assert!(!letters::update(&app, &ana, &s_id, &w).await.unwrap().letter.waived, "{b}");
    let w = letters::LetterUpdate { waiver: Some("waive".into()), eras_id: Some("1234-ABCD".into()) };
    assert!(letters::update(&app, &ana, &s_id, &w).await.unwrap().letter.waived, "{b}");

    // Nothing is written before the author accepts.
    let pdf = || matchready_files::letter_pdf(&["Dear program director,", "CANARY-LETTER-WORDS"], (612, 792), false);
    assert_eq!(letters::upload(&app, &author, &s_id, file(pdf())).await.unwrap_err().code, "not_accepted", "{b}");
    letters::accept(&app, &author, &s_id).await.unwrap();
    letters::accept(&app, &author, &o_id).await.unwrap();
    let w = letters::LetterUpdate { waiver: Some("keep".into()), eras_id: None };
    assert_eq!(letters::update(&app, &ana, &s_id, &w).await.unwrap_err().code, "waiver_fixed", "{b}");
    assert_eq!(letters::upload(&app, &fellow, &s_id, file(pdf())).await.unwrap_err().kind, Kind::NotFound, "{b}");

    // Bad files: refused with a sentence, nothing kept.
    let mut big = pdf();
    big.resize(3 * 1024 * 1024, b' ');
    let encrypted = matchready_files::letter_pdf(&["Secret"], (612, 792), true);
    let a4 = matchready_files::letter_pdf(&["A4"], (595, 842), false);
    let exe = b"MZ\x90\x00\x03\x00\x00\x00 renamed to letter.pdf".to_vec();
    for (bytes, kind, words) in [
        (big, Kind::TooLarge, "1 MB"),
        (encrypted, Kind::Invalid, "encrypted"),
        (a4, Kind::Invalid, "US letter"),
        (exe, Kind::Invalid, "only a PDF"),
    ] {
        let e = letters::upload(&app, &author, &s_id, file(bytes)).await.unwrap_err();
        assert_eq!(e.kind, kind, "{b}: {e:?}");
        assert!(e.message.contains(words), "{b}: {}", e.message);
    }
    assert!(store.letter_versions(sealed.letter.id).await.unwrap().is_empty(), "{b}: nothing kept");
    let unsigned = Upload { file: pdf(), signature: Signature::default() };
    assert_eq!(letters::upload(&app, &author, &s_id, unsigned).await.unwrap_err().fields.len(), 4, "{b}");

    // Written: the waived letter's words are the author's (and an admin's, with a reason).
    let v = letters::upload(&app, &author, &s_id, file(pdf())).await.unwrap();
    assert_eq!(v.letter.status, LetterStatus::Uploaded, "{b}");
    let (bytes, _) = letters::pdf(&app, &author, &s_id, None, "").await.unwrap();
    assert!(bytes.windows(19).any(|w| w == b"CANARY-LETTER-WORDS"), "{b}");
    let waived = letters::pdf(&app, &ana, &s_id, None, "").await.unwrap_err();
    assert_eq!((waived.kind, waived.message.contains("waived")), (Kind::Forbidden, true), "{b}: {waived:?}");
    assert!(!letters::view(&app, &ana, &s_id).await.unwrap().can.read, "{b}");
    assert_eq!(letters::pdf(&app, &coordinator, &s_id, None, "").await.unwrap_err().kind, Kind::NotFound, "{b}");
    assert_eq!(letters::pdf(&app, &admin, &s_id, None, "").await.unwrap_err().fields[0].field, "reason", "{b}");
    assert!(letters::pdf(&app, &admin, &s_id, None, "a complaint from the program").await.is_ok(), "{b}");
    let audit = store.audit_log(50, None).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "letter_read" && a.detail.contains("a complaint from the program")), "{b}");
    // The standardised form for Ben, who may read it.
    let form = RawLetterForm {
        compared_with: "30".into(),
        overall: "outstanding".into(),
        narrative: "Ben was superb.".into(),
        title: "Attending".into(),
        specialty: "Internal Medicine".into(),
        institution: "General Hospital".into(),
        contact: "dr@example.org".into(),
        ..RawLetterForm::default()
    };
    assert_eq!(letters::save_form(&app, &author, &o_id, &form, false).await.unwrap().letter.status, LetterStatus::InProgress);
    letters::save_form(&app, &author, &o_id, &form, true).await.unwrap();
    let (ben_pdf, _) = letters::pdf(&app, &ben, &o_id, None, "").await.unwrap();
    assert!(ben_pdf.starts_with(b"%PDF-"), "{b}");

    // Sent to a program: a link that opens five times, then no more.
    clock.advance(3600);
    let sent = letters::send(&app, &ana, &s_id, &to("City Hospital Internal Medicine")).await.unwrap();
    assert_eq!(sent.letter.status, LetterStatus::Delivered, "{b}");
    assert_eq!(letters::upload(&app, &author, &s_id, file(pdf())).await.unwrap_err().code, "letter_delivered", "{b}");
    let mail = store.outbox(5).await.unwrap().into_iter().find(|m| m.to == "pd@program.example.org").unwrap();
    assert!(!mail.body.contains("CANARY"), "{b}");
    let token = mail.body.split("/letters/open/").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    let program = Caller::anonymous("192.0.2.9");
    assert_eq!(letters::link_pdf(&app, &program, &token).await.unwrap_err().code, "open_first", "{b}");
    for n in 0..MAX_OPENS {
        let v = letters::open_link(&app, &program, &token).await.unwrap();
        assert_eq!(v.opens_left, MAX_OPENS - n - 1, "{b}");
    }
    let (got, _) = letters::link_pdf(&app, &program, &token).await.unwrap();
    assert_eq!(got, bytes, "{b}: the program reads what was written");
    assert_eq!(letters::open_link(&app, &program, &token).await.unwrap_err().code, "link_used_up", "{b}");
    let seen = letters::view(&app, &ana, &s_id).await.unwrap();
    assert_eq!(seen.destinations[0].openings.len() as i64, MAX_OPENS, "{b}: she sees it was opened");
    let json = serde_json::to_string(&seen).unwrap();
    assert!(!json.contains("192.0.2.9"), "{b}: times only, not the program's address");
    // Read only where it was opened.
    let elsewhere = letters::link_pdf(&app, &Caller::anonymous("198.51.100.1"), &token).await.unwrap_err();
    assert_eq!(elsewhere.code, "open_first", "{b}");
    // Never to a MatchReady account's address (the applicant's own, with a tag or not).
    let mine = RawDestination { program: "My own".into(), contact: "ana+x@example.org".into() };
    assert_eq!(letters::send(&app, &ana, &s_id, &mine).await.unwrap_err().fields[0].field, "contact", "{b}");
    let theirs = RawDestination { program: "Another".into(), contact: "BEN@example.org".into() };
    assert_eq!(letters::send(&app, &ana, &s_id, &theirs).await.unwrap_err().fields[0].field, "contact", "{b}");

    // The same program twice, and four letters at most per program (case and punctuation aside).
    let twice = letters::send(&app, &ana, &s_id, &to("city hospital — internal medicine")).await.unwrap_err();
    assert_eq!(twice.code, "already_sent", "{b}");
    let mut more = Vec::new();
    for n in 0..4 {
        let p = support::member(store.as_ref(), &format!("p{n}@example.org"), Role::Preceptor, site).await;
        let v = letters::request(&app, &ana, &ana_rotation, &ask(&p, "waive", due)).await.unwrap();
        let id = v.letter.id.to_string();
        letters::accept(&app, &p, &id).await.unwrap();
        letters::upload(&app, &p, &id, file(pdf())).await.unwrap();
        more.push(id);
    }
    for id in &more[..3] {
        letters::send(&app, &ana, id, &to("City Hospital Internal Medicine")).await.unwrap();
    }
    let fifth = letters::send(&app, &ana, &more[3], &to("CITY HOSPITAL, Internal Medicine")).await.unwrap_err();
    assert_eq!(fifth.code, "program_full", "{b}: {fifth:?}");
    assert!(store.letter_destinations(more[3].parse().unwrap()).await.unwrap().is_empty(), "{b}: nothing sent");

    // A link stops working after 30 days, and at once when the letter is withdrawn.
    letters::send(&app, &ana, &more[3], &to("Lakeside Family Medicine")).await.unwrap();
    let later = store.outbox(3).await.unwrap().into_iter().find(|m| m.body.contains("Lakeside")).unwrap();
    let lakeside = later.body.split("/letters/open/").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    let ben_sent = letters::send(&app, &ben, &o_id, &to("Lakeside Family Medicine")).await.unwrap();
    assert_eq!(ben_sent.destinations.len(), 1, "{b}");
    let ben_mail = store.outbox(1).await.unwrap().remove(0);
    let ben_token = ben_mail.body.split("/letters/open/").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    letters::withdraw(&app, &ana, &more[3]).await.unwrap();
    assert_eq!(letters::open_link(&app, &program, &lakeside).await.unwrap_err().code, "letter_withdrawn", "{b}");
    clock.advance(31 * 86_400);
    assert_eq!(letters::open_link(&app, &program, &ben_token).await.unwrap_err().code, "link_expired", "{b}");
    assert_eq!(letters::open_link(&app, &program, "made-up").await.unwrap_err().kind, Kind::NotFound, "{b}");

    // The Letter ID confirms the author and the rotation, never the words; a withdrawn one is gone.
    let anyone = Caller::anonymous("192.0.2.1");
    let checked = letters::verify(&app, &anyone, &sealed.letter.code.to_lowercase()).await.unwrap();
    assert_eq!((checked.author.as_str(), checked.institution.as_str()), ("Preceptor Person", "General Hospital"), "{b}");
    let withdrawn_code = store.letter(more[3].parse().unwrap()).await.unwrap().unwrap().code;
    assert_eq!(letters::verify(&app, &anyone, &withdrawn_code).await.unwrap_err().kind, Kind::NotFound, "{b}");

    // Reminders: a week before the due day, the day after, and then the coordinator, once each.
    let owed = letters::request(&app, &ben, &ben_rotation, &ask(&fellow, "waive", clock.today() + Days::new(400))).await;
    assert_eq!(owed.unwrap_err().fields[0].field, "due_on", "{b}: at most a year ahead");
    let now = clock.today();
    let owed = letters::request(&app, &ben, &ben_rotation, &ask(&fellow, "waive", now + Days::new(10))).await.unwrap();
    let owed_id = owed.letter.id.to_string();
    let kinds = |app: App, id: i64| async move {
        app.store.letter_events(id).await.unwrap().into_iter().map(|e| e.kind).collect::<Vec<_>>()
    };
    assert_eq!(letters::remind_letters(&app).await.unwrap(), 0, "{b}");
    clock.set_day(now + Days::new(6));
    assert_eq!(letters::remind_letters(&app).await.unwrap(), 0, "{b}: not yet");
    clock.set_day(now + Days::new(7));
    assert_eq!(letters::remind_letters(&app).await.unwrap(), 1, "{b}");
    assert_eq!(letters::remind_letters(&app).await.unwrap(), 0, "{b}: once");
    clock.set_day(now + Days::new(11));
    assert_eq!(letters::remind_letters(&app).await.unwrap(), 1, "{b}");
    clock.set_day(now + Days::new(24));
    assert_eq!(letters::remind_letters(&app).await.unwrap(), 1, "{b}");
    let history = kinds(app.clone(), owed.letter.id).await;
    assert!(history.ends_with(&[EventKind::RemindedBefore, EventKind::RemindedAfter, EventKind::Escalated]), "{b}: {history:?}");
    let escalation = store.outbox(1).await.unwrap().remove(0);
    assert_eq!(escalation.to, "coordinator@example.org", "{b}");
    // Ben nudges once; a second nudge within the week is refused, a week later it goes.
    letters::nudge(&app, &ben, &owed_id).await.unwrap();
    assert_eq!(letters::nudge(&app, &ben, &owed_id).await.unwrap_err().code, "nudged_recently", "{b}");
    clock.advance(7 * 86_400);
    letters::nudge(&app, &ben, &owed_id).await.unwrap();
    assert_eq!(letters::nudge(&app, &ana, &owed_id).await.unwrap_err().kind, Kind::NotFound, "{b}");

    // The counts on the applicant's letters page.
    let page = letters::list(&app, &ana).await.unwrap();
    let counts = page.counts.unwrap();
    assert_eq!((counts.written, counts.live), (4, 4), "{b}: {}", counts.words);
    // The author's queue has every trainee's letters; a fellow preceptor's has only theirs.
    assert_eq!(letters::list(&app, &author).await.unwrap().letters.len(), 2, "{b}");
    assert_eq!(letters::list(&app, &fellow).await.unwrap().letters.len(), 1, "{b}");
}

async fn letters_story(db: TestDb) {
    story(connect(&db.url).await.unwrap()).await;
}

matchready_store::on_both_backends!(letters_story);
