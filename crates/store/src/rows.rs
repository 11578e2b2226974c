//! Rows as the database returns them, and their conversion to domain types.

use chrono::NaiveDate;
use matchready_core::flags::FlagSet;
use matchready_core::index::Slot;
use matchready_core::{
    Block, Eligibility, Experience, ExperienceType, LetterPolicy, Listing, Preceptor, SearchDoc, Setting, Site, Specialty, State,
    Verification,
};

use crate::{StoreError, StoreResult};

fn parse<T>(what: &str, code: &str, f: impl Fn(&str) -> Option<T>) -> StoreResult<T> {
    f(code).ok_or_else(|| StoreError::Corrupt(format!("unknown {what} '{code}'")))
}

fn json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// Who may apply, as stored: bit sets and flags.
#[derive(sqlx::FromRow)]
pub(crate) struct EligibilityCols {
    applicant_types: i64,
    max_years_since_graduation: Option<i32>,
    step1_pass_required: bool,
    ecfmg_required: bool,
    visas: i64,
}

impl From<EligibilityCols> for Eligibility {
    fn from(c: EligibilityCols) -> Self {
        Eligibility {
            applicant_types: FlagSet::from_bits(c.applicant_types),
            max_years_since_graduation: c.max_years_since_graduation,
            step1_pass_required: c.step1_pass_required,
            ecfmg_required: c.ecfmg_required,
            visas: FlagSet::from_bits(c.visas),
        }
    }
}

/// What search needs of one experience.
#[derive(sqlx::FromRow)]
pub(crate) struct DocRow {
    pub id: i64,
    title: String,
    kind: String,
    specialty: String,
    site_name: String,
    city: String,
    state: String,
    site_kind: String,
    preceptor_name: Option<String>,
    search_text: String,
    total_cents: i64,
    letter_possible: bool,
    last_verified_on: Option<NaiveDate>,
    #[sqlx(flatten)]
    eligibility: EligibilityCols,
}

impl DocRow {
    pub fn into_doc(self, slots: Vec<Slot>) -> StoreResult<SearchDoc> {
        let kind = parse("experience type", &self.kind, ExperienceType::from_code)?;
        Ok(SearchDoc {
            listing: Listing {
                id: self.id,
                title: self.title,
                kind,
                hands_on: kind.is_hands_on(),
                specialty: parse("specialty", &self.specialty, Specialty::from_code)?,
                site_name: self.site_name,
                city: self.city,
                state: parse("state", &self.state, State::from_code)?,
                preceptor_name: self.preceptor_name.unwrap_or_default(),
                total_cents: self.total_cents,
                letter_possible: self.letter_possible,
                last_verified_on: self.last_verified_on,
            },
            search_text: self.search_text,
            eligibility: self.eligibility.into(),
            slots,
            teaching: matchready_core::experience::is_teaching_kind(&self.site_kind),
        })
    }
}

/// One block, as search needs it.
#[derive(sqlx::FromRow)]
pub(crate) struct SlotRow {
    pub experience_id: i64,
    id: i64,
    start_date: NaiveDate,
    weeks: i32,
    seats_left: i32,
}

impl From<SlotRow> for Slot {
    fn from(r: SlotRow) -> Self {
        Slot { id: r.id, start_date: r.start_date, weeks: r.weeks, seats_left: r.seats_left }
    }
}

/// An experience with its site.
#[derive(sqlx::FromRow)]
pub(crate) struct ExperienceRow {
    id: i64,
    title: String,
    kind: String,
    specialty: String,
    setting: String,
    emr: Option<String>,
    description: String,
    price: String,
    refund_policy: String,
    #[sqlx(flatten)]
    eligibility: EligibilityCols,
    letter_possible: bool,
    one_on_one: bool,
    verified_by: Option<String>,
    last_verified_on: Option<NaiveDate>,
    site_id: i64,
    site_name: String,
    site_kind: String,
    city: String,
    state: String,
    site_address: String,
    site_postal_code: String,
    site_phone: String,
    site_email: String,
}

/// A preceptor.
#[derive(sqlx::FromRow)]
pub(crate) struct PreceptorRow {
    id: i64,
    name: String,
    specialty: String,
    board_certification: Option<String>,
    years_teaching: i32,
    teaching_affiliation: Option<String>,
    languages: String,
}

impl PreceptorRow {
    pub fn into_preceptor(self) -> StoreResult<Preceptor> {
        Ok(Preceptor {
            id: self.id,
            name: self.name,
            specialty: parse("specialty", &self.specialty, Specialty::from_code)?,
            board_certification: self.board_certification,
            years_teaching: self.years_teaching,
            teaching_affiliation: self.teaching_affiliation,
            languages: json("preceptor languages", &self.languages)?,
        })
    }
}

/// A block.
#[derive(sqlx::FromRow)]
pub(crate) struct BlockRow {
    id: i64,
    start_date: NaiveDate,
    weeks: i32,
    seats: i32,
    seats_left: i32,
    observers: i32,
}

impl From<BlockRow> for Block {
    fn from(r: BlockRow) -> Self {
        Block {
            id: r.id,
            start_date: r.start_date,
            weeks: r.weeks,
            seats: r.seats,
            seats_left: r.seats_left,
            observers: r.observers,
        }
    }
}

impl ExperienceRow {
    pub fn into_experience(self, preceptors: Vec<Preceptor>, blocks: Vec<Block>) -> StoreResult<Experience> {
        Ok(Experience {
            id: self.id,
            title: self.title,
            kind: parse("experience type", &self.kind, ExperienceType::from_code)?,
            specialty: parse("specialty", &self.specialty, Specialty::from_code)?,
            setting: parse("setting", &self.setting, Setting::from_code)?,
            emr: self.emr,
            description: self.description,
            site: Site {
                id: self.site_id,
                name: self.site_name,
                kind: self.site_kind,
                city: self.city,
                state: parse("state", &self.state, State::from_code)?,
                address: self.site_address,
                postal_code: self.site_postal_code,
                phone: self.site_phone,
                email: self.site_email,
            },
            preceptors,
            blocks,
            price: json("price", &self.price)?,
            refund_policy: json("refund policy", &self.refund_policy)?,
            eligibility: self.eligibility.into(),
            letters: LetterPolicy { letter_possible: self.letter_possible, one_on_one: self.one_on_one },
            verification: Verification { verified_by: self.verified_by, last_verified_on: self.last_verified_on },
        })
    }
}
