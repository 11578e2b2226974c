//! The placement-round half of storage: rounds and their blocks, the rank
//! lists of applicants and sites, and running a round, which records every
//! result and makes every offer in one transaction, once. Implemented for
//! both backends in `rounds_sql.rs`.

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::RawProfile;
use matchready_core::round::placement::Placed;
use matchready_core::round::{BlockFacts, Round};

use crate::StoreResult;

/// A round to open.
#[derive(Debug, Clone)]
pub struct NewRound {
    /// The site.
    pub site_id: i64,
    /// Its name.
    pub name: String,
    /// When ranking closes, seconds since 1970.
    pub deadline: i64,
    /// The lottery's seed.
    pub seed: i64,
    /// Its blocks (checked by the core first).
    pub block_ids: Vec<i64>,
    /// Who opened it.
    pub created_by: i64,
    /// When.
    pub now: i64,
}

/// An applicant's rank list in a round, and their result once it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundEntry {
    /// Who.
    pub applicant_id: i64,
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: String,
    /// Blocks, best first.
    pub ranks: Vec<i64>,
    /// Last changed.
    pub updated_at: i64,
    /// The result, once the round ran.
    pub result: Option<Placed>,
    /// The offer the round made, if placed.
    pub application_id: Option<i64>,
}

/// A round's outcome, to record.
#[derive(Debug, Clone)]
pub struct Finished {
    /// The round.
    pub round_id: i64,
    /// Its name, for the applications' timelines.
    pub name: String,
    /// When it ran.
    pub now: i64,
    /// Whether the checker found it stable.
    pub stable: bool,
    /// Seats offered.
    pub positions: i64,
    /// Seats the round filled from, per block.
    pub capacities: Vec<(i64, u32)>,
    /// Per applicant, with the day their offer lapses if placed.
    pub results: Vec<(Placed, Option<NaiveDate>)>,
    /// The emails telling everyone, queued in the same transaction.
    pub emails: Vec<matchready_core::account::mail::Message>,
}

/// Why a change to a round was not made; nothing was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundRefusal {
    /// The round is no longer open (it ran, was cancelled, or its deadline passed).
    Closed,
    /// This block is already in another live round (its id).
    BlockTaken(i64),
}

/// What placement rounds keep.
#[async_trait]
pub trait RoundStore: Send + Sync {
    /// What a new round needs to know of these blocks (those that exist).
    async fn block_facts(&self, block_ids: &[i64]) -> StoreResult<Vec<BlockFacts>>;
    /// Opens a round; refused if a block is in another live round.
    async fn create_round(&self, r: &NewRound) -> StoreResult<Result<Round, RoundRefusal>>;
    /// The lottery's seed of a round (kept out of [`Round`] until it ran).
    async fn round_seed(&self, id: i64) -> StoreResult<Option<i64>>;
    /// One round with its blocks.
    async fn round(&self, id: i64) -> StoreResult<Option<Round>>;
    /// Rounds, newest first: one site's, or every site's open rounds (`None`).
    async fn rounds(&self, site_id: Option<i64>) -> StoreResult<Vec<Round>>;
    /// Rounds an applicant ranked in, newest first.
    async fn rounds_entered(&self, applicant_id: i64) -> StoreResult<Vec<Round>>;
    /// The live round a block is in, if any.
    async fn live_round_of_block(&self, block_id: i64) -> StoreResult<Option<i64>>;
    /// Of these blocks, those in a live round: (block, round).
    async fn live_rounds_of_blocks(&self, block_ids: &[i64]) -> StoreResult<Vec<(i64, i64)>>;
    /// Saves an applicant's rank list (an empty list leaves the round), only while the round is open
    /// and before its deadline (`now` is compared with it).
    async fn save_entry(
        &self,
        round_id: i64,
        applicant_id: i64,
        ranks: &[i64],
        now: i64,
    ) -> StoreResult<Result<(), RoundRefusal>>;
    /// An applicant's entry.
    async fn round_entry(&self, round_id: i64, applicant_id: i64) -> StoreResult<Option<RoundEntry>>;
    /// Every entry of a round, by applicant.
    async fn round_entries(&self, round_id: i64) -> StoreResult<Vec<RoundEntry>>;
    /// The profiles of everyone in a round, by applicant (those who saved one).
    async fn entrant_profiles(&self, round_id: i64) -> StoreResult<Vec<(i64, RawProfile)>>;
    /// Saves the site's rank list for an experience (`None`: leave it to the lottery), only while the
    /// round is open and before its deadline.
    async fn save_site_ranks(
        &self,
        round_id: i64,
        experience_id: i64,
        ranks: Option<&[i64]>,
        by: i64,
        now: i64,
    ) -> StoreResult<Result<(), RoundRefusal>>;
    /// The site's rank lists, per experience.
    async fn site_ranks(&self, round_id: i64) -> StoreResult<Vec<(i64, Vec<i64>)>>;
    /// Open rounds whose deadline is at or before `now`.
    async fn rounds_due(&self, now: i64) -> StoreResult<Vec<i64>>;
    /// Records a round's outcome in one transaction, only if it is still open: the round is placed,
    /// its blocks are freed, each placed applicant gets an offer (unless they already have a live
    /// application for that block) and every entry its result. Returns (applicant, offer) pairs.
    async fn finish_round(&self, f: &Finished) -> StoreResult<Result<Vec<(i64, Option<i64>)>, RoundRefusal>>;
    /// Cancels an open round and frees its blocks; false if it was not open.
    async fn cancel_round(&self, id: i64, now: i64) -> StoreResult<bool>;
}
