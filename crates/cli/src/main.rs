//! `matchready`: the one binary. Reads configuration (flags and
//! environment), sets up logging, and hands off to the library crates.

mod cli;
mod demo;
mod matching;
mod phi;
mod serve;
mod user;

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    cli::init_logging(args.log_format);
    match cli::run(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if e.is::<matching::BadInput>() || e.is::<user::BadInput>() || e.is::<phi::BadInput>() => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
