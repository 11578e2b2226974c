//! The applicant's file as the site reviewing an application sees it: the
//! profile, readiness for the block, and the documents the block asks for.
//! Site staff read it only while the application is live (see the core's
//! `Application::file_open`); the policy is asked for the profile and for
//! the documents, and every download is audited. Besides the documents the
//! block asks for, the site keeps the versions it read through this
//! application after the applicant replaced or removed them.

use matchready_core::RawProfile;
use matchready_core::account::{Action, Relation, Resource, User};
use matchready_core::application::Application;
use matchready_core::document::Document;
use matchready_core::readiness::Readiness;
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApplicationView, assess, target, with_timeline};
use crate::documents::{Download, fetch};
use crate::guard::{allow, logged_in, parse_id};
use crate::{App, AppError, AppResult, Caller};

/// What a site sees of an application: the applicant, their profile, their readiness and their documents.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationFile {
    /// The application and its timeline.
    #[serde(flatten)]
    pub view: ApplicationView,
    /// The applicant's name.
    pub applicant_name: String,
    /// The applicant's email.
    pub applicant_email: String,
    /// Their profile.
    pub profile: RawProfile,
    /// Eligibility and the document checklist for this block.
    pub readiness: Readiness,
    /// The documents this block asks for that are on file (download each through this application; audited).
    pub documents: Vec<Document>,
    /// Versions the site read through this application that the applicant has since replaced or removed.
    pub earlier: Vec<Document>,
}

/// How the caller stands to the applicant's personal data through `a`: their own, the site's while
/// the file is open, and otherwise unrelated (which the policy refuses to site staff).
pub(super) fn relation(me: &User, a: &Application, today: chrono::NaiveDate) -> Relation {
    let site = a.file_open(today).then_some(a.site_id);
    Relation::of(&me.actor(), Some(a.applicant_id), site)
}

/// What of the applicant's file the caller may read through `a`, after asking the policy.
async fn open_file(
    app: &App,
    caller: &Caller,
    a: &Application,
) -> AppResult<(RawProfile, Readiness, Vec<Document>, Vec<Document>)> {
    let me = logged_in(caller)?;
    let relation = relation(me, a, app.today());
    let closed = "the applicant's file closed when this application ended";
    allow(caller, Resource::Profile, Action::Read, relation, "such file").map_err(|e| e.with_message(closed))?;
    let profile = app.store.profile(a.applicant_id).await?.map(|p| p.profile).unwrap_or_default();
    let experience = app.store.experience(a.experience_id).await?.ok_or_else(|| AppError::not_found("no such experience"))?;
    let block =
        experience.blocks.iter().find(|b| b.id == a.block_id).cloned().ok_or_else(|| AppError::not_found("no such block"))?;
    let vault = app.store.documents_of(a.applicant_id).await?;
    let (_, readiness) = assess(Some(&profile), &vault, &experience, &block);
    // Only the documents the block's checklist asks for, never the rest of the vault.
    let asked: Vec<i64> = readiness.checklist.iter().filter_map(|c| c.document_id).collect();
    if allow(caller, Resource::Document, Action::Read, relation, "such document").is_err() {
        return Ok((profile, readiness, Vec::new(), Vec::new()));
    }
    let documents = vault.into_iter().filter(|d| asked.contains(&d.id)).collect();
    let earlier = app.store.documents_read_through(a.id, a.applicant_id).await?.into_iter().filter(|d| !d.is_current()).collect();
    Ok((profile, readiness, documents, earlier))
}

/// The application's file, for the site reviewing it and for the applicant.
pub async fn application_file(app: &App, caller: &Caller, raw: &str) -> AppResult<ApplicationFile> {
    let a = target(app, caller, raw, Action::Read).await?;
    let (profile, readiness, documents, earlier) = open_file(app, caller, &a).await?;
    let applicant = app.store.user(a.applicant_id).await?.ok_or_else(|| AppError::not_found("no such applicant"))?;
    Ok(ApplicationFile {
        view: with_timeline(app, a).await?,
        applicant_name: applicant.name,
        applicant_email: applicant.email,
        profile,
        readiness,
        documents,
        earlier,
    })
}

/// One of the documents of an application's file, for the site reviewing it (audited).
pub async fn document(app: &App, caller: &Caller, raw: &str, document_raw: &str) -> AppResult<Download> {
    let a = target(app, caller, raw, Action::Read).await?;
    let missing = || AppError::not_found(format!("no document {document_raw} in application {}", a.id));
    let id = parse_id(document_raw, "document").map_err(|_| missing())?;
    let (_, _, documents, earlier) =
        open_file(app, caller, &a).await.map_err(|e| if e.kind == crate::Kind::Internal { e } else { missing() })?;
    let document = documents.into_iter().chain(earlier).find(|d| d.id == id).ok_or_else(missing)?;
    // The applicant's own reads are theirs; a site's first read is remembered, so it keeps what it read.
    let download = fetch(app, caller, document, format!(" via application {}", a.id)).await?;
    if a.applicant_id != caller.id().unwrap_or_default() {
        app.store.note_document_read(download.document.id, a.id, app.now()).await?;
    }
    Ok(download)
}
