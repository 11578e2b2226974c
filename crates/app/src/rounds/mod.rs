//! Placement rounds. A site's coordinator opens a round for some of its
//! blocks with a deadline; applicants rank the blocks they may join; the
//! site ranks its applicants per experience (or leaves the order to the
//! round's lottery); at the deadline the round runs (`run.rs`) and
//! everyone can read their result, explained (`view.rs`).

mod run;
mod types;
mod view;

pub use run::run_due_rounds;
pub use types::*;
pub use view::{my_round, site_round};

use chrono::DateTime;
use matchready_core::account::{Action, AuditAction, Relation, Resource, User};
use matchready_core::round::{self, Event, Round, RoundBlock, transition};
use matchready_store::{NewRound, RoundRefusal};

use crate::guard::{allow, logged_in, member, own, parse_id};
use crate::{App, AppError, AppResult, Caller};

fn closed(e: round::TransitionError) -> AppError {
    AppError::conflict("round_closed", e.to_string())
}

fn refused(r: RoundRefusal) -> AppError {
    match r {
        RoundRefusal::Closed => AppError::conflict("round_closed", "this round is no longer open for ranking"),
        RoundRefusal::BlockTaken(b) => AppError::conflict(
            "block_in_round",
            format!("block {b} is already in another open round; leave it out or cancel that round first"),
        ),
    }
}

/// Loads a round the caller may do `action` to (`resource`: the round, or its entries).
pub async fn target(app: &App, caller: &Caller, raw: &str, resource: Resource, action: Action) -> AppResult<Round> {
    let what = format!("round {raw}");
    logged_in(caller)?;
    let id = parse_id(raw, "round")?;
    let r = app.store.round(id).await?.ok_or_else(|| AppError::not_found(format!("no {what}")))?;
    let relation = caller.user.as_ref().map_or(Relation::Unrelated, |u| Relation::of(&u.actor(), None, Some(r.site_id)));
    allow(caller, resource, action, relation, &what)?;
    Ok(r)
}

/// The rounds a person sees in the list.
async fn rounds_for(app: &App, me: &User) -> AppResult<Vec<Round>> {
    use matchready_core::account::Role;
    Ok(match (me.role, me.site_id) {
        (Role::Applicant, _) => {
            let mut all = app.store.rounds(None).await?;
            for r in app.store.rounds_entered(me.id).await? {
                if !all.iter().any(|x| x.id == r.id) {
                    all.push(r);
                }
            }
            all.sort_by_key(|r| std::cmp::Reverse(r.id));
            all
        }
        (Role::Admin, _) => app.store.rounds(None).await?,
        (_, Some(site)) => app.store.rounds(Some(site)).await?,
        _ => Vec::new(),
    })
}

/// Opens a round as the caller; shared by the API and the pages.
pub async fn open_round(app: &App, caller: &Caller, body: NewRoundBody) -> AppResult<Round> {
    let me = logged_in(caller)?;
    let deadline = DateTime::parse_from_rfc3339(body.deadline.trim())
        .map(|d| d.timestamp())
        .map_err(|_| AppError::invalid_field("deadline", "give the deadline as an RFC 3339 time, e.g. 2027-01-15T17:00:00Z"))?;
    let facts = app.store.block_facts(&body.block_ids).await?;
    // The policy first, for the site the blocks belong to: another site's blocks are not the caller's to name.
    for site in facts.iter().map(|f| f.site_id) {
        allow(caller, Resource::Round, Action::Create, Relation::of(&me.actor(), None, Some(site)), "such block")?;
    }
    if facts.is_empty() {
        allow(caller, Resource::Round, Action::Create, Relation::of(&me.actor(), None, me.site_id), "such block")?;
    }
    let now = app.now();
    let site_id = round::check_new(&body.name, deadline, &body.block_ids, &facts, now)
        .map_err(|f| AppError::invalid_fields("invalid_round", f))?;
    let mut seed = [0u8; 8];
    getrandom::fill(&mut seed).map_err(|e| {
        tracing::error!(error = %e, "no randomness for a round's lottery");
        AppError::internal()
    })?;
    let new = NewRound {
        site_id,
        name: body.name.trim().to_string(),
        deadline,
        seed: i64::from_le_bytes(seed),
        block_ids: body.block_ids,
        created_by: me.id,
        now,
    };
    let r = app.store.create_round(&new).await?.map_err(refused)?;
    app.accounts.audit(Some(me.id), AuditAction::RoundOpened, format!("round:{}", r.id), Some(&caller.ip), r.name.clone()).await;
    Ok(r)
}

/// Cancels a round as the caller; shared by the API and the pages.
pub async fn cancel_round(app: &App, caller: &Caller, raw: &str) -> AppResult<Round> {
    let r = target(app, caller, raw, Resource::Round, Action::Cancel).await?;
    let now = app.now();
    transition(r.status, Event::Cancel, now, r.deadline.timestamp()).map_err(closed)?;
    if !app.store.cancel_round(r.id, now).await? {
        return Err(AppError::conflict("round_closed", "this round ran or was cancelled meanwhile"));
    }
    let actor = caller.id();
    app.accounts.audit(actor, AuditAction::RoundCancelled, format!("round:{}", r.id), Some(&caller.ip), r.name.clone()).await;
    app.store.round(r.id).await?.ok_or_else(|| AppError::not_found("no such round"))
}

/// Saves the caller's rank list; shared by the API and the pages.
pub async fn save_my_ranks<'c>(app: &App, caller: &'c Caller, raw: &str, block_ids: &[i64]) -> AppResult<(&'c User, Round)> {
    let me = own(caller, Resource::RoundEntry, Action::Update)?;
    let r = target(app, caller, raw, Resource::Round, Action::Read).await?;
    let now = app.now();
    transition(r.status, Event::Rank, now, r.deadline.timestamp()).map_err(closed)?;
    let allowed: Vec<i64> = r.blocks.iter().map(|b| b.block_id).collect();
    round::check_ranks(block_ids, &allowed, "block_ids", "block")
        .map_err(|f| AppError::invalid_fields("invalid_ranks", vec![f]))?;
    // Every ranked block the caller may not join is named, with its reason (the code is the first's).
    let (_, verdicts) = view::judge(app, me, &r).await?;
    let mut refusals: Vec<(&RoundBlock, AppError)> = r
        .blocks
        .iter()
        .zip(verdicts)
        .filter_map(|(b, v)| v.filter(|_| block_ids.contains(&b.block_id)).map(|e| (b, e)))
        .collect();
    refusals.sort_by_key(|(b, _)| block_ids.iter().position(|id| *id == b.block_id));
    let said = |b: &RoundBlock, e: &AppError| {
        format!("{} ({}): {}", b.experience_title, matchready_core::dates::day(b.start_date), e.message)
    };
    if let Some((_, first)) = refusals.first() {
        let message = match refusals.as_slice() {
            [(b, e)] => said(b, e),
            all => format!(
                "{} of the blocks you ranked cannot be ranked: {}",
                all.len(),
                all.iter().map(|(b, e)| said(b, e)).collect::<Vec<_>>().join("; ")
            ),
        };
        return Err(AppError { message, ..first.clone() });
    }
    app.store.save_entry(r.id, me.id, block_ids, now).await?.map_err(refused)?;
    Ok((me, r))
}

/// Saves a site's rank list; shared by the API and the pages.
pub async fn save_site_ranks(app: &App, caller: &Caller, raw: &str, body: SiteRanks) -> AppResult<Round> {
    let r = target(app, caller, raw, Resource::Round, Action::Rank).await?;
    let me = logged_in(caller)?;
    let now = app.now();
    transition(r.status, Event::Rank, now, r.deadline.timestamp()).map_err(closed)?;
    let blocks: Vec<i64> = r.blocks.iter().filter(|b| b.experience_id == body.experience_id).map(|b| b.block_id).collect();
    if blocks.is_empty() {
        return Err(AppError::invalid_field("experience_id", format!("experience {} is not in this round", body.experience_id)));
    }
    if let Some(list) = &body.applicant_ids {
        let chose: Vec<i64> = app
            .store
            .round_entries(r.id)
            .await?
            .into_iter()
            .filter(|e| e.ranks.iter().any(|b| blocks.contains(b)))
            .map(|e| e.applicant_id)
            .collect();
        round::check_ranks(list, &chose, "applicant_ids", "applicant")
            .map_err(|f| AppError::invalid_fields("invalid_ranks", vec![f]))?;
    }
    app.store.save_site_ranks(r.id, body.experience_id, body.applicant_ids.as_deref(), me.id, now).await?.map_err(refused)?;
    Ok(r)
}

/// The rounds the caller may see: every open one for applicants (and those they entered), their
/// site's for its staff, all for admins.
pub async fn list(app: &App, caller: &Caller) -> AppResult<Vec<Round>> {
    let me = member(caller, Resource::Round, Action::List)?;
    rounds_for(app, me).await
}

/// One round.
pub async fn get(app: &App, caller: &Caller, raw: &str) -> AppResult<Round> {
    target(app, caller, raw, Resource::Round, Action::Read).await
}

/// The caller's entry in a round: their ranking, what they may rank and why not, and the result.
pub async fn mine(app: &App, caller: &Caller, raw: &str) -> AppResult<MyRound> {
    let me = own(caller, Resource::RoundEntry, Action::Read)?;
    let r = target(app, caller, raw, Resource::Round, Action::Read).await?;
    my_round(app, me, r).await
}

/// Saves the caller's ranking and answers with their entry.
pub async fn rank_mine(app: &App, caller: &Caller, raw: &str, block_ids: &[i64]) -> AppResult<MyRound> {
    let (me, r) = save_my_ranks(app, caller, raw, block_ids).await?;
    my_round(app, me, r).await
}

/// Everyone who ranked the round's blocks, with the site's lists (the site's staff and admins).
pub async fn entries(app: &App, caller: &Caller, raw: &str) -> AppResult<SiteRound> {
    let r = target(app, caller, raw, Resource::RoundEntry, Action::List).await?;
    site_round(app, caller, r).await
}

/// Saves the site's order for one experience and answers with the site's view.
pub async fn rank_site(app: &App, caller: &Caller, raw: &str, body: SiteRanks) -> AppResult<SiteRound> {
    let r = save_site_ranks(app, caller, raw, body).await?;
    site_round(app, caller, r).await
}

/// The blocks of the caller's site that a new round may place, per experience (its title and id):
/// future blocks with seats left, of published experiences, in no open round. Empty for anyone the
/// policy does not let open a round there.
pub async fn blocks_to_place(app: &App, caller: &Caller) -> AppResult<Vec<(String, i64, Vec<matchready_core::Block>)>> {
    let me = logged_in(caller)?;
    let Some(site) = me.site_id else { return Ok(Vec::new()) };
    if allow(caller, Resource::Round, Action::Create, Relation::of(&me.actor(), None, Some(site)), "such site").is_err() {
        return Ok(Vec::new());
    }
    let today = app.today();
    let mut out = Vec::new();
    for e in app.store.site_experiences(site).await?.into_iter().filter(|e| e.published) {
        let Some(full) = app.store.experience(e.id).await? else { continue };
        let ids: Vec<i64> = full.blocks.iter().map(|b| b.id).collect();
        let taken = app.store.live_rounds_of_blocks(&ids).await?;
        let blocks: Vec<_> = full
            .blocks
            .into_iter()
            .filter(|b| b.start_date > today && b.seats_left > 0 && !taken.iter().any(|(t, _)| *t == b.id))
            .collect();
        if !blocks.is_empty() {
            out.push((full.title, full.id, blocks));
        }
    }
    Ok(out)
}
