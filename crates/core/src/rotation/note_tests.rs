use super::*;

fn raw() -> RawNote {
    RawNote {
        title: " Chest pain, day 2 ".into(),
        setting: "inpatient".into(),
        specialty: "internal-medicine".into(),
        subjective: "Pressure-like chest pain on exertion.\r\nNo radiation.".into(),
        objective: "BP 132/84, HR 88. Troponin negative twice.".into(),
        assessment: "Stable angina most likely.".into(),
        plan: "Stress test; aspirin 81 mg.".into(),
    }
}

#[test]
fn a_note_parses_trimmed_with_line_ends_made_plain() {
    let n = parse(&raw()).unwrap();
    assert_eq!(n.title, "Chest pain, day 2");
    assert_eq!(n.subjective, "Pressure-like chest pain on exertion.\nNo radiation.");
    assert_eq!((n.setting, n.specialty), (WorkSetting::Inpatient, Specialty::InternalMedicine));
    assert!(submittable(&n).is_ok());
}

#[test]
fn every_bad_field_is_named() {
    let bad = RawNote {
        title: String::new(),
        setting: "ward".into(),
        specialty: "Medicine".into(),
        plan: "x".repeat(MAX_SECTION + 1),
        objective: "a\u{7}b".into(),
        ..raw()
    };
    let fields: Vec<&str> = parse(&bad).unwrap_err().iter().map(|e| e.field).collect();
    assert_eq!(fields, ["title", "setting", "specialty", "objective", "plan"]);
}

#[test]
fn a_draft_may_be_partial_but_only_a_whole_note_is_submitted() {
    let n = parse(&RawNote { objective: "  ".into(), plan: String::new(), ..raw() }).unwrap();
    let missing: Vec<&str> = submittable(&n).unwrap_err().iter().map(|e| e.field).collect();
    assert_eq!(missing, ["objective", "plan"]);
}

#[test]
fn the_state_machine_freezes_accepted_notes_and_keeps_the_preceptor_out_of_drafts() {
    use NoteEvent as E;
    use NoteStatus as S;
    assert_eq!(transition(S::Draft, E::Submit), Some(S::Submitted));
    assert_eq!(transition(S::Submitted, E::Return), Some(S::Returned));
    assert_eq!(transition(S::Returned, E::Edit), Some(S::Returned));
    assert_eq!(transition(S::Returned, E::Submit), Some(S::Submitted));
    assert_eq!(transition(S::Submitted, E::Accept), Some(S::Accepted));
    for e in [E::Edit, E::Submit, E::Comment, E::Return, E::Accept] {
        assert_eq!(transition(S::Accepted, e), None, "{e:?}");
    }
    for e in [E::Comment, E::Return, E::Accept] {
        assert_eq!(transition(S::Draft, e), None, "{e:?}");
    }
    assert_eq!(transition(S::Submitted, E::Edit), None, "no editing under review");
    for s in NoteStatus::ALL {
        assert_eq!(NoteStatus::from_code(s.code()), Some(s));
    }
}

#[test]
fn the_rubric_takes_levels_one_to_five_and_names_the_rest() {
    let ok = RawRubric { history: Some(4), reasoning: Some(3), plan: Some(5), concision: Some(1), english: Some(2) };
    assert_eq!(Rubric::parse(&ok).unwrap(), Rubric([4, 3, 5, 1, 2]));
    let bad = RawRubric { history: Some(6), reasoning: Some(0), plan: None, ..ok };
    let errors = Rubric::parse(&bad).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["history", "reasoning", "plan"]);
    assert!(errors[0].message.starts_with("6 is not a level; rate it from 1"), "{}", errors[0].message);
    assert_eq!(Rubric::from_levels(&[4, 3, 5, 1, 2]), Some(Rubric([4, 3, 5, 1, 2])));
    assert_eq!(Rubric::from_levels(&[4, 3, 5, 1]), None);
    assert_eq!(Rubric::from_levels(&[4, 3, 5, 1, 9]), None);
}

#[test]
fn revisions_compare_word_by_word() {
    let old = parse(&raw()).unwrap();
    let new = parse(&RawNote { assessment: "Stable angina or GERD; angina most likely.".into(), ..raw() }).unwrap();
    let d = compare(&old, &new);
    assert_eq!(d.len(), 5);
    assert!(!d[0].changed && !d[1].changed);
    let a = &d[3];
    assert_eq!(a.field, "assessment");
    assert!(a.changed);
    let added: String = a.parts.iter().filter(|p| p.change == "added").map(|p| p.text.as_str()).collect();
    assert!(added.contains("GERD"), "{a:?}");
    let rebuilt: String = a.parts.iter().filter(|p| p.change != "removed").map(|p| p.text.as_str()).collect();
    assert_eq!(rebuilt, new.assessment);
    let before: String = a.parts.iter().filter(|p| p.change != "added").map(|p| p.text.as_str()).collect();
    assert_eq!(before, old.assessment);
}

#[test]
fn invisible_characters_that_could_hide_a_number_are_dropped() {
    let n = parse(&RawNote { subjective: "Call 555\u{200B}-867-\u{2060}5309\u{FEFF}.".into(), ..raw() }).unwrap();
    assert_eq!(n.subjective, "Call 555-867-5309.");
    assert_eq!(tidy(" \u{200B} a\r\nb "), "a\nb");
}
