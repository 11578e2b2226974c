//! The demo's consultations, played through the use cases on a clock of their own: two advisors
//! in two time zones (New York, with daylight saving, and Kolkata, without) with their hours and
//! paid sessions; the demo applicant's free call, held two weeks ago and written up with a
//! summary and a rotation plan, a paid session booked for the days ahead, and one cancelled in
//! time; another applicant's call with the second advisor.

use anyhow::Context;
use matchready_app::advising::after::{self, WriteUp};
use matchready_app::advising::book::{self, BookInput};
use matchready_app::advising::setup;
use matchready_app::{App, Caller, Clock};
use matchready_core::account::Role;
use matchready_core::advising::call::Offering;
use matchready_core::advising::setup::{RawHours, RawSetup};
use matchready_core::plan::RawPlanOptions;
use matchready_store::NewUser;

const IP: &str = "127.0.0.1";

fn week(days: &[&str], spans: &[(&str, &str)]) -> Vec<RawHours> {
    days.iter()
        .flat_map(|d| spans.iter().map(move |(s, e)| RawHours { weekday: (*d).into(), start: (*s).into(), end: (*e).into() }))
        .collect()
}

fn setup_in(zone: &str, weekly: Vec<RawHours>, link: &str) -> RawSetup {
    RawSetup {
        zone: zone.into(),
        weekly,
        exceptions: Vec::new(),
        notice_hours: 24,
        buffer_minutes: 15,
        cancel_hours: 48,
        late_cancel_percent: 50,
        video_link: link.into(),
    }
}

async fn member(app: &App, email: &str) -> anyhow::Result<Caller> {
    let user = app.store.user_by_email(email).await?.with_context(|| format!("the demo account {email} is missing"))?.0;
    Ok(Caller::member(user, IP))
}

/// The first open time of an offering, as a booking.
async fn first_open(app: &App, who: &Caller, advisor: i64, offering: i64, zone: &str, skip: usize) -> anyhow::Result<BookInput> {
    let open =
        book::open(app, who, &advisor.to_string(), &offering.to_string(), zone).await.map_err(|e| anyhow::anyhow!(e.message))?;
    let slot = open.get(skip).or(open.first()).context("an advisor with no open time")?;
    let start = chrono::DateTime::from_timestamp(slot.starts_at, 0).unwrap_or_default().to_rfc3339();
    Ok(BookInput { advisor_id: advisor, offering_id: offering, start, zone: zone.into() })
}

/// Plays the consultations; `hash` is the demo password's, for the second advisor.
pub async fn play(app: &App, hash: &str) -> anyhow::Result<usize> {
    let now = app.now();
    let kavya = NewUser {
        email: "kavya.rao@example.org".into(),
        name: "Dr. Kavya Rao".into(),
        role: Role::Advisor,
        site_id: None,
        password_hash: Some(hash.to_string()),
        email_verified: true,
        host_verified: true,
        now: now - 60 * 86_400,
    };
    app.store.create_user(&kavya).await?;
    let clock = Clock::manual(now - 16 * 86_400);
    let past = app.on_clock(clock.clone());
    let (avery, kavya) = (member(&past, "advisor@example.org").await?, member(&past, "kavya.rao@example.org").await?);
    let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    let fail = |e: matchready_app::AppError| anyhow::anyhow!("{}: {}", e.code, e.message);
    setup::save(
        &past,
        &avery,
        &setup_in(
            "America/New_York",
            week(&weekdays, &[("09:00", "12:00"), ("14:00", "17:00")]),
            "https://meet.example.org/avery-advisor",
        ),
    )
    .await
    .map_err(fail)?;
    setup::save(
        &past,
        &kavya,
        &setup_in(
            "Asia/Kolkata",
            week(&["monday", "wednesday", "saturday"], &[("18:00", "21:30")]),
            "https://meet.example.org/kavya-rao",
        ),
    )
    .await
    .map_err(fail)?;
    let strategy = Offering {
        name: "Match strategy session".into(),
        minutes: 60,
        price_cents: 150_00,
        intro: false,
        covers: "Your program list, your rotation plan and your letters: what to do in the next six months.".into(),
    };
    let review = Offering {
        name: "Rotation plan review".into(),
        minutes: 45,
        price_cents: 95_00,
        intro: false,
        covers: "Your plan of rotations, block by block, against your budget and dates.".into(),
    };
    let strategy = setup::offer(&past, &avery, &strategy).await.map_err(fail)?.id;
    let review = setup::offer(&past, &avery, &review).await.map_err(fail)?.id;
    let hers = Offering {
        name: "Match strategy session".into(),
        minutes: 60,
        price_cents: 120_00,
        intro: false,
        covers: "Where to apply, how many programs, and what your application needs before September.".into(),
    };
    setup::offer(&past, &kavya, &hers).await.map_err(fail)?;
    let cards = setup::directory(&past, &avery).await.map_err(fail)?;
    let intro_of =
        |id: i64| cards.iter().find(|c| c.id == id).and_then(|c| c.offerings.iter().find(|o| o.offering.intro)).map(|o| o.id);
    let (avery_id, kavya_id) = (avery.user.as_ref().map_or(0, |u| u.id), kavya.user.as_ref().map_or(0, |u| u.id));
    let (avery_intro, kavya_intro) = (intro_of(avery_id).context("no intro")?, intro_of(kavya_id).context("no intro")?);

    // Amara's free call, two weeks ago, held and written up with a plan.
    let amara = member(&past, "applicant@example.org").await?;
    let call = book::book(&past, &amara, &first_open(&past, &amara, avery_id, avery_intro, "Africa/Lagos", 0).await?)
        .await
        .map_err(fail)?;
    clock.set(call.starts_at + 60);
    let id = call.id.to_string();
    after::hold(&past, &avery, &id).await.map_err(fail)?;
    clock.set(call.ends_at + 1800);
    let summary = "We went through where you stand: Step 1 passed, a B-1 visa, internal medicine first. \
                   Next steps: 1) book observerships with preceptors who write letters (the plan below keeps to your $6,500); \
                   2) ask for a letter in the last week of each; 3) book a strategy session once Step 2 CK is scheduled.";
    let plan =
        RawPlanOptions { weight_letters: Some("35".into()), weight_travel: Some("60".into()), ..RawPlanOptions::default() };
    let w = WriteUp {
        notes: "Anxious about the visa interview; has family in Houston.".into(),
        summary: summary.into(),
        plan: Some(plan),
    };
    after::write_up(&past, &avery, &id, &w).await.map_err(fail)?;

    // Another applicant's call with the second advisor, held last week.
    let others = past.store.users(None).await?;
    let other = others.into_iter().find(|u| u.role == Role::Applicant && u.email != "applicant@example.org");
    let mut made = 1;
    if let Some(other) = other {
        let who = Caller::member(other, IP);
        clock.set(now - 9 * 86_400);
        let theirs = book::book(&past, &who, &first_open(&past, &who, kavya_id, kavya_intro, "Asia/Karachi", 0).await?)
            .await
            .map_err(fail)?;
        clock.set(theirs.starts_at + 60);
        after::hold(&past, &kavya, &theirs.id.to_string()).await.map_err(fail)?;
        let w = WriteUp {
            summary: "Start with two hands-on rotations in the spring; we meet again in March.".into(),
            ..WriteUp::default()
        };
        after::write_up(&past, &kavya, &theirs.id.to_string(), &w).await.map_err(fail)?;
        made += 1;
    }

    // Today: a paid session in the days ahead, and a review booked and cancelled in time.
    let amara = member(app, "applicant@example.org").await?;
    book::book(app, &amara, &first_open(app, &amara, avery_id, strategy, "Africa/Lagos", 2).await?).await.map_err(fail)?;
    let dropped =
        book::book(app, &amara, &first_open(app, &amara, avery_id, review, "Africa/Lagos", 30).await?).await.map_err(fail)?;
    book::cancel(app, &amara, &dropped.id.to_string()).await.map_err(fail)?;
    Ok(made + 2)
}
