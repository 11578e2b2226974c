//! The demo's letters of recommendation, played through the use cases on
//! the history's clock: the demo applicant's letter written on the
//! standardised form, sent to a program and opened there; and at the first
//! site a queue for its preceptor: one requested, one late (reminded, and
//! nudged), one uploaded, one declined, one uploaded to ERAS.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use matchready_app::letters::{self, Upload};
use matchready_app::{App, AppError, Caller, Clock};
use matchready_core::application::Application;
use matchready_core::letters::delivery::RawDestination;
use matchready_core::letters::form::{RawLetterForm, Signature};
use matchready_core::letters::request::RawLetterRequest;
use matchready_demo::plan::Plan;

/// A rotation a letter may come from: its trainee, its site's preceptor, the application.
pub struct Source {
    /// The trainee.
    pub trainee: Caller,
    /// The site's preceptor (the author).
    pub author: Caller,
    /// The rotation.
    pub rotation: Application,
}

#[derive(Clone, Copy)]
enum Story {
    Delivered,
    Late,
    Requested,
    Uploaded,
    Declined,
    Eras,
}

/// Where a program's link opens in the demo.
const PROGRAM_IP: &str = "198.51.100.23";

fn at(clock: &Clock, day: NaiveDate, hour: i64) {
    clock.set_day(day);
    clock.advance(hour * 3600);
}

fn ask(author: &Caller, specialty: &str, due_on: NaiveDate, waive: bool, eras_id: &str) -> RawLetterRequest {
    RawLetterRequest {
        author_id: author.id().unwrap_or_default(),
        specialty: specialty.into(),
        programs: String::new(),
        due_on: due_on.to_string(),
        note: "Thank you for teaching me on the rotation. I am applying in this specialty this season.".into(),
        waiver: if waive { "waive" } else { "keep" }.into(),
        share_cv: true,
        statement: String::new(),
        eras_id: eras_id.into(),
    }
}

fn signature(site: &str, specialty: &str) -> Signature {
    Signature {
        name: String::new(),
        title: "Attending physician and clerkship director".into(),
        specialty: specialty.into(),
        institution: site.into(),
        contact: "Through the site's clinical education office".into(),
    }
}

fn form(site: &str, trainee: &str, specialty: &str) -> RawLetterForm {
    let s = signature(site, specialty);
    RawLetterForm {
        compared_with: "45".into(),
        overall: "excellent".into(),
        patient_care: "excellent".into(),
        medical_knowledge: "very_good".into(),
        practice_based_learning: "excellent".into(),
        communication: "outstanding".into(),
        professionalism: "outstanding".into(),
        systems_based_practice: String::new(),
        narrative: format!(
            "{trainee} rotated with our team and carried their own patients from admission to discharge. Their histories were \
             thorough, their presentations organised, and they followed up every result without being asked.\n\nThey would be a \
             welcome resident in any program; I recommend them highly."
        ),
        title: s.title,
        specialty: s.specialty,
        institution: s.institution,
        contact: s.contact,
    }
}

fn pdf(trainee: &str, author: &str) -> Vec<u8> {
    let lines = [
        "To the program director,".to_string(),
        String::new(),
        format!("I supervised {trainee} on our inpatient service and recommend them to your program."),
        "They were reliable, kind with patients and eager to learn.".into(),
        String::new(),
        format!("Sincerely, {author}"),
    ];
    matchready_files::letter_pdf(&lines.iter().map(String::as_str).collect::<Vec<_>>(), (612, 792), false)
}

async fn play_one(app: &App, clock: &Clock, s: &Source, story: Story, today: NaiveDate) -> Result<(), AppError> {
    let id = s.rotation.id.to_string();
    let (trainee, author) = (&s.trainee, &s.author);
    let name = s.rotation.applicant_name.clone();
    let site = s.rotation.site_name.clone();
    let (back, waive, eras) = match story {
        Story::Delivered => (40, true, ""),
        Story::Late => (30, true, ""),
        Story::Requested => (3, true, ""),
        Story::Uploaded => (20, false, ""),
        Story::Declined => (25, true, ""),
        Story::Eras => (35, true, "17365204-A3F2"),
    };
    // Asked a few days into the rotation at the earliest; each step counted from the request.
    let asked = (today - Days::new(back)).max(s.rotation.start_date + Days::new(3));
    let on = |k: u64| asked + Days::new(k);
    let past = |d: NaiveDate| d < today;
    at(clock, asked, 9);
    let due_on = match story {
        Story::Late => on(18),
        Story::Delivered | Story::Eras => on(21),
        _ => today + Days::new(24),
    };
    // For the rotation's own specialty.
    let specialty = app.store.experience(s.rotation.experience_id).await?.map(|e| e.specialty.code()).unwrap_or("general");
    let l = letters::request(app, trainee, &id, &ask(author, specialty, due_on, waive, eras)).await?;
    let lid = l.letter.id.to_string();
    let field = matchready_core::letters::request::specialty_name(specialty);
    let letter = || Upload { file: pdf(&name, &author_name(author)), signature: signature(&site, field) };
    match story {
        Story::Requested => {}
        Story::Declined => {
            at(clock, on(2), 14);
            let why = "I supervised you for only a few days; the attending who saw you every day can write a stronger letter.";
            letters::decline(app, author, &lid, why).await?;
        }
        Story::Late => {
            at(clock, on(3), 10);
            letters::accept(app, author, &lid).await?;
            // The reminders as the server's calendar sends them: three days before, and the day after.
            for d in [due_on - Days::new(3), due_on + Days::new(1)].into_iter().filter(|d| past(*d)) {
                at(clock, d, 23);
                letters::remind_letters(app).await?;
            }
            if past(due_on + Days::new(3)) {
                at(clock, (due_on + Days::new(3)).max(today - Days::new(5)), 19);
                letters::nudge(app, trainee, &lid).await?;
            }
        }
        Story::Uploaded => {
            at(clock, on(1), 8);
            letters::accept(app, author, &lid).await?;
            at(clock, on(6), 9);
            letters::ask(app, author, &lid, "Which programs are you applying to, so I can tailor the letter?").await?;
            at(clock, on(7), 20);
            letters::answer(app, trainee, &lid, "Internal medicine programs in New York and New Jersey, mostly community-based.")
                .await?;
            at(clock, on(14).min(today - Days::new(1)), 21);
            letters::upload(app, author, &lid, letter()).await?;
        }
        Story::Eras => {
            at(clock, on(1), 8);
            letters::accept(app, author, &lid).await?;
            at(clock, on(8), 21);
            letters::upload(app, author, &lid, letter()).await?;
            at(clock, on(9), 8);
            letters::confirm_eras(app, author, &lid).await?;
        }
        Story::Delivered => {
            at(clock, on(1), 8);
            letters::accept(app, author, &lid).await?;
            at(clock, on(8), 21);
            letters::save_form(app, author, &lid, &form(&site, &name, field), false).await?;
            at(clock, on(12), 20);
            letters::save_form(app, author, &lid, &form(&site, &name, field), true).await?;
            at(clock, on(15), 10);
            let to = RawDestination {
                program: "Brooklyn Community Hospital — Graduate Medical Education".into(),
                contact: "im.residency@brooklyn-community.example.org".into(),
            };
            letters::send(app, trainee, &lid, &to).await?;
            let link = app.store.outbox(50).await.map_err(AppError::from)?.into_iter().find_map(|m| {
                let at = m.body.find("/letters/open/")?;
                (m.to == to.contact).then(|| m.body[at + 14..].split_whitespace().next().unwrap_or_default().to_string())
            });
            at(clock, on(17), 15);
            if let Some(token) = link {
                letters::open_link(app, &Caller::anonymous(PROGRAM_IP), &token).await?;
            }
        }
    }
    Ok(())
}

fn author_name(c: &Caller) -> String {
    c.user.as_ref().map(|u| u.name.clone()).unwrap_or_default()
}

impl Story {
    /// Days from the request to today the story needs.
    fn needs(self) -> i64 {
        match self {
            Self::Delivered => 18,
            Self::Late => 22,
            Self::Requested => 0,
            Self::Uploaded => 8,
            Self::Declined => 3,
            Self::Eras => 10,
        }
    }
}

/// Plays the letters: one of `yours` (the demo applicant's rotations) gets a delivered letter; the
/// first site's rotations the other stories, each on a rotation long enough ago for it. Returns how
/// many letters were asked for.
pub async fn play(app: &App, clock: &Clock, yours: &[Source], first_site: &[Source], today: NaiveDate) -> usize {
    let room = |s: &Source| (today - (s.rotation.start_date + Days::new(3))).num_days();
    let mut picks: Vec<(&Source, Story)> = Vec::new();
    if let Some(s) = yours.iter().find(|s| room(s) >= Story::Delivered.needs()) {
        picks.push((s, Story::Delivered));
    }
    let mut left: Vec<&Source> = first_site.iter().collect();
    for story in [Story::Late, Story::Eras, Story::Uploaded, Story::Declined, Story::Requested, Story::Delivered] {
        if let Some(i) = left.iter().position(|s| room(s) >= story.needs()) {
            picks.push((left.remove(i), story));
        }
    }
    let mut played = 0;
    for (s, story) in picks {
        match play_one(app, clock, s, story, today).await {
            Ok(()) => played += 1,
            Err(e) => tracing::warn!(code = e.code, message = %e.message, "a demo letter was refused"),
        }
    }
    played
}

/// The letters of the rotations under way or done: the demo applicant's, and the first site's.
pub(super) async fn of_history(
    app: &App,
    clock: &Clock,
    cast: &super::history::Cast,
    plan: &Plan,
    ids: &HashMap<usize, String>,
    today: NaiveDate,
) -> usize {
    use matchready_core::application::Status;
    let (mut yours, mut first) = (Vec::new(), Vec::new());
    for (i, a) in plan.applications.iter().enumerate() {
        let Some(author) = cast.preceptors.get(&a.site_id) else { continue };
        let Some(id) = ids.get(&i).and_then(|id| id.parse::<i64>().ok()) else { continue };
        let Ok(Some(rotation)) = app.store.application(id).await else { continue };
        if !matches!(rotation.status, Status::InProgress | Status::Completed) {
            continue;
        }
        let source = Source { trainee: cast.applicant(a.who).clone(), author: author.clone(), rotation };
        match (a.who, a.site_id) {
            (None, _) => yours.push(source),
            (Some(_), 1) => first.push(source),
            _ => {}
        }
    }
    play(app, clock, &yours, &first, today).await
}
