//! `matchready user add|list`: accounts for operators. The password comes
//! from standard input so it never shows in a process list or shell history.

use std::io::BufRead;

use anyhow::Context;
use matchready_core::account::{AuditAction, Email, Role, check_site, parse_name, password};
use matchready_store::{AuditRecord, NewUser, Store};

use crate::cli::UserCommand;

/// Input the operator can fix (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

fn bad(e: impl std::fmt::Display) -> anyhow::Error {
    BadInput(e.to_string()).into()
}

/// Runs a `user` subcommand.
pub async fn run(store: &dyn Store, cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add { email, role, site, name } => add(store, &email, &role, site, name.as_deref()).await,
        UserCommand::List => list(store).await,
    }
}

async fn add(store: &dyn Store, email: &str, role: &str, site: Option<i64>, name: Option<&str>) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(bad)?;
    let role = Role::from_code(role)
        .ok_or_else(|| bad(format!("'{role}' is not a role; use applicant, preceptor, coordinator, advisor or admin")))?;
    check_site(role, site).map_err(bad)?;
    if let Some(id) = site
        && store.site(id).await?.is_none()
    {
        return Err(bad(format!("there is no site {id}; `matchready serve --demo` loads sites 1 and up")));
    }
    let default_name = email.as_str().split('@').next().unwrap_or_default().to_string();
    let name = parse_name(name.unwrap_or(&default_name)).map_err(bad)?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("could not read the password from standard input")?;
    let pw = line.trim_end_matches(['\n', '\r']);
    if pw.is_empty() {
        return Err(bad("give the password on standard input, e.g. `matchready user add ... < password.txt`"));
    }
    password::check(pw, &[email.as_str(), &name]).map_err(|e| bad(format!("password: {e}")))?;
    let hash = matchready_app::accounts::secret::Hasher::default().hash(pw.to_string()).await.context("hashing failed")?;
    let now = chrono::Utc::now().timestamp();
    let user = NewUser {
        email: email.as_str().to_string(),
        name,
        role,
        site_id: site,
        password_hash: Some(hash),
        email_verified: true,
        host_verified: true,
        now,
    };
    let created = store.create_user(&user).await?.ok_or_else(|| bad(format!("{} already has an account", email.as_str())))?;
    let record = AuditRecord {
        at: now,
        actor_id: None,
        action: AuditAction::UserAddedByOperator,
        subject: format!("user:{}", created.id),
        ip: None,
        detail: format!("{} from the command line", role.code()),
    };
    store.audit(&record).await?;
    println!("Added {} ({}) as {}, id {}.", created.name, created.email, role.code(), created.id);
    Ok(())
}

async fn list(store: &dyn Store) -> anyhow::Result<()> {
    let users = store.users(None).await?;
    println!("{:>6}  {:<12} {:>5}  {:<9} email (name)", "id", "role", "site", "status");
    for u in &users {
        let status = if u.disabled {
            "disabled"
        } else if u.role.is_host() && !u.host_verified {
            "unverified"
        } else {
            "active"
        };
        let site = u.site_id.map(|s| s.to_string()).unwrap_or_else(|| "-".into());
        println!("{:>6}  {:<12} {:>5}  {:<9} {} ({})", u.id, u.role.code(), site, status, u.email, u.name);
    }
    println!("{} accounts", users.len());
    Ok(())
}
