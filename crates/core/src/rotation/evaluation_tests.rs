use super::*;
use crate::rotation::review::{self, RawReview, ReviewAggregate};

fn n(v: i64) -> Option<RawLevel> {
    Some(RawLevel::Number(v))
}

fn full() -> RawEvaluation {
    RawEvaluation {
        patient_care: n(4),
        medical_knowledge: n(3),
        practice_based_learning: Some(RawLevel::Text("not_observed".into())),
        communication: Some(RawLevel::Text("5".into())),
        professionalism: n(5),
        systems_based_practice: n(2),
        strengths: "Thorough histories.".into(),
        improve: "Prioritise the differential.".into(),
        narrative: " Ready for intern year with support. ".into(),
    }
}

#[test]
fn levels_are_one_to_five_or_not_observed_and_round_trip_through_storage() {
    let e = parse(&full(), true).unwrap();
    assert_eq!(e.levels, [Some(4), Some(3), Some(0), Some(5), Some(5), Some(2)]);
    assert_eq!(e.narrative, "Ready for intern year with support.");
    assert_eq!(levels_code(&e.levels), "430552");
    assert_eq!(levels_of("430552"), Some(e.levels));
    assert_eq!(levels_of("43-552").unwrap()[2], None);
    for bad in ["43055", "4305529", "43x552", "430562"] {
        assert_eq!(levels_of(bad), None, "{bad}");
    }
}

#[test]
fn a_level_that_does_not_exist_is_named() {
    let bad = RawEvaluation {
        patient_care: n(6),
        medical_knowledge: n(0),
        communication: Some(RawLevel::Text("great".into())),
        ..full()
    };
    let errors = parse(&bad, false).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["patient_care", "medical_knowledge", "communication"]);
    assert!(errors[0].message.starts_with("6 is not a level"), "{}", errors[0].message);
    assert!(errors[2].message.starts_with("\"great\" is not a level"), "{}", errors[2].message);
    // From JSON: a fraction or a flag is named like any other bad level, not refused as a body.
    let sent: RawEvaluation =
        serde_json::from_str(r#"{"patient_care": 4.5, "professionalism": true, "communication": -1}"#).unwrap();
    let errors = parse(&sent, false).unwrap_err();
    let said: Vec<(&str, &str)> = errors.iter().map(|e| (e.field, e.message.split(' ').next().unwrap())).collect();
    assert_eq!(said, [("patient_care", "4.5"), ("communication", "-1"), ("professionalism", "true")]);
}

#[test]
fn a_tab_pasted_into_the_narrative_is_a_space() {
    let pasted = RawEvaluation { narrative: "Ready.\tGlad to work with them again.".into(), ..full() };
    assert_eq!(parse(&pasted, true).unwrap().narrative, "Ready. Glad to work with them again.");
}

#[test]
fn a_draft_may_be_partial_but_a_submission_rates_everything_and_says_why() {
    let partial = RawEvaluation { systems_based_practice: None, narrative: String::new(), ..full() };
    let draft = parse(&partial, false).unwrap();
    assert_eq!(draft.levels[5], None);
    let fields: Vec<&str> = parse(&partial, true).unwrap_err().iter().map(|e| e.field).collect();
    assert_eq!(fields, ["systems_based_practice"]);
    let silent = RawEvaluation { narrative: String::new(), ..full() };
    assert_eq!(parse(&silent, true).unwrap_err()[0].field, "narrative");
    let unseen = Some(RawLevel::Text("not_observed".into()));
    let nothing = RawEvaluation {
        patient_care: unseen.clone(),
        medical_knowledge: unseen.clone(),
        practice_based_learning: unseen.clone(),
        communication: unseen.clone(),
        professionalism: unseen.clone(),
        systems_based_practice: unseen,
        ..full()
    };
    assert_eq!(parse(&nothing, true).unwrap_err()[0].message, "rate at least one competency you observed");
}

#[test]
fn due_dates_follow_the_block() {
    let (first, last) = ("2027-01-04".parse().unwrap(), "2027-01-31".parse().unwrap());
    assert_eq!(EvalKind::Midpoint.due(first, last), "2027-01-17".parse::<NaiveDate>().unwrap());
    assert_eq!(EvalKind::Final.due(first, last), "2027-02-07".parse::<NaiveDate>().unwrap());
    assert_eq!(EvalKind::from_code("final"), Some(EvalKind::Final));
    assert_eq!(EvalKind::from_code("Final"), None);
}

#[test]
fn the_trainees_evaluations_show_only_from_three_on() {
    let ok =
        RawReview { teaching: Some(5), supervision: Some(4), as_described: Some(3), overall: Some(4), comment: "Good".into() };
    assert_eq!(review::parse(&ok).unwrap().ratings, [5, 4, 3, 4]);
    let bad = RawReview { teaching: Some(9), overall: None, ..ok.clone() };
    let fields: Vec<&str> = review::parse(&bad).unwrap_err().iter().map(|e| e.field).collect();
    assert_eq!(fields, ["teaching", "overall"]);
    assert_eq!(ReviewAggregate::of(&[[5, 4, 3, 4], [4, 4, 4, 4]]), None);
    let a = ReviewAggregate::of(&[[5, 4, 3, 4], [4, 4, 4, 4], [4, 5, 5, 5]]).unwrap();
    assert_eq!((a.count, a.average_tenths), (3, [43, 43, 40, 43]));
    assert_eq!(a.in_words(), "4.3 overall from 3 trainees");
    // A fourth and a fifth change nothing shown: the newest cannot be told from the change.
    let five = [[5, 4, 3, 4], [4, 4, 4, 4], [4, 5, 5, 5], [1, 1, 1, 1], [2, 2, 2, 2]];
    assert_eq!(ReviewAggregate::of(&five), Some(a));
    assert_eq!(ReviewAggregate::of(&[five.as_slice(), &[[3, 3, 3, 3]]].concat()).unwrap().count, 6);
}

#[test]
fn reminders_come_three_days_before_and_escalate_three_days_after() {
    let due: NaiveDate = "2027-02-07".parse().unwrap();
    let on = |d: &str| reminder(due, d.parse().unwrap());
    assert_eq!(on("2027-02-03"), None);
    assert_eq!(on("2027-02-04"), Some(Reminder::DueSoon));
    assert_eq!(on("2027-02-10"), Some(Reminder::DueSoon));
    assert_eq!(on("2027-02-11"), Some(Reminder::Overdue));
}
