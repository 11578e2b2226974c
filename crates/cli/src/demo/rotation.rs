//! The demo's rotations under way and done: each trainee logs every weekday
//! of the block in the evening, and on Monday the site's preceptor signs the
//! week before, now and then returning a day with a comment, which the
//! trainee corrects that evening. The current week is left awaiting
//! sign-off, so a preceptor has something to do on first start.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use matchready_app::rotation::hours::{self, Returning, Signing};
use matchready_app::{App, AppError, Caller};
use matchready_core::application::Status;
use matchready_core::rotation::{HoursStatus, RawDay};
use matchready_core::{Catalog, Experience, Setting};
use matchready_demo::plan::Planned;

/// One rotation act of the history.
#[derive(Debug, Clone, Copy)]
pub enum Rotation {
    /// The trainee of the `i`th application logs this day.
    Log(usize, NaiveDate),
    /// The site's preceptor goes through the week starting on this Monday.
    Review(usize, NaiveDate),
    /// The trainee of the `i`th application writes the week's SOAP note.
    Note(usize, NaiveDate),
}

/// The rotation acts of the plan's applications that are under way or done by `today`, each on its day.
pub fn schedule(applications: &[Planned], catalog: &Catalog, today: NaiveDate) -> Vec<(NaiveDate, Rotation)> {
    let mut out = Vec::new();
    for (i, a) in applications.iter().enumerate() {
        if !matches!(a.expect, Status::InProgress | Status::Completed) {
            continue;
        }
        let Some(block) = catalog.experiences.iter().flat_map(|e| e.blocks.iter()).find(|b| b.id == a.block_id) else {
            continue;
        };
        let mut day = block.start_date;
        while day <= block.end_date() && day < today {
            if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                out.push((day, Rotation::Log(i, day)));
            }
            if day.weekday() == Weekday::Wed {
                out.push((day, Rotation::Note(i, day)));
            }
            // On Monday, the week before (the block's last week on the Monday after it).
            if day.weekday() == Weekday::Mon && day > block.start_date {
                out.push((day, Rotation::Review(i, day - Days::new(7))));
            }
            day = day + Days::new(1);
        }
        let after = day + Days::new(u64::from(7 - day.weekday().num_days_from_monday()) % 7);
        // The final evaluation, on the Monday after the block (one planned in progress still waits for it).
        if block.end_date() < today && after < today && a.expect == Status::Completed {
            out.push((after, Rotation::Review(i, after - Days::new(7))));
        }
    }
    out
}

const DONE: &[&str] = &[
    "Pre-rounded on four patients and presented two on rounds.",
    "Clinic: took histories and examined new patients, then presented each to the attending.",
    "Wrote two progress notes and discussed the assessments with the team.",
    "Admitted a patient with the team and drafted the admission orders for review.",
    "Morning report, then follow-up visits in clinic; reviewed labs with the resident.",
    "Case conference on heart failure, then bedside teaching on the cardiac exam.",
];

/// What the trainee logs for `day` of an experience: the usual hours of its setting.
pub fn day_of(e: &Experience, day: NaiveDate, n: usize) -> RawDay {
    let inpatient = match e.setting {
        Setting::Inpatient => true,
        Setting::Outpatient => false,
        Setting::Both => day.day().is_multiple_of(2),
    };
    let (start, end, setting) = if inpatient { ("07:00", "15:30", "inpatient") } else { ("08:30", "17:00", "outpatient") };
    // Friday afternoons are teaching.
    let setting = if day.weekday() == Weekday::Fri && n.is_multiple_of(2) { "didactics" } else { setting };
    RawDay {
        date: day.to_string(),
        start: start.into(),
        end: end.into(),
        setting: setting.into(),
        hands_on: e.kind.is_hands_on(),
        activity: DONE[(day.ordinal() as usize + n) % DONE.len()].into(),
        ..RawDay::default()
    }
}

/// The preceptor's Monday: one week in three, a day goes back with a comment (and the trainee
/// corrects it that evening, at the clock's next step; after the block, the preceptor signs the
/// correction the next morning); the rest of the week is signed.
pub async fn review(
    app: &App,
    preceptor: &Caller,
    trainee: &Caller,
    id: &str,
    monday: NaiveDate,
    n: usize,
) -> Result<(), AppError> {
    let view = hours::view(app, preceptor, id).await?;
    let sunday = monday + Days::new(6);
    // The week, and any correction of an earlier day logged since.
    let waiting: Vec<_> = view.entries.iter().filter(|e| e.status == HoursStatus::Pending && e.date <= sunday).collect();
    let week: Vec<_> = waiting.iter().filter(|e| e.date >= monday && e.corrects.is_none()).collect();
    let returned = (n.is_multiple_of(3) && !week.is_empty()).then(|| (*week[week.len() / 2]).clone());
    if let Some(e) = &returned {
        let comment = "You stayed for the afternoon admissions: put the time you really left.";
        hours::return_entry(app, preceptor, id, &e.id.to_string(), Returning { comment: comment.into() }).await?;
    }
    let ids: Vec<i64> = waiting.iter().map(|e| e.id).filter(|i| returned.as_ref().is_none_or(|r| r.id != *i)).collect();
    if !ids.is_empty() {
        hours::sign(app, preceptor, id, Signing { ids, week_of: None }).await?;
    }
    if let Some(e) = returned {
        app.clock().advance(90 * 60);
        let (start, _) = e.span.unwrap_or((480, 960));
        let raw = RawDay {
            date: e.date.to_string(),
            start: matchready_core::rotation::hours::clock(start),
            end: "18:00".into(),
            setting: e.setting.code().into(),
            hands_on: e.hands_on,
            activity: e.activity.clone(),
            ..RawDay::default()
        };
        hours::correct(app, trainee, id, &e.id.to_string(), &raw).await?;
        // After the block there is no next Monday: the preceptor signs the correction the next morning.
        if view.last_day <= sunday {
            app.clock().advance(14 * 3600);
            let pending: Vec<i64> = hours::view(app, preceptor, id)
                .await?
                .entries
                .iter()
                .filter(|e| e.status == HoursStatus::Pending)
                .map(|e| e.id)
                .collect();
            if !pending.is_empty() {
                hours::sign(app, preceptor, id, Signing { ids: pending, week_of: None }).await?;
            }
        }
    }
    Ok(())
}
