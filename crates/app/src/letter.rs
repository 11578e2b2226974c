//! The B-1 invitation letter: after a seat is confirmed, an applicant who
//! will come on a B-1/B-2 visa downloads a letter from the site for the
//! consulate, as a PDF made here (no template files, no network).

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use matchready_core::account::Action;
use matchready_core::application::Status;
use matchready_core::{Profile, Visa};

use crate::applications::target;
use crate::{App, AppError, AppResult, Caller};

fn pdf_text(s: &str) -> Vec<u8> {
    s.chars().map(|c| if c.is_ascii() && !c.is_ascii_control() { c } else { '?' }).collect::<String>().into_bytes()
}

/// A one-page letter-size PDF of `lines` in Helvetica (a blank line is a paragraph break).
pub fn letter_pdf(lines: &[String]) -> Result<Vec<u8>, lopdf::Error> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 11.into()]),
        Operation::new("TL", vec![15.into()]),
        Operation::new("Td", vec![72.into(), 720.into()]),
    ];
    for line in lines {
        ops.push(Operation::new("Tj", vec![Object::string_literal(pdf_text(line))]));
        ops.push(Operation::new("T*", vec![]));
    }
    ops.push(Operation::new("ET", vec![]));
    let content = doc.add_object(Stream::new(dictionary! {}, Content { operations: ops }.encode()?));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content, "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    });
    doc.objects
        .insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
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
    let applicant = app.store.user(a.applicant_id).await?.ok_or_else(|| AppError::not_found("no such applicant"))?;
    let experience = app.store.experience(a.experience_id).await?.ok_or_else(|| AppError::not_found("no such experience"))?;
    let student = profile.applicant_type.is_some_and(|t| t.is_student());
    let activity = if experience.kind.is_hands_on() && student {
        "an elective clinical clerkship, as part of the medical education of a student enrolled at a medical school outside the United States"
    } else {
        "an observership: observation only, with no hands-on patient care"
    };
    let today = app.today();
    let mut lines = vec![
        experience.site.name.clone(),
        format!("{}, {}", experience.site.city, experience.site.state.name()),
        String::new(),
        today.format("%B %-d, %Y").to_string(),
        String::new(),
        "To the Consular Officer:".to_string(),
        String::new(),
        format!("We invite {} to {} at our site,", applicant.name, experience.title),
        format!("from {} to {}.", a.start_date.format("%B %-d, %Y"), a.end_date.format("%B %-d, %Y")),
        String::new(),
    ];
    lines.extend(
        format!("The visit is {activity}. It is unpaid: {} receives no salary or other compensation from us.", applicant.name)
            .split_inclusive([':', '.'])
            .map(|l| l.trim().to_string()),
    );
    if let Some(school) = &profile.medical_school {
        lines.push(format!(
            "Medical school: {school}{}.",
            profile.school_country.as_ref().map(|c| format!(", {c}")).unwrap_or_default()
        ));
    }
    lines.extend([
        String::new(),
        format!(
            "The seat is confirmed (application {} in MatchReady). The applicant pays their own travel and living costs.",
            a.id
        ),
        String::new(),
        "Sincerely,".to_string(),
        format!("Clinical education office, {}", experience.site.name),
    ]);
    let pdf = letter_pdf(&lines).map_err(|e| {
        tracing::error!(error = %e, "letter PDF failed");
        AppError::internal()
    })?;
    Ok(pdf)
}
