//! The policy's nouns and verbs: what is reached ([`Resource`]) and what is done to it ([`Action`]).

/// What is being reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    /// The public catalog: search, specialties, health.
    Catalog,
    /// A published experience.
    Experience,
    /// An experience not (or no longer) published.
    Draft,
    /// A person's account.
    Account,
    /// A site's own management view (staff, drafts).
    Site,
    /// The caller's own session.
    Session,
    /// The audit log.
    AuditLog,
    /// The outbox of emails.
    Outbox,
    /// An applicant's profile.
    Profile,
    /// An application to a block.
    Application,
    /// A document in someone's vault.
    Document,
    /// A placement round: its blocks, deadline and outcome.
    Round,
    /// An applicant's rank list in a round, and their result.
    RoundEntry,
    /// A check of clinical text for protected health information (nothing is kept).
    PhiCheck,
    /// A rotation's logged hours (the relation is to the application they belong to).
    Hours,
    /// A trainee's SOAP notes and the preceptor's feedback (the relation is to the application).
    Note,
    /// The preceptor's evaluations of a trainee (the relation is to the application).
    Evaluation,
    /// A rotation's certificate of completion (the relation is to the application).
    Certificate,
    /// The trainee's review of a rotation (the relation is to the application).
    Review,
    /// A letter of recommendation's request: its status, history, destinations and openings, never
    /// its words. Its applicant and its author both stand to it as their own.
    Letter,
    /// What a letter says, when the applicant kept the right to read it.
    LetterText,
    /// What a letter says, when the applicant waived the right to read it: its author's alone.
    SealedLetterText,
    /// What anyone holding a letter's program link or Letter ID sees (the token is the key).
    LetterLink,
    /// A rotation plan made for an applicant from the live catalog.
    Plan,
    /// An advisor's hours, notice, buffer and cancellation window (their own to set), and the
    /// kinds of call they offer (every member may read them, to book).
    AdvisorSetup,
    /// A consultation: its applicant and its advisor both stand to it as their own.
    Consultation,
    /// An advisor's private notes on a consultation: the advisor's alone.
    ConsultationNotes,
    /// An applicant's file as an advisor they booked sees it (profile, shared documents,
    /// applications): `Own` for the advisor of a call the applicant booked.
    AdvisedFile,
}

/// What is being done to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read one.
    Read,
    /// List many.
    List,
    /// Publish or withdraw an experience.
    Publish,
    /// Invite a preceptor or coordinator to a site.
    Invite,
    /// Vouch for a host who applied.
    Verify,
    /// Disable or enable an account.
    Disable,
    /// Change a role.
    ChangeRole,
    /// Change one's own password.
    ChangePassword,
    /// End one's own session.
    End,
    /// Change one.
    Update,
    /// Make one (an application: apply).
    Create,
    /// The site's decision: offer, waitlist, reject.
    Decide,
    /// The applicant's answer: accept an offer, withdraw.
    Respond,
    /// Record the deposit; complete a rotation without waiting for its final evaluation.
    Confirm,
    /// Give up a held seat; call off a round.
    Cancel,
    /// Rank the applicants of a placement round (the site's side).
    Rank,
    /// Send someone a fresh link to set their password (to their own address).
    SendLink,
}
