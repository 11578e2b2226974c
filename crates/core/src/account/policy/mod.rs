//! The one authorisation policy: role × resource × action × relationship.
//!
//! Every route asks [`decide`]. Anything the table does not allow is
//! denied. A denied caller who may not even read the thing is told it does
//! not exist ([`Decision::NotFound`]), so ids of other tenants' data reveal
//! nothing; one who may read it but not do this is [`Decision::Forbidden`].

mod terms;

use super::Role;
pub use terms::{Action, Resource};

/// How the caller stands to the thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// It is the caller's own (their account, their session).
    Own,
    /// It belongs to the caller's site.
    SameTenant,
    /// It belongs to another site than the caller's.
    OtherTenant,
    /// Neither: the caller has no site, or the thing none.
    Unrelated,
    /// Not one thing: a list, or a public resource.
    Collection,
}

impl Relation {
    /// Every relation, for walking the table.
    pub const ALL: [Self; 5] = [Self::Own, Self::SameTenant, Self::OtherTenant, Self::Unrelated, Self::Collection];

    /// How `actor` stands to a thing owned by `owner` (a user id) at `site`.
    pub fn of(actor: &Actor, owner: Option<i64>, site: Option<i64>) -> Self {
        if owner == Some(actor.user_id) {
            Self::Own
        } else {
            match (actor.site_id, site) {
                (Some(a), Some(s)) if a == s => Self::SameTenant,
                (Some(_), Some(_)) => Self::OtherTenant,
                _ => Self::Unrelated,
            }
        }
    }
}

/// The person acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// Their account id.
    pub user_id: i64,
    /// Their role.
    pub role: Role,
    /// Their site, for preceptors and coordinators.
    pub site_id: Option<i64>,
    /// False for a host no admin has vouched for yet.
    pub verified: bool,
}

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// Log in first (401).
    Unauthenticated,
    /// Allowed for verified hosts only; this one is not verified yet (403).
    Unverified,
    /// Not allowed, and the caller may see the thing exists (403).
    Forbidden,
    /// Not allowed, and the caller may not know the thing exists (404).
    NotFound,
}

/// Who a rule is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Everybody, logged in or not.
    Anyone,
    /// Anybody logged in.
    Member,
    /// One role.
    Role(Role),
}

/// One line of the table: `who` may do `action` to `resource` when related by one of `relations`.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The resource.
    pub resource: Resource,
    /// The action.
    pub action: Action,
    /// Who.
    pub who: Who,
    /// Under which relationships.
    pub relations: &'static [Relation],
    /// Only hosts an admin vouched for.
    pub verified_only: bool,
}

use Relation::{Collection, OtherTenant, Own, SameTenant, Unrelated};
use Role::{Admin, Coordinator};

const ANY_RELATION: &[Relation] = &Relation::ALL;
const NOT_OWN: &[Relation] = &[SameTenant, OtherTenant, Unrelated];

const fn rule(resource: Resource, action: Action, who: Who, relations: &'static [Relation]) -> Rule {
    Rule { resource, action, who, relations, verified_only: false }
}

/// The whole policy. Anything not here is denied.
pub const RULES: &[Rule] = &[
    rule(Resource::Catalog, Action::Read, Who::Anyone, ANY_RELATION),
    rule(Resource::Experience, Action::Read, Who::Anyone, ANY_RELATION),
    Rule { verified_only: true, ..rule(Resource::Draft, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Draft, Action::Read, Who::Role(Role::Preceptor), &[SameTenant]) },
    rule(Resource::Draft, Action::Read, Who::Role(Admin), ANY_RELATION),
    Rule { verified_only: true, ..rule(Resource::Experience, Action::Publish, Who::Role(Coordinator), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Draft, Action::Publish, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Experience, Action::Publish, Who::Role(Admin), ANY_RELATION),
    rule(Resource::Draft, Action::Publish, Who::Role(Admin), ANY_RELATION),
    rule(Resource::Session, Action::Read, Who::Member, &[Own]),
    rule(Resource::Session, Action::End, Who::Member, &[Own]),
    rule(Resource::Account, Action::ChangePassword, Who::Member, &[Own]),
    rule(Resource::Account, Action::Read, Who::Member, &[Own]),
    Rule { verified_only: true, ..rule(Resource::Account, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Account, Action::Read, Who::Role(Admin), ANY_RELATION),
    Rule { verified_only: true, ..rule(Resource::Account, Action::List, Who::Role(Coordinator), &[Collection]) },
    rule(Resource::Account, Action::List, Who::Role(Admin), &[Collection]),
    Rule { verified_only: true, ..rule(Resource::Account, Action::Invite, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Account, Action::Invite, Who::Role(Admin), ANY_RELATION),
    rule(Resource::Account, Action::Verify, Who::Role(Admin), NOT_OWN),
    Rule { verified_only: true, ..rule(Resource::Account, Action::Disable, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Account, Action::Disable, Who::Role(Admin), NOT_OWN),
    rule(Resource::Account, Action::ChangeRole, Who::Role(Admin), NOT_OWN),
    rule(Resource::Account, Action::SendLink, Who::Role(Admin), NOT_OWN),
    Rule { verified_only: true, ..rule(Resource::Site, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Site, Action::Read, Who::Role(Admin), ANY_RELATION),
    // Its payment instructions.
    Rule { verified_only: true, ..rule(Resource::Site, Action::Update, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Site, Action::Update, Who::Role(Admin), ANY_RELATION),
    rule(Resource::Profile, Action::Read, Who::Role(Role::Applicant), &[Own]),
    // Site staff read an applicant's profile and documents only through a live application to
    // their site (see `Application::file_open`) or an entry in their site's open round: the use
    // case passes `SameTenant` only then, and `Unrelated` otherwise.
    Rule { verified_only: true, ..rule(Resource::Profile, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Profile, Action::Read, Who::Role(Role::Preceptor), &[SameTenant]) },
    rule(Resource::Profile, Action::Read, Who::Role(Admin), NOT_OWN),
    rule(Resource::Profile, Action::Update, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Plan, Action::Read, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::AdvisorSetup, Action::Read, Who::Member, &[Collection]),
    rule(Resource::AdvisorSetup, Action::Read, Who::Role(Role::Advisor), &[Own]),
    rule(Resource::AdvisorSetup, Action::Update, Who::Role(Role::Advisor), &[Own]),
    // Utilisation: every advisor's time booked.
    rule(Resource::AdvisorSetup, Action::List, Who::Role(Admin), &[Collection]),
    rule(Resource::Consultation, Action::Create, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Consultation, Action::List, Who::Role(Role::Applicant), &[Collection]),
    rule(Resource::Consultation, Action::List, Who::Role(Role::Advisor), &[Collection]),
    rule(Resource::Consultation, Action::List, Who::Role(Admin), &[Collection]),
    rule(Resource::Consultation, Action::Read, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Consultation, Action::Cancel, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Consultation, Action::Read, Who::Role(Role::Advisor), &[Own]),
    rule(Resource::Consultation, Action::Cancel, Who::Role(Role::Advisor), &[Own]),
    rule(Resource::Consultation, Action::Update, Who::Role(Role::Advisor), &[Own]),
    rule(Resource::ConsultationNotes, Action::Read, Who::Role(Role::Advisor), &[Own]),
    rule(Resource::ConsultationNotes, Action::Update, Who::Role(Role::Advisor), &[Own]),
    rule(Resource::AdvisedFile, Action::Read, Who::Role(Role::Advisor), &[Own]),
    rule(Resource::Application, Action::Create, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Application, Action::List, Who::Role(Role::Applicant), &[Collection]),
    Rule { verified_only: true, ..rule(Resource::Application, Action::List, Who::Role(Coordinator), &[Collection]) },
    Rule { verified_only: true, ..rule(Resource::Application, Action::List, Who::Role(Role::Preceptor), &[Collection]) },
    rule(Resource::Application, Action::Read, Who::Role(Role::Applicant), &[Own]),
    Rule { verified_only: true, ..rule(Resource::Application, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Application, Action::Read, Who::Role(Role::Preceptor), &[SameTenant]) },
    rule(Resource::Application, Action::Read, Who::Role(Admin), ANY_RELATION),
    Rule { verified_only: true, ..rule(Resource::Application, Action::Decide, Who::Role(Coordinator), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Application, Action::Decide, Who::Role(Role::Preceptor), &[SameTenant]) },
    rule(Resource::Application, Action::Decide, Who::Role(Admin), ANY_RELATION),
    rule(Resource::Application, Action::Respond, Who::Role(Role::Applicant), &[Own]),
    Rule { verified_only: true, ..rule(Resource::Application, Action::Confirm, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Application, Action::Confirm, Who::Role(Admin), ANY_RELATION),
    rule(Resource::Application, Action::Cancel, Who::Role(Role::Applicant), &[Own]),
    Rule { verified_only: true, ..rule(Resource::Application, Action::Cancel, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Application, Action::Cancel, Who::Role(Admin), ANY_RELATION),
    rule(Resource::Document, Action::Create, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Document, Action::List, Who::Role(Role::Applicant), &[Collection]),
    rule(Resource::Document, Action::Read, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Document, Action::Update, Who::Role(Role::Applicant), &[Own]),
    Rule { verified_only: true, ..rule(Resource::Document, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Document, Action::Read, Who::Role(Role::Preceptor), &[SameTenant]) },
    rule(Resource::Round, Action::List, Who::Role(Role::Applicant), &[Collection]),
    Rule { verified_only: true, ..rule(Resource::Round, Action::List, Who::Role(Coordinator), &[Collection]) },
    Rule { verified_only: true, ..rule(Resource::Round, Action::List, Who::Role(Role::Preceptor), &[Collection]) },
    rule(Resource::Round, Action::List, Who::Role(Admin), &[Collection]),
    // Applicants have no site: every round is "unrelated" to them, and theirs to rank in.
    rule(Resource::Round, Action::Read, Who::Role(Role::Applicant), &[Unrelated]),
    Rule { verified_only: true, ..rule(Resource::Round, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Round, Action::Read, Who::Role(Role::Preceptor), &[SameTenant]) },
    rule(Resource::Round, Action::Read, Who::Role(Admin), ANY_RELATION),
    Rule { verified_only: true, ..rule(Resource::Round, Action::Create, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Round, Action::Create, Who::Role(Admin), ANY_RELATION),
    Rule { verified_only: true, ..rule(Resource::Round, Action::Cancel, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Round, Action::Cancel, Who::Role(Admin), ANY_RELATION),
    Rule { verified_only: true, ..rule(Resource::Round, Action::Rank, Who::Role(Coordinator), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Round, Action::Rank, Who::Role(Role::Preceptor), &[SameTenant]) },
    rule(Resource::Round, Action::Rank, Who::Role(Admin), ANY_RELATION),
    rule(Resource::RoundEntry, Action::Read, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::RoundEntry, Action::Update, Who::Role(Role::Applicant), &[Own]),
    // The site's view of everyone who ranked its blocks (names, profiles, rank lists, results).
    Rule { verified_only: true, ..rule(Resource::RoundEntry, Action::List, Who::Role(Coordinator), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::RoundEntry, Action::List, Who::Role(Role::Preceptor), &[SameTenant]) },
    rule(Resource::RoundEntry, Action::List, Who::Role(Admin), ANY_RELATION),
    rule(Resource::AuditLog, Action::List, Who::Role(Admin), &[Collection]),
    rule(Resource::Outbox, Action::List, Who::Role(Admin), &[Collection]),
    rule(Resource::PhiCheck, Action::Create, Who::Member, &[Collection]),
    // Hours: the trainee logs and corrects their own; the site's preceptors sign them off (`Decide`)
    // and its coordinators read them. Nobody else reads them, admins included.
    rule(Resource::Hours, Action::Read, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Hours, Action::Create, Who::Role(Role::Applicant), &[Own]),
    Rule { verified_only: true, ..rule(Resource::Hours, Action::Read, Who::Role(Role::Preceptor), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Hours, Action::Decide, Who::Role(Role::Preceptor), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Hours, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    // SOAP notes: the trainee writes and submits their own; the site's preceptors comment, rate,
    // return and accept them (`Decide`); its coordinators read them. Nobody else, admins included.
    rule(Resource::Note, Action::Read, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Note, Action::Create, Who::Role(Role::Applicant), &[Own]),
    Rule { verified_only: true, ..rule(Resource::Note, Action::Read, Who::Role(Role::Preceptor), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Note, Action::Decide, Who::Role(Role::Preceptor), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Note, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    // Evaluations: the site's preceptors write them (`Decide`); its coordinators and the trainee
    // read them (the trainee once submitted). Nobody else, admins included.
    rule(Resource::Evaluation, Action::Read, Who::Role(Role::Applicant), &[Own]),
    Rule { verified_only: true, ..rule(Resource::Evaluation, Action::Read, Who::Role(Role::Preceptor), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Evaluation, Action::Decide, Who::Role(Role::Preceptor), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Evaluation, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    // Certificates of completion: the trainee, the site's staff and admins read them (anyone checks
    // one by its code, as the catalog); the site's coordinators and admins revoke them (`Cancel`).
    rule(Resource::Certificate, Action::Read, Who::Role(Role::Applicant), &[Own]),
    Rule { verified_only: true, ..rule(Resource::Certificate, Action::Read, Who::Role(Role::Preceptor), &[SameTenant]) },
    Rule { verified_only: true, ..rule(Resource::Certificate, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Certificate, Action::Read, Who::Role(Admin), ANY_RELATION),
    Rule { verified_only: true, ..rule(Resource::Certificate, Action::Cancel, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Certificate, Action::Cancel, Who::Role(Admin), ANY_RELATION),
    // The trainee's review of a rotation: theirs alone to write and read; everyone else sees only
    // the aggregate, in the catalog.
    rule(Resource::Review, Action::Read, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Review, Action::Create, Who::Role(Role::Applicant), &[Own]),
    // Letters of recommendation. The applicant asks (`Create`, relation to their rotation), changes
    // the request (`Update`: the waiver until the author answers, the ERAS Letter ID, destinations,
    // nudges, answers) and withdraws it (`Cancel`); the author, a preceptor the letter names, answers
    // and confirms the ERAS upload (`Decide`) and writes it; the site's coordinators follow its
    // status; admins read the request.
    rule(Resource::Letter, Action::List, Who::Role(Role::Applicant), &[Collection]),
    Rule { verified_only: true, ..rule(Resource::Letter, Action::List, Who::Role(Role::Preceptor), &[Collection]) },
    Rule { verified_only: true, ..rule(Resource::Letter, Action::List, Who::Role(Coordinator), &[Collection]) },
    rule(Resource::Letter, Action::Create, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Letter, Action::Read, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Letter, Action::Update, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::Letter, Action::Cancel, Who::Role(Role::Applicant), &[Own]),
    Rule { verified_only: true, ..rule(Resource::Letter, Action::Read, Who::Role(Role::Preceptor), &[Own]) },
    Rule { verified_only: true, ..rule(Resource::Letter, Action::Decide, Who::Role(Role::Preceptor), &[Own]) },
    Rule { verified_only: true, ..rule(Resource::Letter, Action::Read, Who::Role(Coordinator), &[SameTenant]) },
    rule(Resource::Letter, Action::Read, Who::Role(Admin), ANY_RELATION),
    // A letter's words: its author writes and reads them; the applicant reads them only if they kept
    // the right to; an admin reads them only with a reason, which the use case audits.
    Rule { verified_only: true, ..rule(Resource::LetterText, Action::Create, Who::Role(Role::Preceptor), &[Own]) },
    Rule { verified_only: true, ..rule(Resource::LetterText, Action::Read, Who::Role(Role::Preceptor), &[Own]) },
    rule(Resource::LetterText, Action::Read, Who::Role(Role::Applicant), &[Own]),
    rule(Resource::LetterText, Action::Read, Who::Role(Admin), ANY_RELATION),
    Rule { verified_only: true, ..rule(Resource::SealedLetterText, Action::Create, Who::Role(Role::Preceptor), &[Own]) },
    Rule { verified_only: true, ..rule(Resource::SealedLetterText, Action::Read, Who::Role(Role::Preceptor), &[Own]) },
    rule(Resource::SealedLetterText, Action::Read, Who::Role(Admin), ANY_RELATION),
    rule(Resource::LetterLink, Action::Read, Who::Anyone, ANY_RELATION),
];

/// Which of a resource's things a list may show an actor, derived from [`RULES`] for reading one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything (a rule for any relationship).
    All,
    /// The things of this site.
    Site(i64),
    /// The actor's own.
    Own(i64),
    /// Nothing.
    Nothing,
}

/// What of `resource` a list may show `actor`: the widest reading the table allows them.
pub fn scope(actor: &Actor, resource: Resource) -> Scope {
    let reads = |relation| decide(Some(actor), resource, Action::Read, relation) == Decision::Allow;
    if reads(OtherTenant) && reads(Unrelated) {
        Scope::All
    } else if let Some(site) = actor.site_id.filter(|_| reads(SameTenant)) {
        Scope::Site(site)
    } else if reads(Own) {
        Scope::Own(actor.user_id)
    } else {
        Scope::Nothing
    }
}

/// Resources whose very existence is private: a caller who may not read one is told it is not there.
fn hidden(resource: Resource) -> bool {
    matches!(
        resource,
        Resource::Account
            | Resource::Site
            | Resource::Draft
            | Resource::Application
            | Resource::Document
            | Resource::Round
            | Resource::RoundEntry
            | Resource::Hours
            | Resource::Note
            | Resource::Evaluation
            | Resource::Certificate
            | Resource::Review
            | Resource::Letter
            | Resource::LetterText
            | Resource::SealedLetterText
            | Resource::Consultation
            | Resource::ConsultationNotes
            | Resource::AdvisedFile
    )
}

fn matching(actor: Option<&Actor>, resource: Resource, action: Action, relation: Relation) -> Option<&'static Rule> {
    RULES.iter().find(|r| {
        r.resource == resource
            && r.action == action
            && r.relations.contains(&relation)
            && match (r.who, actor) {
                (Who::Anyone, _) => true,
                (Who::Member, Some(_)) => true,
                (Who::Role(role), Some(a)) => a.role == role,
                _ => false,
            }
    })
}

/// May `actor` (`None`: not logged in) do `action` to `resource`, standing to it as `relation`?
pub fn decide(actor: Option<&Actor>, resource: Resource, action: Action, relation: Relation) -> Decision {
    if let Some(rule) = matching(actor, resource, action, relation) {
        return match actor {
            Some(a) if rule.verified_only && !a.verified => Decision::Unverified,
            _ => Decision::Allow,
        };
    }
    if actor.is_none() {
        // To the public a withdrawn experience is simply gone: asking them to log in would say it exists.
        return if (resource, action) == (Resource::Draft, Action::Read) {
            Decision::NotFound
        } else {
            Decision::Unauthenticated
        };
    }
    if hidden(resource) && action != Action::Read && matching(actor, resource, Action::Read, relation).is_some() {
        return Decision::Forbidden;
    }
    // One's own things and lists leak nothing by existing.
    if hidden(resource) && !matches!(relation, Relation::Collection | Relation::Own) {
        Decision::NotFound
    } else {
        Decision::Forbidden
    }
}

#[cfg(test)]
mod tests;
