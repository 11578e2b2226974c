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

fn run_with_input(args: &[&str], url: &str, input: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("binary runs");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("password written");
    let out = child.wait_with_output().expect("binary ends");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

async fn operators_add_and_list_accounts(db: TestDb) {
    {
        let (code, _, err) = run(&["demo", "--scale", "50"], &db.url);
        assert_eq!(code, 0, "{err}");
        let add = ["user", "add", "--email", "Ops@Example.org", "--role", "admin", "--name", "Olu Ops"];
        let (code, out, err) = run_with_input(&add, &db.url, "plum orbit lantern nine\n");
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("ops@example.org") && out.contains("admin"), "{out}");
        // Mistakes exit 2 with a sentence, and store nothing.
        for (args, input, says) in [
            (
                vec!["user", "add", "--email", "ops@example.org", "--role", "admin"],
                "another fine passphrase\n",
                "already has an account",
            ),
            (vec!["user", "add", "--email", "weak@example.org", "--role", "applicant"], "password123\n", "too easy to guess"),
            (
                vec!["user", "add", "--email", "c@example.org", "--role", "coordinator"],
                "plum orbit lantern nine\n",
                "belongs to a site",
            ),
            (
                vec!["user", "add", "--email", "c@example.org", "--role", "coordinator", "--site", "99999"],
                "plum orbit lantern nine\n",
                "no site 99999",
            ),
            (vec!["user", "add", "--email", "x@example.org", "--role", "root"], "plum orbit lantern nine\n", "not a role"),
            (vec!["user", "add", "--email", "x@example.org", "--role", "advisor"], "", "standard input"),
        ] {
            let (code, _, err) = run_with_input(&args, &db.url, input);
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(err.contains(says), "{args:?}: {err}");
        }
        let (code, _, err) = run_with_input(
            &["user", "add", "--email", "c@example.org", "--role", "coordinator", "--site", "1"],
            &db.url,
            "plum orbit lantern nine\n",
        );
        assert_eq!(code, 0, "{err}");
        let (code, out, _) = run(&["user", "list"], &db.url);
        assert_eq!(code, 0);
        assert!(out.contains("ops@example.org (Olu Ops)") && out.contains("coordinator") && out.contains("2 accounts"), "{out}");
        // The account logs in with the password given on standard input.
        let store = matchready_store::connect(&db.url).await.unwrap();
        let (user, hash) = store.user_by_email("ops@example.org").await.unwrap().unwrap();
        assert!(user.email_verified && hash.unwrap().starts_with("$argon2id$"));
        drop(store);
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(operators_add_and_list_accounts);
