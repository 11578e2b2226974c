//! The migration to worked-out money, on both databases: a seat cancelled
//! before it keeps its facts (days before the start, the visa, which
//! payments came before: the stored refund owed marks the cut, even within
//! one second), and the application fee is marked among the charges.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use matchready_core::application::Status;
use matchready_core::ledger::{Cancellation, EntryKind};
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{Effects, Move, connect};

const T: i64 = 1_800_000_000;

/// Applies every migration but `0010_money` with sqlx's own migrator: the money rows are written
/// below as the earlier version wrote them, and the catalog as today's store writes it (with the
/// columns of later migrations); `migrate` then applies `0010_money` over them.
macro_rules! migrate_before_money {
    ($pool:ty, $dir:literal, $url:expr) => {{
        let pool = <$pool>::connect($url).await.unwrap();
        let mut before = sqlx::migrate!($dir);
        before.migrations = Cow::Owned(before.migrations.iter().filter(|m| m.version != 10).cloned().collect());
        before.run(&pool).await.unwrap();
        pool.close().await;
    }};
}

/// Rows as the earlier version wrote them (no `fee` column, a stored `refund_due`).
macro_rules! old_entries {
    ($pool:ty, $url:expr, $id:expr) => {{
        let pool = <$pool>::connect($url).await.unwrap();
        let rows = [
            ("charge", 50_00, "Application fee", Some(format!("charge:{}:0", $id)), T),
            ("charge", 3_000_00, "Tuition", Some(format!("charge:{}:1", $id)), T),
            ("payment", 1_000_00, "Wire", None, T + 1),
            ("refund_due", 950_00, "Refund by the published policy: visa denied", Some(format!("refund_due:{}", $id)), T + 10),
            // Recorded in the same second as the cancellation, after it.
            ("payment", 200_00, "After the cancellation", None, T + 10),
        ];
        for (kind, cents, description, key, at) in rows {
            sqlx::query(
                "INSERT INTO ledger_entries (application_id, kind, amount_cents, description, source, external_id, at) \
                 VALUES ($1, $2, $3, $4, 'system', $5, $6)",
            )
            .bind($id)
            .bind(kind)
            .bind(cents as i64)
            .bind(description)
            .bind(key)
            .bind(at)
            .execute(&pool)
            .await
            .unwrap();
        }
        pool.close().await;
    }};
}

fn step(id: i64, from: Status, version: i64, to: Status, now: i64, note: &str) -> Move {
    Move { note: note.into(), ..testing::move_to(id, from, version, to, now) }
}

/// An application taken to a held seat and cancelled (at `T + 10`, with `note`), as the earlier version did.
async fn cancelled(
    store: &dyn matchready_store::Store,
    email: &str,
    block: i64,
    note: &str,
) -> matchready_core::application::Application {
    let who = testing::applicant(store, email, "Old Cancel", T).await.unwrap();
    let a = store.create_application(who, block, T).await.unwrap().unwrap();
    let mut version = a.version;
    for (from, to, note) in [
        (Status::Draft, Status::Submitted, ""),
        (Status::Submitted, Status::Offered, ""),
        (Status::Offered, Status::Accepted, ""),
        (Status::Accepted, Status::Cancelled, note),
    ] {
        version = store
            .move_application(&step(a.id, from, version, to, T + 10, note), &Effects::default())
            .await
            .unwrap()
            .unwrap()
            .version;
    }
    a
}

async fn story(db: &TestDb) {
    let sqlite = db.url.starts_with("sqlite:");
    // Connecting creates the SQLite file; nothing is migrated yet.
    let store = connect(&db.url).await.unwrap();
    if sqlite {
        migrate_before_money!(sqlx::SqlitePool, "migrations/sqlite", &db.url);
    } else {
        migrate_before_money!(sqlx::PgPool, "migrations/postgres", &db.url);
    }
    let b = store.backend().name();
    let c = catalog(&DemoConfig { experiences: 10, ..DemoConfig::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()) });
    store.insert_catalog(&c).await.unwrap();
    let blocks: Vec<_> =
        c.experiences.iter().flat_map(|e| e.blocks.iter()).filter(|bl| bl.seats_left > 0).take(2).cloned().collect();
    // One with a stored refund owed (the visa refused, though the note says no reason), one without
    // (a free-text reason that merely ends in "visa denied").
    let a = cancelled(store.as_ref(), "old@example.org", blocks[0].id, "cancelled by the applicant").await;
    let free = cancelled(store.as_ref(), "free@example.org", blocks[1].id, "cancelled by the applicant: J-1 visa denied").await;
    if sqlite {
        old_entries!(sqlx::SqlitePool, &db.url, a.id);
    } else {
        old_entries!(sqlx::PgPool, &db.url, a.id);
    }
    let block = &blocks[0];
    store.migrate().await.unwrap();
    let entries = store.entries(a.id).await.unwrap();
    assert_eq!(entries.iter().filter(|e| e.kind == EntryKind::RefundDue).count(), 1, "{b}: the stored refund is kept");
    assert_eq!(entries.iter().filter(|e| e.fee).map(|e| e.amount_cents).collect::<Vec<_>>(), [50_00], "{b}: the fee");
    let before = entries.iter().find(|e| e.description == "Wire").unwrap().id;
    let cancelled_on = chrono::DateTime::from_timestamp(T + 10, 0).unwrap().date_naive();
    let expected =
        Cancellation { days_before: (block.start_date - cancelled_on).num_days(), visa_denied: true, after_entry: before };
    assert_eq!(store.cancellation(a.id).await.unwrap(), Some(expected), "{b}: {}", cancelled_on.year());
    let days = (blocks[1].start_date - cancelled_on).num_days();
    let expected = Cancellation { days_before: days, visa_denied: false, after_entry: 0 };
    assert_eq!(store.cancellation(free.id).await.unwrap(), Some(expected), "{b}: a free-text reason is no visa denial");
    drop(store);
}

async fn a_cancellation_before_the_migration_keeps_its_facts(db: TestDb) {
    story(&db).await;
    db.drop_db().await;
}

matchready_store::on_both_backends!(a_cancellation_before_the_migration_keeps_its_facts);
