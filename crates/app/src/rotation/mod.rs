//! The rotation itself, once it has started: the trainee's hours and their
//! sign-off (`hours.rs`), and the weekly reminder of hours
//! left unsigned (`remind.rs`).

pub mod hours;
mod remind;

pub use remind::{REMIND_AFTER_DAYS, remind_unsigned};
