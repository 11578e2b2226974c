//! Accounts: sign-up, login, sessions, emailed links, passwords,
//! invitations and an admin's changes, each audited; and the secrets they
//! rest on (tokens stored only as hashes, argon2id on the blocking pool).

mod manage;
pub mod secret;
mod service;
mod types;

pub use service::{Accounts, AuthConfig, AuthError, Invite, MAILS_PER_WINDOW, RoleChange, SignUp};
