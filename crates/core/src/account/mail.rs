//! The words of the emails accounts send. Links are made by the caller
//! (it knows the public address); these only write the text.

/// An email to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

fn hours(seconds: i64) -> String {
    match seconds / 3600 {
        1 => "1 hour".to_string(),
        h if h % 24 == 0 && h >= 48 => format!("{} days", h / 24),
        h => format!("{h} hours"),
    }
}

/// Confirms the address of a new account.
pub fn verify_email(to: &str, name: &str, link: &str, lifetime: i64) -> Message {
    Message {
        to: to.to_string(),
        subject: "Confirm your email for MatchReady".into(),
        body: format!(
            "Hello {name},\n\nPlease confirm this is your email address by opening this link within {}:\n\n{link}\n\n\
             If you did not sign up for MatchReady, ignore this email; nothing more will happen.\n",
            hours(lifetime)
        ),
    }
}

/// Somebody tried to sign up with an address that already has an account.
pub fn already_registered(to: &str, reset_page: &str) -> Message {
    Message {
        to: to.to_string(),
        subject: "Someone tried to sign up with your email".into(),
        body: format!(
            "Hello,\n\nSomeone (maybe you) tried to create a MatchReady account with this address, which already has one. \
             Nothing was changed.\n\nIf it was you and you forgot your password, set a new one here:\n\n{reset_page}\n"
        ),
    }
}

/// A single-use link to set a new password.
pub fn reset_password(to: &str, name: &str, link: &str, lifetime: i64) -> Message {
    Message {
        to: to.to_string(),
        subject: "Set a new MatchReady password".into(),
        body: format!(
            "Hello {name},\n\nOpen this link within {} to choose a new password; it works once:\n\n{link}\n\n\
             If you did not ask for this, ignore this email: your password stays as it is.\n",
            hours(lifetime)
        ),
    }
}

/// An invitation to join a site's staff, with a link to set a first password.
pub fn invitation(to: &str, name: &str, role: &str, site: &str, inviter: &str, link: &str, lifetime: i64) -> Message {
    Message {
        to: to.to_string(),
        subject: format!("You are invited to MatchReady as {role} at {site}"),
        body: format!(
            "Hello {name},\n\n{inviter} invited you to MatchReady as {role} at {site}.\n\n\
             Choose your password within {} here:\n\n{link}\n",
            hours(lifetime)
        ),
    }
}

/// An application moved: tell the applicant where it stands and what happens next.
pub fn application_update(
    to: &str,
    name: &str,
    title: &str,
    dates: &str,
    status: crate::application::Status,
    link: &str,
) -> Message {
    use crate::application::Status as S;
    let next = match status {
        S::Submitted => "The site will review it; you will hear from us when they decide.",
        S::UnderReview => "The site is reviewing it.",
        S::Offered => {
            "The site offers you a seat. Accept it before the offer runs out, or decline it so someone else can have it."
        }
        S::Waitlisted => {
            "You are on the waitlist. If a seat frees up it is offered to the waitlist in order, and we will tell you."
        }
        S::Rejected => "The site could not offer you a seat this time. Other experiences are waiting in the catalog.",
        S::Accepted => "Your seat is held. It is confirmed once your deposit is recorded; the page shows the deadline.",
        S::Confirmed => "Your seat is confirmed.",
        S::InProgress => "Your rotation has started. Good luck!",
        S::Completed => {
            "Your rotation is complete. Your certificate of completion, with its verification code and a signed credential, is on the application's page, where you can also review the rotation: sites see only averages, once three trainees have reviewed."
        }
        S::Cancelled => "The seat is no longer held. Refunds follow the experience's published refund policy.",
        S::Withdrawn => "The application is withdrawn.",
        S::Draft => "",
    };
    Message {
        to: to.to_string(),
        subject: format!("{title}: {}", status.name()),
        body: format!("Hello {name},\n\nYour application for {title} ({dates}) is now: {}.\n\n{next}\n\n{link}\n", status.name()),
    }
}

/// A seat is confirmed: the dates, the place and what to bring.
pub fn confirmation(to: &str, name: &str, title: &str, dates: &str, place: &str, bring: &[&str], link: &str) -> Message {
    let list: String = bring.iter().map(|b| format!("- {b}\n")).collect();
    Message {
        to: to.to_string(),
        subject: format!("Confirmed: {title}, {dates}"),
        body: format!(
            "Hello {name},\n\nYour seat is confirmed.\n\nExperience: {title}\nDates: {dates}\nWhere: {place}\n\n\
             Bring on the first day:\n{list}\nYour application, with its timeline: {link}\n"
        ),
    }
}

/// Tell a site's coordinators that an application needs them, or that the applicant acted.
pub fn site_update(to: &str, applicant: &str, title: &str, dates: &str, what: &str, link: &str) -> Message {
    Message {
        to: to.to_string(),
        subject: format!("{title}, {dates}: {what}"),
        body: format!("Hello,\n\n{applicant}'s application for {title} ({dates}): {what}.\n\n{link}\n"),
    }
}

/// A payment asked of the applicant: when a seat is first held (`reminder` false) and again
/// shortly before its deadline (`reminder` true). `pay` is the page's own words (what, by when,
/// to whom and how), from the core's `ledger::pay_next`.
pub fn payment_due(
    to: &str,
    name: &str,
    title: &str,
    dates: &str,
    pay: &crate::ledger::PayNext,
    reminder: bool,
    link: &str,
) -> Message {
    let lines = |l: &[String]| l.iter().map(|x| format!("- {x}\n")).collect::<String>();
    let (subject, opening) = if reminder {
        (
            format!("Reminder, {title}: the {} is due by {}", pay.what, pay.by),
            "A reminder: your seat is still waiting for its payment:",
        )
    } else {
        (format!("Seat held, {title}: pay the {} by {}", pay.what, pay.by), "Your seat is held:")
    };
    let instructions = if pay.instructions.is_empty() {
        String::new()
    } else {
        let indented: String = pay.instructions.lines().map(|l| format!("    {l}\n")).collect();
        format!("The site's instructions:\n{indented}\n")
    };
    Message {
        to: to.to_string(),
        subject,
        body: format!(
            "Hello {name},\n\n{opening} {title} ({dates}).\n\n{}\n\n{}\nHow to pay:\n{}\n{instructions}{link}\n",
            pay.headline,
            lines(&pay.details),
            lines(&pay.how)
        ),
    }
}

/// A document in the vault runs out soon.
pub fn document_expiring(to: &str, name: &str, document: &str, on: &str, link: &str) -> Message {
    Message {
        to: to.to_string(),
        subject: format!("Your {document} runs out on {on}"),
        body: format!(
            "Hello {name},\n\nYour {document} in MatchReady runs out on {on}. Sites check that documents are valid \
             through the end of each rotation, so upload a newer one when you have it:\n\n{link}\n"
        ),
    }
}

/// An email in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct OutboxEntry {
    /// Identifier.
    pub id: i64,
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// When it was queued.
    pub created_at: i64,
    /// When an SMTP server accepted it; `None` while unsent (or with no SMTP configured).
    pub sent_at: Option<i64>,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// The last delivery error.
    pub last_error: Option<String>,
}

impl OutboxEntry {
    /// The entry as an administrator may read it: every emailed token is hidden, so no link that
    /// still works (a password reset, an invitation, an address confirmation) is ever shown.
    pub fn redacted(mut self) -> Self {
        self.body = redact_tokens(&self.body);
        self
    }
}

/// What stands in for a token in a redacted email.
pub const HIDDEN_TOKEN: &str = "[hidden: only the recipient has this link]";

/// Replaces the value of every `token=` in `text` (up to the next space, `&`, quote or line end).
pub fn redact_tokens(text: &str) -> String {
    // Links carry their token after `token=`, and a program's letter link as its last segment.
    ["token=", "/letters/open/"].iter().fold(text.to_string(), |text, marker| redact_after(&text, marker))
}

fn redact_after(text: &str, marker: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let (head, tail) = rest.split_at(at + marker.len());
        out.push_str(head);
        let end =
            tail.find(|c: char| c.is_whitespace() || matches!(c, '&' | '"' | '\'' | '<' | '>' | '/' | '?')).unwrap_or(tail.len());
        if end > 0 {
            out.push_str(HIDDEN_TOKEN);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A placement round ran: where the applicant was placed, or that they were not, and why not higher.
pub fn round_result(to: &str, name: &str, round: &str, placed: Option<&str>, why: &[String], link: &str) -> Message {
    let reasons: String = why.iter().map(|w| format!("- {w}\n")).collect();
    let (subject, body) = match placed {
        Some(place) => (
            format!("{round}: you were placed in {place}"),
            format!(
                "The round placed you in {place}. The site offers you this seat: accept it before the offer runs out, \
                 or decline it so someone else can have it.\n"
            ),
        ),
        None => (
            format!("{round}: you were not placed"),
            "The round could not place you in any block you ranked. Experiences that still have seats are listed \
             on the round's page and in the catalog.\n"
                .to_string(),
        ),
    };
    let why = if reasons.is_empty() { String::new() } else { format!("\nWhy not the blocks you ranked higher:\n{reasons}") };
    Message { to: to.to_string(), subject, body: format!("Hello {name},\n\n{body}{why}\nYour result, explained: {link}\n") }
}

/// A placement round ran: the site's coordinators get the counts.
pub fn round_ran(to: &str, round: &str, placed: i64, entrants: usize, positions: i64, link: &str) -> Message {
    Message {
        to: to.to_string(),
        subject: format!("{round}: {placed} placed"),
        body: format!(
            "Hello,\n\nThe round \"{round}\" ran: {placed} of {entrants} applicants were placed in {positions} seats. \
             Each placed applicant has an offer to accept.\n\n{link}\n"
        ),
    }
}

/// The preceptor returned a logged day, with their comment, for the trainee to correct.
pub fn hours_returned(to: &str, name: &str, title: &str, day: &str, comment: &str, link: &str) -> Message {
    Message {
        to: to.to_string(),
        subject: format!("Hours returned, {title}: {day}"),
        body: format!(
            "Hello {name},\n\nYour preceptor returned the hours you logged for {day} ({title}):\n\n    {comment}\n\n\
             Correct the entry and it goes back for sign-off:\n{link}\n"
        ),
    }
}

/// The preceptor decided on a SOAP note, returned for revision or accepted. The note is named by the
/// day it was started, never by its words, which stay in MatchReady.
pub fn note_decided(to: &str, name: &str, started: &str, accepted: bool, link: &str) -> Message {
    let (subject, what) = if accepted {
        (format!("Note accepted: your note of {started}"), "accepted your note of {started}, with ratings and comments")
    } else {
        (
            format!("Note returned for revision: your note of {started}"),
            "returned your note of {started} for revision, with comments",
        )
    };
    let what = what.replace("{started}", started);
    Message { to: to.to_string(), subject, body: format!("Hello {name},\n\nYour preceptor {what}. Read the feedback:\n{link}\n") }
}

/// The preceptor submitted an evaluation of the trainee.
pub fn evaluation_submitted(to: &str, name: &str, which: &str, title: &str, link: &str) -> Message {
    Message {
        to: to.to_string(),
        subject: format!("{which} submitted: {title}"),
        body: format!("Hello {name},\n\nYour preceptor submitted your {} for {title}. Read it:\n{link}\n", which.to_lowercase()),
    }
}

/// An evaluation is due soon or just past due (to a preceptor), or overdue (to a coordinator);
/// `whose` is the trainee and the experience, `when` the due day and whether it has passed.
pub fn evaluation_due(
    to: &str,
    name: &str,
    which: &str,
    whose: (&str, &str),
    when: (&str, bool),
    overdue: bool,
    link: &str,
) -> Message {
    let (trainee, title) = whose;
    let (due, passed) = when;
    let (subject, what) = if overdue {
        (
            format!("Overdue: {which}, {trainee}"),
            format!(
                "was due on {due} and has not been submitted. Please ask the preceptor; if it will not come (it was done on paper, the preceptor left), complete the rotation without it from the application's page, saying why"
            ),
        )
    } else if passed {
        (format!("Past due: {which}, {trainee}"), format!("was due on {due}. Please submit it now"))
    } else {
        (format!("Due {due}: {which}, {trainee}"), format!("is due on {due}. Save a draft and come back, or submit it"))
    };
    Message {
        to: to.to_string(),
        subject,
        body: format!("Hello {name},\n\nThe {} of {trainee} ({title}) {what}:\n{link}\n", which.to_lowercase()),
    }
}

/// Hours have waited a week or more for sign-off.
pub fn hours_awaiting(to: &str, name: &str, trainee: &str, title: &str, oldest: &str, link: &str) -> Message {
    Message {
        to: to.to_string(),
        subject: format!("Hours to sign: {trainee}, {title}"),
        body: format!(
            "Hello {name},\n\n{trainee} has hours awaiting your sign-off for {title}, the oldest from {oldest}.\n\n\
             Sign them day by day or a week at once, or return a day with a comment:\n{link}\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lifetimes_read_well() {
        assert_eq!(super::hours(3600), "1 hour");
        assert_eq!(super::hours(12 * 3600), "12 hours");
        assert_eq!(super::hours(3 * 24 * 3600), "3 days");
        let redacted = super::redact_tokens("Open http://x/reset?token=abc-DEF_1 now.\nAnd http://x/verify?token=q&x=1");
        assert!(!redacted.contains("abc") && !redacted.contains("token=q"), "{redacted}");
        assert!(redacted.starts_with("Open http://x/reset?token=[hidden") && redacted.ends_with("&x=1"), "{redacted}");
        assert_eq!(super::redact_tokens("no links here"), "no links here");
        let letter = super::redact_tokens("Open it here:\nhttp://x/letters/open/Zq9-_x1\nIts Letter ID");
        assert_eq!(letter, format!("Open it here:\nhttp://x/letters/open/{}\nIts Letter ID", super::HIDDEN_TOKEN));
        let m = super::reset_password("a@b.org", "Ana", "http://x/reset?token=t", 3600);
        assert!(m.body.contains("http://x/reset?token=t") && m.body.contains("within 1 hour"));
    }
}
