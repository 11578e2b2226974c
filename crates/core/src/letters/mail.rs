//! The words of every email about a letter. None carries what a letter
//! says: an email tells that something happened and links to the page.

use crate::account::mail::Message;

fn message(to: &str, subject: String, body: String) -> Message {
    Message { to: to.to_string(), subject, body }
}

/// To the author: a letter is asked of them.
pub fn requested(to: &str, author: &str, applicant: &str, rotation: &str, due: &str, link: &str) -> Message {
    message(
        to,
        format!("Letter request from {applicant}"),
        format!(
            "Hello {author},\n\n{applicant}, who rotated with you ({rotation}), asks you for a letter of recommendation by {due}. \
             You can accept or decline, and see what they shared, here:\n{link}\n"
        ),
    )
}

/// To the applicant: the author accepted, or declined (with their reason).
pub fn answered(to: &str, applicant: &str, author: &str, declined: Option<&str>, link: &str) -> Message {
    let (subject, what) = match declined {
        None => (format!("{author} accepted your letter request"), "accepted your request.".to_string()),
        Some("") => (format!("{author} declined your letter request"), "declined your request.".to_string()),
        Some(reason) => (format!("{author} declined your letter request"), format!("declined your request: \"{reason}\"")),
    };
    message(to, subject, format!("Hello {applicant},\n\n{author} {what}\n{link}\n"))
}

/// To the applicant: the letter is written (never what it says).
pub fn uploaded(to: &str, applicant: &str, author: &str, link: &str) -> Message {
    message(
        to,
        format!("{author} uploaded your letter"),
        format!(
            "Hello {applicant},\n\n{author} uploaded your letter of recommendation. You can send it to programs now:\n{link}\n"
        ),
    )
}

/// To the applicant: the author confirmed the ERAS upload.
pub fn eras_confirmed(to: &str, applicant: &str, author: &str, eras_id: &str, link: &str) -> Message {
    message(
        to,
        format!("{author} uploaded your letter to ERAS"),
        format!("Hello {applicant},\n\n{author} confirmed uploading your letter to ERAS (Letter ID {eras_id}).\n{link}\n"),
    )
}

/// To the author: a reminder (`late`: the due day has passed), or the applicant's nudge.
pub fn reminder(to: &str, author: &str, applicant: &str, due: &str, late: bool, nudge: bool, link: &str) -> Message {
    let subject = match (nudge, late) {
        (true, _) => format!("A friendly reminder from {applicant}: your letter"),
        (false, true) => format!("Past due: letter for {applicant}"),
        (false, false) => format!("Due {due}: letter for {applicant}"),
    };
    let when = if late { format!("was due on {due}") } else { format!("is due on {due}") };
    message(
        to,
        subject,
        format!(
            "Hello {author},\n\nThe letter of recommendation for {applicant} {when}. Upload a PDF or fill in the \
             standardised form (about ten minutes) here:\n{link}\n\nIf you cannot write it, you can decline there; {applicant} \
             will be told.\n"
        ),
    )
}

/// To the site's coordinator: a letter is well past due.
pub fn escalated(to: &str, coordinator: &str, author: &str, applicant: &str, due: &str) -> Message {
    message(
        to,
        format!("Could you help? A letter for {applicant} is past due"),
        format!(
            "Hello {coordinator},\n\n{author} was asked for a letter of recommendation for {applicant}, due on {due}, and it \
             has not come yet after two reminders. Could you have a word with {author}? Nothing else is needed from you.\n"
        ),
    )
}

/// To the applicant: the author asks a question.
pub fn question(to: &str, applicant: &str, author: &str, question: &str, link: &str) -> Message {
    message(
        to,
        format!("{author} has a question about your letter"),
        format!("Hello {applicant},\n\n{author} asks: \"{question}\"\n\nAnswer here:\n{link}\n"),
    )
}

/// To the author: the applicant answered.
pub fn answer(to: &str, author: &str, applicant: &str, link: &str) -> Message {
    message(to, format!("{applicant} answered your question"), format!("Hello {author},\n\n{applicant} answered:\n{link}\n"))
}

/// To the author: the applicant withdrew the request.
pub fn withdrawn(to: &str, author: &str, applicant: &str) -> Message {
    message(
        to,
        format!("{applicant} withdrew a letter request"),
        format!("Hello {author},\n\n{applicant} withdrew their request for a letter. Nothing more is needed from you.\n"),
    )
}

/// To a program: the link to a letter (what the link opens is the letter; the email is not).
pub fn to_program(to: &str, program: &str, applicant: &str, author: &str, code: &str, until: (&str, i64), link: &str) -> Message {
    let (expires, opens) = until;
    message(
        to,
        format!("Letter of recommendation for {applicant}"),
        format!(
            "Hello,\n\n{applicant} asked MatchReady to send {program} a letter of recommendation written by {author}.\n\n\
             Open it here (the link works until {expires} and opens {opens} times):\n{link}\n\n\
             Its Letter ID is {code}; anyone can check who wrote it, when and from which rotation at the address on the letter's page.\n"
        ),
    )
}
