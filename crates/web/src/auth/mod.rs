//! Authentication and authorisation at the edge: who is calling (bearer
//! token for the API, session cookie for the pages), the account
//! operations both share, CSRF for page forms, and the bridge from the
//! core's policy decisions to HTTP answers.

pub mod caller;
pub mod csrf;
pub mod secret;
pub mod service;

pub use caller::{ApiCaller, PageCaller, client_ip};
pub use service::{Accounts, AuthConfig, AuthError, Clock};
