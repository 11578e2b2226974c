//! The only way a letter's words leave storage: its PDF, for the author, the
//! applicant who kept the right to read it, and an admin who gives a
//! reason; every read audited. And the CV the applicant shared with the
//! author.

use matchready_core::account::{Action, AuditAction, Relation, Resource, Role};
use matchready_core::document::DocumentKind;
use matchready_store::AuditRecord;

use super::letter_of;
use crate::documents::Download;
use crate::guard::{allow, logged_in, parse_id};
use crate::{App, AppError, AppResult, Caller, Kind};

/// A version of the letter (the newest unless `version` names one) as PDF bytes and a file name. An
/// admin must give a `reason`, which the audit log keeps.
pub async fn pdf(app: &App, caller: &Caller, raw: &str, version: Option<&str>, reason: &str) -> AppResult<(Vec<u8>, String)> {
    let me = logged_in(caller)?;
    let l = letter_of(app, caller, raw, Action::Read).await?;
    allow(caller, l.text_resource(), Action::Read, l.relation(&me.actor()), &format!("letter {raw}")).map_err(|e| {
        if e.kind == Kind::Forbidden {
            e.with_message(
                "you waived the right to read this letter: programs read it; you see its status, where it went and when it was opened",
            )
        } else {
            e
        }
    })?;
    let reason = reason.trim();
    if me.role == Role::Admin && reason.chars().count() < 10 {
        return Err(AppError::invalid_field(
            "reason",
            "an admin reads a letter only with a reason (10 characters or more), which is audited",
        ));
    }
    let versions = app.store.letter_versions(l.id).await?;
    let chosen = match version.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => {
            let n = parse_id(v, "version")?;
            versions
                .iter()
                .find(|x| x.number == n)
                .ok_or_else(|| AppError::not_found(format!("no version {v} of this letter")))?
        }
        None => versions.last().ok_or_else(|| AppError::conflict("not_written", "the letter is not written yet"))?,
    };
    let bytes = matchready_files::get(app.files.as_ref(), &chosen.storage_key).await.map_err(|e| {
        tracing::error!(error = %e, letter = l.id, "stored letter missing");
        AppError::internal()
    })?;
    let subject = format!("letter:{}", l.id);
    if me.role == Role::Admin {
        // An admin's read is kept in the audit log before the letter is given, or not given at all.
        let detail = format!("version {}; reason: {reason}", chosen.number);
        let ip = Some(caller.ip.clone());
        let record = AuditRecord { at: app.now(), actor_id: Some(me.id), action: AuditAction::LetterRead, subject, ip, detail };
        app.store.audit(&record).await?;
    } else {
        let detail = format!("version {}", chosen.number);
        app.accounts.audit(Some(me.id), AuditAction::LetterRead, subject, Some(&caller.ip), detail).await;
    }
    Ok((bytes.to_vec(), format!("letter-{}-v{}.pdf", l.code, chosen.number)))
}

/// The applicant's current CV, for the author of a letter they shared it with.
pub async fn shared_cv(app: &App, caller: &Caller, raw: &str) -> AppResult<Download> {
    let l = letter_of(app, caller, raw, Action::Decide).await?;
    let none = || AppError::not_found("the applicant did not share a CV with this request");
    if !l.share_cv || !l.status.live() {
        return Err(none());
    }
    let cv = app.store.documents_of(l.applicant_id).await?.into_iter().find(|d| d.kind == DocumentKind::Cv && d.is_current());
    let cv = cv.ok_or_else(none)?;
    // Shared through this request: the author reads it as the site's staff read a file through an
    // application (`SameTenant` only then).
    allow(caller, Resource::Document, Action::Read, Relation::SameTenant, "document")?;
    crate::documents::fetch(app, caller, cv, format!(" through letter:{}", l.id)).await
}
