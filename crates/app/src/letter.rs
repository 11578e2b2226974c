//! The B-1 invitation letter: after a seat is confirmed, an applicant who
//! will come on a B-1/B-2 visa downloads a letter from the site for the
//! consulate. This gathers the facts (profile, site, experience, the site's
//! coordinator) and decides the purpose in the visa's terms; `matchready-pdf`
//! lays it out.

use matchready_core::account::{Action, Role, User};
use matchready_core::application::Status;
use matchready_core::{Experience, Profile, Visa};
use matchready_pdf::{Applicant, LetterData, Purpose, Signatory, SiteHead};

use crate::applications::target;
use crate::{App, AppError, AppResult, Caller};

/// What the profile must say before a letter can state it, in the words of
/// the profile page.
fn missing(p: &Profile) -> Vec<&'static str> {
    [
        ("date of birth", p.date_of_birth.is_none()),
        ("nationality (citizenship)", p.citizenship.is_none()),
        ("passport number", p.passport_number.is_none()),
        ("medical school", p.medical_school.is_none()),
        ("school's country", p.school_country.is_none()),
    ]
    .into_iter()
    .filter_map(|(what, absent)| absent.then_some(what))
    .collect()
}

/// "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The supervising physician: the lead preceptor's name and board certification.
fn preceptor(e: &Experience) -> String {
    match e.preceptors.first() {
        Some(p) => match &p.board_certification {
            Some(board) => format!("{} (board certified: {board})", p.name),
            None => p.name.clone(),
        },
        None => format!("the clinical faculty of {}", e.site.name),
    }
}

/// Who signs: the site's first verified coordinator, else its clinical education office.
fn signatory(staff: &[User], e: &Experience) -> Signatory {
    let coordinator = staff.iter().filter(|u| u.role == Role::Coordinator && u.host_verified && !u.disabled).min_by_key(|u| u.id);
    match coordinator {
        Some(c) => Signatory {
            name: c.name.clone(),
            title: "Clinical education coordinator".into(),
            email: c.email.clone(),
            phone: e.site.phone.clone(),
        },
        None => Signatory {
            name: "Clinical Education Office".into(),
            title: String::new(),
            email: e.site.email.clone(),
            phone: e.site.phone.clone(),
        },
    }
}

/// A site as its letterhead shows it, on every document it issues.
pub(crate) fn site_head(site: &matchready_core::Site) -> SiteHead {
    SiteHead {
        name: site.name.clone(),
        address: site.address.clone(),
        city: site.city.clone(),
        state: site.state.name().to_string(),
        postal_code: site.postal_code.clone(),
        phone: site.phone.clone(),
        email: site.email.clone(),
    }
}

/// The B-1 invitation letter for a confirmed seat, as a PDF (applicants coming on a B-1/B-2 visa only).
pub async fn invitation_letter(app: &App, caller: &Caller, id: &str) -> AppResult<Vec<u8>> {
    let a = target(app, caller, id, Action::Read).await?;
    let conflict = |m: &str| AppError::conflict("no_letter", m.to_string());
    if !matches!(a.status, Status::Confirmed | Status::InProgress) {
        return Err(conflict("the letter comes once the seat is confirmed (deposit recorded)"));
    }
    let profile =
        app.store.profile(a.applicant_id).await?.and_then(|p| Profile::parse(&p.profile, None).ok()).unwrap_or_default();
    if profile.visa != Some(Visa::B1B2) {
        return Err(conflict("a B-1 invitation letter is for applicants coming on a B-1/B-2 visa; the profile says otherwise"));
    }
    let absent = missing(&profile);
    if !absent.is_empty() {
        return Err(AppError::conflict(
            "letter_needs_profile",
            format!(
                "the letter states the applicant's {}, as in the passport: add them on the profile page (/profile), then download the letter again",
                and_list(&absent)
            ),
        ));
    }
    let applicant = app.store.user(a.applicant_id).await?.ok_or_else(|| AppError::not_found("no such applicant"))?;
    let experience = app.store.experience(a.experience_id).await?.ok_or_else(|| AppError::not_found("no such experience"))?;
    let staff = app.store.users(Some(experience.site.id)).await?;
    let student = profile.applicant_type.is_some_and(|t| t.is_student());
    let purpose = if experience.kind.is_hands_on() && student { Purpose::Clerkship } else { Purpose::Observership };
    let site = &experience.site;
    let data = LetterData {
        date: app.today(),
        reference: format!("MatchReady application {}", a.id),
        site: site_head(site),
        applicant: Applicant {
            name: applicant.name.clone(),
            date_of_birth: profile.date_of_birth.unwrap_or_default(),
            citizenship: profile.citizenship.clone().unwrap_or_default(),
            passport_number: profile.passport_number.clone().unwrap_or_default(),
            medical_school: profile.medical_school.clone().unwrap_or_default(),
            school_country: profile.school_country.clone().unwrap_or_default(),
        },
        experience: matchready_pdf::Experience {
            title: experience.title.clone(),
            specialty: experience.specialty.name().to_string(),
            kind: if experience.kind.is_hands_on() {
                format!("{} (hands-on)", experience.kind.name())
            } else {
                format!("{} (observation only)", experience.kind.name())
            },
            start: a.start_date,
            end: a.end_date,
            preceptor: preceptor(&experience),
        },
        purpose,
        signatory: signatory(&staff, &experience),
    };
    // Layout takes tens of milliseconds of CPU: off the async workers.
    let made = tokio::task::spawn_blocking(move || matchready_pdf::b1_letter(&data)).await;
    match made {
        Ok(Ok(pdf)) => Ok(pdf),
        Ok(Err(e)) => {
            tracing::error!(error = %e, application = a.id, "B-1 letter layout failed");
            Err(AppError::internal())
        }
        Err(e) => {
            tracing::error!(error = %e, application = a.id, "B-1 letter task failed");
            Err(AppError::internal())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_missing_facts_are_named_in_a_sentence() {
        assert_eq!(and_list(&missing(&Profile::default())[..3]), "date of birth, nationality (citizenship) and passport number");
        let complete = Profile {
            date_of_birth: chrono::NaiveDate::from_ymd_opt(1996, 8, 14),
            citizenship: Some("Egypt".into()),
            passport_number: Some("A12345678".into()),
            medical_school: Some("Cairo University Faculty of Medicine".into()),
            school_country: Some("Egypt".into()),
            ..Profile::default()
        };
        assert!(missing(&complete).is_empty());
        assert_eq!(and_list(&["passport number"]), "passport number");
    }
}
