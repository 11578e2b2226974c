//! The command line.

use std::process::Command;

use matchready_store::testing::TestDb;

use crate::support::BIN;

fn run(args: &[&str], url: &str) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).env("DATABASE_URL", url).env("RUST_LOG", "warn").output().expect("binary runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[tokio::test]
async fn migrate_and_demo_fill_once() {
    let db = TestDb::sqlite();
    let (code, out, err) = run(&["migrate"], &db.url);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("up to date"));
    let (code, _, err) = run(&["demo", "--scale", "800", "--seed", "3"], &db.url);
    assert_eq!(code, 0, "{err}");
    // A second fill leaves the catalog alone.
    let (code, _, err) = run(&["demo"], &db.url);
    assert_eq!(code, 0, "{err}");
    let store = matchready_store::connect(&db.url).await.unwrap();
    assert_eq!(store.count_experiences().await.unwrap(), 800);
    drop(store);
    db.drop_db().await;
}

#[test]
fn bad_configuration_is_explained() {
    let (code, _, err) = run(&["migrate"], "mysql://root@localhost/x");
    assert_eq!(code, 1);
    assert!(err.contains("sqlite://") && err.contains("postgres://"), "{err}");
    let (code, _, err) = run(&["serve", "--bind", "not-an-address"], "sqlite::memory:");
    assert_eq!(code, 2);
    assert!(err.contains("--bind"), "{err}");
    let (code, _, err) = run(&["demo", "--scale", "0"], "sqlite::memory:");
    assert_eq!(code, 2);
    assert!(err.contains("--scale"), "{err}");
}
