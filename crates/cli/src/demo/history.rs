//! The demo's history, replayed: the seeded plan of `matchready_demo::plan`
//! played through the use cases, as each person would have taken each step,
//! on a clock moved day by day from the first sign-up to today. The accounts
//! are made directly, confirmed and vouched for, as `matchready user add`
//! makes them; after that every profile, vault, timeline, ledger entry,
//! seat and email is what real use makes, and the calendar lapses, starts
//! and ends seats as it would have.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate};
use matchready_app::applications::{self, StepBody};
use matchready_app::documents::{self, Upload};
use matchready_app::{App, AppError, Caller, Clock, money, paying, profile};
use matchready_core::Catalog;
use matchready_core::account::Role;
use matchready_demo::DemoConfig;
use matchready_demo::people::{Person, PlannedDocument};
use matchready_demo::plan::{Plan, Planned, Step, plan};
use matchready_store::NewUser;

use super::rotation::{self, Rotation};

/// What the replay did.
#[derive(Debug, Default)]
pub struct Played {
    /// Applicants who joined.
    pub people: usize,
    /// Applications made.
    pub applications: usize,
    /// Steps taken (applying included).
    pub steps: usize,
    /// Steps refused (each is logged; none should be).
    pub refused: usize,
    /// Emails the history wrote (marked delivered).
    pub emails: usize,
    /// Letters of recommendation asked for.
    pub letters: usize,
    /// Consultations booked.
    pub calls: usize,
}

/// Where the steps come from: the address every demo request is said to come from.
const IP: &str = "127.0.0.1";

/// One thing done on a day.
enum Act<'p> {
    /// An applicant signs up, fills the profile and uploads the vault.
    Join(Option<usize>, &'p Person),
    /// An applicant has this season's flu shot and adds it to their immunization record.
    FluShot(Option<usize>, &'p Person),
    /// The `n`th step of the `i`th planned application.
    Step(usize, usize),
    /// A day of a rotation: its hours logged, or a week signed.
    Rotation(Rotation),
}

/// Plays the plan for `catalog` (just stored, made from `config`) through `app`'s use cases, on a
/// clock of its own; the demo accounts exist already, and everyone else gets `hash` as password.
pub async fn play(app: &App, catalog: &Catalog, config: &DemoConfig, hash: &str) -> anyhow::Result<Played> {
    let plan = plan(catalog, config);
    let clock = Clock::manual(0);
    clock.set_day(plan.first_day);
    let past = app.on_clock(clock.clone());
    let cast = Cast::sign_up(&past, &plan, catalog, hash).await?;
    let mut days: BTreeMap<NaiveDate, Vec<Act>> = BTreeMap::new();
    let everyone = std::iter::once((None, &plan.you)).chain(plan.people.iter().enumerate().map(|(i, p)| (Some(i), p)));
    for (who, p) in everyone {
        days.entry(p.joined).or_default().push(Act::Join(who, p));
        if let Some(day) = flu_shot(p, who.map_or(0, |i| i + 1), config.today) {
            days.entry(day).or_default().push(Act::FluShot(who, p));
        }
    }
    for (i, a) in plan.applications.iter().enumerate() {
        for (n, (day, _)) in a.steps.iter().enumerate() {
            days.entry(*day).or_default().push(Act::Step(i, n));
        }
    }
    for (day, r) in rotation::schedule(&plan.applications, catalog, config.today) {
        days.entry(day).or_default().push(Act::Rotation(r));
    }
    let mut played = Played::default();
    let before = app.store.outbox(1).await?.first().map_or(0, |m| m.id);
    let mut ids: HashMap<usize, String> = HashMap::new();
    // Each applicant's immunization record, by the id of its current version.
    let mut records: HashMap<Option<usize>, String> = HashMap::new();
    let mut day = plan.first_day;
    while day < config.today {
        // The day's work from eight in the morning, a few minutes apart (closer on a busy day);
        // the reminders (and the calendar again) run at eleven at night.
        // Just after midnight the calendar moves what the day brings (a rotation starts).
        clock.set_day(day);
        clock.advance(-12 * 3600 + 300);
        if let Err(e) = applications::sweep(&past).await {
            tracing::warn!(code = e.code, "the demo calendar failed");
        }
        clock.advance(8 * 3600 - 300);
        let acts = days.remove(&day).unwrap_or_default();
        let gap = (14 * 3600 / (acts.len() as i64 + 1)).min(7 * 60);
        for act in acts {
            clock.advance(gap);
            match act {
                Act::Join(who, person) => match join(&past, cast.applicant(who), person).await {
                    Ok(record) => {
                        records.extend(record.map(|r| (who, r)));
                        played.people += 1;
                    }
                    Err(e) => {
                        played.refused += 1;
                        tracing::warn!(error = %e, "a demo applicant could not join");
                    }
                },
                Act::FluShot(who, person) => {
                    let (Some(record), Some(entries)) = (records.get(&who), immunizations(person)) else { continue };
                    let entries = matchready_core::immunization::Immunizations { influenza_on: Some(day), ..entries };
                    let me = cast.applicant(who);
                    match documents::edit_entries(&past, me, record, entries).await {
                        Ok(changed) => {
                            records.insert(who, changed.id.to_string());
                        }
                        Err(e) => {
                            played.refused += 1;
                            tracing::warn!(error = %refused(&person.email, "flu shot", e), "a demo step was refused");
                        }
                    }
                }
                Act::Rotation(r) => {
                    // Hours are logged and signed after the day's work.
                    let evening = day.and_hms_opt(17, 30, 0).map_or(0, |t| t.and_utc().timestamp());
                    clock.set(clock.now().max(evening));
                    played.steps += 1;
                    if let Err(e) = rotate(&past, &cast, &plan, catalog, &ids, r).await {
                        played.refused += 1;
                        tracing::warn!(code = e.code, message = %e.message, "a demo rotation step was refused");
                    }
                }
                Act::Step(i, n) => {
                    let a = &plan.applications[i];
                    played.steps += 1;
                    if let Err(e) = step(&past, &cast, a, a.steps[n].1, &mut ids, i).await {
                        played.refused += 1;
                        tracing::warn!(block = a.block_id, code = e.code, message = %e.message, "a demo step was refused");
                    }
                }
            }
        }
        clock.set_day(day);
        clock.advance(11 * 3600);
        nightly(&past).await;
        day = day + Days::new(1);
    }
    played.letters = super::letters::of_history(&past, &clock, &cast, &plan, &ids, config.today).await;
    match super::advising::play(app, hash).await {
        Ok(calls) => played.calls = calls,
        Err(e) => tracing::warn!(error = %e, "the demo consultations could not be played"),
    }
    // Today, as the server's own calendar would find it on its first tick.
    clock.set(app.now());
    nightly(&past).await;
    played.applications = ids.len();
    played.emails = delivered(app, before).await?;
    Ok(played)
}

/// Logs a rotation's day or goes through its week, as the trainee or the site's preceptor.
async fn rotate(
    app: &App,
    cast: &Cast,
    plan: &Plan,
    catalog: &Catalog,
    ids: &HashMap<usize, String>,
    r: Rotation,
) -> Result<(), AppError> {
    let i = match r {
        Rotation::Log(i, _) | Rotation::Review(i, _) | Rotation::Note(i, _) => i,
    };
    let a = &plan.applications[i];
    let id = ids.get(&i).ok_or_else(|| AppError::not_found("the application was never made"))?;
    let trainee = cast.applicant(a.who);
    match r {
        Rotation::Log(_, day) => {
            let e = catalog.experiences.iter().find(|e| e.id == a.experience_id);
            let e = e.ok_or_else(|| AppError::not_found("no experience"))?;
            matchready_app::rotation::hours::log(app, trainee, id, &rotation::day_of(e, day, i)).await.map(drop)
        }
        Rotation::Review(_, monday) => {
            let preceptor = cast.preceptors.get(&a.site_id).ok_or_else(|| AppError::not_found("no preceptor"))?;
            let n = i + monday.ordinal() as usize / 7;
            rotation::review(app, preceptor, trainee, id, monday, n).await?;
            let day = monday + chrono::Days::new(7);
            let block = catalog.experiences.iter().flat_map(|e| e.blocks.iter()).find(|b| b.id == a.block_id);
            let last = block.is_some_and(|b| day > b.end_date());
            super::notes::review(app, preceptor, trainee, id, n, last).await?;
            super::evaluations::review(app, preceptor, id, day, n).await?;
            // The final in after the last day completes it: the trainee reviews the rotation.
            super::evaluations::rate(app, trainee, id, a.experience_id, n).await
        }
        Rotation::Note(_, day) => {
            let e = catalog.experiences.iter().find(|e| e.id == a.experience_id);
            let specialty = e.ok_or_else(|| AppError::not_found("no experience"))?.specialty;
            super::notes::write(app, trainee, id, i + day.ordinal() as usize / 7, specialty).await
        }
    }
}

/// The calendar and the reminders the server runs every minute.
async fn nightly(app: &App) {
    for (what, done) in [
        ("calendar", applications::sweep(app).await),
        ("documents", documents::remind_expiring(app).await),
        ("deposits", paying::remind_deposits(app).await),
        ("hours", matchready_app::rotation::remind_unsigned(app).await),
        ("evaluations", matchready_app::rotation::evaluations::remind_evaluations(app).await),
        ("letters", matchready_app::letters::remind_letters(app).await),
        ("consultations", matchready_app::advising::remind_calls(app).await),
    ] {
        if let Err(e) = done {
            tracing::warn!(what, code = e.code, "a demo night's job failed");
        }
    }
}

/// The history's emails (those after `before`) went out when they were written: none waits for the
/// SMTP server.
async fn delivered(app: &App, before: i64) -> anyhow::Result<usize> {
    let mut n = 0;
    for mail in app.store.unsent_emails(100_000, i64::from(i32::MAX)).await?.into_iter().filter(|m| m.id > before) {
        app.store.mark_email(mail.id, Ok(mail.created_at)).await?;
        n += 1;
    }
    Ok(n)
}

/// Everyone who acts in the history, as callers.
pub(super) struct Cast {
    you: Caller,
    people: Vec<Caller>,
    /// Each deciding site's coordinator.
    coordinators: HashMap<i64, Caller>,
    /// Each deciding site's preceptor, who signs its rotations' hours (at the first site, also
    /// takes some decisions).
    pub(super) preceptors: HashMap<i64, Caller>,
}

impl Cast {
    /// Makes the accounts of the plan's people and staff, each on the day they joined.
    async fn sign_up(app: &App, plan: &Plan, catalog: &Catalog, hash: &str) -> anyhow::Result<Self> {
        let store = app.store.as_ref();
        let noon = |d: NaiveDate| d.and_hms_opt(12, 0, 0).map_or(0, |t| t.and_utc().timestamp());
        let new = |email: &str, name: &str, role, site_id, now| NewUser {
            email: email.to_string(),
            name: name.to_string(),
            role,
            site_id,
            password_hash: Some(hash.to_string()),
            email_verified: true,
            host_verified: role != Role::Applicant,
            now,
        };
        let mut people = Vec::with_capacity(plan.people.len());
        for p in &plan.people {
            let user = store.create_user(&new(&p.email, &p.name, Role::Applicant, None, noon(p.joined))).await?;
            people.push(Caller::member(user.with_context(|| format!("{} exists already", p.email))?, IP));
        }
        let mut coordinators = HashMap::new();
        let mut preceptors = HashMap::new();
        for s in &plan.staff {
            let user =
                store.create_user(&new(&s.email, &s.name, Role::Coordinator, Some(s.site_id), noon(plan.first_day))).await?;
            coordinators.insert(s.site_id, Caller::member(user.with_context(|| format!("{} exists already", s.email))?, IP));
            // The site's teaching physician: the one its first experience names.
            let name = catalog
                .experiences
                .iter()
                .find(|e| e.site.id == s.site_id)
                .and_then(|e| e.preceptors.first())
                .map_or_else(|| format!("Dr. {}", s.name), |p| p.name.clone());
            let email = format!("preceptor.site{}@example.org", s.site_id);
            let user = store.create_user(&new(&email, &name, Role::Preceptor, Some(s.site_id), noon(plan.first_day))).await?;
            preceptors.insert(s.site_id, Caller::member(user.with_context(|| format!("{email} exists already"))?, IP));
        }
        coordinators.insert(1, existing(app, "coordinator@example.org").await?);
        preceptors.insert(1, existing(app, "preceptor@example.org").await?);
        Ok(Self { you: existing(app, &plan.you.email).await?, people, coordinators, preceptors })
    }

    pub(super) fn applicant(&self, who: Option<usize>) -> &Caller {
        who.map_or(&self.you, |i| &self.people[i])
    }
}

/// One of the demo accounts, made before the history.
async fn existing(app: &App, email: &str) -> anyhow::Result<Caller> {
    let user = app.store.user_by_email(email).await?.with_context(|| format!("the demo account {email} is missing"))?.0;
    Ok(Caller::member(user, IP))
}

/// Fills the profile and uploads the vault, as a newcomer does on their first day; returns the
/// immunization record's id.
async fn join(app: &App, me: &Caller, person: &Person) -> anyhow::Result<Option<String>> {
    profile::save(app, me, &person.profile).await.map_err(|e| refused(&person.email, "profile", e))?;
    let mut record = None;
    for d in &person.documents {
        app.clock().advance(90);
        let kept = documents::upload(app, me, upload(person, d)).await.map_err(|e| refused(&person.email, d.kind.code(), e))?;
        if d.immunizations.is_some() {
            record = Some(kept.id.to_string());
        }
    }
    Ok(record)
}

fn immunizations(person: &Person) -> Option<matchready_core::immunization::Immunizations> {
    person.documents.iter().find_map(|d| d.immunizations.clone())
}

/// The day in the last October before `today` (and after joining) when the `n`th person has this
/// season's flu shot, if their record has none from it. Those whose record lacks the shot altogether
/// (about one in twelve) stay without it, so some checklists still ask for it.
fn flu_shot(person: &Person, n: usize, today: NaiveDate) -> Option<NaiveDate> {
    let had = immunizations(person)?.influenza_on?;
    let year = if today.month() >= 11 { today.year() } else { today.year() - 1 };
    let day = NaiveDate::from_ymd_opt(year, 10, 2 + (n * 5 % 27) as u32)?;
    (day > person.joined && day < today && had < day - Days::new(240)).then_some(day)
}

fn refused(who: &str, what: &str, e: AppError) -> anyhow::Error {
    anyhow::anyhow!("the demo {what} of {who} was refused: {} ({})", e.message, e.code)
}

/// A vault document as the upload form sends it, with a one-page PDF standing for the scan.
fn upload(person: &Person, d: &PlannedDocument) -> Upload {
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut lines = vec![person.name.clone()];
    if let Some(on) = d.issued_on {
        lines.push(format!("Issued {}", matchready_core::dates::day(on)));
    }
    if let Some(on) = d.expires_on {
        lines.push(format!("Valid until {}", matchready_core::dates::day(on)));
    }
    lines.push("A demo document: it stands for the real one.".into());
    Upload {
        kind: d.kind.code().into(),
        issued_on: day(d.issued_on),
        expires_on: day(d.expires_on),
        immunizations: d.immunizations.as_ref().and_then(|i| serde_json::to_string(i).ok()).unwrap_or_default(),
        file: Some(matchready_demo::pdf::document(d.kind.name(), &lines)),
        name: format!("{}.pdf", d.kind.code()),
        ..Upload::default()
    }
}

/// Takes one planned step as the person who takes it.
async fn step(
    app: &App,
    cast: &Cast,
    a: &Planned,
    step: Step,
    ids: &mut HashMap<usize, String>,
    i: usize,
) -> Result<(), AppError> {
    let applicant = cast.applicant(a.who);
    let coordinator = cast.coordinators.get(&a.site_id).ok_or_else(|| AppError::not_found("no coordinator"))?;
    let preceptor = cast.preceptors.get(&a.site_id).filter(|_| a.by_preceptor);
    let decider = preceptor.unwrap_or(coordinator);
    if step == Step::Apply {
        let made = applications::submit(app, applicant, a.block_id).await?;
        ids.insert(i, made.id.to_string());
        return Ok(());
    }
    let id = ids.get(&i).ok_or_else(|| AppError::not_found("the application was never made"))?;
    let (who, name) = match step {
        Step::Pay(cents) => {
            let how = if cents % 2 == 0 { "Wire transfer" } else { "Card payment" };
            let body = money::Recorded { kind: "payment".into(), amount_cents: cents, description: how.into() };
            return money::record(app, coordinator, id, body).await.map(drop);
        }
        Step::Apply => return Ok(()),
        Step::Review => (decider, "review"),
        Step::Offer => (decider, "offer"),
        Step::Waitlist => (decider, "waitlist"),
        Step::Reject => (decider, "reject"),
        Step::Accept => (applicant, "accept"),
        Step::Withdraw => (applicant, "withdraw"),
    };
    applications::step_named(app, who, id, name, StepBody::default()).await.map(drop)
}
