//! The B-1 letter checked as a person would: its pages rendered to pixels
//! and its text read back from the laid-out document.

mod facts;
mod glyphs;
mod literal;
mod margins;
mod support;
