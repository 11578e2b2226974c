use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn raw(date: &str, start: &str, end: &str, hours: &str) -> RawDay {
    RawDay {
        date: date.into(),
        start: start.into(),
        end: end.into(),
        hours: hours.into(),
        setting: "inpatient".into(),
        hands_on: true,
        activity: "Admitted two patients with the team; presented one on rounds.".into(),
    }
}

fn entry(id: i64, date: &str, span: Option<(i32, i32)>, minutes: i32, status: HoursStatus) -> HoursEntry {
    HoursEntry {
        id,
        application_id: 1,
        date: d(date),
        span,
        minutes,
        setting: WorkSetting::Inpatient,
        hands_on: id % 2 == 0,
        activity: "Clinic".into(),
        status,
        comment: String::new(),
        corrects: None,
        created_at: 0,
        decided_by: None,
        decided_at: None,
    }
}

fn fields(r: Result<impl std::fmt::Debug, Vec<FieldError>>) -> Vec<&'static str> {
    r.map(|_| Vec::new()).unwrap_or_else(|e| e.into_iter().map(|f| f.field).collect())
}

#[test]
fn a_day_parses_from_times_or_hours() {
    let day = parse(&raw("2027-01-12", "08:00", "16:30", "")).unwrap();
    assert_eq!((day.span, day.minutes), (Some((480, 990)), 510));
    let day = parse(&raw("2027-01-12", "", "", "7.5")).unwrap();
    assert_eq!((day.span, day.minutes), (None, 450));
    assert_eq!(parse(&raw("2027-01-12", " 08:00 ", "09:00", "")).unwrap().minutes, 60, "spaces are trimmed");
}

#[test]
fn bad_days_name_each_field() {
    assert_eq!(fields(parse(&raw("12/01/2027", "8am", "16:00", ""))), ["date", "start"]);
    assert_eq!(fields(parse(&raw("", "", "", ""))), ["date", "hours"]);
    assert_eq!(fields(parse(&raw("2027-01-12", "16:00", "08:00", ""))), ["end"], "ends before it starts");
    assert_eq!(fields(parse(&raw("2027-01-12", "08:00", "", ""))), ["end"]);
    assert_eq!(fields(parse(&raw("2027-01-12", "", "09:00", ""))), ["start"]);
    assert_eq!(fields(parse(&raw("2027-01-12", "08:00", "09:00", "1"))), ["hours"], "both ways at once");
    for h in ["0", "-3", "25", "NaN", "inf", "lots", "0.1"] {
        assert_eq!(fields(parse(&raw("2027-01-12", "", "", h))), ["hours"], "{h}");
    }
    let mut r = raw("2027-01-12", "", "", "8");
    r.setting = "beach".into();
    r.activity = " ".into();
    assert_eq!(fields(parse(&r)), ["setting", "activity"]);
    r = raw("2027-01-12", "", "", "8");
    r.activity = "x".repeat(MAX_ACTIVITY + 1);
    assert_eq!(fields(parse(&r)), ["activity"]);
    r.activity = "ok\u{7}".into();
    assert_eq!(fields(parse(&r)), ["activity"]);
}

#[test]
fn a_day_falls_in_the_block_and_is_not_to_come() {
    let (first, last, today) = (d("2027-01-11"), d("2027-02-07"), d("2027-01-20"));
    let ok = |date: &str| check(&parse(&raw(date, "", "", "8")).unwrap(), first, last, today, &[], &[]);
    assert!(ok("2027-01-11").is_ok() && ok("2027-01-20").is_ok());
    let before = ok("2027-01-10").unwrap_err();
    assert_eq!(before[0].message, "log days of your block only: 11 Jan 2027 – 7 Feb 2027");
    assert_eq!(fields(ok("2027-02-08")), ["date"]);
    assert_eq!(fields(ok("2027-01-21")), ["date"], "tomorrow");
}

#[test]
fn no_overlaps_and_no_more_than_a_day() {
    let (first, last, today) = (d("2027-01-11"), d("2027-02-07"), d("2027-01-20"));
    let others = [
        entry(1, "2027-01-12", Some((480, 720)), 240, HoursStatus::Signed),
        entry(2, "2027-01-12", None, 600, HoursStatus::Pending),
        entry(3, "2027-01-12", Some((1200, 1380)), 180, HoursStatus::Returned),
    ];
    let try_day = |r: RawDay, replacing: &[i64]| check(&parse(&r).unwrap(), first, last, today, &others, replacing);
    let overlap = try_day(raw("2027-01-12", "11:00", "13:00", ""), &[]).unwrap_err();
    assert_eq!(overlap[0].message, "this overlaps your entry from 08:00 to 12:00 that day");
    assert!(try_day(raw("2027-01-12", "12:00", "13:00", ""), &[]).is_ok(), "touching is not overlapping");
    assert!(try_day(raw("2027-01-12", "20:00", "22:00", ""), &[]).is_ok(), "a returned entry does not count");
    // 4 + 10 logged: 10 more fit, 10.25 do not.
    assert!(try_day(raw("2027-01-12", "", "", "10"), &[]).is_ok());
    let full = try_day(raw("2027-01-12", "", "", "10.25"), &[]).unwrap_err();
    assert_eq!(full[0].message, "14 hours are already logged on that day; a day has 24 hours");
    // A correction of entry 1 is judged without it.
    assert!(try_day(raw("2027-01-12", "09:00", "13:00", ""), &[1]).is_ok());
    assert!(try_day(raw("2027-01-13", "11:00", "13:00", ""), &[]).is_ok(), "another day");
}

#[test]
fn only_pending_entries_are_signed_or_returned() {
    use HoursEvent as E;
    use HoursStatus as S;
    assert_eq!(transition(S::Pending, E::Sign), Some(S::Signed));
    assert_eq!(transition(S::Pending, E::Return), Some(S::Returned));
    for from in [S::Signed, S::Returned, S::Replaced] {
        assert_eq!(transition(from, E::Sign), None, "{from:?}");
        assert_eq!(transition(from, E::Return), None, "{from:?}");
    }
    assert_eq!(transition(S::Signed, E::Replace), Some(S::Replaced));
    assert_eq!(transition(S::Replaced, E::Replace), None);
    for s in [S::Pending, S::Signed, S::Returned, S::Replaced] {
        assert_eq!(HoursStatus::from_code(s.code()), Some(s));
    }
    for s in WorkSetting::ALL {
        assert_eq!(WorkSetting::from_code(s.code()), Some(s));
    }
}

#[test]
fn the_summary_counts_each_signed_minute_once() {
    let mut correction = entry(6, "2027-01-12", None, 300, HoursStatus::Pending);
    correction.corrects = Some(2);
    let entries = [
        entry(1, "2027-01-12", None, 120, HoursStatus::Signed),
        entry(2, "2027-01-12", None, 240, HoursStatus::Signed),
        entry(3, "2027-01-13", None, 60, HoursStatus::Pending),
        entry(4, "2027-01-14", None, 90, HoursStatus::Returned),
        entry(5, "2027-01-15", None, 480, HoursStatus::Replaced),
        correction,
    ];
    let s = HoursSummary::of(&entries);
    assert_eq!((s.signed_minutes, s.hands_on_minutes, s.observing_minutes), (360, 240, 120));
    assert_eq!((s.pending_minutes, s.returned_minutes, s.signed_days), (60, 90, 1));
    assert_eq!((s.corrections_pending, s.logged_minutes()), (1, 420), "the correction waits; the signed entry counts");
}

#[test]
fn hours_read_as_people_write_them() {
    assert_eq!(hours_text(60), "1 hour");
    assert_eq!(hours_text(450), "7.5 hours");
    assert_eq!(hours_text(495), "8.25 hours");
    assert_eq!(hours_text(840), "14 hours");
    assert_eq!(clock(485), "08:05");
}

#[test]
fn a_signed_entry_counts_until_its_correction_is_signed() {
    let (first, last, today) = (d("2027-01-11"), d("2027-02-07"), d("2027-01-20"));
    let mut correction = entry(2, "2027-01-12", Some((480, 600)), 120, HoursStatus::Pending);
    correction.corrects = Some(1);
    let others = [entry(1, "2027-01-12", Some((480, 720)), 240, HoursStatus::Signed), correction];
    let try_day = |r: RawDay, replacing: &[i64]| check(&parse(&r).unwrap(), first, last, today, &others, replacing);
    // A new entry overlapping the signed one is refused even though a shorter correction waits:
    // the correction may yet be returned.
    assert_eq!(fields(try_day(raw("2027-01-12", "10:00", "12:00", ""), &[])), ["start"]);
    // Correcting again, in place of both, is judged without them.
    assert!(try_day(raw("2027-01-12", "08:00", "12:30", ""), &[1, 2]).is_ok());
    // The signed four hours and their two-hour correction count as four, not six: twenty more fit.
    assert!(try_day(raw("2027-01-12", "", "", "20"), &[]).is_ok());
    assert_eq!(fields(try_day(raw("2027-01-12", "", "", "20.25"), &[])), ["hours"]);
}

#[test]
fn a_shift_can_end_at_midnight() {
    let day = parse(&raw("2027-01-12", "19:00", "24:00", "")).unwrap();
    assert_eq!((day.span, day.minutes), (Some((1140, 1440)), 300));
    assert_eq!(fields(parse(&raw("2027-01-12", "24:00", "24:00", ""))), ["start"], "a start of 24:00 is no time");
}
