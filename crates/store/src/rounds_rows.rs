//! Rows of the placement-round tables and how they become the core's types.

use chrono::{DateTime, Days, NaiveDate, Utc};
use matchready_core::round::placement::Placed;
use matchready_core::round::{Round, RoundBlock, Status};

use crate::rounds::RoundEntry;
use crate::{StoreError, StoreResult};

pub(crate) const ROUND_SQL: &str = "SELECT r.id, r.site_id, s.name AS site_name, s.city, s.state, r.name, r.deadline, r.status, r.seed, \
     r.ended_at, r.stable, r.positions, r.placed FROM rounds r JOIN sites s ON s.id = r.site_id";
pub(crate) const BLOCKS_SQL: &str = "SELECT rb.block_id, b.experience_id, e.title, b.start_date, b.weeks, b.seats, b.seats_left, \
     (SELECT COUNT(*) FROM applications a WHERE a.block_id = rb.block_id AND a.status = 'offered') AS offers_out, rb.capacity \
     FROM round_blocks rb JOIN blocks b ON b.id = rb.block_id JOIN experiences e ON e.id = b.experience_id \
     WHERE rb.round_id = $1 ORDER BY b.start_date, rb.block_id";
pub(crate) const ENTRY_SQL: &str = "SELECT re.applicant_id, u.name, u.email, re.ranks, re.updated_at, re.result, re.application_id \
     FROM round_entries re JOIN users u ON u.id = re.applicant_id";
/// Takes the round's row for the rest of the transaction, if it is open before its deadline: a
/// round being run or cancelled meanwhile makes this wait, then find it closed.
pub(crate) const LOCK_OPEN_SQL: &str =
    "UPDATE rounds SET deadline = deadline WHERE id = $1 AND status = 'open' AND deadline > $2";

#[derive(sqlx::FromRow)]
pub(crate) struct RoundRow {
    pub(crate) id: i64,
    pub(crate) site_id: i64,
    pub(crate) site_name: String,
    pub(crate) city: String,
    pub(crate) state: String,
    pub(crate) name: String,
    pub(crate) deadline: i64,
    pub(crate) status: String,
    pub(crate) seed: i64,
    pub(crate) ended_at: Option<i64>,
    pub(crate) stable: Option<bool>,
    pub(crate) positions: Option<i32>,
    pub(crate) placed: Option<i32>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct BlockRow {
    pub(crate) block_id: i64,
    pub(crate) experience_id: i64,
    pub(crate) title: String,
    pub(crate) start_date: NaiveDate,
    pub(crate) weeks: i32,
    pub(crate) seats: i32,
    pub(crate) seats_left: i32,
    pub(crate) offers_out: i64,
    pub(crate) capacity: Option<i32>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    pub(crate) applicant_id: i64,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) ranks: String,
    pub(crate) updated_at: i64,
    pub(crate) result: Option<String>,
    pub(crate) application_id: Option<i64>,
}

pub(crate) fn time(at: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp(at, 0).ok_or_else(|| StoreError::Corrupt(format!("time {at} out of range")))
}

pub(crate) fn round(r: RoundRow, blocks: Vec<BlockRow>) -> StoreResult<Round> {
    let status = Status::from_code(&r.status).ok_or_else(|| StoreError::Corrupt(format!("round {}: status", r.id)))?;
    Ok(Round {
        id: r.id,
        site_id: r.site_id,
        site_name: r.site_name,
        site_place: format!("{}, {}", r.city, r.state),
        name: r.name,
        deadline: time(r.deadline)?,
        ended_at: r.ended_at.map(time).transpose()?,
        stable: r.stable,
        positions: r.positions,
        placed: r.placed,
        // Shown once drawn for good: before the run, knowing it would let someone pick an account with a good number.
        seed: (status == Status::Matched).then(|| format!("{:016x}", r.seed as u64)),
        status,
        blocks: blocks
            .into_iter()
            .map(|b| RoundBlock {
                block_id: b.block_id,
                experience_id: b.experience_id,
                experience_title: b.title,
                start_date: b.start_date,
                end_date: b
                    .start_date
                    .checked_add_days(Days::new(u64::try_from(b.weeks.max(1)).unwrap_or(1) * 7 - 1))
                    .unwrap_or(b.start_date),
                seats: b.seats,
                seats_left: b.seats_left,
                offers_out: i32::try_from(b.offers_out).unwrap_or(i32::MAX),
                capacity: b.capacity,
            })
            .collect(),
    })
}

pub(crate) fn ids(json: &str, what: &str) -> StoreResult<Vec<i64>> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

pub(crate) fn entry(r: EntryRow) -> StoreResult<RoundEntry> {
    let result: Option<Placed> = match &r.result {
        Some(j) => Some(serde_json::from_str(j).map_err(|e| StoreError::Corrupt(format!("round result: {e}")))?),
        None => None,
    };
    Ok(RoundEntry {
        applicant_id: r.applicant_id,
        name: r.name,
        email: r.email,
        ranks: ids(&r.ranks, "round ranks")?,
        updated_at: r.updated_at,
        result,
        application_id: r.application_id,
    })
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Invalid(e.to_string()))
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
