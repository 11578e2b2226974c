//! `/profile`: the applicant's profile as a form. Plain text and selects,
//! turned into the same `RawProfile` the API takes and checked by the same
//! `Profile::parse`; each problem is listed and linked to its field.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use matchready_app::profile;
use matchready_core::flags::Flag;
use matchready_core::{ApplicantType, Availability, FieldError, RawProfile, Specialty, State as UsState, Visa};
use serde::Deserialize;

use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

/// One choice of a select.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn choices<'a>(all: impl Iterator<Item = (&'a str, &'a str)>, chosen: &[String], blank: Option<&str>) -> Vec<Choice> {
    let mut out: Vec<Choice> =
        blank.map(|b| Choice { value: String::new(), label: b.into(), selected: chosen.is_empty() }).into_iter().collect();
    out.extend(all.map(|(v, l)| Choice { value: v.into(), label: l.into(), selected: chosen.iter().any(|c| c == v) }));
    out
}

/// The form as posted: every field text, so nothing is refused before we can say why.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ProfileForm {
    applicant_type: String,
    medical_school: String,
    school_country: String,
    graduation_year: String,
    step1: String,
    step1_attempts: String,
    step2_ck_score: String,
    step2_ck_attempts: String,
    ecfmg: String,
    visa: String,
    target_specialties: Vec<String>,
    preferred_states: Vec<String>,
    budget: String,
    from: Vec<String>,
    to: Vec<String>,
    languages: String,
    usce_months: String,
    date_of_birth: String,
    citizenship: String,
    passport_number: String,
}

fn number<T: std::str::FromStr>(e: &mut Vec<FieldError>, field: &'static str, raw: &str, what: &str) -> Option<T> {
    let s = raw.trim().replace([',', '$'], "");
    if s.is_empty() {
        return None;
    }
    s.parse().map_err(|_| e.push(FieldError { field, message: format!("write {what}") })).ok()
}

fn yes_no(raw: &str, yes: &str) -> Option<bool> {
    match raw {
        "" => None,
        v => Some(v == yes),
    }
}

impl ProfileForm {
    /// The profile it says, or what cannot be read.
    fn raw(&self) -> Result<RawProfile, Vec<FieldError>> {
        let mut e = Vec::new();
        let budget: Option<i64> = number(&mut e, "budget_cents", &self.budget, "a whole number of dollars, e.g. 4500");
        let mut available = Vec::new();
        for (i, (from, to)) in self.from.iter().zip(&self.to).enumerate() {
            match (from.trim(), to.trim()) {
                ("", "") => {}
                (f, t) => match (f.parse(), t.parse()) {
                    (Ok(from), Ok(to)) => available.push(Availability { from, to }),
                    _ => e.push(FieldError { field: "available", message: format!("range {}: give both dates", i + 1) }),
                },
            }
        }
        let raw = RawProfile {
            applicant_type: Some(self.applicant_type.clone()),
            medical_school: Some(self.medical_school.clone()),
            school_country: Some(self.school_country.clone()),
            graduation_year: number(&mut e, "graduation_year", &self.graduation_year, "a year, e.g. 2022"),
            step1_passed: yes_no(&self.step1, "passed"),
            step1_attempts: number(&mut e, "step1_attempts", &self.step1_attempts, "a number of attempts, e.g. 1"),
            step2_ck_score: number(&mut e, "step2_ck_score", &self.step2_ck_score, "a score from 1 to 300"),
            step2_ck_attempts: number(&mut e, "step2_ck_attempts", &self.step2_ck_attempts, "a number of attempts, e.g. 1"),
            ecfmg_certified: yes_no(&self.ecfmg, "yes"),
            visa: Some(self.visa.clone()),
            target_specialties: self.target_specialties.clone(),
            preferred_states: self.preferred_states.clone(),
            budget_cents: budget.map(|d| d.saturating_mul(100)),
            available,
            languages: self.languages.split(',').map(str::to_string).collect(),
            usce_months: number(&mut e, "usce_months", &self.usce_months, "a number of months, e.g. 2"),
            date_of_birth: match self.date_of_birth.trim() {
                "" => None,
                d => d
                    .parse()
                    .map_err(|_| e.push(FieldError { field: "date_of_birth", message: "write a date, e.g. 1996-08-14".into() }))
                    .ok(),
            },
            citizenship: Some(self.citizenship.clone()),
            passport_number: Some(self.passport_number.clone()),
        };
        if e.is_empty() { Ok(raw) } else { Err(e) }
    }

    /// The form showing a stored profile.
    fn from_raw(p: &RawProfile) -> Self {
        let text = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
        let mut from: Vec<String> = p.available.iter().map(|a| a.from.to_string()).collect();
        let mut to: Vec<String> = p.available.iter().map(|a| a.to.to_string()).collect();
        from.resize(from.len().max(3), String::new());
        to.resize(to.len().max(3), String::new());
        Self {
            applicant_type: p.applicant_type.clone().unwrap_or_default(),
            medical_school: p.medical_school.clone().unwrap_or_default(),
            school_country: p.school_country.clone().unwrap_or_default(),
            graduation_year: text(p.graduation_year),
            step1: p.step1_passed.map(|v| if v { "passed" } else { "not_passed" }).unwrap_or_default().into(),
            step1_attempts: text(p.step1_attempts),
            step2_ck_score: text(p.step2_ck_score),
            step2_ck_attempts: text(p.step2_ck_attempts),
            ecfmg: p.ecfmg_certified.map(|v| if v { "yes" } else { "no" }).unwrap_or_default().into(),
            visa: p.visa.clone().unwrap_or_default(),
            target_specialties: p.target_specialties.clone(),
            preferred_states: p.preferred_states.clone(),
            budget: p.budget_cents.map(|c| (c / 100).to_string()).unwrap_or_default(),
            from,
            to,
            languages: p.languages.join(", "),
            usce_months: text(p.usce_months),
            date_of_birth: p.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
            citizenship: p.citizenship.clone().unwrap_or_default(),
            passport_number: p.passport_number.clone().unwrap_or_default(),
        }
    }
}

/// A date range row of the form.
struct RangeRow {
    n: usize,
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    nav: Nav,
    notice: String,
    errors: Vec<FieldError>,
    f: ProfileForm,
    types: Vec<Choice>,
    visas: Vec<Choice>,
    step1: Vec<Choice>,
    ecfmg: Vec<Choice>,
    specialties: Vec<Choice>,
    states: Vec<Choice>,
    ranges: Vec<RangeRow>,
}

fn page(caller: &PageCaller, status: StatusCode, f: ProfileForm, notice: &str, errors: Vec<FieldError>) -> Response {
    let one = |v: &str| if v.is_empty() { Vec::new() } else { vec![v.to_string()] };
    let ranges =
        f.from.iter().zip(&f.to).enumerate().map(|(i, (a, b))| RangeRow { n: i + 1, from: a.clone(), to: b.clone() }).collect();
    let page = ProfilePage {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        notice: notice.into(),
        errors,
        types: choices(
            <ApplicantType as Flag>::ALL.iter().map(|t| (t.code(), t.name())),
            &one(&f.applicant_type),
            Some("Choose…"),
        ),
        visas: choices(<Visa as Flag>::ALL.iter().map(|v| (v.code(), v.name())), &one(&f.visa), Some("Choose…")),
        step1: choices(
            [("passed", "Passed"), ("not_passed", "Not passed yet")].into_iter(),
            &one(&f.step1),
            Some("Not taken / not saying"),
        ),
        ecfmg: choices([("yes", "Certified"), ("no", "Not certified yet")].into_iter(), &one(&f.ecfmg), Some("Not saying")),
        specialties: choices(Specialty::ALL.iter().map(|s| (s.code(), s.name())), &f.target_specialties, None),
        states: {
            let mut by_name: Vec<&UsState> = UsState::ALL.iter().collect();
            by_name.sort_by_key(|s| s.name());
            choices(by_name.into_iter().map(|s| (s.code(), s.name())), &f.preferred_states, None)
        },
        ranges,
        f,
    };
    render(status, &page)
}

/// GET /profile
pub async fn show(State(state): State<AppState>, caller: PageCaller) -> Response {
    match profile::get(&state, &caller).await {
        Ok(answer) => page(&caller, StatusCode::OK, ProfileForm::from_raw(&answer.profile), "", Vec::new()),
        Err(e) => super::admin::refused(e, "/profile"),
    }
}

/// POST /profile: the form's fields, then the same use case as the API.
pub async fn save(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<ProfileForm>) -> Response {
    if let Err(e) = profile::may_save(&caller) {
        return super::admin::refused(e, "/profile");
    }
    let saved = match f.raw() {
        Ok(raw) => profile::save(&state, &caller, &raw).await,
        Err(fields) => Err(matchready_app::AppError::invalid_fields("invalid_profile", fields)),
    };
    match saved {
        Ok(answer) => page(&caller, StatusCode::OK, ProfileForm::from_raw(&answer.profile), "Your profile is saved.", Vec::new()),
        Err(e) if e.kind == matchready_app::Kind::Invalid => {
            let mut shown = f.clone();
            shown.from.resize(shown.from.len().max(3), String::new());
            shown.to.resize(shown.to.len().max(3), String::new());
            page(&caller, StatusCode::BAD_REQUEST, shown, "", e.fields)
        }
        Err(e) => super::admin::refused(e, "/profile"),
    }
}
