//! The transition table walked whole, and when a site may read the file.

use super::*;

const EVENTS: [Event; 14] = [
    Event::Submit { instant: false },
    Event::Submit { instant: true },
    Event::Review,
    Event::Offer,
    Event::Waitlist,
    Event::Reject,
    Event::Accept,
    Event::ConfirmDeposit,
    Event::DepositReturned,
    Event::Start,
    Event::Complete,
    Event::Withdraw,
    Event::Cancel,
    Event::Expire,
];
const PARTIES: [Party; 3] = [Party::Applicant, Party::Site, Party::System];

#[test]
fn the_usual_road_and_book_now() {
    let mut s = Status::Draft;
    for (e, p) in [
        (Event::Submit { instant: false }, Party::Applicant),
        (Event::Review, Party::Site),
        (Event::Offer, Party::Site),
        (Event::Accept, Party::Applicant),
        (Event::ConfirmDeposit, Party::Site),
        (Event::Start, Party::System),
        (Event::Complete, Party::System),
    ] {
        s = transition(s, e, p).unwrap();
    }
    assert_eq!(s, Status::Completed);
    assert_eq!(transition(Status::Draft, Event::Submit { instant: true }, Party::Applicant), Ok(Status::Accepted));
}

#[test]
fn only_the_right_party_moves_it() {
    assert_eq!(transition(Status::Submitted, Event::Offer, Party::Applicant), Err(TransitionError::NotYours));
    assert_eq!(transition(Status::Offered, Event::Accept, Party::Site), Err(TransitionError::NotYours));
    assert_eq!(transition(Status::Offered, Event::Expire, Party::Applicant), Err(TransitionError::NotYours));
    let e = transition(Status::Rejected, Event::Accept, Party::Applicant).unwrap_err();
    assert_eq!(e.to_string(), "an application that is not accepted cannot be accepted");
}

#[test]
fn no_event_leaves_an_ended_application_and_seats_are_held_only_in_between() {
    for from in Status::ALL {
        for e in EVENTS {
            for p in PARTIES {
                if let Ok(to) = transition(from, e, p) {
                    assert!(from.is_live(), "{from:?} --{e:?}--> {to:?}: ended applications stay ended");
                    assert_ne!(from, to, "{from:?} --{e:?}--> itself");
                    // A seat is only taken by Submit(instant) or Accept, and only given back by Cancel/Expire.
                    if to.holds_seat() && !from.holds_seat() {
                        assert!(matches!(e, Event::Accept | Event::Submit { instant: true }), "{e:?} took a seat");
                    }
                    if from.holds_seat() && !to.holds_seat() {
                        assert!(matches!(e, Event::Cancel | Event::Expire | Event::Complete), "{e:?} gave a seat back");
                    }
                }
            }
        }
    }
    for s in Status::ALL {
        assert_eq!(Status::from_code(s.code()), Some(s));
    }
}

#[test]
fn the_file_is_open_only_while_the_application_is_live_and_a_while_after_the_rotation() {
    let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
    let a = |status| Application {
        id: 1,
        applicant_id: 2,
        block_id: 3,
        experience_id: 4,
        experience_title: String::new(),
        site_name: String::new(),
        applicant_name: String::new(),
        site_id: 5,
        start_date: day(1, 4),
        end_date: day(1, 31),
        status,
        version: 0,
        offer_expires_on: None,
        deposit_due_on: None,
        created_at: 0,
        updated_at: 0,
    };
    for s in Status::ALL {
        let open = a(s).file_open(day(1, 10));
        let expected = !matches!(s, Status::Draft | Status::Rejected | Status::Withdrawn | Status::Cancelled);
        assert_eq!(open, expected, "{s:?}");
    }
    assert!(a(Status::Completed).file_open(day(7, 30)), "180 days after the end");
    assert!(!a(Status::Completed).file_open(day(7, 31)), "181 days after the end");
}
