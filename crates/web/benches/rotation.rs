//! The rotation at the scale of a large organisation's year, storage
//! included, on SQLite and PostgreSQL: 1,400 trainees in rotations at the
//! same time, 250 preceptors, each rotation with 28 days of hours (awaiting
//! sign-off), 10 SOAP notes (submitted; every other one accepted with a
//! rubric and a comment) and both evaluations. Times what the pages call:
//! the trainee's hours, notes list, a note and evaluations; the site's
//! roster; the sign-off of a week (a different rotation each time); then,
//! those rotations completed and reviewed, the certificate (first issue,
//! again, its PDF), a code checked, and an experience's reviews.
//! Reports p50 and p99 of 200 calls each.
//!   cargo bench -p matchready-web --bench rotation
//! PostgreSQL too when `MATCHREADY_TEST_POSTGRES` is set.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use matchready_app::Caller;
use matchready_app::rotation::{certificate, evaluations, hours, notes, reviews};
use matchready_core::account::Role;
use matchready_core::application::Status;
use matchready_core::rotation::evaluation::{EvalKind, EvaluationText};
use matchready_core::rotation::hours::Day;
use matchready_core::rotation::review::RawReview;
use matchready_core::rotation::{NoteStatus, NoteText, Rubric, WorkSetting};
use matchready_core::specialty::Specialty;
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{TestDb, move_to};
use matchready_store::{Effects, EvaluationSave, NewComment, NewHours, NewUser, NoteDecision, NoteSave, Store};
use matchready_web::{AppState, AuthConfig, Clock};

const TRAINEES: usize = 1_400;
const PRECEPTORS: usize = 250;
const DAYS: u64 = 28;
const NOTES: usize = 10;
const CALLS: usize = 200;
const T: i64 = 1_800_000_000;

fn user(email: String, role: Role, site_id: Option<i64>) -> NewUser {
    NewUser {
        name: email.split('@').next().unwrap_or_default().to_string(),
        email,
        role,
        site_id,
        password_hash: None,
        email_verified: true,
        host_verified: role.is_host(),
        now: T,
    }
}

fn note(n: usize) -> NoteText {
    NoteText {
        title: format!("Chest pain, day {n}"),
        setting: WorkSetting::Inpatient,
        specialty: Specialty::InternalMedicine,
        subjective: "Chest pressure on exertion for three weeks, relieved by rest. No syncope.".repeat(3),
        objective: "BP 138/86, HR 84, afebrile. Heart sounds normal. ECG sinus rhythm, no ST change.".repeat(3),
        assessment: "Stable angina most likely; differential includes GERD and musculoskeletal pain.".repeat(2),
        plan: "Exercise stress test, aspirin 81 mg daily, statin, follow up in two weeks.".repeat(2),
    }
}

fn percentiles(mut d: Vec<Duration>) -> (f64, f64) {
    d.sort_unstable();
    let at = |q: f64| d[((d.len() as f64 * q).ceil() as usize).clamp(1, d.len()) - 1].as_secs_f64() * 1000.0;
    (at(0.50), at(0.99))
}

async fn time<F, Fut>(what: &str, backend: &str, mut f: F)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut took = Vec::with_capacity(CALLS);
    for i in 0..CALLS {
        let started = Instant::now();
        f(i).await;
        took.push(started.elapsed());
    }
    let (p50, p99) = percentiles(took);
    println!("{backend}: {what:<34} p50 {p50:6.2} ms   p99 {p99:6.2} ms");
}

async fn one(db: &TestDb) {
    let store: Arc<dyn Store> = matchready_store::connect(&db.url).await.unwrap();
    let b = store.backend().name();
    store.migrate().await.unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    let mut c = catalog(&DemoConfig::new(today));
    // Blocks of four weeks or more, made big enough for a year's intake at once.
    let mut blocks: Vec<(i64, i64, NaiveDate)> = Vec::new();
    for e in &mut c.experiences {
        for bl in e.blocks.iter_mut().filter(|bl| bl.weeks >= 4) {
            bl.seats = 40;
            bl.seats_left = 40;
            blocks.push((bl.id, e.site.id, bl.start_date));
        }
    }
    store.insert_catalog(&c).await.unwrap();
    let seeding = Instant::now();
    let mut sites: Vec<i64> = blocks.iter().map(|b| b.1).collect();
    sites.sort_unstable();
    sites.dedup();
    let mut preceptors: std::collections::HashMap<i64, Vec<Caller>> = std::collections::HashMap::new();
    for n in 0..PRECEPTORS {
        let site = sites[n % sites.len()];
        let u = store.create_user(&user(format!("p{n}@example.org"), Role::Preceptor, Some(site))).await.unwrap().unwrap();
        preceptors.entry(site).or_default().push(Caller::member(u, "127.0.0.1"));
    }
    let coordinator = |site: i64| user(format!("c{site}@example.org"), Role::Coordinator, Some(site));
    let mut rotations: Vec<(i64, Caller, i64, NaiveDate)> = Vec::with_capacity(TRAINEES);
    for n in 0..TRAINEES {
        // Only blocks at sites with a preceptor.
        let (block, site, start) = *blocks.iter().filter(|b| preceptors.contains_key(&b.1)).nth(n % 300).unwrap_or(&blocks[0]);
        let u = store.create_user(&user(format!("t{n}@example.org"), Role::Applicant, None)).await.unwrap().unwrap();
        let a = store.create_application(u.id, block, T).await.unwrap().unwrap();
        let mut version = a.version;
        for to in
            [Status::Submitted, Status::UnderReview, Status::Offered, Status::Accepted, Status::Confirmed, Status::InProgress]
        {
            let from = store.application(a.id).await.unwrap().unwrap().status;
            let moved = store.move_application(&move_to(a.id, from, version, to, T), &Effects::default()).await.unwrap();
            version = moved.unwrap_or_else(|e| panic!("{b}: {e:?}")).version;
        }
        let (mut hv, _) = store.hours(a.id).await.unwrap();
        for d in 0..DAYS {
            let day = Day {
                date: start + Days::new(d),
                span: Some((8 * 60, 16 * 60)),
                minutes: 8 * 60,
                setting: WorkSetting::Inpatient,
                hands_on: d % 3 != 0,
                activity: "Ward round, admitted two patients, presented on rounds.".into(),
            };
            let new = NewHours { application_id: a.id, day, corrects: None, replace_now: Vec::new(), now: T };
            store.log_hours(&new, hv).await.unwrap().expect("logged");
            hv += 1;
        }
        let preceptor = preceptors[&site][n % preceptors[&site].len()].user.as_ref().unwrap().id;
        for k in 0..NOTES {
            let save = NoteSave {
                application_id: a.id,
                note: None,
                text: note(k),
                submit: true,
                by: u.id,
                ip: None,
                overrides: Vec::new(),
                now: T,
            };
            let saved = store.save_note(&save).await.unwrap().expect("saved");
            if k % 2 == 0 {
                let decision = NoteDecision {
                    note_id: saved.id,
                    revision: saved.revision,
                    to: Some(NoteStatus::Accepted),
                    rubric: Some(Rubric([4, 4, 3, 4, 5])),
                    comments: vec![NewComment {
                        section: None,
                        quote: String::new(),
                        body: "Good; rank the differential.".into(),
                    }],
                    emails: Vec::new(),
                    by: preceptor,
                    now: T,
                };
                assert!(store.decide_note(&decision, saved.version).await.unwrap());
            }
        }
        for kind in EvalKind::ALL {
            let text = EvaluationText {
                levels: [Some(4), Some(4), Some(0), Some(5), Some(5), Some(3)],
                strengths: "Thorough histories.".into(),
                improve: "Rank the differential.".into(),
                narrative: "On track.".into(),
            };
            let save =
                EvaluationSave { application_id: a.id, kind, text, submit: true, by: preceptor, emails: Vec::new(), now: T };
            assert!(store.save_evaluation(&save).await.unwrap());
        }
        rotations.push((a.id, Caller::member(u, "127.0.0.1"), site, start));
    }
    let seeded = seeding.elapsed();
    let busiest = {
        let mut count: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        for r in &rotations {
            *count.entry(r.2).or_default() += 1;
        }
        count.into_iter().max_by_key(|(s, n)| (*n, -s)).unwrap()
    };
    let coord = Caller::member(store.create_user(&coordinator(busiest.0)).await.unwrap().unwrap(), "127.0.0.1");
    println!(
        "{b}: seeded {TRAINEES} rotations at {} sites ({} at the busiest), {PRECEPTORS} preceptors, {} hours, {} notes in {:.0} s",
        sites.len(),
        busiest.1,
        TRAINEES as u64 * DAYS,
        TRAINEES * NOTES,
        seeded.as_secs_f64()
    );
    let files = matchready_files::open_folder(std::env::temp_dir().join("matchready_bench_files").to_str().unwrap()).unwrap();
    let clock = Clock::manual(0);
    clock.set_day(today);
    let app = AppState::with_clock(
        store.clone(),
        AuthConfig { public_url: "http://x".into(), trust_forwarded_for: false },
        files,
        clock,
    )
    .await
    .unwrap();
    let (app, rotations, preceptors, coord) = (&app, &rotations, &preceptors, &coord);
    let pick = |i: usize| &rotations[(i * 7) % rotations.len()];
    let staff = |i: usize| {
        let r = pick(i);
        &preceptors[&r.2][0]
    };
    time("trainee: hours", b, |i| async move {
        let r = pick(i);
        hours::view(app, &r.1, &r.0.to_string()).await.unwrap();
    })
    .await;
    time("trainee: notes", b, |i| async move {
        let r = pick(i);
        notes::list(app, &r.1, &r.0.to_string()).await.unwrap();
    })
    .await;
    time("trainee: evaluations", b, |i| async move {
        let r = pick(i);
        evaluations::view(app, &r.1, &r.0.to_string()).await.unwrap();
    })
    .await;
    time("preceptor: hours", b, |i| async move {
        hours::view(app, staff(i), &pick(i).0.to_string()).await.unwrap();
    })
    .await;
    time("preceptor: notes", b, |i| async move {
        notes::list(app, staff(i), &pick(i).0.to_string()).await.unwrap();
    })
    .await;
    time("preceptor: one note", b, |i| async move {
        let id = pick(i).0.to_string();
        let list = notes::list(app, staff(i), &id).await.unwrap();
        notes::open(app, staff(i), &id, &list.notes[0].id.to_string()).await.unwrap();
    })
    .await;
    time("coordinator: site roster", b, |_| async move {
        matchready_app::sites::site_view(app, coord, &busiest.0.to_string()).await.unwrap();
    })
    .await;
    time("preceptor: sign a week", b, |i| async move {
        let r = &rotations[i];
        let week = hours::Signing { ids: Vec::new(), week_of: Some(r.3.to_string()) };
        let signed = hours::sign(app, &preceptors[&r.2][0], &r.0.to_string(), week).await.unwrap();
        assert!(signed.summary.signed_minutes > 0);
    })
    .await;
    // The same rotations, completed and reviewed by their trainees.
    for (id, me, _, _) in rotations.iter().take(CALLS) {
        let a = store.application(*id).await.unwrap().unwrap();
        store
            .move_application(&move_to(*id, a.status, a.version, Status::Completed, T), &Effects::default())
            .await
            .unwrap()
            .unwrap();
        let raw = RawReview {
            teaching: Some(5),
            supervision: Some(4),
            as_described: Some(4),
            overall: Some(5),
            comment: String::new(),
        };
        reviews::save(app, me, &id.to_string(), &raw).await.unwrap();
    }
    time("trainee: certificate, first issue", b, |i| async move {
        let r = &rotations[i];
        certificate::certificate(app, &r.1, &r.0.to_string()).await.unwrap();
    })
    .await;
    time("trainee: certificate, again", b, |i| async move {
        let r = &rotations[i];
        certificate::certificate(app, &r.1, &r.0.to_string()).await.unwrap();
    })
    .await;
    let mut codes = Vec::with_capacity(CALLS);
    for r in rotations.iter().take(CALLS) {
        codes.push(certificate::certificate(app, &r.1, &r.0.to_string()).await.unwrap().certificate.code);
    }
    let codes = &codes;
    time("anyone: verify a code", b, |i| async move {
        certificate::verify(app, &codes[i]).await.unwrap();
    })
    .await;
    let st: &dyn Store = store.as_ref();
    time("anyone: an experience's reviews", b, |i| async move {
        let a = st.application(rotations[i].0).await.unwrap().unwrap();
        reviews::of_experience(app, &Caller::anonymous("127.0.0.1"), &a.experience_id.to_string()).await.unwrap();
    })
    .await;
    time("trainee: certificate PDF", b, |i| async move {
        let r = &rotations[i];
        certificate::certificate_pdf(app, &r.1, &r.0.to_string()).await.unwrap();
    })
    .await;
}

fn main() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut dbs = vec![TestDb::sqlite()];
        if std::env::var("MATCHREADY_TEST_POSTGRES").is_ok() {
            dbs.push(TestDb::postgres().await);
        }
        for db in dbs {
            one(&db).await;
            db.drop_db().await;
        }
    });
}
