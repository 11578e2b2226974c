use chrono::NaiveDate;

use super::delivery::{self, Destination, LinkRefusal, Opening, RawDestination};
use super::form::{self, RawLetterForm};
use super::remind::{next_nudge, reminder};
use super::request::{self, RawLetterRequest};
use super::*;
use crate::account::Role;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_letter_moves_only_along_its_machine() {
    use LetterMove as M;
    use LetterStatus as S;
    assert_eq!(transition(S::Requested, M::Accept), Ok(S::Accepted));
    assert_eq!(transition(S::Accepted, M::Start), Ok(S::InProgress));
    assert_eq!(transition(S::InProgress, M::Upload), Ok(S::Uploaded));
    // A replacement until it is first delivered.
    assert_eq!(transition(S::Uploaded, M::Upload), Ok(S::Uploaded));
    assert_eq!(transition(S::Uploaded, M::Deliver), Ok(S::Delivered));
    assert_eq!(transition(S::Delivered, M::Upload).unwrap_err().code, "letter_delivered");
    assert_eq!(transition(S::Requested, M::Upload).unwrap_err().code, "not_accepted");
    assert_eq!(transition(S::Uploaded, M::Decline).unwrap_err().code, "letter_written");
    for from in LetterStatus::ALL {
        let withdrawn = transition(from, M::Withdraw);
        match from {
            S::Withdrawn | S::Declined => assert!(withdrawn.is_err()),
            _ => assert_eq!(withdrawn, Ok(S::Withdrawn)),
        }
    }
    // Nothing moves a withdrawn or declined letter.
    for mv in [M::Accept, M::Decline, M::Start, M::Upload, M::Deliver] {
        assert!(transition(S::Withdrawn, mv).is_err());
        assert!(transition(S::Declined, mv).is_err());
    }
    for s in LetterStatus::ALL {
        assert_eq!(LetterStatus::from_code(s.code()), Some(s));
    }
    for k in EventKind::ALL {
        assert_eq!(EventKind::from_code(k.code()), Some(k));
    }
}

fn letter(waived: bool) -> Letter {
    Letter {
        id: 1,
        code: "LR-0000-0000-0000-0000".into(),
        application_id: 9,
        applicant_id: 10,
        applicant_name: "A".into(),
        author_id: 20,
        author_name: "P".into(),
        site_id: 3,
        site_name: "S".into(),
        experience_title: "E".into(),
        start_date: day("2026-01-05"),
        end_date: day("2026-02-01"),
        specialty: "general".into(),
        programs: String::new(),
        due_on: day("2026-03-01"),
        note: String::new(),
        statement: String::new(),
        share_cv: false,
        waived,
        eras_id: None,
        status: LetterStatus::Requested,
        decline_reason: None,
        version: 0,
        created_at: 0,
        updated_at: 0,
    }
}

#[test]
fn the_applicant_and_the_author_both_own_it_and_the_waiver_seals_its_words() {
    let l = letter(true);
    let actor = |user_id, role, site_id| Actor { user_id, role, site_id, verified: true };
    assert_eq!(l.relation(&actor(10, Role::Applicant, None)), Relation::Own);
    assert_eq!(l.relation(&actor(20, Role::Preceptor, Some(3))), Relation::Own);
    assert_eq!(l.relation(&actor(21, Role::Preceptor, Some(3))), Relation::SameTenant);
    assert_eq!(l.relation(&actor(22, Role::Preceptor, Some(4))), Relation::OtherTenant);
    assert_eq!(l.relation(&actor(11, Role::Applicant, None)), Relation::Unrelated);
    assert_eq!(l.text_resource(), Resource::SealedLetterText);
    assert_eq!(letter(false).text_resource(), Resource::LetterText);
    assert!(l.late(day("2026-03-02")) && !l.late(day("2026-03-01")));
}

#[test]
fn a_request_names_every_bad_field() {
    let today = day("2026-12-01");
    let ok = RawLetterRequest {
        author_id: 5,
        specialty: "internal-medicine".into(),
        programs: "all".into(),
        due_on: "2026-12-20".into(),
        waiver: "waive".into(),
        eras_id: " ab12-34 ".into(),
        ..RawLetterRequest::default()
    };
    let r = request::parse(&ok, today).unwrap();
    assert!(r.waived && r.programs.is_empty() && r.eras_id.as_deref() == Some("AB12-34"));
    // There is no default waiver: the applicant chooses.
    let bad = RawLetterRequest {
        author_id: 0,
        specialty: "astrology".into(),
        due_on: "2026-12-03".into(),
        waiver: String::new(),
        eras_id: "x".into(),
        ..RawLetterRequest::default()
    };
    let fields: Vec<_> = request::parse(&bad, today).unwrap_err().iter().map(|e| e.field).collect();
    assert_eq!(fields, ["specialty", "waiver", "eras_id", "due_on", "author_id"]);
    assert!(request::parse(&RawLetterRequest { due_on: "someday".into(), ..ok.clone() }, today).is_err());
    assert!(request::parse(&RawLetterRequest { due_on: "2028-01-01".into(), ..ok }, today).is_err());
}

fn form() -> RawLetterForm {
    RawLetterForm {
        compared_with: "40".into(),
        overall: "excellent".into(),
        patient_care: "outstanding".into(),
        communication: "very_good".into(),
        narrative: "Careful and kind.".into(),
        title: "Attending physician".into(),
        specialty: "Internal medicine".into(),
        institution: "General Hospital".into(),
        contact: "dr@example.org".into(),
        ..RawLetterForm::default()
    }
}

#[test]
fn the_standardised_form_needs_a_rank_a_narrative_and_a_signature() {
    let f = form::parse(&form(), "Dr. Pat").unwrap();
    assert_eq!(f.overall, "Excellent (top third)");
    assert_eq!(f.competencies[0], ("Patient care", "Outstanding (top 10%)"));
    assert_eq!(f.competencies[1].1, "Not observed");
    assert_eq!(f.signature.name, "Dr. Pat");
    let long = "word ".repeat(form::MAX_NARRATIVE_WORDS + 1);
    let bad =
        RawLetterForm { overall: "best".into(), narrative: long, title: String::new(), patient_care: "meh".into(), ..form() };
    let fields: Vec<_> = form::parse(&bad, "Dr. Pat").unwrap_err().iter().map(|e| e.field).collect();
    assert_eq!(fields, ["overall", "patient_care", "narrative", "title"]);
}

fn destination(openings: usize) -> Destination {
    Destination {
        id: 1,
        letter_id: 1,
        kind: "program".into(),
        program: "P".into(),
        contact: "p@example.org".into(),
        delivered_at: 0,
        expires_at: Some(1_000_000),
        max_opens: delivery::MAX_OPENS,
        openings: (0..openings).map(|i| Opening { at: 100 + i as i64, address: "1.2.3.4".into() }).collect(),
    }
}

#[test]
fn a_link_opens_a_limited_number_of_times_until_it_expires() {
    assert_eq!(delivery::may_open(&destination(0), false, 10), Ok(()));
    assert_eq!(delivery::may_open(&destination(5), false, 10), Err(LinkRefusal::UsedUp));
    assert_eq!(delivery::may_open(&destination(0), false, 1_000_000), Err(LinkRefusal::Expired));
    assert_eq!(delivery::may_open(&destination(0), true, 10), Err(LinkRefusal::Withdrawn));
    // The PDF only shortly after an opening.
    assert!(!delivery::may_fetch(&destination(0), false, 100));
    assert!(delivery::may_fetch(&destination(1), false, 100 + 60));
    assert!(!delivery::may_fetch(&destination(1), false, 100 + delivery::PDF_MINUTES * 60 + 1));
    assert_eq!(delivery::program_key("Mount Sinai — Internal  Medicine"), delivery::program_key("mount sinai internal medicine"));
    let bad = delivery::parse(&RawDestination { program: " ".into(), contact: "nobody".into() }).unwrap_err();
    assert_eq!(bad.iter().map(|e| e.field).collect::<Vec<_>>(), ["program", "contact"]);
}

#[test]
fn reminders_go_once_each_in_order_and_nudges_once_a_week() {
    let due = day("2026-03-10");
    assert_eq!(reminder(due, day("2026-03-06"), &[]), None);
    assert_eq!(reminder(due, day("2026-03-07"), &[]), Some(EventKind::RemindedBefore));
    assert_eq!(reminder(due, day("2026-03-09"), &[EventKind::RemindedBefore]), None);
    assert_eq!(reminder(due, day("2026-03-11"), &[EventKind::RemindedBefore]), Some(EventKind::RemindedAfter));
    assert_eq!(reminder(due, day("2026-03-24"), &[EventKind::RemindedAfter]), Some(EventKind::Escalated));
    // A later stage reached first: the earlier ones are not sent after it.
    assert_eq!(reminder(due, day("2026-03-11"), &[EventKind::Escalated]), None);
    assert_eq!(next_nudge(None, 100), None);
    assert_eq!(next_nudge(Some(0), 100), Some(7 * 86_400));
    assert_eq!(next_nudge(Some(0), 7 * 86_400), None);
}
