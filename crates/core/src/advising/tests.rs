use chrono::{NaiveDate, NaiveTime};

use super::call::{CallError, CallEvent, CallStatus, Offering, Reminder, Who, reminder_due, transition};
use super::ics::{Invite, ics};
use super::setup::{RawException, RawHours, RawSetup, Setup};
use super::slots::{Slot, SlotError, check, open};
use super::time::{LocalTimeError, instant, shown, zone};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn hours(weekday: &str, start: &str, end: &str) -> RawHours {
    RawHours { weekday: weekday.into(), start: start.into(), end: end.into() }
}

fn raw(zone: &str, weekly: Vec<RawHours>) -> RawSetup {
    RawSetup {
        zone: zone.into(),
        weekly,
        exceptions: Vec::new(),
        notice_hours: 24,
        buffer_minutes: 15,
        cancel_hours: 48,
        late_cancel_percent: 50,
        video_link: "https://meet.example.org/avery".into(),
    }
}

fn new_york() -> Setup {
    Setup::parse(&raw("America/New_York", vec![hours("sunday", "01:00", "04:00"), hours("monday", "09:00", "11:00")])).unwrap()
}

fn at(zone_name: &str, date: &str, time: &str) -> i64 {
    instant(zone(zone_name).unwrap(), d(date), t(time)).unwrap()
}

#[test]
fn the_night_the_clocks_go_forward_has_no_half_past_two() {
    let s = new_york();
    let now = at("America/New_York", "2027-03-01", "09:00");
    let sunday: Vec<i64> = open(&s, 30, &[], now, d("2027-03-14"), 1).iter().map(|s| s.start).collect();
    let expected: Vec<i64> =
        ["01:00", "01:30", "03:00", "03:30"].iter().map(|h| at("America/New_York", "2027-03-14", h)).collect();
    assert_eq!(sunday, expected);
    // 01:30 EST to 03:00 EDT is half an hour.
    assert_eq!(expected[2] - expected[1], 1800);
    let gap = instant(s.zone, d("2027-03-14"), t("02:30")).unwrap_err();
    assert_eq!(
        gap.to_string(),
        "02:30 on 14 Mar 2027 does not exist in America/New_York: the clocks go forward then; choose another time"
    );
}

#[test]
fn hours_ending_in_the_skipped_hour_still_open_before_it() {
    let s = Setup::parse(&raw("America/New_York", vec![hours("sunday", "00:00", "02:30")])).unwrap();
    let now = at("America/New_York", "2027-03-01", "09:00");
    let starts: Vec<String> = open(&s, 30, &[], now, d("2027-03-14"), 1).iter().map(|x| shown(s.zone, x.start)).collect();
    assert_eq!(
        starts,
        ["Sun 14 Mar 2027, 00:00 EST", "Sun 14 Mar 2027, 00:30 EST", "Sun 14 Mar 2027, 01:00 EST", "Sun 14 Mar 2027, 01:30 EST"]
    );
}

#[test]
fn the_night_the_clocks_go_back_has_half_past_one_twice() {
    let s = new_york();
    let now = at("America/New_York", "2027-11-01", "09:00");
    let sunday = open(&s, 30, &[], now, d("2027-11-07"), 1);
    let starts: Vec<String> = sunday.iter().map(|x| shown(s.zone, x.start)).collect();
    // 01:00 and 01:30 happen twice: no slot there; 02:00 onwards once.
    assert_eq!(
        starts,
        ["Sun 7 Nov 2027, 02:00 EST", "Sun 7 Nov 2027, 02:30 EST", "Sun 7 Nov 2027, 03:00 EST", "Sun 7 Nov 2027, 03:30 EST"]
    );
    assert!(matches!(instant(s.zone, d("2027-11-07"), t("01:30")), Err(LocalTimeError::Ambiguous { .. })));
}

#[test]
fn an_applicant_elsewhere_sees_the_same_instant_shift_across_the_change() {
    let s = new_york();
    let kolkata = zone("Asia/Kolkata").unwrap();
    let now = at("America/New_York", "2027-03-01", "09:00");
    let before = open(&s, 30, &[], now, d("2027-03-08"), 1)[0].start;
    let after = open(&s, 30, &[], now, d("2027-03-15"), 1)[0].start;
    assert_eq!(shown(kolkata, before), "Mon 8 Mar 2027, 19:30 IST");
    assert_eq!(shown(kolkata, after), "Mon 15 Mar 2027, 18:30 IST");
    assert_eq!(shown(s.zone, after), "Mon 15 Mar 2027, 09:00 EDT");
}

#[test]
fn booking_checks_notice_hours_and_calls_booked_meanwhile() {
    let s = new_york();
    let monday = at("America/New_York", "2027-03-15", "09:00");
    let now = monday - 3 * 86_400;
    assert_eq!(check(&s, 30, &[], now, monday), Ok(Slot { start: monday, end: monday + 1800 }));
    assert_eq!(check(&s, 30, &[], monday + 60, monday), Err(SlotError::Past));
    let soon = check(&s, 30, &[], monday - 3600, monday).unwrap_err();
    assert_eq!(soon, SlotError::TooSoon { hours: 24, after: "Tue 16 Mar 2027, 08:00 EDT".into() });
    assert_eq!(check(&s, 30, &[], now, monday + 900), Err(SlotError::NotOffered), "on a quarter past: not a start");
    assert_eq!(
        check(&s, 90, &[], now, at("America/New_York", "2027-03-15", "10:00")),
        Err(SlotError::NotOffered),
        "runs past 11:00"
    );
    // An hour booked at 09:30, with 15 minutes kept free around it: 09:00 would end inside the
    // buffer and 10:30 start inside it, so nothing is left that morning.
    let taken = [Slot { start: monday + 1800, end: monday + 5400 }];
    assert_eq!(check(&s, 30, &taken, now, monday), Err(SlotError::Taken));
    assert_eq!(open(&s, 30, &taken, now, d("2027-03-15"), 1), Vec::<Slot>::new());
    assert_eq!(check(&s, 30, &[], now, monday + 200 * 86_400), Err(SlotError::TooFar));
}

#[test]
fn days_off_and_extra_hours_change_one_date() {
    let mut r = raw("America/Chicago", vec![hours("monday", "09:00", "10:00")]);
    r.exceptions = vec![
        RawException { date: "2027-03-15".into(), off: true, ..Default::default() },
        RawException { date: "2027-03-16".into(), off: false, start: "18:00".into(), end: "19:00".into() },
    ];
    let s = Setup::parse(&r).unwrap();
    let now = at("America/Chicago", "2027-03-01", "09:00");
    let week = open(&s, 30, &[], now, d("2027-03-15"), 7);
    let shown: Vec<String> = week.iter().map(|x| super::time::shown(s.zone, x.start)).collect();
    assert_eq!(shown, ["Tue 16 Mar 2027, 18:00 CDT", "Tue 16 Mar 2027, 18:30 CDT"]);
    assert_eq!(Setup::parse(&s.raw()).unwrap(), s, "what is stored reads back");
}

#[test]
fn a_bad_setup_names_every_field() {
    let mut r = raw(
        "America/Nowhere",
        vec![
            hours("monday", "09:00", "12:00"),
            hours("Monday", "11:00", "13:00"),
            hours("funday", "09:00", "10:00"),
            hours("tuesday", "10:00", "09:00"),
            hours("friday", "09:10", "10:00"),
        ],
    );
    r.video_link = "http://insecure.example.org".into();
    r.late_cancel_percent = 150;
    let e = Setup::parse(&r).unwrap_err();
    let got: Vec<(&str, &str)> = e.iter().map(|f| (f.field, f.message.as_str())).collect();
    assert_eq!(
        got,
        [
            ("zone", "\"America/Nowhere\" is not a time zone: give an IANA name such as America/New_York or Asia/Kolkata"),
            ("weekly", "hours 3: \"funday\" is not a day; give monday … sunday"),
            ("weekly", "hours 4: 10:00 is not before 09:00"),
            ("weekly", "hours 5: give times as HH:MM on a quarter hour, e.g. 09:00 and 12:30"),
            ("weekly", "monday 09:00–12:00 overlaps 11:00–13:00: join them or move one"),
            ("late_cancel_percent", "the late cancellation charge, in percent, is 0 to 100"),
            ("video_link", "give the https:// link of your video room, at most 300 characters"),
        ]
    );
}

#[test]
fn a_late_cancellation_of_a_paid_call_is_charged_by_the_policy() {
    let paid = Offering { name: "Match strategy".into(), minutes: 60, price_cents: 150_00, intro: false, covers: String::new() };
    let start = 1_000_000;
    let cancel = |who, now, o: &Offering| transition(CallStatus::Booked, CallEvent::Cancel(who), now, start, o, 48, 50);
    let (status, c) = cancel(Who::Applicant, start - 47 * 3600, &paid).unwrap();
    assert_eq!((status, c.unwrap().late, c.unwrap().charge_cents), (CallStatus::Cancelled, true, 75_00));
    assert_eq!(cancel(Who::Applicant, start - 49 * 3600, &paid).unwrap().1.unwrap().charge_cents, 0, "in time");
    assert_eq!(cancel(Who::Advisor, start - 3600, &paid).unwrap().1.unwrap().charge_cents, 0, "the advisor's doing");
    assert_eq!(cancel(Who::Applicant, start - 3600, &Offering::intro()).unwrap().1.unwrap().charge_cents, 0, "free");
    assert_eq!(cancel(Who::Applicant, start, &paid), Err(CallError::Begun));
    let hold = |now| transition(CallStatus::Booked, CallEvent::Hold, now, start, &paid, 48, 50);
    assert_eq!(hold(start - 1), Err(CallError::NotYet));
    assert_eq!(hold(start).unwrap().0, CallStatus::Held);
    let again = transition(CallStatus::Cancelled, CallEvent::Cancel(Who::Applicant), 0, start, &paid, 48, 50).unwrap_err();
    assert_eq!(again.to_string(), "a cancelled call cannot be cancelled");
}

#[test]
fn offerings_are_checked_and_the_intro_is_free_and_half_an_hour() {
    assert_eq!(Offering::intro().check(), Ok(()));
    let bad = Offering { name: " ".into(), minutes: 50, price_cents: -1, intro: true, covers: String::new() };
    let fields: Vec<&str> = bad.check().unwrap_err().iter().map(|f| f.field).collect();
    assert_eq!(fields, ["name", "minutes", "price_cents", "intro"]);
}

#[test]
fn reminders_come_a_day_and_an_hour_before_once_each() {
    let start = 10 * 86_400;
    assert_eq!(reminder_due(start, 0, start - 25 * 3600, false, false), None);
    assert_eq!(reminder_due(start, 0, start - 23 * 3600, false, false), Some(Reminder::Day));
    assert_eq!(reminder_due(start, 0, start - 23 * 3600, true, false), None);
    assert_eq!(reminder_due(start, 0, start - 1800, true, false), Some(Reminder::Hour));
    assert_eq!(reminder_due(start, 0, start - 1800, false, false), Some(Reminder::Hour), "late: the hour's, not both");
    assert_eq!(reminder_due(start, 0, start - 1800, true, true), None);
    assert_eq!(reminder_due(start, 0, start + 1, false, false), None);
    // Booked three hours ahead: no "tomorrow", but the hour's; booked half an hour ahead: neither.
    assert_eq!(reminder_due(start, start - 3 * 3600, start - 2 * 3600, false, false), None);
    assert_eq!(reminder_due(start, start - 3 * 3600, start - 1800, false, false), Some(Reminder::Hour));
    assert_eq!(reminder_due(start, start - 1800, start - 1200, false, false), None);
}

#[test]
fn an_invitation_is_rfc_5545() {
    let invite = Invite {
        uid: "consultation-7@matchready.example",
        sequence: 1,
        cancelled: false,
        stamp: at("UTC", "2027-03-01", "12:00"),
        start: at("America/New_York", "2027-03-15", "09:00"),
        end: at("America/New_York", "2027-03-15", "09:30"),
        summary: "Free introductory call, Dr. Avery Advisor",
        description: "Where you stand; what you aim for, and whether this helps. A long line of words that will surely need folding somewhere past seventy-five octets — with a dash.",
        video_link: "https://meet.example.org/avery",
        organizer: ("Dr. Avery \"AA\" Advisor", "advisor@example.org"),
        attendee: ("Ngozi Okafor", "applicant@example.org"),
    };
    let text = ics(&invite);
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");
    let unfolded = text.replace("\r\n ", "");
    for line in [
        "METHOD:REQUEST",
        "DTSTART:20270315T130000Z",
        "DTEND:20270315T133000Z",
        "SEQUENCE:1",
        "SUMMARY:Free introductory call\\, Dr. Avery Advisor",
        "ORGANIZER;CN=\"Dr. Avery AA Advisor\":mailto:advisor@example.org",
        "LOCATION:https://meet.example.org/avery",
        "TRIGGER:-PT1440M",
        "STATUS:CONFIRMED",
    ] {
        assert!(unfolded.split("\r\n").any(|l| l == line), "{line} in\n{unfolded}");
    }
    assert!(unfolded.contains("DESCRIPTION:Where you stand\\; what you aim for\\, and"), "{unfolded}");
    let cancelled = ics(&Invite { cancelled: true, sequence: 2, ..invite });
    assert!(
        cancelled.contains("METHOD:CANCEL\r\n") && cancelled.contains("STATUS:CANCELLED\r\n") && !cancelled.contains("VALARM")
    );
}
