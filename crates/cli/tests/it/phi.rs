//! `matchready phi`: the PHI guard over JSON lines, as a script calls it.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::BIN;

/// Runs `matchready phi ARGS` with `input` on standard input, no database configured.
fn run(args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .arg("phi")
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

fn lines(out: &str) -> Vec<serde_json::Value> {
    out.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

const NOTES: &str = r#"{"id": "a", "text": "Seen with Mr. Patel on 03/05/2023. MRN: 00482913."}
{"id": "b", "text": "Wells score 1.5, BP 132/84, aspirin 81 mg. Glasgow 15."}
{"id": 3, "text": "Café visit, naïve “pain” — daughter Hope Nakamura, cell 312-555-0199."}
"#;

#[test]
fn scan_writes_spans_in_code_points_one_line_per_note() {
    let (code, out, err) = run(&["scan"], NOTES);
    assert_eq!(code, 0, "{err}");
    let v = lines(&out);
    assert_eq!(v.len(), 3);
    assert_eq!(v[0]["id"], "a");
    let types: Vec<&str> = v[0]["spans"].as_array().unwrap().iter().map(|s| s["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["NAME", "DATE", "MRN"]);
    assert_eq!(v[0]["spans"][2]["reason"], "after 'MRN'");
    assert_eq!(v[1]["spans"], serde_json::json!([]), "a clean note has no span");
    // Offsets count code points (Python's str indexes), not bytes: é, ï, “ and — are one each.
    let text: Vec<char> = "Café visit, naïve “pain” — daughter Hope Nakamura, cell 312-555-0199.".chars().collect();
    assert_eq!(v[2]["id"], 3);
    let got: Vec<String> = v[2]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| text[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize].iter().collect())
        .collect();
    assert_eq!(got, ["Hope Nakamura", "312-555-0199"]);
}

#[test]
fn redact_replaces_identifiers_and_files_work_too() {
    let dir = std::env::temp_dir().join(format!("matchready-phi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("notes.jsonl");
    let output = dir.join("redacted.jsonl");
    std::fs::write(&input, NOTES).unwrap();
    let (code, out, err) = run(&["redact", "--input", input.to_str().unwrap(), "--output", output.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let v = lines(&std::fs::read_to_string(&output).unwrap());
    assert_eq!(v[0], serde_json::json!({"id": "a", "text": "Seen with [NAME] on [DATE]. MRN: [MRN]."}));
    assert_eq!(v[1]["text"], "Wells score 1.5, BP 132/84, aspirin 81 mg. Glasgow 15.");
    assert_eq!(v[2]["text"], "Café visit, naïve “pain” — daughter [NAME], cell [PHONE_FAX].");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_line_is_named_by_its_number_with_exit_status_2() {
    for (input, line, why) in [
        ("{\"id\": \"a\", \"text\": \"ok\"}\nnot json\n", "line 2", "not JSON"),
        ("{\"id\": \"a\", \"text\": \"ok\"}\n\n{\"text\": \"no id\"}\n", "line 3", "missing \"id\""),
        ("{\"id\": \"a\"}\n", "line 1", "missing \"text\""),
        ("[1, 2]\n", "line 1", "expected an object"),
    ] {
        let (code, _, err) = run(&["scan"], input);
        assert_eq!(code, 2, "{input:?}: {err}");
        assert!(err.contains(line) && err.contains(why), "{input:?}: {err}");
    }
}
