//! Command-line interface and configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::{demo, matching, phi, serve, user};

/// MatchReady: US clinical experience for international medical graduates.
#[derive(Debug, Parser)]
#[command(name = "matchready", version, about)]
pub struct Cli {
    /// Where data is stored: sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://matchready.db", global = true, hide_env_values = true)]
    pub database_url: String,

    /// Log format.
    #[arg(long, env = "MATCHREADY_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

/// How log lines look.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve(Box<ServeArgs>),
    /// Apply database migrations and exit.
    Migrate,
    /// Fill an empty database with the demo catalog and exit.
    Demo(DemoArgs),
    /// Stable matching of applicants to programs (no database needed).
    #[command(subcommand)]
    Match(MatchCommand),
    /// The PHI guard: find or remove HIPAA identifiers in notes, as JSON lines (no database needed).
    #[command(subcommand)]
    Phi(PhiCommand),
    /// Accounts, for operators: add one (password read from standard input) or list them.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account. The password is read from standard input (first line), never from a flag.
    Add {
        /// Email address (the login).
        #[arg(long)]
        email: String,
        /// applicant, preceptor, coordinator, advisor or admin.
        #[arg(long)]
        role: String,
        /// The site of a preceptor or coordinator.
        #[arg(long)]
        site: Option<i64>,
        /// Name as others see it (default: the part of the email before the @).
        #[arg(long)]
        name: Option<String>,
    },
    /// List every account.
    List,
}

#[derive(Debug, Subcommand)]
pub enum PhiCommand {
    /// Read {"id", "text"} lines; write {"id", "spans": [{"start", "end", "type", "reason"}]} per line
    /// (offsets in Unicode code points).
    Scan {
        /// JSON lines (standard input when omitted).
        #[arg(long)]
        input: Option<PathBuf>,
        /// Where to write (standard output when omitted).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Read {"id", "text"} lines; write {"id", "text"} with each identifier replaced by [TYPE].
    Redact {
        /// JSON lines (standard input when omitted).
        #[arg(long)]
        input: Option<PathBuf>,
        /// Where to write (standard output when omitted).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum MatchCommand {
    /// Match an instance: applicant-proposing, couples included; prints the result as JSON.
    Run {
        /// Instance JSON (standard input when omitted).
        #[arg(long)]
        input: Option<PathBuf>,
        /// Where to write the result (standard output when omitted).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Add, per applicant, why each program ranked higher did not take them.
        #[arg(long)]
        explain: bool,
    },
    /// Write a realistic random instance.
    Generate {
        /// Applicants (singles plus couple members).
        #[arg(long)]
        applicants: usize,
        /// Programs.
        #[arg(long)]
        programs: usize,
        /// Couples (two applicants each, taken from --applicants).
        #[arg(long, default_value_t = 0)]
        couples: usize,
        /// Positions in all (default: 92% of applicants, as in the NRMP Main Match).
        #[arg(long)]
        positions: Option<usize>,
        /// Seed: the same seed gives the same instance.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write it (standard output when omitted).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "MATCHREADY_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Folder for uploaded files (unless --s3-bucket is given).
    #[arg(long, env = "MATCHREADY_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Keep uploaded files in this S3 bucket instead (keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).
    #[arg(long, env = "MATCHREADY_S3_BUCKET")]
    pub s3_bucket: Option<String>,
    /// The S3-compatible server.
    #[arg(long, env = "MATCHREADY_S3_ENDPOINT", default_value = "https://s3.amazonaws.com")]
    pub s3_endpoint: String,
    /// The S3 region.
    #[arg(long, env = "AWS_REGION", default_value = "us-east-1")]
    pub s3_region: String,
    /// S3 access key id.
    #[arg(long, env = "AWS_ACCESS_KEY_ID", hide_env_values = true, default_value = "")]
    pub s3_access_key_id: String,
    /// S3 secret access key.
    #[arg(long, env = "AWS_SECRET_ACCESS_KEY", hide_env_values = true, default_value = "", hide_default_value = true)]
    pub s3_secret_access_key: String,
    /// Fill an empty database with the demo before serving: the catalog, one account per role, and
    /// months of applications, payments and rotations by invented applicants at every stage.
    #[arg(long)]
    pub demo: bool,
    /// With --demo: the catalog and accounts only, with no history (the demo applicant starts blank).
    #[arg(long, requires = "demo")]
    pub no_history: bool,
    /// The address people reach the server at; links in emails point there, and an https:// address
    /// makes cookies Secure. Default: http:// and the bound address.
    #[arg(long, env = "MATCHREADY_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Behind a reverse proxy: take the client address from the last X-Forwarded-For hop.
    #[arg(long, env = "MATCHREADY_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// SMTP server for email: smtp://HOST:PORT, smtp://USER:PASSWORD@HOST:587?tls=required or smtps://HOST.
    /// Without one, emails wait in the outbox (admins read them at /admin/outbox).
    #[arg(long, env = "MATCHREADY_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The payment provider's webhook secret (HMAC-SHA256 of each event's body); without it the webhook answers 503.
    #[arg(long, env = "MATCHREADY_PAYMENT_WEBHOOK_SECRET", hide_env_values = true)]
    pub payment_webhook_secret: Option<String>,
    /// Sender of emails.
    #[arg(long, env = "MATCHREADY_MAIL_FROM", default_value = "MatchReady <noreply@matchready.invalid>")]
    pub mail_from: String,
    #[command(flatten)]
    pub demo_args: DemoArgs,
}

#[derive(Debug, Clone, Copy, Args)]
pub struct DemoArgs {
    /// Experiences in the demo catalog.
    #[arg(long, default_value_t = matchready_demo::DEFAULT_EXPERIENCES as u32, value_parser = clap::value_parser!(u32).range(1..=200_000))]
    pub scale: u32,
    /// Seed of the demo catalog: the same seed gives the same catalog.
    #[arg(long, default_value_t = matchready_demo::DEFAULT_SEED)]
    pub seed: u64,
    /// Make the demo as of this day, YYYY-MM-DD (default: today, UTC): the same seed, scale and day
    /// give the same demo.
    #[arg(long)]
    pub as_of: Option<chrono::NaiveDate>,
}

/// Sets up `tracing`; `RUST_LOG` refines the level (default `info`).
pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
}

/// Runs a command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let cli = match cli.command {
        Command::Match(m) => return matching::run(m),
        Command::Phi(p) => return phi::run(p),
        _ => cli,
    };
    let url = cli.database_url;
    let shown = matchready_store::redact(&url);
    let store = matchready_store::connect(&url).await.with_context(|| format!("cannot open the database at {shown}"))?;
    match cli.command {
        Command::Migrate => {
            store.migrate().await.context("migrations failed")?;
            println!("Database at {shown} is up to date.");
            Ok(())
        }
        Command::Demo(args) => {
            store.migrate().await.context("migrations failed")?;
            demo::fill(store.as_ref(), args).await.map(drop)
        }
        Command::Serve(args) => serve::run(store, &shown, *args).await,
        Command::User(cmd) => {
            store.migrate().await.context("migrations failed")?;
            user::run(store.as_ref(), cmd).await
        }
        Command::Match(_) | Command::Phi(_) => unreachable!("handled before the database is opened"),
    }
}
