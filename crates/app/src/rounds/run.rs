//! Running a round at its deadline: the core places everyone (stable
//! matching over the seats still free), storage records the outcome and
//! makes the offers in one transaction (once, however many servers try),
//! and every applicant is told their result and why not higher.

use chrono::Days;
use matchready_core::account::{AuditAction, Role, mail};
use matchready_core::round::placement::{Entry, Input, Seats, place};
use matchready_core::round::{Event, Round, day_of, transition};
use matchready_store::{Finished, RoundEntry};

use crate::{App, AppError};

/// Days a round's offer stays open (never past the block's start).
use crate::applications::OFFER_DAYS;

/// Runs every open round whose deadline is at or before `now` (seconds since 1970); returns how many ran.
/// The server calls it every few seconds.
pub async fn run_due_rounds(app: &App) -> Result<usize, AppError> {
    let now = app.now();
    let mut ran = 0;
    for id in app.store.rounds_due(now).await? {
        if run_round(app, id, now).await? {
            ran += 1;
        }
    }
    Ok(ran)
}

/// Runs one round if its deadline has come and it is still open; false if there was nothing to do
/// (or another server ran it first).
async fn run_round(app: &App, id: i64, now: i64) -> Result<bool, AppError> {
    let started = std::time::Instant::now();
    let Some(r) = app.store.round(id).await? else { return Ok(false) };
    if transition(r.status, Event::Run, now, r.deadline.timestamp()).is_err() {
        return Ok(false);
    }
    let seed = app.store.round_seed(id).await?.unwrap_or_default();
    let stored = app.store.round_entries(id).await?;
    let entries: Vec<Entry> = stored.iter().map(|e| Entry { applicant_id: e.applicant_id, ranks: e.ranks.clone() }).collect();
    let site_ranks = app.store.site_ranks(id).await?;
    // A block whose experience was withdrawn from the catalog meanwhile places nobody.
    let ids: Vec<i64> = r.blocks.iter().map(|b| b.block_id).collect();
    let listed: Vec<i64> = app.store.block_facts(&ids).await?.into_iter().filter(|f| f.published).map(|f| f.block_id).collect();
    let seats: Vec<Seats> = r
        .blocks
        .iter()
        .map(|b| Seats {
            block_id: b.block_id,
            experience_id: b.experience_id,
            capacity: if listed.contains(&b.block_id) { b.free() } else { 0 },
        })
        .collect();
    let placement = place(Input { blocks: &seats, entries: &entries, site_ranks: &site_ranks, seed: seed as u64 });
    if !placement.stable {
        tracing::error!(round = id, "a round's placement is not stable; recorded as such");
    }
    let today = day_of(now).unwrap_or_else(|| app.today());
    let due = today.checked_add_days(Days::new(OFFER_DAYS)).unwrap_or(today);
    let expires = |block: i64| r.blocks.iter().find(|b| b.block_id == block).map_or(due, |b| due.min(b.start_date));
    let mut finished = Finished {
        round_id: id,
        name: r.name.clone(),
        now,
        stable: placement.stable,
        positions: placement.positions as i64,
        capacities: seats.iter().map(|s| (s.block_id, s.capacity)).collect(),
        results: placement
            .results
            .into_iter()
            .map(|p| {
                let lapses = p.block_id.map(expires);
                (p, lapses)
            })
            .collect(),
        emails: Vec::new(),
    };
    finished.emails = messages(app, &r, &stored, &finished, placement.placed as i64).await?;
    let placed_in = started.elapsed();
    let Ok(offers) = app.store.finish_round(&finished).await? else { return Ok(false) };
    let recorded_in = started.elapsed();
    app.accounts
        .audit(
            None,
            AuditAction::RoundRan,
            format!("round:{id}"),
            None,
            format!("{} of {} placed", placement.placed, offers.len()),
        )
        .await;
    tracing::info!(
        round = id,
        entrants = offers.len(),
        placed = placement.placed,
        positions = placement.positions,
        placed_ms = placed_in.as_millis() as u64,
        recorded_ms = (recorded_in - placed_in).as_millis() as u64,
        "round ran"
    );
    Ok(true)
}

/// The emails of a round's run: every applicant their result, the site's coordinators the counts.
async fn messages(
    app: &App,
    r: &Round,
    entrants: &[RoundEntry],
    f: &Finished,
    placed: i64,
) -> Result<Vec<mail::Message>, matchready_store::StoreError> {
    let link = app.link(&format!("/rounds/{}", r.id));
    let name_of = |block: i64| {
        r.blocks.iter().find(|b| b.block_id == block).map_or_else(
            || format!("block {block}"),
            |b| format!("{} ({})", b.experience_title, matchready_core::dates::span(b.start_date, b.end_date)),
        )
    };
    let mut messages = Vec::with_capacity(f.results.len() + 4);
    // The results come in the entries' order.
    for ((p, _), who) in f.results.iter().zip(entrants).filter(|((p, _), who)| p.applicant_id == who.applicant_id) {
        let why: Vec<String> = p.higher.iter().map(|h| format!("{}: {}", name_of(h.block_id), h.why.sentence())).collect();
        let placed_in = p.block_id.map(name_of);
        messages.push(mail::round_result(&who.email, &who.name, &r.name, placed_in.as_deref(), &why, &link));
    }
    for staff in app.store.users(Some(r.site_id)).await? {
        if staff.role == Role::Coordinator && !staff.disabled {
            messages.push(mail::round_ran(&staff.email, &r.name, placed, f.results.len(), f.positions, &link));
        }
    }
    Ok(messages)
}
