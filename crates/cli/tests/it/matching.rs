//! `matchready match`: the command line a placement office scripts.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::BIN;

/// Runs `matchready match ARGS` with `input` on standard input. No database
/// is configured: matching must not need one.
fn run(args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .arg("match")
        .args(args)
        .env("DATABASE_URL", "mysql://nowhere/none")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

const SMALL: &str = r#"{"programs":   [{"id": "P1", "capacity": 2, "ranks": ["A1", "A3", "A5"]},
                  {"id": "P2", "capacity": 1, "ranks": ["A2", "A1", "A6"]},
                  {"id": "P3", "capacity": 1, "ranks": ["A6"]}],
 "applicants": [{"id": "A1", "ranks": ["P2", "P1"]},
                {"id": "A2", "ranks": ["P2"]},
                {"id": "A3", "ranks": ["P1"]}],
 "couples":    [{"members": ["A5", "A6"], "ranks": [["P1", "P2"], ["P1", "P3"]]}]}"#;

#[test]
fn matches_from_standard_input_to_standard_output() {
    let (code, out, err) = run(&["run"], SMALL);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["assignments"]["A1"], "P1");
    assert_eq!(v["assignments"]["A2"], "P2");
    assert_eq!(v["assignments"]["A3"], "P1");
    // P1 is full with A1 and A3, whom it ranks above A5, and the couple ranks no pair without P1.
    assert_eq!(v["assignments"]["A5"], serde_json::Value::Null);
    assert_eq!(v["stable"], true);
    assert_eq!(v["blocking"], serde_json::json!([]));
    assert_eq!(v["stats"], serde_json::json!({"applicants": 5, "matched": 3, "positions": 4, "filled": 3}));
    assert!(v.get("explanations").is_none());
    let (_, out, _) = run(&["run", "--explain"], SMALL);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["explanations"]["A1"]["higher"][0]["reason"], "full_with_higher_ranked");
}

#[test]
fn bad_input_names_the_id_and_line_and_exits_2() {
    let unknown = SMALL.replace(r#""ranks": ["P1"]}"#, r#""ranks": ["P7"]}"#);
    let (code, _, err) = run(&["run"], &unknown);
    assert_eq!(code, 2);
    assert!(err.contains("P7") && err.contains("line 6"), "{err}");

    let twice = SMALL.replace(r#"{"id": "A3", "ranks": ["P1"]}"#, r#"{"id": "A5", "ranks": ["P1"]}"#);
    let (code, _, err) = run(&["run"], &twice);
    assert_eq!(code, 2);
    assert!(err.contains("'A5'") && err.contains("single and in a couple"), "{err}");

    let negative = SMALL.replace(r#""capacity": 1, "ranks": ["A6"]"#, r#""capacity": -1, "ranks": ["A6"]"#);
    let (code, _, err) = run(&["run"], &negative);
    assert_eq!(code, 2);
    assert!(err.contains("line 3") && err.contains("-1"), "{err}");

    let (code, _, err) = run(&["run"], "{\"programs\": [");
    assert_eq!(code, 2);
    assert!(err.contains("malformed"), "{err}");

    let (code, _, err) = run(&["generate", "--applicants", "10", "--programs", "3", "--couples", "6"], "");
    assert_eq!(code, 2);
    assert!(err.contains("--couples"), "{err}");
}

#[test]
fn generate_then_run_is_stable_and_byte_for_byte_repeatable() {
    let args = ["generate", "--applicants", "4000", "--programs", "560", "--couples", "90", "--seed", "7"];
    let (code, instance, err) = run(&args, "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(run(&args, "").1, instance, "same seed, same instance");
    let v: serde_json::Value = serde_json::from_str(&instance).unwrap();
    assert_eq!(v["couples"].as_array().unwrap().len(), 90);
    let (code, first, err) = run(&["run"], &instance);
    assert_eq!(code, 0, "{err}");
    let (_, second, _) = run(&["run"], &instance);
    assert_eq!(first, second, "same input, same bytes");
    let out: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(out["stable"], true, "blocking: {}", out["blocking"]);
    assert_eq!(out["stats"]["applicants"], 4000);
}
