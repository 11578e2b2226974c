//! Authentication at the edge: who is calling (bearer token for the API,
//! session cookie for the pages) and CSRF for page forms. The account
//! operations themselves are use cases in `matchready_app::accounts`.

pub mod caller;
pub mod csrf;

pub use caller::{ApiCaller, PageCaller, client_ip};
