//! A rotation's hours: the trainee logs and corrects days, the site's
//! preceptors sign them (one by one or a week at once) or return them with a
//! comment, coordinators read them; a week left unsigned reminds the
//! preceptors. The rules are the core's (`rotation::hours`); every change is
//! judged on the entries as read and lands only if they did not move.

use chrono::{Datelike, Days, NaiveDate};
use matchready_core::account::{Action, Resource};
use matchready_core::application::Application;
use matchready_core::dates;
use matchready_core::rotation::hours::{self, Day, HoursEvent, transition};
use matchready_core::rotation::{HoursEntry, HoursStatus, HoursSummary, RawDay};
use matchready_store::{HoursDecision, NewHours};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{loggable, may, not_loggable, rotation_of, signable};
use crate::guard::{logged_in, parse_id};
use crate::{App, AppError, AppResult, Caller};

/// How many times a change is judged again when the hours moved under it.
const ATTEMPTS: usize = 8;

/// A rotation's hours as the caller may see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct HoursView {
    /// The rotation (application).
    pub application_id: i64,
    /// The experience.
    pub experience_title: String,
    /// The trainee.
    pub trainee_name: String,
    /// The block's first day.
    pub first_day: NaiveDate,
    /// The block's last day.
    pub last_day: NaiveDate,
    /// Every entry, oldest day first (replaced ones included, marked so).
    pub entries: Vec<HoursEntry>,
    /// The sums.
    pub summary: HoursSummary,
    /// Whether the caller may log a day now.
    pub can_log: bool,
    /// Whether the caller may sign or return days now.
    pub can_sign: bool,
}

/// Entries to sign: by id, or every pending entry of the week (Monday to Sunday) holding `week_of`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct Signing {
    /// The entries.
    pub ids: Vec<i64>,
    /// A day of the week to sign, `YYYY-MM-DD`.
    pub week_of: Option<String>,
}

/// Why an entry goes back.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct Returning {
    /// What to correct (at most 500 characters).
    pub comment: String,
}

/// The caller's view of a rotation's hours.
pub async fn view(app: &App, caller: &Caller, raw: &str) -> AppResult<HoursView> {
    let a = rotation_of(app, caller, raw, Resource::Hours, Action::Read).await?;
    // Site staff see the trainee's name as long as the file is open to them, as elsewhere.
    let staff = caller.user.as_ref().is_some_and(|u| u.site_id.is_some());
    let a = if staff { crate::applications::named_while_open(a, app.today()) } else { a };
    let (_, entries) = app.store.hours(a.id).await?;
    let summary = HoursSummary::of(&entries);
    let can_log = may(caller, &a, Resource::Hours, Action::Create) && loggable(&a, app.today());
    let can_sign = may(caller, &a, Resource::Hours, Action::Decide) && signable(&a);
    Ok(HoursView {
        application_id: a.id,
        experience_title: a.experience_title,
        trainee_name: a.applicant_name,
        first_day: a.start_date,
        last_day: a.end_date,
        entries,
        summary,
        can_log,
        can_sign,
    })
}

/// Refuses an activity note that looks like it identifies someone.
fn no_identifiers(day: &Day) -> AppResult<()> {
    match matchready_phi::scan(&day.activity).first() {
        None => Ok(()),
        Some(s) => {
            let found: String = day.activity.get(s.bytes.clone()).unwrap_or_default().to_string();
            Err(AppError::invalid_field(
                "activity",
                format!(
                    "'{found}' looks like an identifier ({}): hours notes must not identify anyone; write 'a patient' or 'my preceptor' instead",
                    s.kind.as_str()
                ),
            ))
        }
    }
}

fn parsed(raw: &RawDay) -> AppResult<Day> {
    let day = hours::parse(raw).map_err(|f| AppError::invalid_fields("invalid_hours", f))?;
    no_identifiers(&day)?;
    Ok(day)
}

/// Logs a day of the caller's rotation.
pub async fn log(app: &App, caller: &Caller, raw: &str, body: &RawDay) -> AppResult<HoursEntry> {
    let a = rotation_of(app, caller, raw, Resource::Hours, Action::Create).await?;
    if !loggable(&a, app.today()) {
        return Err(not_loggable(&a));
    }
    let day = parsed(body)?;
    keep(app, &a, &day, None).await
}

/// Logs a correction of one of the caller's entries, on the same day: a pending or returned one is
/// replaced at once, a signed one once the correction is signed in turn. A returned entry may be
/// corrected for as long as the preceptor may return entries.
pub async fn correct(app: &App, caller: &Caller, raw: &str, raw_entry: &str, body: &RawDay) -> AppResult<HoursEntry> {
    let a = rotation_of(app, caller, raw, Resource::Hours, Action::Create).await?;
    let day = parsed(body)?;
    let id = parse_id(raw_entry, "entry")?;
    keep(app, &a, &day, Some(id)).await
}

/// What a correction of `id` stands for: the entry it corrects in the end (a signed one at the root
/// of a correction not yet signed), and the entries not yet signed it replaces at once.
fn correcting(entries: &[HoursEntry], id: i64, day: &Day) -> AppResult<(i64, Vec<i64>)> {
    let old = entries.iter().find(|e| e.id == id).ok_or_else(|| AppError::not_found(format!("no entry {id}")))?;
    if transition(old.status, HoursEvent::Replace).is_none() {
        return Err(AppError::conflict("already_replaced", "this entry was already corrected; correct the new one"));
    }
    if old.date != day.date {
        let message =
            format!("a correction keeps the day of the entry, {}; log another day as a new entry", dates::day(old.date));
        return Err(AppError::invalid_field("date", message));
    }
    let signed_root = old.corrects.and_then(|c| entries.iter().find(|e| e.id == c && e.status == HoursStatus::Signed));
    let root = match (old.status, signed_root) {
        (HoursStatus::Signed, _) => old.id,
        (_, Some(r)) => r.id,
        _ => old.id,
    };
    // Every open correction of the root goes, and the old entry itself unless it is the signed root.
    let mut now: Vec<i64> = entries
        .iter()
        .filter(|e| e.corrects == Some(root) && matches!(e.status, HoursStatus::Pending | HoursStatus::Returned))
        .map(|e| e.id)
        .collect();
    if old.status != HoursStatus::Signed && !now.contains(&old.id) {
        now.push(old.id);
    }
    Ok((root, now))
}

async fn keep(app: &App, a: &Application, day: &Day, corrects: Option<i64>) -> AppResult<HoursEntry> {
    for _ in 0..ATTEMPTS {
        let (version, entries) = app.store.hours(a.id).await?;
        let (corrects, replace_now) = match corrects {
            None if !loggable(a, app.today()) => return Err(not_loggable(a)),
            None => (None, Vec::new()),
            Some(id) => {
                let (root, now) = correcting(&entries, id, day)?;
                let returned = entries.iter().any(|e| e.id == id && e.status == HoursStatus::Returned);
                let may_correct = loggable(a, app.today()) || (returned && signable(a));
                if !may_correct {
                    return Err(not_loggable(a));
                }
                // The root differs from the entry only when it is a signed entry being corrected.
                (Some(root), now)
            }
        };
        // Judged without what it replaces (and, for a signed root, without the root).
        let mut without = replace_now.clone();
        without.extend(corrects);
        hours::check(day, a.start_date, a.end_date, app.today(), &entries, &without)
            .map_err(|f| AppError::invalid_fields("invalid_hours", f))?;
        let new = NewHours { application_id: a.id, day: day.clone(), corrects, replace_now, now: app.now() };
        if let Some(kept) = app.store.log_hours(&new, version).await? {
            return Ok(kept);
        }
    }
    Err(AppError::conflict("changed", "the hours changed meanwhile; reload and try again"))
}

/// The Monday-to-Sunday week holding `day`, if the calendar has room for it.
fn week(day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let monday = day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))?;
    Some((monday, monday.checked_add_days(Days::new(6))?))
}

/// Most entries one decision may name.
pub const MAX_IDS: usize = 200;

/// Signs entries of a rotation at the caller's site: the ones named, or a whole week's.
pub async fn sign(app: &App, caller: &Caller, raw: &str, body: Signing) -> AppResult<HoursView> {
    let a = rotation_of(app, caller, raw, Resource::Hours, Action::Decide).await?;
    decide_on(app, caller, &a, &body, HoursStatus::Signed, String::new()).await?;
    view(app, caller, raw).await
}

/// Returns one pending entry to the trainee with a comment; they are emailed.
pub async fn return_entry(app: &App, caller: &Caller, raw: &str, raw_entry: &str, body: Returning) -> AppResult<HoursView> {
    let a = rotation_of(app, caller, raw, Resource::Hours, Action::Decide).await?;
    let comment = body.comment.trim().replace("\r\n", "\n");
    if comment.is_empty() {
        return Err(AppError::invalid_field("comment", "say what to correct"));
    }
    if comment.chars().count() > hours::MAX_ACTIVITY || comment.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::invalid_field("comment", "keep it to 500 characters of plain text"));
    }
    // The comment is emailed: no identifiers in it either.
    if let Some(s) = matchready_phi::scan(&comment).first() {
        let found = comment.get(s.bytes.clone()).unwrap_or_default();
        let message = format!("'{found}' looks like an identifier ({}): comments must not identify anyone", s.kind.as_str());
        return Err(AppError::invalid_field("comment", message));
    }
    let id = parse_id(raw_entry, "entry")?;
    decide_on(app, caller, &a, &Signing { ids: vec![id], week_of: None }, HoursStatus::Returned, comment).await?;
    view(app, caller, raw).await
}

async fn decide_on(
    app: &App,
    caller: &Caller,
    a: &Application,
    body: &Signing,
    to: HoursStatus,
    comment: String,
) -> AppResult<()> {
    let me = logged_in(caller)?;
    if !signable(a) {
        return Err(AppError::conflict("not_in_progress", "hours are signed once the rotation has started"));
    }
    let event = if to == HoursStatus::Signed { HoursEvent::Sign } else { HoursEvent::Return };
    for _ in 0..ATTEMPTS {
        let (version, entries) = app.store.hours(a.id).await?;
        let ids: Vec<i64> = match body.week_of.as_deref().map(str::trim) {
            Some(raw) => {
                let day: NaiveDate = raw
                    .parse()
                    .map_err(|_| AppError::invalid_field("week_of", format!("'{raw}' is not a date; write YYYY-MM-DD")))?;
                let outside = || {
                    AppError::invalid_field(
                        "week_of",
                        format!("give a day of the block, {}", dates::span(a.start_date, a.end_date)),
                    )
                };
                // Any day of a week the block touches (a block may start mid-week).
                let (monday, sunday) = week(day).ok_or_else(outside)?;
                if sunday < a.start_date || monday > a.end_date {
                    return Err(outside());
                }
                let ids: Vec<i64> = entries
                    .iter()
                    .filter(|e| e.status == HoursStatus::Pending && e.date >= monday && e.date <= sunday)
                    .map(|e| e.id)
                    .collect();
                if ids.is_empty() {
                    let what = format!("nothing awaits sign-off in the week of {}", dates::day(monday));
                    return Err(AppError::conflict("nothing_to_sign", what));
                }
                ids
            }
            None if body.ids.is_empty() => return Err(AppError::invalid_field("ids", "choose the entries to sign")),
            None if body.ids.len() > MAX_IDS => {
                return Err(AppError::invalid_field("ids", format!("sign at most {MAX_IDS} entries at once, or a week")));
            }
            None => {
                let mut ids = body.ids.clone();
                ids.sort_unstable();
                ids.dedup();
                ids
            }
        };
        let mut replaced = Vec::new();
        let mut emails = Vec::new();
        for id in &ids {
            let e = entries.iter().find(|e| e.id == *id).ok_or_else(|| AppError::not_found(format!("no entry {id}")))?;
            if transition(e.status, event).is_none() {
                let what =
                    format!("the entry for {} is {}, not awaiting sign-off", dates::day(e.date), e.status.name().to_lowercase());
                return Err(AppError::conflict("not_pending", what));
            }
            let corrected = e.corrects.and_then(|c| entries.iter().find(|o| o.id == c));
            if let Some(old) = corrected.filter(|o| o.status == HoursStatus::Signed && to == HoursStatus::Signed) {
                replaced.push(old.id);
            }
            if to == HoursStatus::Returned {
                emails.push(returned_email(app, a, e, &comment).await?);
            }
        }
        let decision = HoursDecision {
            application_id: a.id,
            ids,
            to,
            comment: comment.clone(),
            replaced,
            emails,
            by: me.id,
            now: app.now(),
        };
        if app.store.decide_hours(&decision, version).await? {
            return Ok(());
        }
    }
    Err(AppError::conflict("changed", "the hours changed meanwhile; reload and try again"))
}

async fn returned_email(
    app: &App,
    a: &Application,
    e: &HoursEntry,
    comment: &str,
) -> AppResult<matchready_core::account::mail::Message> {
    let trainee = app.store.user(a.applicant_id).await?.ok_or_else(AppError::internal)?;
    let link = app.link(&format!("/applications/{}/hours", a.id));
    Ok(matchready_core::account::mail::hours_returned(
        &trainee.email,
        &trainee.name,
        &a.experience_title,
        &dates::day(e.date),
        comment,
        &link,
    ))
}
