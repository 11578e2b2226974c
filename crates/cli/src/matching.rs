//! `matchready match run` and `matchready match generate`.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context;
use matchready_matching::generate::{Shape, generate};

use crate::cli::MatchCommand;

/// Bad input: printed with its line, exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

fn read(input: Option<&Path>) -> anyhow::Result<String> {
    let mut text = String::new();
    match input {
        Some(path) => {
            text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        }
        None => {
            std::io::stdin().read_to_string(&mut text).context("cannot read standard input")?;
        }
    }
    Ok(text)
}

fn write(output: Option<&Path>, f: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            let file = std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            f(&mut out)?;
            out.flush()?;
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            f(&mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Runs a `match` command.
pub fn run(command: MatchCommand) -> anyhow::Result<()> {
    match command {
        MatchCommand::Run { input, output, explain } => {
            let text = read(input.as_deref())?;
            let outcome = matchready_matching::run(&text, explain).map_err(|e| BadInput(e.to_string()))?;
            if !outcome.stable {
                let why = if outcome.converged {
                    "the process settled on an unstable matching"
                } else {
                    "the process did not settle within its bound"
                };
                eprintln!(
                    "warning: no stable matching found ({why}); {} blocking pair(s) or couple(s) are listed under \"blocking\"",
                    outcome.blocking.len()
                );
            }
            write(output.as_deref(), |out| {
                serde_json::to_writer(&mut *out, &outcome)?;
                writeln!(out)?;
                Ok(())
            })
        }
        MatchCommand::Generate { applicants, programs, couples, positions, seed, output } => {
            if couples * 2 > applicants {
                return Err(BadInput(format!("--couples {couples} needs at least {} applicants", couples * 2)).into());
            }
            if programs == 0 {
                return Err(BadInput("--programs must be at least 1".into()).into());
            }
            let positions = positions.unwrap_or(applicants * 92 / 100);
            let instance = generate(Shape { applicants, programs, couples, positions, seed });
            write(output.as_deref(), |out| {
                serde_json::to_writer(&mut *out, &instance)?;
                writeln!(out)?;
                Ok(())
            })
        }
    }
}
