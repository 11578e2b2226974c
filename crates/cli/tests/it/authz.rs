//! The authorisation matrix: every route of the OpenAPI document, for every
//! role (and nobody), against things of every relationship (their own, their
//! site's, another site's, unrelated), compared with the policy table in
//! `matchready_core::account::policy`. A route missing from the table below
//! fails the test, so a new route cannot be forgotten.

use matchready_core::account::policy::decide;
use matchready_core::account::{Action, Actor, Decision, Relation, Resource, Role};
use serde_json::{Value, json};

use crate::support::{DEMO_PASSWORD, Server};

/// Someone calling.
pub(crate) struct Caller {
    pub(crate) label: &'static str,
    pub(crate) email: String,
    pub(crate) token: Option<String>,
    pub(crate) actor: Option<Actor>,
}

/// What a route is about.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Target {
    /// Open to anyone (sign-in endpoints, health, catalog lists).
    Public,
    /// A list, or an admin resource.
    Collection,
    /// The caller's own session or account.
    Own,
    /// Another account (or their own), which may be changed: made fresh for each call.
    Account { fresh: bool },
    /// A site.
    Site,
    /// An experience.
    Experience,
    /// An invitation to a site.
    Invite,
    /// An application.
    Application,
    /// A document in a vault.
    Document,
    /// A placement round of either site (one that may be cancelled, for the cancel route).
    Round { cancellable: bool },
    /// Opening a round for a block of either site.
    NewRound,
    /// The caller's own entry in a round of either site: their own, in a round they may read.
    MyEntry,
    /// A letter of recommendation: the applicant's and its author's own, its site's, or another's;
    /// with `text`, its words (sealed when the applicant waived the right to read them).
    Letter { text: bool },
    /// A consultation: its applicant's and its advisor's own; with `notes`, the advisor's notes.
    Consultation { notes: bool },
    /// An applicant's file, for the advisor they booked.
    Advisee,
    /// An advisor's offering's open times, for any member.
    Slots,
}

pub(crate) struct Case {
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    pub(crate) resource: Resource,
    pub(crate) action: Action,
    pub(crate) target: Target,
    /// Statuses that also count as allowed (e.g. 400 for a made-up link token).
    pub(crate) also_ok: &'static [u16],
}

pub(crate) const LETTER: Target = Target::Letter { text: false };
pub(crate) const TEXT: Target = Target::Letter { text: true };

pub(crate) const fn case(method: &'static str, path: &'static str, resource: Resource, action: Action, target: Target) -> Case {
    Case { method, path, resource, action, target, also_ok: &[] }
}

const CASES: &[Case] = &[
    case("get", "/api/v1/experiences", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/api/v1/experiences/{id}", Resource::Experience, Action::Read, Target::Experience),
    case("post", "/api/v1/experiences/{id}/publish", Resource::Experience, Action::Publish, Target::Experience),
    case("post", "/api/v1/experiences/{id}/unpublish", Resource::Experience, Action::Publish, Target::Experience),
    case("post", "/api/v1/experiences/{id}/booking", Resource::Experience, Action::Publish, Target::Experience),
    case("get", "/api/v1/specialties", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/healthz", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/readyz", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/api/v1/sites/{id}", Resource::Site, Action::Read, Target::Site),
    case("get", "/api/v1/sites/{id}/payment-instructions", Resource::Site, Action::Read, Target::Site),
    case("put", "/api/v1/sites/{id}/payment-instructions", Resource::Site, Action::Update, Target::Site),
    case("post", "/api/v1/auth/register", Resource::Catalog, Action::Read, Target::Public),
    case("post", "/api/v1/auth/login", Resource::Catalog, Action::Read, Target::Public),
    case("post", "/api/v1/auth/logout", Resource::Session, Action::End, Target::Own),
    case("post", "/api/v1/auth/password-reset", Resource::Catalog, Action::Read, Target::Public),
    Case {
        also_ok: &[400],
        ..case("post", "/api/v1/auth/password-reset/confirm", Resource::Catalog, Action::Read, Target::Public)
    },
    Case { also_ok: &[400], ..case("post", "/api/v1/auth/verify-email", Resource::Catalog, Action::Read, Target::Public) },
    case("get", "/api/v1/me", Resource::Session, Action::Read, Target::Own),
    case("post", "/api/v1/me/password", Resource::Account, Action::ChangePassword, Target::Own),
    case("post", "/api/v1/me/verification", Resource::Session, Action::Read, Target::Own),
    case("get", "/api/v1/me/profile", Resource::Profile, Action::Read, Target::Own),
    case("put", "/api/v1/me/profile", Resource::Profile, Action::Update, Target::Own),
    // The matrix's applicant saved a profile with no budget: the plan, allowed, says what to add.
    Case { also_ok: &[400], ..case("get", "/api/v1/me/plan", Resource::Plan, Action::Read, Target::Own) },
    case("get", "/api/v1/advisors", Resource::AdvisorSetup, Action::Read, Target::Collection),
    case("get", "/api/v1/advisors/utilisation", Resource::AdvisorSetup, Action::List, Target::Collection),
    case("get", "/api/v1/advisors/{id}/offerings/{offering}/slots", Resource::AdvisorSetup, Action::Read, Target::Slots),
    case("get", "/api/v1/me/advisor-setup", Resource::AdvisorSetup, Action::Read, Target::Own),
    case("put", "/api/v1/me/advisor-setup", Resource::AdvisorSetup, Action::Update, Target::Own),
    case("post", "/api/v1/me/offerings", Resource::AdvisorSetup, Action::Update, Target::Own),
    case("get", "/api/v1/consultations", Resource::Consultation, Action::List, Target::Collection),
    case("post", "/api/v1/consultations", Resource::Consultation, Action::Create, Target::Own),
    case("get", "/api/v1/consultations/{id}", Resource::Consultation, Action::Read, Target::Consultation { notes: false }),
    // Cancelled, held or not begun: a refusal of the move, after the policy allowed it.
    Case {
        also_ok: &[409],
        ..case(
            "post",
            "/api/v1/consultations/{id}/cancel",
            Resource::Consultation,
            Action::Cancel,
            Target::Consultation { notes: false },
        )
    },
    Case {
        also_ok: &[409],
        ..case(
            "post",
            "/api/v1/consultations/{id}/hold",
            Resource::Consultation,
            Action::Update,
            Target::Consultation { notes: false },
        )
    },
    Case {
        also_ok: &[409],
        ..case(
            "put",
            "/api/v1/consultations/{id}/write-up",
            Resource::ConsultationNotes,
            Action::Update,
            Target::Consultation { notes: true },
        )
    },
    case(
        "get",
        "/api/v1/consultations/{id}/notes",
        Resource::ConsultationNotes,
        Action::Read,
        Target::Consultation { notes: true },
    ),
    case(
        "get",
        "/api/v1/consultations/{id}/invite.ics",
        Resource::Consultation,
        Action::Read,
        Target::Consultation { notes: false },
    ),
    // The old call cancelled already, or the time not open with its advisor: refused after the policy allowed it.
    Case {
        also_ok: &[400, 409],
        ..case(
            "post",
            "/api/v1/consultations/{id}/reschedule",
            Resource::Consultation,
            Action::Create,
            Target::Consultation { notes: false },
        )
    },
    case("get", "/api/v1/advisees/{id}", Resource::AdvisedFile, Action::Read, Target::Advisee),
    case("get", "/api/v1/users", Resource::Account, Action::List, Target::Collection),
    case("get", "/api/v1/users/{id}", Resource::Account, Action::Read, Target::Account { fresh: false }),
    case("post", "/api/v1/invitations", Resource::Account, Action::Invite, Target::Invite),
    // Verifying an applicant or admin is refused as 400 not_a_host once the policy allowed it.
    Case {
        also_ok: &[400],
        ..case("post", "/api/v1/users/{id}/verify", Resource::Account, Action::Verify, Target::Account { fresh: false })
    },
    case("post", "/api/v1/users/{id}/disable", Resource::Account, Action::Disable, Target::Account { fresh: true }),
    case("post", "/api/v1/users/{id}/enable", Resource::Account, Action::Disable, Target::Account { fresh: true }),
    case("put", "/api/v1/users/{id}/role", Resource::Account, Action::ChangeRole, Target::Account { fresh: true }),
    case("post", "/api/v1/users/{id}/reset-link", Resource::Account, Action::SendLink, Target::Account { fresh: true }),
    // JSON is not an upload: an allowed caller gets 400 invalid_body, after the policy has been asked.
    Case { also_ok: &[400], ..case("post", "/api/v1/me/documents", Resource::Document, Action::Create, Target::Own) },
    case("get", "/api/v1/me/documents", Resource::Document, Action::List, Target::Collection),
    case("get", "/api/v1/me/documents/{id}", Resource::Document, Action::Read, Target::Document),
    // The world's documents are CVs: their owner is told a CV has no entries (409), or, once the
    // DELETE case has removed it (the walk runs in path order), that it is no longer in the vault (404).
    Case {
        also_ok: &[404, 409],
        ..case("put", "/api/v1/me/documents/{id}/immunizations", Resource::Document, Action::Update, Target::Document)
    },
    // Removed once by its owner; a second time it is no longer in the vault (404).
    Case { also_ok: &[404], ..case("delete", "/api/v1/me/documents/{id}", Resource::Document, Action::Update, Target::Document) },
    Case { also_ok: &[400, 409], ..case("post", "/api/v1/applications", Resource::Application, Action::Create, Target::Own) },
    case("get", "/api/v1/applications", Resource::Application, Action::List, Target::Collection),
    // Each application in the batch is then decided by the policy on its own (its result says so).
    case("post", "/api/v1/applications/decisions", Resource::Application, Action::List, Target::Collection),
    case("get", "/api/v1/readiness", Resource::Profile, Action::Read, Target::Own),
    case("get", "/api/v1/applications/{id}", Resource::Application, Action::Read, Target::Application),
    // Site staff read the file only while the application is live: after it ended, 403.
    Case {
        also_ok: &[403],
        ..case("get", "/api/v1/applications/{id}/file", Resource::Application, Action::Read, Target::Application)
    },
    case("get", "/api/v1/applications/{id}/ledger", Resource::Application, Action::Read, Target::Application),
    // Allowed readers get 409 while the seat is not confirmed (or no B-1 visa).
    Case {
        also_ok: &[409],
        ..case("get", "/api/v1/applications/{id}/invitation-letter", Resource::Application, Action::Read, Target::Application)
    },
    case("post", "/api/v1/applications/{id}/payments", Resource::Application, Action::Confirm, Target::Application),
    // Signed by the payment provider, not by a role: unsigned, everyone gets 401 alike.
    Case { also_ok: &[401], ..case("post", "/api/v1/payments/webhook", Resource::Catalog, Action::Read, Target::Public) },
    // Only documents the block asks for, while the file is open: any other is not there (404).
    Case {
        also_ok: &[404],
        ..case(
            "get",
            "/api/v1/applications/{id}/documents/{document_id}",
            Resource::Application,
            Action::Read,
            Target::Application,
        )
    },
    case("get", "/api/v1/applications/{id}/hours", Resource::Hours, Action::Read, Target::Application),
    // The matrix's applications have not started: logging and signing are refused as not under way.
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/hours", Resource::Hours, Action::Create, Target::Application)
    },
    // (Entry 1 belongs to no application of the matrix: a trainee who may correct is told so.)
    Case {
        also_ok: &[404, 409],
        ..case("post", "/api/v1/applications/{id}/hours/{entry}/correct", Resource::Hours, Action::Create, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/hours/sign", Resource::Hours, Action::Decide, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/hours/{entry}/return", Resource::Hours, Action::Decide, Target::Application)
    },
    case("get", "/api/v1/applications/{id}/evaluations", Resource::Evaluation, Action::Read, Target::Application),
    // The matrix's applications have not started: writing is refused as not under way.
    Case {
        also_ok: &[409],
        ..case("put", "/api/v1/applications/{id}/evaluations/{kind}", Resource::Evaluation, Action::Decide, Target::Application)
    },
    // The matrix's applications have not completed: the allowed are told so (409).
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/complete", Resource::Application, Action::Confirm, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("get", "/api/v1/applications/{id}/certificate", Resource::Certificate, Action::Read, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("get", "/api/v1/applications/{id}/certificate.pdf", Resource::Certificate, Action::Read, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("get", "/api/v1/applications/{id}/credential", Resource::Certificate, Action::Read, Target::Application)
    },
    // (No certificate has the made-up code: the allowed are told so.)
    Case {
        also_ok: &[404],
        ..case(
            "post",
            "/api/v1/applications/{id}/certificates/{code}/revoke",
            Resource::Certificate,
            Action::Cancel,
            Target::Application,
        )
    },
    Case { also_ok: &[404], ..case("get", "/api/v1/verify/{code}", Resource::Catalog, Action::Read, Target::Public) },
    case("get", "/api/v1/keys", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/api/v1/applications/{id}/rotation-review", Resource::Review, Action::Read, Target::Application),
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/rotation-review", Resource::Review, Action::Create, Target::Application)
    },
    case("get", "/api/v1/experiences/{id}/reviews", Resource::Experience, Action::Read, Target::Experience),
    case("get", "/api/v1/applications/{id}/notes", Resource::Note, Action::Read, Target::Application),
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/notes", Resource::Note, Action::Create, Target::Application)
    },
    // (Note 1 belongs to no application of the matrix: a caller the policy allows is told so.)
    Case {
        also_ok: &[404],
        ..case("get", "/api/v1/applications/{id}/notes/{note}", Resource::Note, Action::Read, Target::Application)
    },
    Case {
        also_ok: &[404],
        ..case("put", "/api/v1/applications/{id}/notes/{note}", Resource::Note, Action::Create, Target::Application)
    },
    Case {
        also_ok: &[404],
        ..case("post", "/api/v1/applications/{id}/notes/{note}/comments", Resource::Note, Action::Decide, Target::Application)
    },
    Case {
        also_ok: &[404],
        ..case("post", "/api/v1/applications/{id}/notes/{note}/review", Resource::Note, Action::Decide, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/review", Resource::Application, Action::Decide, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/offer", Resource::Application, Action::Decide, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/waitlist", Resource::Application, Action::Decide, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/reject", Resource::Application, Action::Decide, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/accept", Resource::Application, Action::Respond, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/withdraw", Resource::Application, Action::Respond, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/confirm", Resource::Application, Action::Confirm, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/applications/{id}/cancel", Resource::Application, Action::Cancel, Target::Application)
    },
    case("get", "/api/v1/rounds", Resource::Round, Action::List, Target::Collection),
    // The second allowed caller finds the block already in the round the first one opened.
    Case { also_ok: &[409], ..case("post", "/api/v1/rounds", Resource::Round, Action::Create, Target::NewRound) },
    case("get", "/api/v1/rounds/{id}", Resource::Round, Action::Read, Target::Round { cancellable: false }),
    Case {
        also_ok: &[409],
        ..case("post", "/api/v1/rounds/{id}/cancel", Resource::Round, Action::Cancel, Target::Round { cancellable: true })
    },
    case("get", "/api/v1/rounds/{id}/me", Resource::RoundEntry, Action::Read, Target::MyEntry),
    case("put", "/api/v1/rounds/{id}/me", Resource::RoundEntry, Action::Update, Target::MyEntry),
    case("get", "/api/v1/rounds/{id}/entries", Resource::RoundEntry, Action::List, Target::Round { cancellable: false }),
    case("put", "/api/v1/rounds/{id}/ranks", Resource::Round, Action::Rank, Target::Round { cancellable: false }),
    case("get", "/api/v1/letters", Resource::Letter, Action::List, Target::Collection),
    case("get", "/api/v1/applications/{id}/letter-authors", Resource::Letter, Action::Create, Target::Application),
    // The matrix's rotations are not all under way (409), and the body names no preceptor of them (400).
    Case {
        also_ok: &[400, 409],
        ..case("post", "/api/v1/applications/{id}/letters", Resource::Letter, Action::Create, Target::Application)
    },
    case("get", "/api/v1/letters/{id}", Resource::Letter, Action::Read, LETTER),
    // The walk moves the letters along (accepted, declined, withdrawn): a later step may no longer be
    // possible (409); the CV was not shared (404); JSON is not an upload (400); an admin gives no reason (400).
    Case { also_ok: &[409], ..case("patch", "/api/v1/letters/{id}", Resource::Letter, Action::Update, LETTER) },
    Case { also_ok: &[409], ..case("post", "/api/v1/letters/{id}/withdraw", Resource::Letter, Action::Cancel, LETTER) },
    Case { also_ok: &[409], ..case("post", "/api/v1/letters/{id}/nudge", Resource::Letter, Action::Update, LETTER) },
    Case { also_ok: &[409], ..case("post", "/api/v1/letters/{id}/answer", Resource::Letter, Action::Update, LETTER) },
    Case { also_ok: &[409], ..case("post", "/api/v1/letters/{id}/send", Resource::Letter, Action::Update, LETTER) },
    Case { also_ok: &[409], ..case("post", "/api/v1/letters/{id}/accept", Resource::Letter, Action::Decide, LETTER) },
    Case { also_ok: &[409], ..case("post", "/api/v1/letters/{id}/decline", Resource::Letter, Action::Decide, LETTER) },
    Case { also_ok: &[409], ..case("post", "/api/v1/letters/{id}/question", Resource::Letter, Action::Decide, LETTER) },
    Case { also_ok: &[409], ..case("post", "/api/v1/letters/{id}/eras-confirm", Resource::Letter, Action::Decide, LETTER) },
    Case { also_ok: &[404], ..case("get", "/api/v1/letters/{id}/cv", Resource::Letter, Action::Decide, LETTER) },
    case("get", "/api/v1/letters/{id}/form", Resource::LetterText, Action::Create, TEXT),
    Case { also_ok: &[409], ..case("put", "/api/v1/letters/{id}/form", Resource::LetterText, Action::Create, TEXT) },
    Case { also_ok: &[400, 409], ..case("post", "/api/v1/letters/{id}/file", Resource::LetterText, Action::Create, TEXT) },
    Case { also_ok: &[400, 409], ..case("get", "/api/v1/letters/{id}/pdf", Resource::LetterText, Action::Read, TEXT) },
    // Anyone checks a Letter ID or holds a program's link; a made-up one is not there.
    Case { also_ok: &[404], ..case("get", "/api/v1/letters/verify/{code}", Resource::LetterLink, Action::Read, Target::Public) },
    Case { also_ok: &[404], ..case("get", "/api/v1/letter-links/{token}", Resource::LetterLink, Action::Read, Target::Public) },
    Case {
        also_ok: &[404],
        ..case("post", "/api/v1/letter-links/{token}/open", Resource::LetterLink, Action::Read, Target::Public)
    },
    Case {
        also_ok: &[404],
        ..case("get", "/api/v1/letter-links/{token}/pdf", Resource::LetterLink, Action::Read, Target::Public)
    },
    case("get", "/api/v1/admin/audit", Resource::AuditLog, Action::List, Target::Collection),
    case("get", "/api/v1/admin/outbox", Resource::Outbox, Action::List, Target::Collection),
    case("post", "/api/v1/phi/check", Resource::PhiCheck, Action::Create, Target::Collection),
];

/// One call to make: its path, what the policy says, the site an invitation names, and the
/// experience to put back (id, was published) afterwards.
pub(crate) type Planned = (String, Decision, i64, Option<(i64, bool)>);

pub(crate) fn expected(d: Decision) -> u16 {
    match d {
        Decision::Allow => 200,
        Decision::Unauthenticated => 401,
        Decision::Unverified | Decision::Forbidden => 403,
        Decision::NotFound => 404,
    }
}

pub(crate) struct World {
    pub(crate) admin: String,
    pub(crate) site_a: i64,
    pub(crate) site_b: i64,
    /// (experience id, site) published, per site; and one draft per site.
    pub(crate) published: [(i64, i64); 2],
    pub(crate) drafts: [(i64, i64); 2],
    /// Stable account targets: (id, site).
    pub(crate) people: Vec<(i64, Option<i64>)>,
    /// Application targets: (id, applicant, site).
    pub(crate) applications: Vec<(i64, i64, i64)>,
    /// A block the applicant may apply for.
    pub(crate) open_block: i64,
    /// Document targets: (id, owner).
    pub(crate) documents: Vec<(i64, i64)>,
    /// Round targets: (id, site, experience, cancellable).
    pub(crate) rounds: Vec<(i64, i64, i64, bool)>,
    /// Per site: a block for opening rounds.
    pub(crate) round_blocks: Vec<(i64, i64)>,
    /// Letter targets: (id, applicant, author, site, waived).
    pub(crate) letters: Vec<(i64, i64, i64, i64, bool)>,
    /// Consultation targets.
    pub(crate) advising: crate::authz_advising::Advising,
    pub(crate) counter: std::cell::Cell<u32>,
}

impl World {
    fn unique(&self, what: &str) -> String {
        self.counter.set(self.counter.get() + 1);
        format!("{what}{}@example.org", self.counter.get())
    }
}

/// Two sites with two experiences or more.
async fn sites(s: &Server, admin: &str) -> Vec<(i64, Vec<i64>)> {
    let mut found = Vec::new();
    for id in 1..200 {
        let (status, view) = s.call("GET", &format!("/api/v1/sites/{id}"), Some(admin), None).await;
        if status == 200 {
            let ids: Vec<i64> = view["experiences"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
            if ids.len() >= 2 {
                found.push((id, ids));
                if found.len() == 2 {
                    break;
                }
            }
        }
    }
    assert_eq!(found.len(), 2, "two demo sites with two experiences");
    found
}

async fn fresh_account(s: &Server, w: &World, kind: usize) -> (i64, Option<i64>) {
    match kind {
        0 | 1 => {
            let site = if kind == 0 { w.site_a } else { w.site_b };
            let invite = json!({"email": w.unique("target"), "name": "Target", "role": "preceptor", "site_id": site});
            let (status, u) = s.call("POST", "/api/v1/invitations", Some(&w.admin), Some(invite)).await;
            assert_eq!(status, 201, "{u}");
            (u["id"].as_i64().unwrap(), Some(site))
        }
        _ => {
            let email = w.unique("applicant");
            let body = json!({"email": email, "password": DEMO_PASSWORD, "name": "Target Applicant"});
            let (status, _) = s.call("POST", "/api/v1/auth/register", None, Some(body)).await;
            assert_eq!(status, 202);
            let (_, users) = s.call("GET", "/api/v1/users", Some(&w.admin), None).await;
            let u = users.as_array().unwrap().iter().find(|u| u["email"] == email.as_str()).unwrap();
            (u["id"].as_i64().unwrap(), None)
        }
    }
}

async fn me(s: &Server, token: &str) -> Actor {
    let (status, u) = s.call("GET", "/api/v1/me", Some(token), None).await;
    assert_eq!(status, 200, "{u}");
    Actor {
        user_id: u["id"].as_i64().unwrap(),
        role: Role::from_code(u["role"].as_str().unwrap()).unwrap(),
        site_id: u["site_id"].as_i64(),
        verified: u["role"] != "preceptor" && u["role"] != "coordinator" || u["host_verified"] == true,
    }
}

async fn callers(s: &Server, w: &World) -> Vec<Caller> {
    let mut out = vec![Caller { label: "nobody", email: String::new(), token: None, actor: None }];
    for (label, email) in
        [("applicant", "applicant@example.org"), ("advisor", "advisor@example.org"), ("admin", "admin@example.org")]
    {
        // One admin session for the whole walk: changing a password ends the account's other sessions.
        let token = if label == "admin" { w.admin.clone() } else { s.login(email, DEMO_PASSWORD).await };
        out.push(Caller { label, email: email.into(), actor: Some(me(s, &token).await), token: Some(token) });
    }
    for (label, role) in [("preceptor", "preceptor"), ("coordinator", "coordinator")] {
        let email = w.unique(label);
        let (_, token) = s.host(&w.admin, &email, role, w.site_a).await;
        out.push(Caller { label, email, actor: Some(me(s, &token).await), token: Some(token) });
    }
    // A coordinator who applied and is not verified yet.
    let email = w.unique("unverified");
    let body =
        json!({"email": email, "password": DEMO_PASSWORD, "name": "Una Verified", "role": "coordinator", "site_id": w.site_a});
    assert_eq!(s.call("POST", "/api/v1/auth/register", None, Some(body)).await.0, 202);
    let token = s.login(&email, DEMO_PASSWORD).await;
    let actor = me(s, &token).await;
    assert!(!actor.verified);
    out.push(Caller { label: "unverified coordinator", email, actor: Some(actor), token: Some(token) });
    out
}

fn body_for(case: &Case, w: &World, path: &str, invite_site: i64) -> Option<Value> {
    let round_experience = || w.rounds.iter().find(|r| path.contains(&format!("/rounds/{}/", r.0))).map_or(0, |r| r.2);
    match (case.method, case.path) {
        ("post", "/api/v1/rounds") => {
            let block = w.round_blocks.iter().find(|(site, _)| *site == invite_site).map_or(0, |(_, b)| *b);
            Some(json!({"name": "Opened", "deadline": crate::rounds::rfc3339(3600), "block_ids": [block]}))
        }
        ("put", "/api/v1/rounds/{id}/me") => Some(json!({"block_ids": []})),
        ("put", "/api/v1/rounds/{id}/ranks") => Some(json!({"experience_id": round_experience(), "applicant_ids": null})),
        ("post", "/api/v1/auth/register") => {
            Some(json!({"email": w.unique("signup"), "password": DEMO_PASSWORD, "name": "New Person"}))
        }
        ("post", "/api/v1/auth/login") => Some(json!({"email": "advisor@example.org", "password": DEMO_PASSWORD})),
        ("post", "/api/v1/auth/password-reset") => Some(json!({"email": "nobody@example.org"})),
        ("post", "/api/v1/auth/password-reset/confirm") => Some(json!({"token": "made-up", "password": DEMO_PASSWORD})),
        ("post", "/api/v1/auth/verify-email") => Some(json!({"token": "made-up"})),
        ("post", "/api/v1/me/password") => Some(json!({"current_password": DEMO_PASSWORD, "new_password": DEMO_PASSWORD})),
        ("post", "/api/v1/invitations") => {
            Some(json!({"email": w.unique("invitee"), "name": "Invitee", "role": "preceptor", "site_id": invite_site}))
        }
        ("post", "/api/v1/applications") => Some(json!({"block_id": w.open_block})),
        ("post", "/api/v1/consultations") => Some(w.advising.booking.clone()),
        ("post", "/api/v1/consultations/{id}/reschedule") => {
            Some(json!({"start": w.advising.booking["start"].clone(), "zone": "UTC"}))
        }
        ("put", "/api/v1/me/advisor-setup") => Some(crate::authz_advising::setup()),
        ("post", "/api/v1/me/offerings") => Some(crate::authz_advising::offering()),
        ("put", "/api/v1/consultations/{id}/write-up") => Some(json!({"summary": "Next steps"})),
        ("post", "/api/v1/experiences/{id}/booking") => Some(json!({"instant": false})),
        ("put", "/api/v1/sites/{id}/payment-instructions") => Some(json!({"instructions": "Wire to the site's bank."})),
        ("post", "/api/v1/applications/decisions") => Some(json!({"ids": [], "decision": "waitlist"})),
        ("post", "/api/v1/applications/{id}/payments") => Some(json!({"kind": "payment", "amount_cents": 100})),
        ("post", "/api/v1/payments/webhook") => {
            Some(json!({"event_id": "e1", "type": "payment.succeeded", "application_id": 1, "amount_cents": 1}))
        }
        ("post", "/api/v1/applications/{id}/hours" | "/api/v1/applications/{id}/hours/{entry}/correct") => {
            Some(json!({"date": "2027-01-12", "hours": "8", "setting": "inpatient", "activity": "Clinic"}))
        }
        ("post", "/api/v1/applications/{id}/hours/sign") => Some(json!({"ids": [1]})),
        ("post", "/api/v1/applications/{id}/hours/{entry}/return") => Some(json!({"comment": "Give the times"})),
        ("post", "/api/v1/applications/{id}/notes") => {
            Some(json!({"title": "Chest pain", "setting": "inpatient", "specialty": "internal-medicine"}))
        }
        ("post", "/api/v1/applications/{id}/notes/{note}/comments") => Some(json!({"body": "Add the differential"})),
        ("post", "/api/v1/applications/{id}/notes/{note}/review") => {
            Some(json!({"decision": "return", "comment": "Add the differential"}))
        }
        ("post", "/api/v1/applications/{id}/certificates/{code}/revoke") => Some(json!({"reason": "The dates were wrong"})),
        ("post", "/api/v1/applications/{id}/rotation-review") => {
            Some(json!({"teaching": 5, "supervision": 4, "as_described": 5, "overall": 5, "comment": ""}))
        }
        ("post", "/api/v1/letters/{id}/decline" | "/api/v1/letters/{id}/question" | "/api/v1/letters/{id}/answer") => {
            Some(json!({"text": "Which programs?"}))
        }
        ("post", "/api/v1/letters/{id}/send") => Some(json!({"program": "City Hospital", "contact": "pd@city.example.org"})),
        ("patch", "/api/v1/letters/{id}") => Some(json!({"eras_id": "ABCD-1234"})),
        ("put", "/api/v1/letters/{id}/form") => Some(json!({"narrative": "Draft", "finish": false})),
        ("post", "/api/v1/applications/{id}/letters") => Some(json!({"author_id": 1, "waiver": "waive", "due_on": "2030-01-01"})),
        ("post", "/api/v1/phi/check") => Some(json!({"text": "Seen with Mr. Patel on 03/14/2024."})),
        ("put", "/api/v1/me/profile") => Some(json!({"applicant_type": "img", "graduation_year": 2020, "visa": "b1_b2"})),
        ("put", _) => Some(json!({"role": "advisor"})),
        _ => None,
    }
}

/// One call; returns (what happened, what the policy says) when they disagree.
#[allow(clippy::too_many_arguments)]
async fn check(
    s: &Server,
    w: &World,
    doc: &Value,
    case: &Case,
    caller: &Caller,
    path: &str,
    decision: Decision,
    invite_site: i64,
) -> Option<String> {
    let mut token = caller.token.clone();
    if case.path == "/api/v1/auth/logout" && caller.token.is_some() {
        token = Some(s.login(&caller.email, DEMO_PASSWORD).await);
    }
    let path = if path == "/api/v1/readiness" { format!("{path}?block_id={}", w.open_block) } else { path.to_string() };
    let (status, body) =
        s.call(&case.method.to_uppercase(), &path, token.as_deref(), body_for(case, w, &path, invite_site)).await;
    let want = expected(decision);
    let ok = if want == 200 { (200..300).contains(&status) || case.also_ok.contains(&status) } else { status == want };
    let body: String = body.to_string().chars().take(200).collect();
    // Whatever a route answers, its OpenAPI document must say it can.
    if !doc["paths"][case.path][case.method]["responses"][status.to_string()].is_object() {
        return Some(format!(
            "{} {} as {}: answered {status}, which its OpenAPI document does not declare",
            case.method, path, caller.label
        ));
    }
    (!ok)
        .then(|| format!("{} {} as {}: got {status}, policy says {decision:?} ({want}): {body}", case.method, path, caller.label))
}

/// The calls that check one route for one caller: each concrete path, what the policy decides for
/// it, the site an invitation or new round names, and what to put back afterwards.
pub(crate) async fn plan(
    s: &Server,
    w: &World,
    target: Target,
    resource: Resource,
    action: Action,
    actor: Option<&Actor>,
    path: &str,
) -> Vec<Planned> {
    let path = path.to_string();
    let of = |owner: Option<i64>, site: Option<i64>| actor.map_or(Relation::Unrelated, |a| Relation::of(a, owner, site));
    let mut calls_here: Vec<Planned> = Vec::new();
    match target {
        Target::Public => calls_here.push((path.clone(), Decision::Allow, 0, None)),
        Target::Collection => calls_here.push((path.clone(), decide(actor, resource, action, Relation::Collection), 0, None)),
        Target::Own => calls_here.push((path.clone(), decide(actor, resource, action, Relation::Own), 0, None)),
        Target::Site => {
            for site in [w.site_a, w.site_b] {
                let d = decide(actor, resource, action, of(None, Some(site)));
                calls_here.push((path.replace("{id}", &site.to_string()), d, 0, None));
            }
        }
        Target::Invite => {
            for site in [w.site_a, w.site_b] {
                let d = decide(actor, resource, action, of(None, Some(site)));
                calls_here.push((path.clone(), d, site, None));
            }
        }
        Target::Experience => {
            for (id, site, published) in
                w.published.iter().map(|(i, s)| (*i, *s, true)).chain(w.drafts.iter().map(|(i, s)| (*i, *s, false)))
            {
                let resource = if published { Resource::Experience } else { Resource::Draft };
                let d = decide(actor, resource, action, of(None, Some(site)));
                calls_here.push((path.replace("{id}", &id.to_string()), d, 0, Some((id, published))));
            }
        }
        Target::Document => {
            for (id, owner) in w.documents.clone() {
                let d = decide(actor, resource, action, of(Some(owner), None));
                calls_here.push((path.replace("{id}", &id.to_string()), d, 0, None));
            }
        }
        Target::Round { cancellable } => {
            for (id, site, _, c) in w.rounds.clone() {
                if c == cancellable {
                    let d = decide(actor, resource, action, of(None, Some(site)));
                    calls_here.push((path.replace("{id}", &id.to_string()), d, 0, None));
                }
            }
        }
        Target::MyEntry => {
            for (id, site, _, c) in w.rounds.clone() {
                if !c {
                    let d = match decide(actor, resource, action, Relation::Own) {
                        Decision::Allow => decide(actor, Resource::Round, Action::Read, of(None, Some(site))),
                        denied => denied,
                    };
                    calls_here.push((path.replace("{id}", &id.to_string()), d, 0, None));
                }
            }
        }
        Target::NewRound => {
            for site in [w.site_a, w.site_b] {
                let d = decide(actor, resource, action, of(None, Some(site)));
                calls_here.push((path.clone(), d, site, None));
            }
        }
        Target::Application => {
            for (id, applicant, site) in w.applications.clone() {
                let d = decide(actor, resource, action, of(Some(applicant), Some(site)));
                // A document of this application's applicant.
                let doc = w.documents.iter().find(|(_, owner)| *owner == applicant).map_or(0, |(d, _)| *d);
                let p = path
                    .replace("{id}", &id.to_string())
                    .replace("{document_id}", &doc.to_string())
                    .replace("{entry}", "1")
                    .replace("{note}", "1")
                    .replace("{kind}", "final")
                    .replace("{code}", "MR-0000-0000-0000-0000");
                calls_here.push((p, d, 0, None));
            }
        }
        Target::Letter { text } => {
            for (id, applicant, author, site, waived) in w.letters.clone() {
                let relation = match actor {
                    Some(a) if a.user_id == applicant || a.user_id == author => Relation::Own,
                    _ => of(None, Some(site)),
                };
                // Its words: first the letter itself, then its text (sealed once waived).
                let d = match (text, waived) {
                    (false, _) => decide(actor, resource, action, relation),
                    (true, sealed) => match decide(actor, Resource::Letter, Action::Read, relation) {
                        Decision::Allow => {
                            let words = if sealed { Resource::SealedLetterText } else { Resource::LetterText };
                            decide(actor, words, action, relation)
                        }
                        denied => denied,
                    },
                };
                calls_here.push((path.replace("{id}", &id.to_string()), d, 0, None));
            }
        }
        Target::Consultation { notes } => {
            for (p, d) in crate::authz_advising::calls(&w.advising, notes, resource, action, actor, &path) {
                calls_here.push((p, d, 0, None));
            }
        }
        Target::Advisee => {
            for (p, d) in crate::authz_advising::advisees(&w.advising, resource, action, actor, &path) {
                calls_here.push((p, d, 0, None));
            }
        }
        Target::Slots => {
            let (advisor, offering) = w.advising.offering;
            let p = path.replace("{id}", &advisor.to_string()).replace("{offering}", &offering.to_string());
            calls_here.push((p, decide(actor, resource, action, Relation::Collection), 0, None));
        }
        Target::Account { fresh } => {
            let mut targets: Vec<(i64, Option<i64>)> = Vec::new();
            if let Some(a) = actor {
                targets.push((a.user_id, a.site_id));
            }
            for kind in 0..3 {
                targets.push(if fresh { fresh_account(s, w, kind).await } else { w.people[kind] });
            }
            for (id, site) in targets {
                let d = decide(actor, resource, action, of(Some(id), site));
                calls_here.push((path.replace("{id}", &id.to_string()), d, 0, None));
            }
        }
    }
    calls_here
}

/// The world the matrix walks (two sites, drafts, applications, documents, rounds, people), and
/// every kind of caller, made through the API.
pub(crate) async fn world(s: &Server) -> (World, Vec<Caller>) {
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    let found = sites(s, &admin).await;
    let (site_a, site_b) = (found[0].0, found[1].0);
    // The second experience of each site becomes a draft.
    for (_, ids) in &found {
        assert_eq!(s.call("POST", &format!("/api/v1/experiences/{}/unpublish", ids[1]), Some(&admin), None).await.0, 200);
    }
    let mut w = World {
        admin: admin.clone(),
        site_a,
        site_b,
        published: [(found[0].1[0], site_a), (found[1].1[0], site_b)],
        drafts: [(found[0].1[1], site_a), (found[1].1[1], site_b)],
        people: Vec::new(),
        applications: Vec::new(),
        open_block: 0,
        documents: Vec::new(),
        rounds: Vec::new(),
        round_blocks: Vec::new(),
        letters: Vec::new(),
        advising: Default::default(),
        counter: std::cell::Cell::new(0),
    };
    // Applications: the demo applicant's at both sites, and another applicant's at the first.
    let demo = s.login("applicant@example.org", DEMO_PASSWORD).await;
    let other_email = w.unique("other");
    let body = json!({"email": other_email, "password": DEMO_PASSWORD, "name": "Other Applicant"});
    assert_eq!(s.call("POST", "/api/v1/auth/register", None, Some(body)).await.0, 202);
    let link = s.mailed_token(&admin, &other_email, "/verify?token=").await;
    assert_eq!(s.call("POST", "/api/v1/auth/verify-email", None, Some(json!({"token": link}))).await.0, 204);
    let other = s.login(&other_email, DEMO_PASSWORD).await;
    let mut blocks_a = crate::applications::open_blocks(s, found[0].1[0]).await;
    let mut blocks_b = crate::applications::open_blocks(s, found[1].1[0]).await;
    let (exp_a, exp_b) = (found[0].1[0], found[1].1[0]);
    let plan =
        [(&demo, blocks_a.pop(), site_a, exp_a), (&demo, blocks_b.pop(), site_b, exp_b), (&other, blocks_a.pop(), site_a, exp_a)];
    for (token, block, site, experience) in plan {
        let block = block.expect("an open block");
        crate::applications::eligible_profile(s, token, experience).await;
        let (status, a) = s.call("POST", "/api/v1/applications", Some(token), Some(json!({"block_id": block}))).await;
        assert_eq!(status, 201, "{a}");
        w.applications.push((a["application"]["id"].as_i64().unwrap(), a["application"]["applicant_id"].as_i64().unwrap(), site));
    }
    w.open_block = blocks_b.pop().expect("another open block");
    let second = w.unique("advisor");
    w.advising = crate::authz_advising::world(s, &admin, &demo, &other, &second).await;
    // The rotations letters are asked from: the demo applicant's and the other's, at the first site.
    let mut letter_rotations = Vec::new();
    for token in [&demo, &other] {
        let block = blocks_a.pop().expect("an open block for a letter's rotation");
        let (status, a) = s.call("POST", "/api/v1/applications", Some(token), Some(json!({"block_id": block}))).await;
        assert_eq!(status, 201, "{a}");
        letter_rotations.push((
            a["application"]["id"].as_i64().unwrap(),
            a["application"]["applicant_id"].as_i64().unwrap(),
            site_a,
        ));
    }
    for token in [&demo, &other] {
        let fields = [("kind", "cv")];
        let (status, d) = crate::documents::upload(s, token, &fields, "cv.pdf", crate::documents::pdf()).await;
        assert_eq!(status, 201, "{d}");
        w.documents.push((d["id"].as_i64().unwrap(), d["owner_id"].as_i64().unwrap()));
    }
    for kind in 0..3 {
        let p = fresh_account(s, &w, kind).await;
        w.people.push(p);
    }
    // A round at each site to read and rank in, another to cancel, and a block to open rounds with.
    for site in [site_a, site_b] {
        let (experience, blocks) = crate::rounds::round_blocks(s, &admin, site).await;
        for (block, cancellable) in [(blocks[0], false), (blocks[1], true)] {
            let body = json!({"name": "Matrix", "deadline": crate::rounds::rfc3339(3600), "block_ids": [block]});
            let (status, r) = s.call("POST", "/api/v1/rounds", Some(&admin), Some(body)).await;
            assert_eq!(status, 201, "{r}");
            w.rounds.push((r["id"].as_i64().unwrap(), site, experience, cancellable));
        }
        w.round_blocks.push((site, blocks[2]));
    }
    let callers = callers(s, &w).await;
    letters(s, &mut w, &callers, &letter_rotations, [&demo, &other]).await;
    (w, callers)
}

/// Two letters asked of the matrix's preceptor: the demo applicant's (waived) and another
/// applicant's (kept), from their rotations at the first site, put under way for them.
async fn letters(s: &Server, w: &mut World, callers: &[Caller], rotations: &[(i64, i64, i64)], applicants: [&str; 2]) {
    use matchready_core::application::Status;
    let store = s.store().await;
    let author = callers.iter().find(|c| c.label == "preceptor").and_then(|c| c.actor).expect("the matrix's preceptor");
    for (&(id, applicant, site), (token, waiver)) in rotations.iter().zip(applicants.into_iter().zip(["waive", "keep"])) {
        for to in [Status::UnderReview, Status::Offered, Status::Accepted, Status::Confirmed, Status::InProgress] {
            let a = store.application(id).await.unwrap().unwrap();
            let m = matchready_store::testing::move_to(id, a.status, a.version, to, 0);
            store.move_application(&m, &matchready_store::Effects::default()).await.unwrap().unwrap();
        }
        let due = chrono::Utc::now().date_naive() + chrono::Days::new(30);
        let body = json!({"author_id": author.user_id, "waiver": waiver, "due_on": due.to_string(), "specialty": "general"});
        let (status, l) = s.call("POST", &format!("/api/v1/applications/{id}/letters"), Some(token), Some(body)).await;
        assert_eq!(status, 201, "{l}");
        w.letters.push((l["letter"]["id"].as_i64().unwrap(), applicant, author.user_id, site, waiver == "waive"));
    }
}

async fn walk(s: &Server) {
    let (w, callers) = world(s).await;
    let (admin, site_a, site_b) = (w.admin.clone(), w.site_a, w.site_b);
    let _ = (site_a, site_b);

    let (_, doc) = s.call("GET", "/api/openapi.json", None, None).await;
    let mut problems = Vec::new();
    let mut calls = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let Some(case) = CASES.iter().find(|c| c.path == path && c.method == method) else {
                problems.push(format!("{method} {path} is not in the authorisation matrix"));
                continue;
            };
            for caller in &callers {
                let actor = caller.actor.as_ref();
                let calls_here = plan(s, &w, case.target, case.resource, case.action, actor, path).await;
                for (p, decision, invite_site, restore) in calls_here {
                    calls += 1;
                    if let Some(problem) = check(s, &w, &doc, case, caller, &p, decision, invite_site).await {
                        problems.push(problem);
                    }
                    // Put experiences back as they were, so every caller meets the same world.
                    if let Some((id, published)) = restore {
                        let verb = if published { "publish" } else { "unpublish" };
                        let (status, _) = s.call("POST", &format!("/api/v1/experiences/{id}/{verb}"), Some(&admin), None).await;
                        assert_eq!(status, 200);
                    }
                }
            }
        }
    }
    for case in CASES {
        assert!(
            doc["paths"][case.path][case.method].is_object(),
            "{} {} is in the matrix but not in the API",
            case.method,
            case.path
        );
    }
    assert!(calls > 300, "{}: only {calls} calls", s.backend);
    assert!(
        problems.is_empty(),
        "{}: {} of {calls} calls disagree with the policy:\n{}",
        s.backend,
        problems.len(),
        problems.join("\n")
    );
    eprintln!("{}: {calls} calls, every one as the policy says", s.backend);
}

async fn every_route_answers_as_the_policy_says(s: Server) {
    {
        walk(&s).await;
        s.stop().await;
    }
}

on_both_servers!(every_route_answers_as_the_policy_says);
