//! The rotation itself, once it has started: the trainee's hours and their
//! sign-off (`hours.rs`).

pub mod hours;
