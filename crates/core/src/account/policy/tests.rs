//! The table's answers for each role and relationship, and the scopes of lists.

use super::*;

fn actor(role: Role, site: Option<i64>) -> Actor {
    Actor { user_id: 1, role, site_id: site, verified: true }
}

#[test]
fn anyone_reads_the_catalog_and_nobody_else_gets_in_without_logging_in() {
    assert_eq!(decide(None, Resource::Catalog, Action::Read, Collection), Decision::Allow);
    assert_eq!(decide(None, Resource::Experience, Action::Read, Unrelated), Decision::Allow);
    assert_eq!(decide(None, Resource::Account, Action::Read, Unrelated), Decision::Unauthenticated);
    assert_eq!(decide(None, Resource::Draft, Action::Read, Unrelated), Decision::NotFound);
    assert_eq!(decide(None, Resource::Draft, Action::Publish, Unrelated), Decision::Unauthenticated);
}

#[test]
fn coordinators_stay_inside_their_site() {
    let c = actor(Coordinator, Some(7));
    assert_eq!(decide(Some(&c), Resource::Site, Action::Read, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&c), Resource::Site, Action::Read, OtherTenant), Decision::NotFound);
    assert_eq!(decide(Some(&c), Resource::Account, Action::Read, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&c), Resource::Account, Action::Read, OtherTenant), Decision::NotFound);
    assert_eq!(decide(Some(&c), Resource::Account, Action::Read, Unrelated), Decision::NotFound);
    assert_eq!(decide(Some(&c), Resource::Account, Action::Disable, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&c), Resource::Account, Action::Disable, OtherTenant), Decision::NotFound);
    // Readable but not theirs to change: 403, not 404.
    assert_eq!(decide(Some(&c), Resource::Account, Action::ChangeRole, SameTenant), Decision::Forbidden);
    assert_eq!(decide(Some(&c), Resource::Experience, Action::Publish, OtherTenant), Decision::Forbidden);
    assert_eq!(decide(Some(&c), Resource::Draft, Action::Publish, OtherTenant), Decision::NotFound);
    assert_eq!(decide(Some(&c), Resource::AuditLog, Action::List, Collection), Decision::Forbidden);
}

#[test]
fn unverified_hosts_see_nothing_of_their_site_and_cannot_publish_or_invite() {
    // Anyone may apply as a site's coordinator: until an admin verifies them, its people and
    // applicants stay out of reach.
    let c = Actor { verified: false, ..actor(Coordinator, Some(7)) };
    assert_eq!(decide(Some(&c), Resource::Draft, Action::Publish, SameTenant), Decision::Unverified);
    assert_eq!(decide(Some(&c), Resource::Account, Action::Invite, SameTenant), Decision::Unverified);
    assert_eq!(decide(Some(&c), Resource::Site, Action::Read, SameTenant), Decision::Unverified);
    assert_eq!(decide(Some(&c), Resource::Application, Action::List, Collection), Decision::Unverified);
    assert_eq!(decide(Some(&c), Resource::Application, Action::Read, SameTenant), Decision::Unverified);
    assert_eq!(decide(Some(&c), Resource::Account, Action::List, Collection), Decision::Unverified);
    let p = Actor { verified: false, ..actor(Role::Preceptor, Some(7)) };
    assert_eq!(decide(Some(&p), Resource::Application, Action::Read, SameTenant), Decision::Unverified);
    // Their own account is theirs all the same.
    assert_eq!(decide(Some(&c), Resource::Account, Action::Read, Own), Decision::Allow);
}

#[test]
fn admins_do_not_lock_themselves_out() {
    let a = actor(Admin, None);
    assert_eq!(decide(Some(&a), Resource::Account, Action::Disable, Unrelated), Decision::Allow);
    assert_eq!(decide(Some(&a), Resource::Account, Action::Disable, Own), Decision::Forbidden);
    assert_eq!(decide(Some(&a), Resource::Account, Action::ChangeRole, Own), Decision::Forbidden);
}

#[test]
fn applicants_see_only_their_own_account() {
    let p = actor(Role::Applicant, None);
    assert_eq!(decide(Some(&p), Resource::Account, Action::Read, Own), Decision::Allow);
    assert_eq!(decide(Some(&p), Resource::Account, Action::Read, Unrelated), Decision::NotFound);
    assert_eq!(decide(Some(&p), Resource::Account, Action::List, Collection), Decision::Forbidden);
    assert_eq!(decide(Some(&p), Resource::Outbox, Action::List, Collection), Decision::Forbidden);
    assert_eq!(decide(Some(&p), Resource::Draft, Action::Read, Unrelated), Decision::NotFound);
}

#[test]
fn rounds_belong_to_their_site_and_entries_to_their_applicant() {
    let c = actor(Coordinator, Some(7));
    assert_eq!(decide(Some(&c), Resource::Round, Action::Create, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&c), Resource::Round, Action::Create, OtherTenant), Decision::NotFound);
    assert_eq!(decide(Some(&c), Resource::Round, Action::Rank, OtherTenant), Decision::NotFound);
    assert_eq!(decide(Some(&c), Resource::RoundEntry, Action::List, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&c), Resource::RoundEntry, Action::List, OtherTenant), Decision::NotFound);
    let p = actor(Role::Preceptor, Some(7));
    assert_eq!(decide(Some(&p), Resource::Round, Action::Rank, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&p), Resource::Round, Action::Cancel, SameTenant), Decision::Forbidden);
    let a = actor(Role::Applicant, None);
    assert_eq!(decide(Some(&a), Resource::Round, Action::Read, Unrelated), Decision::Allow);
    assert_eq!(decide(Some(&a), Resource::Round, Action::Rank, Unrelated), Decision::Forbidden);
    assert_eq!(decide(Some(&a), Resource::RoundEntry, Action::Update, Own), Decision::Allow);
    assert_eq!(decide(Some(&a), Resource::RoundEntry, Action::List, Unrelated), Decision::NotFound);
    let unverified = Actor { verified: false, ..c };
    assert_eq!(decide(Some(&unverified), Resource::RoundEntry, Action::List, SameTenant), Decision::Unverified);
    assert_eq!(decide(None, Resource::Round, Action::Read, Unrelated), Decision::Unauthenticated);
}

#[test]
fn lists_are_scoped_by_the_table() {
    assert_eq!(scope(&actor(Admin, None), Resource::Application), Scope::All);
    assert_eq!(scope(&actor(Coordinator, Some(7)), Resource::Application), Scope::Site(7));
    assert_eq!(scope(&actor(Role::Preceptor, Some(7)), Resource::Application), Scope::Site(7));
    assert_eq!(scope(&actor(Role::Applicant, None), Resource::Application), Scope::Own(1));
    assert_eq!(scope(&actor(Role::Advisor, None), Resource::Application), Scope::Nothing);
    let unverified = Actor { verified: false, ..actor(Coordinator, Some(7)) };
    assert_eq!(scope(&unverified, Resource::Application), Scope::Nothing);
    assert_eq!(scope(&actor(Coordinator, Some(7)), Resource::Account), Scope::Site(7));
}

#[test]
fn staff_read_profiles_and_documents_only_as_the_use_case_relates_them() {
    let c = actor(Coordinator, Some(7));
    assert_eq!(decide(Some(&c), Resource::Document, Action::Read, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&c), Resource::Document, Action::Read, Unrelated), Decision::NotFound);
    assert_eq!(decide(Some(&c), Resource::Profile, Action::Read, Unrelated), Decision::Forbidden);
    let a = actor(Role::Applicant, None);
    assert_eq!(decide(Some(&a), Resource::Document, Action::Read, Unrelated), Decision::NotFound);
    assert_eq!(decide(Some(&actor(Admin, None)), Resource::Account, Action::SendLink, Unrelated), Decision::Allow);
    assert_eq!(decide(Some(&c), Resource::Account, Action::SendLink, SameTenant), Decision::Forbidden);
}

#[test]
fn relation_of() {
    let c = actor(Coordinator, Some(7));
    assert_eq!(Relation::of(&c, Some(1), Some(7)), Own);
    assert_eq!(Relation::of(&c, Some(2), Some(7)), SameTenant);
    assert_eq!(Relation::of(&c, Some(2), Some(8)), OtherTenant);
    assert_eq!(Relation::of(&c, Some(2), None), Unrelated);
    assert_eq!(Relation::of(&actor(Admin, None), Some(2), Some(7)), Unrelated);
}

#[test]
fn hours_are_the_trainees_the_sites_preceptors_sign_them_and_nobody_else_reads_them() {
    let trainee = actor(Role::Applicant, None);
    for a in [Action::Read, Action::Create] {
        assert_eq!(decide(Some(&trainee), Resource::Hours, a, Own), Decision::Allow, "{a:?}");
        assert_eq!(decide(Some(&trainee), Resource::Hours, a, Unrelated), Decision::NotFound, "{a:?}");
    }
    assert_eq!(decide(Some(&trainee), Resource::Hours, Action::Decide, Own), Decision::Forbidden, "no signing one's own");
    let preceptor = actor(Role::Preceptor, Some(3));
    assert_eq!(decide(Some(&preceptor), Resource::Hours, Action::Decide, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&preceptor), Resource::Hours, Action::Decide, OtherTenant), Decision::NotFound);
    assert_eq!(decide(Some(&preceptor), Resource::Hours, Action::Create, SameTenant), Decision::Forbidden);
    let unvouched = Actor { verified: false, ..preceptor };
    assert_eq!(decide(Some(&unvouched), Resource::Hours, Action::Decide, SameTenant), Decision::Unverified);
    let coordinator = actor(Role::Coordinator, Some(3));
    assert_eq!(decide(Some(&coordinator), Resource::Hours, Action::Read, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&coordinator), Resource::Hours, Action::Decide, SameTenant), Decision::Forbidden);
    // (Nobody but a trainee has hours of their own.)
    for r in [SameTenant, OtherTenant, Unrelated] {
        let admin = actor(Role::Admin, None);
        assert_eq!(decide(Some(&admin), Resource::Hours, Action::Read, r), Decision::NotFound, "{r:?}");
        assert_eq!(decide(Some(&actor(Role::Advisor, None)), Resource::Hours, Action::Read, r), Decision::NotFound);
    }
}

#[test]
fn notes_are_the_trainees_the_sites_preceptors_give_feedback_and_nobody_else_reads_them() {
    let trainee = actor(Role::Applicant, None);
    for a in [Action::Read, Action::Create] {
        assert_eq!(decide(Some(&trainee), Resource::Note, a, Own), Decision::Allow, "{a:?}");
        assert_eq!(decide(Some(&trainee), Resource::Note, a, Unrelated), Decision::NotFound, "{a:?}");
    }
    assert_eq!(decide(Some(&trainee), Resource::Note, Action::Decide, Own), Decision::Forbidden, "no accepting one's own");
    let preceptor = actor(Role::Preceptor, Some(3));
    assert_eq!(decide(Some(&preceptor), Resource::Note, Action::Decide, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&preceptor), Resource::Note, Action::Read, OtherTenant), Decision::NotFound);
    assert_eq!(decide(Some(&preceptor), Resource::Note, Action::Create, SameTenant), Decision::Forbidden);
    let unvouched = Actor { verified: false, ..preceptor };
    assert_eq!(decide(Some(&unvouched), Resource::Note, Action::Read, SameTenant), Decision::Unverified);
    let coordinator = actor(Role::Coordinator, Some(3));
    assert_eq!(decide(Some(&coordinator), Resource::Note, Action::Read, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&coordinator), Resource::Note, Action::Decide, SameTenant), Decision::Forbidden);
    for r in [SameTenant, OtherTenant, Unrelated] {
        assert_eq!(decide(Some(&actor(Role::Admin, None)), Resource::Note, Action::Read, r), Decision::NotFound, "{r:?}");
        assert_eq!(decide(Some(&actor(Role::Advisor, None)), Resource::Note, Action::Read, r), Decision::NotFound);
    }
}

#[test]
fn evaluations_are_written_by_the_sites_preceptors_and_read_by_the_trainee_and_the_site() {
    let trainee = actor(Role::Applicant, None);
    assert_eq!(decide(Some(&trainee), Resource::Evaluation, Action::Read, Own), Decision::Allow);
    assert_eq!(decide(Some(&trainee), Resource::Evaluation, Action::Decide, Own), Decision::Forbidden, "no grading oneself");
    let preceptor = actor(Role::Preceptor, Some(3));
    assert_eq!(decide(Some(&preceptor), Resource::Evaluation, Action::Decide, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&preceptor), Resource::Evaluation, Action::Decide, OtherTenant), Decision::NotFound);
    let coordinator = actor(Role::Coordinator, Some(3));
    assert_eq!(decide(Some(&coordinator), Resource::Evaluation, Action::Read, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&coordinator), Resource::Evaluation, Action::Decide, SameTenant), Decision::Forbidden);
    for r in [SameTenant, OtherTenant, Unrelated] {
        assert_eq!(decide(Some(&actor(Role::Admin, None)), Resource::Evaluation, Action::Read, r), Decision::NotFound, "{r:?}");
    }
}

#[test]
fn a_waived_letter_is_its_authors_alone_and_an_admins_with_a_reason() {
    let applicant = actor(Role::Applicant, None);
    let author = actor(Role::Preceptor, Some(1));
    let coordinator = actor(Role::Coordinator, Some(1));
    // The applicant reads the request, and its words only when they kept the right to.
    assert_eq!(decide(Some(&applicant), Resource::Letter, Action::Read, Own), Decision::Allow);
    assert_eq!(decide(Some(&applicant), Resource::LetterText, Action::Read, Own), Decision::Allow);
    assert_eq!(decide(Some(&applicant), Resource::SealedLetterText, Action::Read, Own), Decision::Forbidden);
    assert_eq!(decide(Some(&applicant), Resource::Letter, Action::Read, Unrelated), Decision::NotFound);
    // The author writes and reads it; a fellow preceptor of the site sees nothing.
    for text in [Resource::LetterText, Resource::SealedLetterText] {
        assert_eq!(decide(Some(&author), text, Action::Read, Own), Decision::Allow);
        assert_eq!(decide(Some(&author), text, Action::Create, Own), Decision::Allow);
        assert_eq!(decide(Some(&author), text, Action::Read, SameTenant), Decision::NotFound);
        assert_eq!(decide(Some(&coordinator), text, Action::Read, SameTenant), Decision::NotFound);
    }
    assert_eq!(decide(Some(&author), Resource::Letter, Action::Read, SameTenant), Decision::NotFound);
    // The coordinator follows the status, not the words.
    assert_eq!(decide(Some(&coordinator), Resource::Letter, Action::Read, SameTenant), Decision::Allow);
    assert_eq!(decide(Some(&coordinator), Resource::Letter, Action::Decide, SameTenant), Decision::Forbidden);
    // A program's link needs nobody logged in.
    assert_eq!(decide(None, Resource::LetterLink, Action::Read, Unrelated), Decision::Allow);
    assert_eq!(decide(None, Resource::Letter, Action::Read, Unrelated), Decision::Unauthenticated);
}

#[test]
fn a_consultation_is_its_applicants_and_its_advisors_and_its_notes_the_advisors_alone() {
    let advisor = actor(Role::Advisor, None);
    let applicant = actor(Role::Applicant, None);
    for action in [Action::Read, Action::Cancel] {
        assert_eq!(decide(Some(&advisor), Resource::Consultation, action, Own), Decision::Allow);
        assert_eq!(decide(Some(&applicant), Resource::Consultation, action, Own), Decision::Allow);
        // Another advisor's or applicant's call does not exist for them.
        assert_eq!(decide(Some(&advisor), Resource::Consultation, action, Unrelated), Decision::NotFound);
        assert_eq!(decide(Some(&applicant), Resource::Consultation, action, Unrelated), Decision::NotFound);
    }
    assert_eq!(decide(Some(&applicant), Resource::Consultation, Action::Update, Own), Decision::Forbidden);
    assert_eq!(decide(Some(&applicant), Resource::ConsultationNotes, Action::Read, Own), Decision::Forbidden);
    assert_eq!(decide(Some(&advisor), Resource::ConsultationNotes, Action::Read, Own), Decision::Allow);
    assert_eq!(decide(Some(&actor(Role::Admin, None)), Resource::ConsultationNotes, Action::Read, Unrelated), Decision::NotFound);
    assert_eq!(decide(Some(&advisor), Resource::AdvisedFile, Action::Read, Unrelated), Decision::NotFound);
    assert_eq!(
        decide(Some(&actor(Role::Coordinator, Some(1))), Resource::AdvisorSetup, Action::Read, Collection),
        Decision::Allow
    );
    assert_eq!(decide(None, Resource::AdvisorSetup, Action::Read, Collection), Decision::Unauthenticated);
    assert_eq!(decide(Some(&applicant), Resource::Plan, Action::Read, Own), Decision::Allow);
    assert_eq!(decide(Some(&advisor), Resource::Plan, Action::Read, Own), Decision::Forbidden);
}
