//! What a round looks like to one applicant (their choices, their result
//! explained, experiences that still have seats) and to its site (everyone
//! who ranked, its own order per experience). Shared by the API and the pages.

use std::collections::HashMap;

use matchready_core::account::User;
use matchready_core::readiness::Readiness;
use matchready_core::round::placement::Order;
use matchready_core::round::{Round, Status};
use matchready_core::{ApplicantFacts, Experience, FieldError, Profile, RawProfile, SearchQuery, Sort};

use super::types::{Choice, Entrant, MyResult, MyRound, NotHigher, SiteList, SiteRound};
use crate::guard::{allow, relation_to_site};
use crate::{App, AppError, Caller};
use matchready_core::account::{Action, Relation, Resource};

/// The round's experiences, loaded once each.
async fn experiences(app: &App, r: &Round) -> Result<HashMap<i64, Experience>, AppError> {
    let mut out = HashMap::new();
    for b in &r.blocks {
        if !out.contains_key(&b.experience_id)
            && let Some(e) = app.store.experience(b.experience_id).await?
        {
            out.insert(b.experience_id, e);
        }
    }
    Ok(out)
}

/// Why `me` may not rank each of the round's blocks (`None`: they may), in the round's block order.
/// Judged once from their profile and documents, with the same checks as applying; a block whose
/// experience left the catalog cannot be ranked.
pub async fn judge(app: &App, me: &User, r: &Round) -> Result<(ApplicantFacts, Vec<Option<AppError>>), AppError> {
    let profile = app.store.profile(me.id).await?.map(|p| p.profile);
    let facts = profile.as_ref().and_then(|p| Profile::parse(p, None).ok()).map(|p| p.facts()).unwrap_or_default();
    let documents = app.store.documents_of(me.id).await?;
    let experiences = experiences(app, r).await?;
    let ids: Vec<i64> = r.blocks.iter().map(|b| b.block_id).collect();
    let listed: Vec<i64> = app.store.block_facts(&ids).await?.into_iter().filter(|f| f.published).map(|f| f.block_id).collect();
    let verdicts = r
        .blocks
        .iter()
        .map(|b| {
            let found = experiences.get(&b.experience_id).and_then(|e| Some((e, e.blocks.iter().find(|x| x.id == b.block_id)?)));
            match found {
                Some((e, block)) if listed.contains(&b.block_id) => {
                    let ready = Readiness::assess(e, &facts, &documents, block.start_date, block.end_date());
                    crate::applications::refusal(me, &facts, &ready)
                }
                _ => Some(AppError::invalid_fields(
                    "invalid_ranks",
                    vec![FieldError {
                        field: "block_ids",
                        message: format!("block {} is no longer in the catalog; leave it out", b.block_id),
                    }],
                )),
            }
        })
        .collect();
    Ok((facts, verdicts))
}

/// The round as `me` (an applicant) sees it.
pub async fn my_round(app: &App, me: &User, r: Round) -> Result<MyRound, AppError> {
    let entry = app.store.round_entry(r.id, me.id).await?;
    let (facts, verdicts) = judge(app, me, &r).await?;
    let choices = r
        .blocks
        .iter()
        .zip(verdicts)
        .map(|(b, refusal)| {
            let reasons: Vec<String> = refusal.map(|e| e.message).into_iter().collect();
            Choice { block_id: b.block_id, can_rank: reasons.is_empty(), reasons }
        })
        .collect();
    let result = entry.as_ref().and_then(|e| {
        let placed = e.result.as_ref()?;
        Some(MyResult {
            block_id: placed.block_id,
            application_id: e.application_id,
            lottery: placed.lottery,
            higher: placed
                .higher
                .iter()
                .map(|h| NotHigher { block_id: h.block_id, why: h.why, sentence: h.why.sentence() })
                .collect(),
        })
    });
    let unplaced = r.status == Status::Matched && result.as_ref().is_none_or(|x| x.block_id.is_none());
    let open_seats = if unplaced {
        let today = app.today();
        let q = SearchQuery {
            applicant: facts,
            start_from: Some(today),
            sort: Sort::Soonest,
            per_page: 50,
            ..SearchQuery::default()
        };
        let index = app.catalog.index();
        index.index.search(&q, today).items.into_iter().filter(|x| x.seats_left.is_some_and(|s| s > 0)).take(8).collect()
    } else {
        Vec::new()
    };
    let ranked: Vec<i64> = app.store.site_ranks(r.id).await?.into_iter().map(|(e, _)| e).collect();
    let lottery_used = r.blocks.iter().any(|b| !ranked.contains(&b.experience_id));
    Ok(MyRound { ranks: entry.map(|e| e.ranks).unwrap_or_default(), choices, result, open_seats, lottery_used, round: r })
}

/// The round as its site sees it: every entrant with their profile, choices and result, and the site's lists.
pub async fn site_round(app: &App, caller: &Caller, r: Round) -> Result<SiteRound, AppError> {
    // Entrants' profiles are shown only while the policy lets the caller read them through the
    // round: while it is open and for a while after it ran (`Round::entrants_open`).
    let relation = if r.entrants_open(app.now()) { relation_to_site(caller, r.site_id) } else { Relation::Unrelated };
    let profiles_open = allow(caller, Resource::Profile, Action::Read, relation, "such profile").is_ok();
    let site_ranks = app.store.site_ranks(r.id).await?;
    let mut lists: Vec<SiteList> = Vec::new();
    for b in &r.blocks {
        if lists.iter().any(|l| l.experience_id == b.experience_id) {
            continue;
        }
        let ranked = site_ranks.iter().find(|(e, _)| *e == b.experience_id);
        lists.push(SiteList {
            experience_id: b.experience_id,
            title: b.experience_title.clone(),
            order: if ranked.is_some() { Order::Site } else { Order::Lottery },
            applicant_ids: ranked.map(|(_, l)| l.clone()).unwrap_or_default(),
        });
    }
    let mut profiles: HashMap<i64, RawProfile> =
        if profiles_open { app.store.entrant_profiles(r.id).await?.into_iter().collect() } else { HashMap::new() };
    let mut entrants = Vec::new();
    for e in app.store.round_entries(r.id).await? {
        let profile = profiles.remove(&e.applicant_id).unwrap_or_default();
        entrants.push(Entrant {
            applicant_id: e.applicant_id,
            name: e.name,
            email: e.email,
            profile,
            ranks: e.ranks,
            result: e.result,
            application_id: e.application_id,
        });
    }
    Ok(SiteRound { round: r, lists, entrants })
}
