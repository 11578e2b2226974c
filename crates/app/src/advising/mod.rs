//! Advising: an advisor's setup and offerings ([`setup`]), and booking, cancelling and listing
//! consultations ([`book`]). Each asks the policy itself; a booking and its emails are one write.

pub mod after;
pub mod book;
pub mod remind;
pub mod setup;

pub use remind::remind_calls;
