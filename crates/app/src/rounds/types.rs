//! The JSON shapes of the placement-round routes (`rounds.rs`).

use matchready_core::round::Round;
use matchready_core::round::placement::{Order, Placed, WhyNot};
use matchready_core::{ExperienceSummary, RawProfile};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A round to open.
#[derive(Deserialize, ToSchema)]
pub struct NewRoundBody {
    /// Its name, e.g. "Internal medicine, spring 2027".
    pub name: String,
    /// When ranking closes and the round runs: an RFC 3339 time, e.g. `2027-01-15T17:00:00Z`.
    pub deadline: String,
    /// The blocks it places (all of one site, published, with seats left, starting at least 7 days after the deadline).
    pub block_ids: Vec<i64>,
}

/// An applicant's rank list.
#[derive(Deserialize, ToSchema)]
pub struct MyRanks {
    /// Blocks of the round, most wanted first; empty to leave the round.
    pub block_ids: Vec<i64>,
}

/// The site's rank list for one experience.
#[derive(Deserialize, ToSchema)]
pub struct SiteRanks {
    /// The experience (one of the round's).
    pub experience_id: i64,
    /// Applicants who ranked its blocks, best first; those left off are not placed there.
    /// `null` leaves the order to the round's lottery.
    pub applicant_ids: Option<Vec<i64>>,
}

/// A block of the round, and whether the caller may rank it.
#[derive(Serialize, ToSchema)]
pub struct Choice {
    /// The block.
    pub block_id: i64,
    /// Whether the caller may rank it.
    pub can_rank: bool,
    /// If not, why, in words.
    pub reasons: Vec<String>,
}

/// A block ranked higher than the result, and why not.
#[derive(Serialize, ToSchema)]
pub struct NotHigher {
    /// The block.
    pub block_id: i64,
    /// Why not.
    pub why: WhyNot,
    /// In words.
    pub sentence: String,
}

/// An applicant's result, explained.
#[derive(Serialize, ToSchema)]
pub struct MyResult {
    /// The block placed in (`null`: not placed).
    pub block_id: Option<i64>,
    /// The offer made (accept it on the application).
    pub application_id: Option<i64>,
    /// The applicant's lottery number (1 is drawn first), for experiences the site did not rank.
    pub lottery: u32,
    /// Every block ranked higher, and why it did not take them.
    pub higher: Vec<NotHigher>,
}

/// A round as one applicant sees it.
#[derive(Serialize, ToSchema)]
pub struct MyRound {
    /// The round.
    pub round: Round,
    /// My rank list (block ids, best first).
    pub ranks: Vec<i64>,
    /// Every block, and whether I may rank it.
    pub choices: Vec<Choice>,
    /// Once it ran, if I ranked in it.
    pub result: Option<MyResult>,
    /// Once it ran and left me unplaced: experiences I may join that still have seats.
    pub open_seats: Vec<ExperienceSummary>,
    /// Whether some experience of the round was left to the lottery (so my number counted).
    pub lottery_used: bool,
}

/// The site's rank list for one of the round's experiences.
#[derive(Serialize, ToSchema)]
pub struct SiteList {
    /// The experience.
    pub experience_id: i64,
    /// Its title.
    pub title: String,
    /// By the site's list, or the lottery (no list).
    pub order: Order,
    /// The list, best first (empty with the lottery).
    pub applicant_ids: Vec<i64>,
}

/// Someone who ranked the round's blocks, as the site sees them.
#[derive(Serialize, ToSchema)]
pub struct Entrant {
    /// Who.
    pub applicant_id: i64,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Their profile.
    pub profile: RawProfile,
    /// Their rank list (block ids, best first).
    pub ranks: Vec<i64>,
    /// Once the round ran.
    pub result: Option<Placed>,
    /// The offer the round made them.
    pub application_id: Option<i64>,
}

/// A round as its site sees it.
#[derive(Serialize, ToSchema)]
pub struct SiteRound {
    /// The round.
    pub round: Round,
    /// Per experience: the site's order.
    pub lists: Vec<SiteList>,
    /// Everyone who ranked, by id.
    pub entrants: Vec<Entrant>,
}
