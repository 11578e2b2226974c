//! One demo experience: type, text, blocks, price, policies.

use chrono::{Datelike, Days, NaiveDate};
use matchready_core::flags::FlagSet;
use matchready_core::refund::{RefundTier, VisaDenialRefund};
use matchready_core::{
    ApplicantType, Block, Eligibility, Experience, ExperienceType, Housing, Insurance, LetterPolicy, OtherFee, Preceptor, Price,
    RefundPolicy, Setting, Site, Specialty, State, Verification, Visa,
};

use crate::dice::Dice;
use crate::names::{EMRS, TYPES};

pub fn generate(
    dice: &mut Dice,
    id: i64,
    site: &Site,
    team: Vec<Preceptor>,
    today: NaiveDate,
    next_block: &mut i64,
) -> Experience {
    let kind = *dice.weighted(TYPES);
    let specialty = team[0].specialty;
    let setting = *dice.pick(if kind == ExperienceType::Telerotation { &[Setting::Outpatient][..] } else { Setting::ALL });
    let emr = (kind != ExperienceType::Research || dice.chance(50)).then(|| dice.weighted(EMRS).to_string());
    let title = format!("{} {}", specialty.name(), kind.name().to_lowercase());
    let title = format!("{}{}", &title[..1].to_uppercase(), &title[1..]);
    let description = description(kind, specialty, setting, site, &team[0], emr.as_deref());
    let blocks = blocks(dice, kind, today, next_block);
    let price = price(dice, kind, site.state);
    Experience {
        id,
        title,
        kind,
        specialty,
        setting,
        emr,
        description,
        site: site.clone(),
        preceptors: team,
        blocks,
        price,
        refund_policy: refund_policy(dice),
        eligibility: eligibility(dice, kind),
        letters: LetterPolicy {
            letter_possible: dice.chance(match kind {
                k if k.is_hands_on() => 65,
                ExperienceType::Research => 50,
                ExperienceType::Observership => 30,
                _ => 20,
            }),
            one_on_one: dice.chance(50),
        },
        verification: if dice.chance(90) {
            let ago = dice.below(300);
            Verification {
                verified_by: Some("MatchReady site verification".to_string()),
                last_verified_on: today.checked_sub_days(Days::new(ago)),
            }
        } else {
            Verification { verified_by: None, last_verified_on: None }
        },
    }
}

fn description(
    kind: ExperienceType,
    specialty: Specialty,
    setting: Setting,
    site: &Site,
    lead: &Preceptor,
    emr: Option<&str>,
) -> String {
    let field = specialty.name().to_lowercase();
    let place = format!("{} in {}, {}", site.name, site.city, site.state.code());
    let emr = emr.map_or(String::new(), |e| format!(" Notes are written in {e}."));
    let setting = setting.name().to_lowercase();
    match kind {
        k if k.is_hands_on() => format!(
            "Four weeks of hands-on {field} ({setting}) at {place}, supervised by {}. Trainees take histories, examine patients, \
             present on rounds and draft notes that the preceptor co-signs.{emr} Weekly teaching conference and case presentation. \
             Monday to Friday, about 8 am to 5 pm.",
            lead.name
        ),
        ExperienceType::Observership => format!(
            "Four-week observership in {field} ({setting}) at {place} with {}. Observers shadow clinic and rounds and discuss cases \
             afterwards; there is no patient contact.{emr} Suits graduates building familiarity with US practice.",
            lead.name
        ),
        ExperienceType::Research => format!(
            "Clinical research in {field} at {place} with {}: chart review, data collection and a case report or abstract draft. \
             No patient care.",
            lead.name
        ),
        _ => format!(
            "Remote telerotation in {field} with {}, based at {place}: case discussions, virtual rounds and presentation feedback \
             by video. Supplemental; not US clinical experience.",
            lead.name
        ),
    }
}

fn blocks(dice: &mut Dice, kind: ExperienceType, today: NaiveDate, next_id: &mut i64) -> Vec<Block> {
    // First Monday on or after today, plus a random offset; then every 4 or 8 weeks for a year.
    let to_monday = (7 - today.weekday().num_days_from_monday()) % 7;
    let mut start = today + Days::new(u64::from(to_monday) + 7 * dice.below(4));
    let every = if dice.chance(70) { 4 } else { 8 };
    let year_out = today + Days::new(365);
    let mut out = Vec::new();
    while start < year_out {
        let seats = match kind {
            k if k.is_hands_on() => dice.range(1, 4),
            ExperienceType::Observership => dice.range(1, 6),
            _ => dice.range(1, 8),
        } as i32;
        // Sooner blocks are fuller.
        let filled = if out.len() < 3 { dice.range(0, i64::from(seats)) } else { dice.range(0, i64::from(seats) / 2) } as i32;
        out.push(Block {
            id: *next_id,
            start_date: start,
            weeks: 4,
            seats,
            seats_left: seats - filled,
            observers: if kind.is_hands_on() { dice.range(0, 2) as i32 } else { 0 },
        });
        *next_id += 1;
        start = start + Days::new(7 * every);
    }
    out
}

fn price(dice: &mut Dice, kind: ExperienceType, state: State) -> Price {
    let tuition = match kind {
        k if k.is_hands_on() => dice.dollars(1_500, 4_600, 50),
        ExperienceType::Observership => {
            if dice.chance(8) {
                0
            } else {
                dice.dollars(500, 5_000, 50)
            }
        }
        ExperienceType::Research => dice.dollars(500, 3_000, 50),
        _ => dice.dollars(300, 1_500, 50),
    };
    let deposit = (tuition * dice.range(10, 30) / 100 / 5_000) * 5_000;
    let insurance = match (kind.is_hands_on(), dice.below(100)) {
        (false, _) | (true, 0..45) => Insurance::Included,
        (true, 45..70) => Insurance::Offered { price_cents: dice.dollars(150, 400, 25) },
        _ => Insurance::ApplicantBrings {
            coverage: if dice.chance(70) { "$1M per claim / $3M aggregate" } else { "$2M per claim / $3M aggregate" }.to_string(),
            estimate_cents: dice.dollars(200, 450, 25),
        },
    };
    let expensive = matches!(state, State::NY | State::CA | State::MA | State::DC | State::NJ);
    let housing = if kind == ExperienceType::Telerotation {
        Housing::Estimate { estimate_cents: 0 }
    } else if dice.chance(35) {
        Housing::Offered { price_cents: dice.dollars(900, 2_200, 50) }
    } else if expensive {
        Housing::Estimate { estimate_cents: dice.dollars(1_800, 2_800, 100) }
    } else {
        Housing::Estimate { estimate_cents: dice.dollars(900, 1_600, 100) }
    };
    let mut other_fees = Vec::new();
    if kind != ExperienceType::Telerotation && dice.chance(30) {
        other_fees.push(OtherFee { label: "Background check and drug screen".into(), amount_cents: dice.dollars(75, 150, 5) });
    }
    if kind.is_hands_on() && dice.chance(20) {
        other_fees.push(OtherFee { label: "EMR training and ID badge".into(), amount_cents: dice.dollars(50, 100, 5) });
    }
    Price {
        application_fee_cents: *dice.pick(&[0, 50, 75, 100, 150, 200, 250, 300]) * 100,
        deposit_cents: deposit,
        tuition_cents: tuition,
        insurance,
        housing,
        other_fees,
    }
}

fn refund_policy(dice: &mut Dice) -> RefundPolicy {
    let tier = |min_days_before, percent| RefundTier { min_days_before, percent };
    let tiers = match dice.below(4) {
        0 => vec![tier(60, 100), tier(30, 50)],
        1 => vec![tier(90, 100), tier(45, 50), tier(14, 25)],
        2 => vec![tier(30, 50)],
        _ => vec![tier(45, 100), tier(21, 75), tier(7, 25)],
    };
    let visa_denial = if dice.chance(80) {
        VisaDenialRefund { percent: 100, fee_kept_cents: *dice.pick(&[0, 100, 150, 250]) * 100 }
    } else {
        VisaDenialRefund { percent: 50, fee_kept_cents: 0 }
    };
    RefundPolicy { tiers, application_fee_refundable: dice.chance(15), visa_denial }
}

fn eligibility(dice: &mut Dice, kind: ExperienceType) -> Eligibility {
    use ApplicantType::*;
    let mut types: Vec<ApplicantType> = match kind {
        ExperienceType::Clerkship | ExperienceType::Elective => vec![Ims],
        ExperienceType::Externship => vec![Img],
        ExperienceType::ClinicalRotation | ExperienceType::Observership => vec![Ims, Img],
        _ => vec![Ims, Img, Np, Pa],
    };
    if !types.contains(&Np) && kind != ExperienceType::Externship && dice.chance(20) {
        types.extend([Np, Pa]);
    }
    let takes_graduates = types.contains(&Img);
    let visas: FlagSet<Visa> = if kind == ExperienceType::Externship {
        // Hands-on for graduates needs work authorisation or a training visa.
        [Visa::J1, Visa::H1b, Visa::UsCitizenOrResident, Visa::Other].into_iter().collect()
    } else if dice.chance(85) {
        FlagSet::all()
    } else {
        [Visa::B1B2, Visa::UsCitizenOrResident].into_iter().collect()
    };
    let step1 = match kind {
        ExperienceType::Externship => 70,
        ExperienceType::ClinicalRotation => 40,
        ExperienceType::Clerkship | ExperienceType::Elective => 25,
        _ => 10,
    };
    Eligibility {
        applicant_types: types.into_iter().collect(),
        max_years_since_graduation: (takes_graduates && dice.chance(60)).then(|| *dice.pick(&[3, 5, 7, 10])),
        step1_pass_required: dice.chance(step1),
        ecfmg_required: kind == ExperienceType::Externship && dice.chance(30),
        visas,
    }
}
