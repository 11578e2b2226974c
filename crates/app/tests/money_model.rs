//! Money against a plain model, on SQLite and PostgreSQL. Random sequences
//! of moves and ledger events (payments and refunds by the site and by the
//! provider's webhook, replays, bursts of them at once, accepting in the
//! middle of a burst, the calendar lapsing a seat) are driven through the
//! use cases, and after every step the stored application and its account
//! are compared with a model written apart from the implementation: it
//! keeps running totals and fixes what a cancellation keeps when it
//! happens, where the implementation works everything out from the entries.
//!
//! Seeded and deterministic: `MATCHREADY_MONEY_SEED=n` replays one case.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use matchready_app::applications::{self, StepBody};
use matchready_app::money::{self, Recorded};
use matchready_app::{App, AuthConfig, Caller, Clock};
use matchready_core::account::Role;
use matchready_core::application::Status;
use matchready_core::ledger::charges;
use matchready_core::{Experience, RefundPolicy};
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{Effects, Move, NewUser, Store, connect};
use sha2::Sha256;

const SECRET: &str = "model-secret";
const DAY: i64 = 86_400;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// splitmix64: a small, seeded source of choices.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What the model expects of the money, worked out step by step.
#[derive(Debug, Clone)]
struct Model {
    status: Status,
    deposit: i64,
    price_total: i64,
    price_fee: i64,
    policy: RefundPolicy,
    start: NaiveDate,
    paid: i64,
    refunded: i64,
    charged: i64,
    fee: i64,
    /// Fixed when the seat is cancelled: what the site keeps of what was paid in by then.
    kept_at_cancel: Option<i64>,
    /// Provider events seen, by id.
    events: HashMap<String, i64>,
}

impl Model {
    fn net(&self) -> i64 {
        self.paid - self.refunded
    }

    /// The money-driven status.
    fn settle(&mut self) {
        match self.status {
            Status::Accepted if self.net() >= self.deposit => self.status = Status::Confirmed,
            Status::Confirmed if self.net() < self.deposit => self.status = Status::Accepted,
            _ => {}
        }
    }

    /// A payment: whether it is taken.
    fn pay(&mut self, cents: i64) -> bool {
        if !(1..=100_000_000).contains(&cents) {
            return false;
        }
        self.paid += cents;
        self.settle();
        true
    }

    /// A refund: taken only up to what is paid in.
    fn refund(&mut self, cents: i64) -> bool {
        if !(1..=100_000_000).contains(&cents) || cents > self.net() {
            return false;
        }
        self.refunded += cents;
        self.settle();
        true
    }

    fn accept(&mut self) -> bool {
        if self.status != Status::Offered {
            return false;
        }
        self.status = Status::Accepted;
        self.charged = self.price_total;
        self.fee = self.price_fee;
        self.settle();
        true
    }

    fn cancel(&mut self, on: NaiveDate, visa: bool) -> bool {
        if !matches!(self.status, Status::Accepted | Status::Confirmed) {
            return false;
        }
        let days = (self.start - on).num_days();
        let base = self.net().clamp(0, self.charged);
        let fee_part = if self.policy.application_fee_refundable { 0 } else { base.min(self.fee) };
        let refundable = base - fee_part;
        let back = if visa {
            (refundable * i64::from(self.policy.visa_denial.percent) / 100 - self.policy.visa_denial.fee_kept_cents).max(0)
        } else {
            let percent = self.policy.tiers.iter().find(|t| days >= i64::from(t.min_days_before)).map_or(0, |t| t.percent);
            refundable * i64::from(percent) / 100
        };
        self.kept_at_cancel = Some(base - back);
        self.status = Status::Cancelled;
        true
    }

    fn step(&mut self, from: &[Status], to: Status) -> bool {
        if !from.contains(&self.status) {
            return false;
        }
        self.status = to;
        true
    }

    /// Still to pay, owed back, and what the site keeps.
    fn expected(&self) -> (i64, i64, i64) {
        let net = self.net();
        match self.status {
            Status::Submitted | Status::UnderReview | Status::Offered | Status::Waitlisted => (0, 0, 0),
            Status::Accepted | Status::Confirmed | Status::InProgress | Status::Completed => {
                ((self.charged - net).max(0), (net - self.charged).max(0), net.min(self.charged))
            }
            Status::Rejected | Status::Withdrawn | Status::Draft => (0, net, 0),
            Status::Cancelled => {
                let kept = self.kept_at_cancel.unwrap().min(net);
                (0, net - kept, kept)
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    SitePay(i64),
    SiteRefund(i64),
    /// A provider event from a small pool, so some are replays.
    Provider {
        id: u64,
        refund: bool,
        cents: i64,
    },
    /// Several payments at once (some the same event), and perhaps the applicant accepting among them.
    Burst {
        payments: Vec<u64>,
        accept: bool,
    },
    Offer,
    Waitlist,
    Reject,
    Accept,
    Withdraw,
    Cancel {
        visa: bool,
        by_site: bool,
    },
    /// Days pass and the calendar runs.
    Days(i64),
}

fn amount(d: &mut Dice, deposit: i64, price: i64) -> i64 {
    match d.below(10) {
        0 | 1 => deposit,
        2 => deposit / 2 + 1,
        3 => 1 + d.below(5_000) as i64,
        4 => 100_000_001,
        5 => 0,
        6 => price + 1 + d.below(10_000) as i64,
        _ => 1 + d.below(deposit.max(2) as u64 * 2) as i64,
    }
}

fn op(d: &mut Dice, deposit: i64, price: i64) -> Op {
    match d.below(31) {
        0..=4 => Op::SitePay(amount(d, deposit, price)),
        5..=7 => Op::SiteRefund(amount(d, deposit, price)),
        8..=11 => {
            let id = d.below(6);
            // The same id always carries the same event, as a real replay does.
            Op::Provider { id, refund: id % 3 == 2, cents: 1_000 * (id as i64 + 1) + deposit / 3 }
        }
        12 | 13 => {
            let payments = (0..2 + d.below(3)).map(|_| 10 + d.below(4)).collect();
            Op::Burst { payments, accept: d.below(2) == 0 }
        }
        14..=17 => Op::Offer,
        18 => Op::Waitlist,
        19 => Op::Reject,
        20..=23 => Op::Accept,
        24 => Op::Withdraw,
        25 | 26 => Op::Cancel { visa: d.below(3) == 0, by_site: d.below(2) == 0 },
        _ => Op::Days(1 + d.below(12) as i64),
    }
}

fn signed(body: &serde_json::Value) -> (String, Vec<u8>) {
    let raw = serde_json::to_vec(body).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(&raw);
    let sig: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    (format!("sha256={sig}"), raw)
}

async fn provider(app: &App, application: i64, event: &str, refund: bool, cents: i64) -> bool {
    let body = serde_json::json!({
        "event_id": event,
        "type": if refund { "refund.succeeded" } else { "payment.succeeded" },
        "application_id": application,
        "amount_cents": cents,
    });
    let (sig, raw) = signed(&body);
    money::webhook(app, Some(&sig), &raw).await.is_ok_and(|r| r.recorded)
}

struct World {
    app: App,
    clock: Clock,
    coordinators: HashMap<i64, Caller>,
    experiences: Vec<Experience>,
    used_blocks: Vec<i64>,
    /// What the cases reached, so that a run that explored nothing fails.
    seen: HashMap<&'static str, usize>,
}

async fn member(store: &dyn Store, email: &str, role: Role, site_id: Option<i64>) -> Caller {
    let new = NewUser {
        email: email.into(),
        name: format!("{role:?} Person"),
        role,
        site_id,
        password_hash: None,
        email_verified: true,
        host_verified: role.is_host(),
        now: 0,
    };
    Caller::member(store.create_user(&new).await.unwrap().unwrap(), "127.0.0.1")
}

async fn submitted(store: &dyn Store, who: i64, block: i64, now: i64) -> i64 {
    let a = store.create_application(who, block, now).await.unwrap().unwrap();
    let m = Move {
        id: a.id,
        from: Status::Draft,
        version: a.version,
        to: Status::Submitted,
        actor_id: Some(who),
        now,
        note: String::new(),
        offer_expires_on: None,
        deposit_due_on: None,
        cancellation: None,
    };
    store.move_application(&m, &Effects::default()).await.unwrap().unwrap();
    a.id
}

/// One random case: a fresh applicant applies for a block far enough ahead, and `steps` events follow.
async fn case(w: &mut World, seed: u64, steps: usize) {
    let b = w.app.store.backend().name();
    let mut d = Dice(seed);
    let store = w.app.store.clone();
    w.clock.set_day(today());
    let (experience, block) = w
        .experiences
        .iter()
        .filter(|e| e.price.deposit_cents > 0)
        .flat_map(|e| e.blocks.iter().map(move |bl| (e, bl)))
        .find(|(_, bl)| bl.seats_left > 0 && (bl.start_date - today()).num_days() > 150 && !w.used_blocks.contains(&bl.id))
        .map(|(e, bl)| (e.clone(), bl.clone()))
        .expect("a block with a seat, far enough ahead");
    w.used_blocks.push(block.id);
    let site = experience.site.id;
    if !w.coordinators.contains_key(&site) {
        let c = member(store.as_ref(), &format!("coord{site}@example.org"), Role::Coordinator, Some(site)).await;
        w.coordinators.insert(site, c);
    }
    let coordinator = w.coordinators[&site].clone();
    let who = testing::applicant(store.as_ref(), &format!("payer{seed}@example.org"), "Pay Er", 0).await.unwrap();
    let applicant = Caller::member(store.user(who).await.unwrap().unwrap(), "127.0.0.1");
    let id = submitted(store.as_ref(), who, block.id, w.app.now()).await;
    let raw = id.to_string();
    let items = charges(&experience.price);
    let mut m = Model {
        status: Status::Submitted,
        deposit: experience.price.deposit_cents,
        price_total: items.iter().map(|c| c.cents).sum(),
        price_fee: items.iter().filter(|c| c.fee).map(|c| c.cents).sum(),
        policy: experience.refund_policy.clone(),
        start: block.start_date,
        paid: 0,
        refunded: 0,
        charged: 0,
        fee: 0,
        kept_at_cancel: None,
        events: HashMap::new(),
    };
    let mut done = Vec::new();
    for _ in 0..steps {
        let o = op(&mut d, m.deposit, m.price_total);
        done.push(o.clone());
        let app = &w.app;
        let record = |kind: &str, cents: i64| Recorded { kind: kind.into(), amount_cents: cents, description: String::new() };
        let step = |name: &'static str, by: &Caller| {
            let (raw, by) = (raw.clone(), by.clone());
            async move { applications::step_named(app, &by, &raw, name, StepBody::default()).await.is_ok() }
        };
        let (taken, expected) = match &o {
            Op::SitePay(c) => (money::record(app, &coordinator, &raw, record("payment", *c)).await.is_ok(), m.pay(*c)),
            Op::SiteRefund(c) => (money::record(app, &coordinator, &raw, record("refund", *c)).await.is_ok(), m.refund(*c)),
            Op::Provider { id: n, refund, cents } => {
                let event = format!("{b}-{seed}-{n}");
                let got = provider(app, id, &event, *refund, *cents).await;
                let want = !m.events.contains_key(&event) && if *refund { m.refund(*cents) } else { m.pay(*cents) };
                if want {
                    m.events.insert(event, *cents);
                }
                (got, want)
            }
            Op::Burst { payments, accept } => {
                // Started together on the runtime's threads: each distinct event lands once, whatever
                // the interleaving, and accepting commutes with payments.
                let mut tasks = Vec::new();
                for n in payments {
                    let (app, event) = (app.clone(), format!("{b}-{seed}-burst-{n}"));
                    tasks.push(tokio::spawn(async move { provider(&app, id, &event, false, 2_500).await }));
                }
                if *accept {
                    let (app, by, raw) = (app.clone(), applicant.clone(), raw.clone());
                    tasks.push(tokio::spawn(async move {
                        applications::step_named(&app, &by, &raw, "accept", StepBody::default()).await.is_ok() && false
                    }));
                }
                let mut landed = 0;
                for t in tasks {
                    landed += usize::from(t.await.unwrap());
                }
                let mut want = 0;
                for n in payments {
                    let event = format!("{b}-{seed}-burst-{n}");
                    if !m.events.contains_key(&event) {
                        m.events.insert(event, 2_500);
                        m.pay(2_500);
                        want += 1;
                    }
                }
                if *accept {
                    m.accept();
                }
                (landed == want, true)
            }
            Op::Offer => (
                step("offer", &coordinator).await,
                m.step(&[Status::Submitted, Status::UnderReview, Status::Waitlisted], Status::Offered),
            ),
            Op::Waitlist => {
                (step("waitlist", &coordinator).await, m.step(&[Status::Submitted, Status::UnderReview], Status::Waitlisted))
            }
            Op::Reject => (
                step("reject", &coordinator).await,
                m.step(&[Status::Submitted, Status::UnderReview, Status::Waitlisted, Status::Offered], Status::Rejected),
            ),
            Op::Accept => (step("accept", &applicant).await, m.accept()),
            Op::Withdraw => (
                step("withdraw", &applicant).await,
                m.step(&[Status::Submitted, Status::UnderReview, Status::Waitlisted, Status::Offered], Status::Withdrawn),
            ),
            Op::Cancel { visa, by_site } => {
                let by = if *by_site { &coordinator } else { &applicant };
                let body = StepBody { version: None, reason: visa.then(|| "visa_denied".to_string()) };
                let got = applications::step_named(app, by, &raw, "cancel", body).await.is_ok();
                (got, m.cancel(app.today(), *visa))
            }
            Op::Days(n) => {
                // At most 100 days in all, so that no rotation starts.
                let n = (*n).min(100 - (app.today() - today()).num_days()).max(0);
                w.clock.advance(n * DAY);
                applications::sweep(app).await.unwrap();
                // The calendar: an offer lapses, a seat without its deposit is released, on their day.
                let a = store.application(id).await.unwrap().unwrap();
                let today = app.today();
                if m.status == Status::Offered && a.offer_expires_on.is_some_and(|e| e < today) {
                    m.step(&[Status::Offered], Status::Withdrawn);
                }
                if m.status == Status::Accepted && a.deposit_due_on.is_some_and(|e| e < today) {
                    m.cancel(today, false);
                }
                (true, true)
            }
        };
        let ctx = format!("{b}, seed {seed}, after {done:?}");
        assert_eq!(taken, expected, "{ctx}: the use case and the model disagree on whether it was taken");
        let a = store.application(id).await.unwrap().unwrap();
        assert_eq!(a.status, m.status, "{ctx}: status");
        let ledger = money::ledger(app, &applicant, &raw).await.unwrap();
        let acc = &ledger.account;
        let (to_pay, owed_back, kept) = m.expected();
        assert_eq!((acc.paid_cents, acc.refunded_cents, acc.charged_cents), (m.paid, m.refunded, m.charged), "{ctx}: totals");
        assert_eq!((acc.to_pay_cents, acc.owed_back_cents, acc.kept_cents), (to_pay, owed_back, kept), "{ctx}: {acc:?}");
        assert!(acc.refunded_cents <= acc.paid_cents && acc.net_paid_cents >= 0, "{ctx}: more paid back than paid in");
        assert!(acc.owed_back_cents >= 0 && acc.kept_cents >= 0 && acc.to_pay_cents >= 0, "{ctx}: a negative total");
        let mut saw = |what: &'static str, yes: bool| *w.seen.entry(what).or_default() += usize::from(yes);
        saw("a step refused", !taken);
        saw("confirmed", a.status == Status::Confirmed);
        saw("cancelled, owed back", a.status == Status::Cancelled && acc.owed_back_cents > 0);
        saw("cancelled, some kept", a.status == Status::Cancelled && acc.kept_cents > 0);
        saw("owed back after no seat", matches!(a.status, Status::Withdrawn | Status::Rejected) && acc.owed_back_cents > 0);
        saw("paid ahead of a seat", acc.held_cents > 0);
        saw("a credit on a seat", a.status.holds_seat() && acc.owed_back_cents > 0);
        saw("a deposit paid back", a.status == Status::Accepted && acc.refunded_cents > 0);
        if a.status == Status::Accepted {
            assert!(!acc.deposit_met && a.deposit_due_on.is_some(), "{ctx}: a held seat with its deposit met, or no deadline");
        }
    }
}

async fn the_money_follows_the_model(db: TestDb) {
    {
        let store: Arc<dyn Store> = connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let c = catalog(&DemoConfig { experiences: 60, ..DemoConfig::new(today()) });
        store.insert_catalog(&c).await.unwrap();
        let clock = Clock::manual(0);
        clock.set_day(today());
        let dir = std::env::temp_dir().join("matchready_money_model");
        let files = matchready_files::open_folder(dir.to_str().unwrap()).unwrap();
        let config = AuthConfig { public_url: "http://x".into(), trust_forwarded_for: false };
        let mut app = App::with_clock(store.clone(), config, files, clock.clone()).await.unwrap();
        app.webhook_secret = Some(SECRET.into());
        let mut w = World {
            app,
            clock,
            coordinators: HashMap::new(),
            experiences: c.experiences.clone(),
            used_blocks: Vec::new(),
            seen: HashMap::new(),
        };
        let seeds: Vec<u64> = match std::env::var("MATCHREADY_MONEY_SEED") {
            Ok(s) => vec![s.parse().expect("MATCHREADY_MONEY_SEED is a number")],
            Err(_) => (1..=24).collect(),
        };
        for seed in &seeds {
            case(&mut w, *seed, 30).await;
        }
        let b = store.backend().name();
        eprintln!("{b}: {:?}", w.seen);
        if seeds.len() > 1 {
            for (what, n) in &w.seen {
                assert!(*n > 0, "{b}: no case reached '{what}'; choose other seeds");
            }
        }
        drop(w);
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(the_money_follows_the_model);
