//! The rotation itself, once the seat is confirmed: the trainee's hours
//! (`hours.rs`) signed off by the preceptor, and their SOAP notes
//! (`note.rs`) with the preceptor's feedback; the preceptor's evaluations
//! of the trainee and the trainee's of the rotation (`evaluation.rs`,
//! `review.rs`); the certificate of completion (`certificate.rs`).

pub mod certificate;
pub mod evaluation;
pub mod hours;
pub mod note;
mod note_records;
pub mod review;
mod summary;

pub use hours::{HoursEntry, HoursStatus, HoursSummary, RawDay, WorkSetting};
pub use note::{NoteStatus, NoteText, RawNote, RawRubric, Rubric, Section};
pub use note_records::{Note, NoteComment, Revision};
