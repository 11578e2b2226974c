//! The list of applications with the applicant's readiness for each block
//! at a glance (eligibility, and the documents complete or what they lack),
//! so a coordinator decides without opening every row. Readiness is read
//! from the applicant's profile and vault, so it is shown only where the
//! policy lets the caller read them: the applicant's own, and the site's
//! while the applicant's file is open to it.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use matchready_core::account::{Action, Resource};
use matchready_core::application::Application;
use matchready_core::document::Document;
use matchready_core::readiness::Readiness;
use matchready_core::{Experience, RawProfile};
use serde::Serialize;
use utoipa::ToSchema;

use super::file::relation;
use super::{assess, list};
use crate::guard::{allow, logged_in};
use crate::{App, AppResult, Caller};

/// One application in a list, with the applicant's readiness for its block.
#[derive(Debug, Serialize, ToSchema)]
pub struct Listed {
    /// The application.
    #[serde(flatten)]
    pub application: Application,
    /// Eligibility and the document checklist for the block as of now, while it is still decided
    /// or held: for the applicant, and for the site while the applicant's file is open to it.
    pub readiness: Option<Readiness>,
}

/// The applications the caller may see (as [`list`]), each with readiness where the caller may
/// read the applicant's profile and documents. Each applicant's file and each experience is read
/// once, however many rows share it.
pub async fn list_with_readiness(app: &App, caller: &Caller) -> AppResult<Vec<Listed>> {
    let applications = list(app, caller).await?;
    let me = logged_in(caller)?;
    let today = app.today();
    let mut files: HashMap<i64, (Option<RawProfile>, Vec<Document>)> = HashMap::new();
    let mut experiences: HashMap<i64, Option<Experience>> = HashMap::new();
    let mut out = Vec::with_capacity(applications.len());
    for a in applications {
        let live = a.status.is_live();
        let relation = relation(me, &a, today);
        let may = allow(caller, Resource::Profile, Action::Read, relation, "such file").is_ok()
            && allow(caller, Resource::Document, Action::Read, relation, "such document").is_ok();
        let readiness = if live && may { readiness(app, &a, &mut files, &mut experiences).await? } else { None };
        out.push(Listed { application: a, readiness });
    }
    Ok(out)
}

async fn readiness(
    app: &App,
    a: &Application,
    files: &mut HashMap<i64, (Option<RawProfile>, Vec<Document>)>,
    experiences: &mut HashMap<i64, Option<Experience>>,
) -> AppResult<Option<Readiness>> {
    let experience = match experiences.entry(a.experience_id) {
        Entry::Occupied(e) => e.into_mut(),
        Entry::Vacant(e) => e.insert(app.store.experience(a.experience_id).await?),
    };
    let Some(experience) = experience.as_ref() else { return Ok(None) };
    let Some(block) = experience.blocks.iter().find(|b| b.id == a.block_id) else { return Ok(None) };
    let (profile, documents) = match files.entry(a.applicant_id) {
        Entry::Occupied(e) => e.into_mut(),
        Entry::Vacant(e) => {
            let profile = app.store.profile(a.applicant_id).await?.map(|p| p.profile);
            e.insert((profile, app.store.documents_of(a.applicant_id).await?))
        }
    };
    Ok(Some(assess(profile.as_ref(), documents, experience, block).1))
}
