//! The money rule on the cases people met: fee kept, overpaid, a deposit paid
//! ahead, a payment after a cancellation, and entries in any order.

use chrono::NaiveDate;

use super::*;
use crate::application::{Application, Event, Status};
use crate::{RefundPolicy, RefundTier, VisaDenialRefund};

fn policy(fee_refundable: bool) -> RefundPolicy {
    RefundPolicy {
        tiers: vec![RefundTier { min_days_before: 60, percent: 100 }, RefundTier { min_days_before: 30, percent: 50 }],
        application_fee_refundable: fee_refundable,
        visa_denial: VisaDenialRefund { percent: 100, fee_kept_cents: 150_00 },
    }
}

fn app(status: Status) -> Application {
    Application {
        id: 1,
        applicant_id: 2,
        block_id: 3,
        experience_id: 4,
        experience_title: "Internal Medicine".into(),
        site_name: String::new(),
        applicant_name: String::new(),
        site_id: 5,
        start_date: NaiveDate::from_ymd_opt(2027, 5, 3).unwrap(),
        end_date: NaiveDate::from_ymd_opt(2027, 5, 30).unwrap(),
        status,
        version: 1,
        offer_expires_on: None,
        deposit_due_on: Some(NaiveDate::from_ymd_opt(2026, 12, 8).unwrap()),
        created_at: 0,
        updated_at: 0,
    }
}

fn e(id: i64, kind: EntryKind, amount_cents: i64) -> Entry {
    Entry { id, kind, amount_cents, fee: false, description: String::new(), source: "site".into(), external_id: None, at: 0 }
}

fn fee(id: i64, amount_cents: i64) -> Entry {
    Entry { fee: true, ..e(id, EntryKind::Charge, amount_cents) }
}

fn account(status: Status, policy: &RefundPolicy, cancellation: Option<Cancellation>, entries: &[Entry]) -> Account {
    Account::of(&app(status), Terms { deposit_cents: 50_000, policy }, cancellation.as_ref(), entries).unwrap()
}

#[test]
fn the_application_fee_is_kept_when_the_policy_says_so() {
    let entries = [fee(1, 30_000), e(2, EntryKind::Charge, 390_000), e(3, EntryKind::Payment, 420_000)];
    let cancelled = Cancellation { days_before: 167, visa_denied: false, after_entry: 3 };
    let a = account(Status::Cancelled, &policy(false), Some(cancelled), &entries);
    assert_eq!((a.kept_cents, a.owed_back_cents), (30_000, 390_000));
    assert!(a.why.iter().any(|w| w.starts_with("Cancel 60 or more days")), "{:?}", a.why);
    assert!(a.why.iter().any(|w| w == "The application fee ($300) is not refundable."), "{:?}", a.why);
    let a = account(Status::Cancelled, &policy(true), Some(cancelled), &entries);
    assert_eq!((a.kept_cents, a.owed_back_cents), (0, 420_000));
    // Half back 45 days ahead, of what is not the fee; the visa rule keeps its processing fee.
    let at45 = Some(Cancellation { days_before: 45, ..cancelled });
    assert_eq!(account(Status::Cancelled, &policy(false), at45, &entries).owed_back_cents, 195_000);
    let visa = Some(Cancellation { visa_denied: true, ..cancelled });
    assert_eq!(account(Status::Cancelled, &policy(false), visa, &entries).owed_back_cents, 390_000 - 15_000);
}

#[test]
fn paying_more_than_charged_is_a_credit_owed_back() {
    let entries = [e(1, EntryKind::Charge, 405_000), e(2, EntryKind::Payment, 405_001)];
    let a = account(Status::Confirmed, &policy(false), None, &entries);
    assert_eq!((a.to_pay_cents, a.kept_cents, a.owed_back_cents), (0, 405_000, 1));
    assert_eq!(a.balance_due_on, None);
}

#[test]
fn a_deposit_paid_before_accepting_counts() {
    let paid = [e(1, EntryKind::Payment, 50_000)];
    let offered = account(Status::Offered, &policy(false), None, &paid);
    assert_eq!((offered.held_cents, offered.owed_back_cents), (50_000, 0));
    let charged = [e(1, EntryKind::Payment, 50_000), e(2, EntryKind::Charge, 300_000)];
    let held = account(Status::Accepted, &policy(false), None, &charged);
    assert_eq!(money_event(Status::Accepted, &held), Some(Event::ConfirmDeposit));
    assert_eq!((held.to_pay_cents, held.deposit_to_pay_cents, held.deposit_due_on), (250_000, 0, None));
    // Withdrawn without a seat: everything is owed back.
    let gone = account(Status::Withdrawn, &policy(false), None, &paid);
    assert_eq!((gone.kept_cents, gone.owed_back_cents), (0, 50_000));
}

#[test]
fn a_payment_after_the_cancellation_is_owed_back_in_full() {
    let mut entries = vec![fee(1, 30_000), e(2, EntryKind::Charge, 270_000), e(3, EntryKind::Payment, 100_000)];
    let cancelled = Some(Cancellation { days_before: 10, visa_denied: false, after_entry: 3 });
    assert_eq!(account(Status::Cancelled, &policy(false), cancelled, &entries).owed_back_cents, 0);
    entries.push(e(4, EntryKind::Payment, 25_000));
    let a = account(Status::Cancelled, &policy(false), cancelled, &entries);
    assert_eq!((a.kept_cents, a.owed_back_cents), (100_000, 25_000));
    // Paying it back settles it.
    entries.push(e(5, EntryKind::Refund, 25_000));
    assert_eq!(account(Status::Cancelled, &policy(false), cancelled, &entries).owed_back_cents, 0);
}

#[test]
fn the_order_of_entries_does_not_matter() {
    let mut entries = vec![
        fee(1, 30_000),
        e(2, EntryKind::Charge, 300_000),
        e(3, EntryKind::Payment, 60_000),
        e(4, EntryKind::Refund, 20_000),
        e(5, EntryKind::Payment, 10_000),
    ];
    let a = account(Status::Confirmed, &policy(false), None, &entries);
    entries.reverse();
    assert_eq!(account(Status::Confirmed, &policy(false), None, &entries), a);
    // Net paid 50,000 meets the deposit either way: a refund then a payment, or a payment then a refund.
    assert!(a.deposit_met);
    assert_eq!(money_event(Status::Confirmed, &a), None);
    let refunded = [e(1, EntryKind::Payment, 50_000), e(2, EntryKind::Refund, 50_000)];
    let short = account(Status::Confirmed, &policy(false), None, &refunded);
    assert_eq!(money_event(Status::Confirmed, &short), Some(Event::DepositReturned));
}

#[test]
fn amounts_are_bounded_and_refunds_never_pass_what_was_paid() {
    let a = account(Status::Accepted, &policy(false), None, &[e(1, EntryKind::Payment, 10_000)]);
    assert_eq!(a.admit(EntryKind::Payment, 0), Err(LedgerError::AmountOutOfRange));
    assert_eq!(a.admit(EntryKind::Payment, i64::MAX), Err(LedgerError::AmountOutOfRange));
    assert_eq!(a.admit(EntryKind::Payment, MAX_ENTRY_CENTS), Ok(()));
    assert_eq!(a.admit(EntryKind::Refund, 10_000), Ok(()));
    let err = a.admit(EntryKind::Refund, 10_001).unwrap_err();
    assert_eq!(err.to_string(), "only $100 is paid in (net of refunds), so a refund cannot be $100.01");
    let full: Vec<Entry> = (1..=10).map(|id| e(id, EntryKind::Payment, MAX_ENTRY_CENTS)).collect();
    let full = account(Status::Accepted, &policy(false), None, &full);
    assert_eq!(full.admit(EntryKind::Payment, 1), Err(LedgerError::TooMuch));
    let corrupt = [e(1, EntryKind::Payment, i64::MAX), e(2, EntryKind::Payment, 1)];
    let terms = Terms { deposit_cents: 1, policy: &policy(false) };
    assert_eq!(Account::of(&app(Status::Accepted), terms, None, &corrupt), Err(LedgerError::Overflow));
}

#[test]
fn says_what_is_due_and_by_when() {
    let entries = [fee(1, 30_000), e(2, EntryKind::Charge, 300_000), e(3, EntryKind::Payment, 20_000)];
    let a = account(Status::Accepted, &policy(false), None, &entries);
    assert_eq!(a.deposit_to_pay_cents, 30_000);
    assert_eq!(
        a.why,
        vec![
            "The deposit: $300 more by 23:59 UTC on 8 Dec 2026, or the seat is released.".to_string(),
            "Still to pay: $3,100 by the first day, 3 May 2027.".to_string(),
        ]
    );
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn kind() -> impl Strategy<Value = EntryKind> {
        prop_oneof![Just(EntryKind::Charge), Just(EntryKind::Payment), Just(EntryKind::Refund), Just(EntryKind::RefundDue)]
    }

    fn entries() -> impl Strategy<Value = Vec<Entry>> {
        prop::collection::vec((kind(), 1..MAX_ENTRY_CENTS, any::<bool>()), 0..12).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (k, c, f))| Entry { fee: f && k == EntryKind::Charge, ..e(i as i64 + 1, k, c) })
                .collect()
        })
    }

    fn status() -> impl Strategy<Value = Status> {
        prop::sample::select(Status::ALL.to_vec())
    }

    proptest! {
        /// Whatever the entries and their order, the account is the same, never negative, and never
        /// owes back more than is paid in or keeps more than is charged.
        #[test]
        fn the_account_is_a_function_of_the_entries(
            status in status(),
            entries in entries(),
            days in -30i64..400,
            visa in any::<bool>(),
            cut in 0i64..13,
            fee_refundable in any::<bool>(),
            seed in any::<u64>(),
        ) {
            let policy = policy(fee_refundable);
            let cancellation = Cancellation { days_before: days, visa_denied: visa, after_entry: cut };
            let c = (status == Status::Cancelled).then_some(cancellation);
            let a = account(status, &policy, c, &entries);
            let mut shuffled = entries.clone();
            let n = shuffled.len();
            for i in (1..n).rev() {
                shuffled.swap(i, (seed.rotate_left(i as u32) % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(&account(status, &policy, c, &shuffled), &a);
            // Refunds owed as earlier versions stored them change nothing.
            let without: Vec<Entry> = entries.iter().filter(|e| e.kind != EntryKind::RefundDue).cloned().collect();
            prop_assert_eq!(&account(status, &policy, c, &without), &a);
            prop_assert!(a.net_paid_cents >= 0 && a.to_pay_cents >= 0 && a.kept_cents >= 0 && a.owed_back_cents >= 0);
            prop_assert!(a.kept_cents + a.owed_back_cents + a.held_cents == a.net_paid_cents);
            prop_assert!(a.kept_cents <= a.charged_cents);
            prop_assert!(a.to_pay_cents == 0 || a.owed_back_cents == 0, "owing and owed back at once: {:?}", a);
        }

        /// Entries let in one at a time by `admit`: refunds never pass the payments, and what the
        /// account says is paid in is what was let in.
        #[test]
        fn what_admit_lets_in_always_adds_up(
            status in status(),
            tries in prop::collection::vec((any::<bool>(), -5i64..(MAX_ENTRY_CENTS + 5)), 1..40),
        ) {
            let policy = policy(false);
            let mut entries = vec![e(1, EntryKind::Charge, 300_000)];
            let (mut paid, mut refunded) = (0, 0);
            for (refund, cents) in tries {
                let kind = if refund { EntryKind::Refund } else { EntryKind::Payment };
                let before = account(status, &policy, None, &entries);
                if before.admit(kind, cents).is_ok() {
                    entries.push(e(entries.len() as i64 + 1, kind, cents));
                    if refund { refunded += cents } else { paid += cents }
                }
                let after = account(status, &policy, None, &entries);
                prop_assert!(refunded <= paid, "refunded {} of {}", refunded, paid);
                prop_assert!(paid <= MAX_PAID_CENTS, "paid {} in all", paid);
                prop_assert_eq!(after.net_paid_cents, paid - refunded);
            }
        }
    }
}

#[test]
fn the_next_payment_says_what_by_when_to_whom_and_how() {
    let charges = [fee(1, 30_000), e(2, EntryKind::Charge, 390_000)];
    let payee = Payee { site: "Lakeside Clinic", instructions: "", contact: "pay@lakeside.example" };
    // A held seat: the deposit, by the end of its day in UTC, and the rest by the first day.
    let held = account(Status::Accepted, &policy(false), None, &charges);
    let next = pay_next(&held, &app(Status::Accepted), payee).unwrap();
    assert_eq!((next.what, next.cents), ("deposit", 50_000));
    assert_eq!(next.headline, "Pay the deposit, $500, by 23:59 UTC on 8 Dec 2026.");
    assert!(
        next.details.iter().any(|d| d.contains("The rest, $3,700, is due by the first day, 3 May 2027")),
        "{:?}",
        next.details
    );
    assert_eq!(next.how[0], "Pay Lakeside Clinic directly, the way its coordinator tells you.");
    assert!(next.how.contains(&"Quote \"MatchReady application 1\" with the payment, so the site can match it.".to_string()));
    assert!(next.how.contains(&"Questions about paying: pay@lakeside.example.".to_string()));
    // The site's own instructions, when it gave them.
    let wire = Payee { instructions: " Wire to IBAN US00 1234. ", ..payee };
    let with = pay_next(&held, &app(Status::Accepted), wire).unwrap();
    assert_eq!(with.how[0], "Pay Lakeside Clinic directly, as its instructions below say.");
    assert_eq!(with.instructions, "Wire to IBAN US00 1234.");
    assert_eq!(next.instructions, "", "none given");
    // Confirmed with part paid: the rest by the first day.
    let paid = [fee(1, 30_000), e(2, EntryKind::Charge, 390_000), e(3, EntryKind::Payment, 50_000)];
    let confirmed = account(Status::Confirmed, &policy(false), None, &paid);
    let next = pay_next(&confirmed, &app(Status::Confirmed), payee).unwrap();
    assert_eq!((next.what, next.cents, next.by.as_str()), ("balance", 370_000, "3 May 2027"));
    assert_eq!(next.headline, "Pay the rest, $3,700, by the first day, 3 May 2027.");
    assert!(next.details.contains(&"Paid so far: $500.".to_string()));
    // Nothing to pay: paid in full, or no seat.
    let full = [fee(1, 30_000), e(2, EntryKind::Charge, 390_000), e(3, EntryKind::Payment, 420_000)];
    assert_eq!(pay_next(&account(Status::Confirmed, &policy(false), None, &full), &app(Status::Confirmed), payee), None);
    assert_eq!(pay_next(&account(Status::Submitted, &policy(false), None, &[]), &app(Status::Submitted), payee), None);
}
