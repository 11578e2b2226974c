//! The rotation itself, once the seat is confirmed: the trainee's hours
//! (`hours.rs`) signed off by the preceptor.

pub mod hours;
mod summary;

pub use hours::{HoursEntry, HoursStatus, HoursSummary, RawDay, WorkSetting};
