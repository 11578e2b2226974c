//! What a round looks like to one applicant (their choices, their result
//! explained, experiences that still have seats) and to its site (everyone
//! who ranked, its own order per experience). Shared by the API and the pages.

use std::collections::HashMap;

use matchready_core::account::User;
use matchready_core::round::placement::Order;
use matchready_core::round::{Round, Status};
use matchready_core::{Experience, Profile, RawProfile, SearchQuery, Sort};

use super::rounds::{Choice, Entrant, MyResult, MyRound, NotHigher, SiteList, SiteRound};
use crate::{ApiError, AppState};

/// The round's experiences, loaded once each.
async fn experiences(state: &AppState, r: &Round) -> Result<HashMap<i64, Experience>, ApiError> {
    let mut out = HashMap::new();
    for b in &r.blocks {
        if !out.contains_key(&b.experience_id)
            && let Some(e) = state.store.experience(b.experience_id).await?
        {
            out.insert(b.experience_id, e);
        }
    }
    Ok(out)
}

/// The round as `me` (an applicant) sees it.
pub(crate) async fn my_round(state: &AppState, me: &User, r: Round) -> Result<MyRound, ApiError> {
    let entry = state.store.round_entry(r.id, me.id).await?;
    let profile = state.store.profile(me.id).await?.map(|p| p.profile);
    let documents = state.store.documents_of(me.id).await?;
    let experiences = experiences(state, &r).await?;
    let mut choices = Vec::with_capacity(r.blocks.len());
    let mut facts = None;
    for b in &r.blocks {
        let block = experiences.get(&b.experience_id).and_then(|e| Some((e, e.blocks.iter().find(|x| x.id == b.block_id)?)));
        let reasons = match block {
            Some((e, block)) => {
                let (f, ready) = super::applications::assess(profile.as_ref(), &documents, e, block);
                facts = Some(f);
                super::applications::refusal(me, &f, &ready).map(|e| e.message).into_iter().collect()
            }
            None => vec!["this block is no longer in the catalog".to_string()],
        };
        choices.push(Choice { block_id: b.block_id, can_rank: reasons.is_empty(), reasons });
    }
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
        let facts = facts.unwrap_or_else(|| {
            profile.as_ref().and_then(|p| Profile::parse(p, None).ok()).map(|p| p.facts()).unwrap_or_default()
        });
        let today = (state.today)();
        let q = SearchQuery {
            applicant: facts,
            start_from: Some(today),
            sort: Sort::Soonest,
            per_page: 50,
            ..SearchQuery::default()
        };
        let index = state.catalog.index();
        index.index.search(&q, today).items.into_iter().filter(|x| x.seats_left.is_some_and(|s| s > 0)).take(8).collect()
    } else {
        Vec::new()
    };
    let ranked: Vec<i64> = state.store.site_ranks(r.id).await?.into_iter().map(|(e, _)| e).collect();
    let lottery_used = r.blocks.iter().any(|b| !ranked.contains(&b.experience_id));
    Ok(MyRound { ranks: entry.map(|e| e.ranks).unwrap_or_default(), choices, result, open_seats, lottery_used, round: r })
}

/// The round as its site sees it.
pub(crate) async fn site_round(state: &AppState, r: Round) -> Result<SiteRound, ApiError> {
    let site_ranks = state.store.site_ranks(r.id).await?;
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
    let mut profiles: HashMap<i64, RawProfile> = state.store.entrant_profiles(r.id).await?.into_iter().collect();
    let mut entrants = Vec::new();
    for e in state.store.round_entries(r.id).await? {
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
