//! `matchready phi scan` and `matchready phi redact`: the PHI guard over
//! JSON lines, `{"id", "text"}` in, one line out per line in.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use anyhow::Context;
use serde_json::{Value, json};

use crate::cli::PhiCommand;

/// A line that is not a note: printed with its line number, exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {why}")]
pub struct BadInput {
    pub line: usize,
    pub why: String,
}

/// Runs a `phi` command.
pub fn run(command: PhiCommand) -> anyhow::Result<()> {
    let (input, output, redact) = match command {
        PhiCommand::Scan { input, output } => (input, output, false),
        PhiCommand::Redact { input, output } => (input, output, true),
    };
    let reader: Box<dyn BufRead> = match input.as_deref() {
        Some(path) => Box::new(BufReader::new(open(path)?)),
        None => Box::new(std::io::stdin().lock()),
    };
    let writer: Box<dyn Write> = match output.as_deref() {
        Some(path) => Box::new(std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::new(writer);
    for (n, line) in reader.lines().enumerate() {
        let line = line.context("cannot read the input")?;
        if line.trim().is_empty() {
            continue;
        }
        let (id, text) = parse(&line).map_err(|why| BadInput { line: n + 1, why })?;
        let result = if redact {
            json!({"id": id, "text": matchready_phi::redact(&text)})
        } else {
            json!({"id": id, "spans": matchready_phi::scan(&text)})
        };
        serde_json::to_writer(&mut out, &result)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

fn open(path: &Path) -> anyhow::Result<std::fs::File> {
    std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))
}

/// A note's id (any JSON value but null) and text (a string).
fn parse(line: &str) -> Result<(Value, String), String> {
    let mut value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON ({e})"))?;
    let Some(note) = value.as_object_mut() else { return Err("expected an object {\"id\", \"text\"}".into()) };
    let id = note.remove("id").filter(|v| !v.is_null()).ok_or("missing \"id\"")?;
    match note.remove("text") {
        Some(Value::String(text)) => Ok((id, text)),
        Some(_) => Err("\"text\" is not a string".into()),
        None => Err("missing \"text\"".into()),
    }
}
