//! The certificate of completion: once a rotation completes, its trainee,
//! the site's staff and admins read it, as a PDF and as a signed credential
//! (`credential.rs`); anyone checks a code at `/verify/{code}`, which
//! confirms what the certificate says and nothing more, and answers the same
//! "not found" for a code never issued and one revoked. What it says is fixed
//! when it is issued; when what it certifies changes afterwards (late hours
//! signed; a name spelled anew is not enough), the next download issues a new one and the older, no longer true, stops
//! verifying. A revoked certificate stays revoked until what it would say
//! changes.

use matchready_core::account::{Action, Resource};
use matchready_core::application::{Application, Status};
use matchready_core::dates;
use matchready_core::rotation::HoursSummary;
use matchready_core::rotation::certificate::{Certificate, CertificateFacts, code_of, parse_code};
use matchready_core::rotation::evaluation::EvalKind;
use matchready_core::rotation::hours::hours_text;
use serde::Serialize;
use utoipa::ToSchema;

use super::{may, rotation_of};
use crate::guard::logged_in;
use crate::{App, AppError, AppResult, Caller};

/// A certificate with where it is checked.
#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateView {
    /// The certificate.
    pub certificate: Certificate,
    /// The public page that confirms it.
    pub verify_url: String,
    /// Older certificates of the same rotation (superseded when what they said changed, or revoked).
    pub earlier: Vec<Certificate>,
    /// Whether the caller may revoke them (the site's coordinators, admins).
    pub can_revoke: bool,
}

/// What `/verify/{code}` confirms: what the certificate says, and when it was issued.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verified {
    /// The code, as issued.
    pub code: String,
    /// What the certificate says.
    pub facts: CertificateFacts,
    /// When it was issued, seconds since 1970.
    pub issued_at: i64,
}

fn not_found() -> AppError {
    AppError::not_found("no certificate has this code: check it against the certificate (16 letters and digits after MR)")
}

/// What a rotation's certificate says now.
async fn facts_of(app: &App, a: &Application) -> AppResult<CertificateFacts> {
    let e = app.store.experience(a.experience_id).await?.ok_or_else(|| AppError::not_found("no such experience"))?;
    let (_, entries) = app.store.hours(a.id).await?;
    let sum = HoursSummary::of(&entries);
    // Who supervised: the preceptor who wrote the final evaluation, else the experience's lead.
    let author = app.store.evaluations(a.id).await?.into_iter().find(|e| e.kind == EvalKind::Final && e.submitted);
    let lead = || e.preceptors.first().map(|p| p.name.clone()).unwrap_or_else(|| format!("the faculty of {}", e.site.name));
    Ok(CertificateFacts {
        trainee: a.applicant_name.clone(),
        experience: e.title.clone(),
        kind: e.kind.name().to_string(),
        hands_on_usce: e.kind.is_hands_on(),
        specialty: e.specialty.name().to_string(),
        site: e.site.name.clone(),
        place: format!("{}, {}", e.site.city, e.site.state.code()),
        preceptor: author.map(|f| f.author_name).unwrap_or_else(lead),
        start_date: a.start_date,
        end_date: a.end_date,
        hands_on_minutes: sum.hands_on_minutes,
        observing_minutes: sum.observing_minutes,
        signed_days: sum.signed_days,
    })
}

/// Whether two statements of a certificate agree on what it certifies: the dates, the signed hours
/// and whether it counts as hands-on USCE (names aside).
fn same_substance(a: &CertificateFacts, b: &CertificateFacts) -> bool {
    (a.start_date, a.end_date, a.hands_on_minutes, a.observing_minutes, a.signed_days, a.hands_on_usce)
        == (b.start_date, b.end_date, b.hands_on_minutes, b.observing_minutes, b.signed_days, b.hands_on_usce)
}

/// The signed hours in words: "160 hours: 120 hours hands-on, 40 hours observing, over 20 days".
pub fn hours_words(f: &CertificateFacts) -> String {
    let days = if f.signed_days == 1 { "1 day".to_string() } else { format!("{} days", f.signed_days) };
    format!(
        "{}: {} hands-on, {} observing, over {days}",
        hours_text(f.hands_on_minutes + f.observing_minutes),
        hours_text(f.hands_on_minutes),
        hours_text(f.observing_minutes)
    )
}

/// How the experience counts, in words.
pub fn counts_as(f: &CertificateFacts) -> &'static str {
    if f.hands_on_usce {
        "Hands-on US clinical experience (USCE)"
    } else {
        "Observation or remote experience: not hands-on US clinical experience"
    }
}

fn random_code() -> AppResult<String> {
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).map_err(|e| {
        tracing::error!(error = %e, "no randomness for a certificate code");
        AppError::internal()
    })?;
    Ok(code_of(bytes))
}

/// The completed rotation `raw` names, if the caller may read its certificate.
pub(crate) async fn completed(app: &App, caller: &Caller, raw: &str) -> AppResult<Application> {
    let a = rotation_of(app, caller, raw, Resource::Certificate, Action::Read).await?;
    if a.status != Status::Completed {
        return Err(AppError::conflict(
            "not_completed",
            "the certificate is issued once the rotation completes: after its last day, when the preceptor's final evaluation is in",
        ));
    }
    Ok(a)
}

/// The rotation's certificate, issued now if none states what it would say today.
pub async fn certificate(app: &App, caller: &Caller, raw: &str) -> AppResult<CertificateView> {
    let a = completed(app, caller, raw).await?;
    let mut facts = facts_of(app, &a).await?;
    // A name spelled anew (the trainee's account, the site) is no reason to void a certificate a
    // program holds: only the hours, the dates and what it counts as make a new one.
    if let Some(newest) = app.store.certificates(a.id).await?.into_iter().next()
        && same_substance(&newest.facts, &facts)
    {
        facts = newest.facts;
    }
    let certificate = app.store.issue_certificate(a.id, &random_code()?, &facts, app.now()).await?;
    if let Some(at) = certificate.revoked_at {
        let why = certificate.revoked_reason.as_deref().unwrap_or("no reason given");
        return Err(AppError::conflict(
            "certificate_revoked",
            format!(
                "the certificate was revoked on {} ({why}); a new one is issued once what it says is corrected",
                dates::day_of(at)
            ),
        ));
    }
    let earlier = app.store.certificates(a.id).await?.into_iter().filter(|c| c.code != certificate.code).collect();
    let can_revoke = may(caller, &a, Resource::Certificate, Action::Cancel);
    Ok(CertificateView { verify_url: app.link(&format!("/verify/{}", certificate.code)), certificate, earlier, can_revoke })
}

/// The rotation's certificate as a PDF, and a name for the file.
pub async fn certificate_pdf(app: &App, caller: &Caller, raw: &str) -> AppResult<(Vec<u8>, String)> {
    let view = certificate(app, caller, raw).await?;
    let a = app.store.application(view.certificate.application_id).await?.ok_or_else(AppError::internal)?;
    let e = app.store.experience(a.experience_id).await?.ok_or_else(|| AppError::not_found("no such experience"))?;
    let (c, f) = (&view.certificate, &view.certificate.facts);
    let data = matchready_pdf::CertificateData {
        date: dates::date_of(c.issued_at),
        code: c.code.clone(),
        verify_url: view.verify_url.clone(),
        site: crate::letter::site_head(&e.site),
        trainee: f.trainee.clone(),
        experience: f.experience.clone(),
        kind: f.kind.clone(),
        counts_as: counts_as(f).to_string(),
        specialty: f.specialty.clone(),
        preceptor: f.preceptor.clone(),
        start: f.start_date,
        end: f.end_date,
        hours: hours_words(f),
    };
    let id = a.id;
    let made = tokio::task::spawn_blocking(move || matchready_pdf::certificate(&data)).await;
    match made {
        Ok(Ok(pdf)) => Ok((pdf, format!("certificate-{}.pdf", c.code))),
        Ok(Err(e)) => {
            tracing::error!(error = %e, application = id, "certificate layout failed");
            Err(AppError::internal())
        }
        Err(e) => {
            tracing::error!(error = %e, application = id, "certificate layout panicked");
            Err(AppError::internal())
        }
    }
}

/// Anyone checks a code: what the certificate says, or "not found" alike for a code never issued,
/// one revoked, and text that cannot be a code.
pub async fn verify(app: &App, raw_code: &str) -> AppResult<Verified> {
    let code = parse_code(raw_code).ok_or_else(not_found)?;
    match app.store.certificate(&code).await? {
        Some(c) if c.revoked_at.is_none() => Ok(Verified { code: c.code, facts: c.facts, issued_at: c.issued_at }),
        _ => Err(not_found()),
    }
}

/// The site's coordinator (or an admin) revokes one of the rotation's certificates, saying why; it
/// no longer verifies, and no new one is issued until what it would say changes.
pub async fn revoke(app: &App, caller: &Caller, raw: &str, raw_code: &str, reason: &str) -> AppResult<()> {
    let me = logged_in(caller)?;
    let a = rotation_of(app, caller, raw, Resource::Certificate, Action::Cancel).await?;
    let code = parse_code(raw_code).ok_or_else(not_found)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 300 || reason.chars().any(char::is_control) {
        return Err(AppError::invalid_field("reason", "say why it is revoked, in at most 300 characters on one line"));
    }
    let ours = app.store.certificate(&code).await?.filter(|c| c.application_id == a.id).ok_or_else(not_found)?;
    if !app.store.revoke_certificate(&ours.code, me.id, reason, app.now()).await? {
        return Err(AppError::conflict("already_revoked", "this certificate was already revoked"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_it_certifies_makes_a_new_certificate() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let f = CertificateFacts {
            trainee: "Ana Lima".into(),
            experience: "Clerkship".into(),
            kind: "Clerkship".into(),
            hands_on_usce: true,
            specialty: "Internal Medicine".into(),
            site: "Harbor".into(),
            place: "Brooklyn, NY".into(),
            preceptor: "Dr. Reyes".into(),
            start_date: d("2027-03-01"),
            end_date: d("2027-03-28"),
            hands_on_minutes: 480,
            observing_minutes: 0,
            signed_days: 1,
        };
        let renamed = CertificateFacts { trainee: "Ana Lima Souza".into(), site: "Harbor Health".into(), ..f.clone() };
        assert!(same_substance(&f, &renamed), "names alone");
        assert!(!same_substance(&f, &CertificateFacts { observing_minutes: 60, ..f.clone() }), "hours");
        assert!(!same_substance(&f, &CertificateFacts { end_date: d("2027-03-21"), ..f.clone() }), "dates");
        assert!(!same_substance(&f, &CertificateFacts { hands_on_usce: false, ..f.clone() }), "what it counts as");
    }
}
