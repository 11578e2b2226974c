//! Advising: consultations people can book. An advisor's hours in their own IANA time zone
//! ([`setup`], [`time`]), the open times cut from them ([`slots`]), the call's states and what a
//! late cancellation costs ([`call`]), and the calendar invitation ([`ics`]). Pure: instants are
//! seconds since 1970, handed in.

pub mod call;
pub mod ics;
pub mod setup;
pub mod slots;
pub mod time;

#[cfg(test)]
mod tests;
