//! The authorisation matrix over the pages: every page and the forms that
//! act, for every role (and nobody) and every relationship, against the
//! same policy table as the API's matrix (`authz.rs`), in the same world.
//! A page says "log in first" with a redirect to `/login`, "not yours" with
//! a 403 page, "not there" with a 404 page; an allowed page answers 200, an
//! allowed form a redirect elsewhere (or a page saying why not, listed).

use matchready_core::account::policy::decide;
use matchready_core::account::{Action, Actor, Decision, Relation, Resource, Role};
use reqwest::redirect::Policy;

use crate::authz::{Caller, Case, LETTER, TEXT, Target, World, case, expected, plan, world};
use crate::support::{DEMO_PASSWORD, Server};

const PAGES: &[Case] = &[
    case("get", "/letters", Resource::Letter, Action::List, Target::Collection),
    case("get", "/letters/{id}", Resource::Letter, Action::Read, LETTER),
    case("get", "/applications/{id}/letters/new", Resource::Letter, Action::Create, Target::Application),
    // Not written yet (409), or an admin without a reason (400): said on the letter's page.
    Case { also_ok: &[400, 409], ..case("get", "/letters/{id}/letter.pdf", Resource::LetterText, Action::Read, TEXT) },
    Case { also_ok: &[409], ..case("post", "/letters/{id}/nudge", Resource::Letter, Action::Update, LETTER) },
    Case { also_ok: &[404], ..case("get", "/letters/verify/{code}", Resource::LetterLink, Action::Read, Target::Public) },
    Case { also_ok: &[404], ..case("get", "/letters/open/{token}", Resource::LetterLink, Action::Read, Target::Public) },
    case("get", "/", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/experiences", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/experiences/{id}", Resource::Experience, Action::Read, Target::Experience),
    case("get", "/signup", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/login", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/forgot", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/reset?token=made-up", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/verify?token=made-up", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/api/docs", Resource::Catalog, Action::Read, Target::Public),
    case("get", "/account", Resource::Session, Action::Read, Target::Own),
    case("get", "/profile", Resource::Profile, Action::Read, Target::Own),
    // A form without its fields: the allowed get the form back saying what to fill in.
    Case { also_ok: &[400], ..case("post", "/profile", Resource::Profile, Action::Update, Target::Own) },
    case("get", "/apply?block_id={block}", Resource::Profile, Action::Read, Target::Own),
    case("get", "/documents", Resource::Document, Action::List, Target::Collection),
    case("get", "/documents/{id}", Resource::Document, Action::Read, Target::Document),
    // A CV has no entries, and a removed document is no longer in the vault: said with a 404 page.
    Case { also_ok: &[404], ..case("get", "/documents/{id}/entries", Resource::Document, Action::Update, Target::Document) },
    Case {
        also_ok: &[404, 409],
        ..case("post", "/documents/{id}/entries", Resource::Document, Action::Update, Target::Document)
    },
    Case { also_ok: &[404], ..case("post", "/documents/{id}/remove", Resource::Document, Action::Update, Target::Document) },
    case("get", "/applications", Resource::Application, Action::List, Target::Collection),
    case("post", "/applications/bulk", Resource::Application, Action::List, Target::Collection),
    case("get", "/applications/{id}", Resource::Application, Action::Read, Target::Application),
    // Only documents the block asks for, while the file is open: any other is not there.
    Case {
        also_ok: &[404],
        ..case("get", "/applications/{id}/documents/{document_id}", Resource::Application, Action::Read, Target::Application)
    },
    // Allowed readers are told why there is no letter yet (409) on the application's page.
    Case {
        also_ok: &[409],
        ..case("get", "/applications/{id}/invitation-letter", Resource::Application, Action::Read, Target::Application)
    },
    // Not possible from where it stands (409), said on the application's page.
    Case {
        also_ok: &[409],
        ..case("post", "/applications/{id}/waitlist", Resource::Application, Action::Decide, Target::Application)
    },
    case("get", "/applications/{id}/hours", Resource::Hours, Action::Read, Target::Application),
    case("get", "/applications/{id}/evaluations", Resource::Evaluation, Action::Read, Target::Application),
    // The matrix's applications have not started (409, said on the evaluations page).
    Case {
        also_ok: &[409],
        ..case("post", "/applications/{id}/evaluations/{kind}", Resource::Evaluation, Action::Decide, Target::Application)
    },
    // Not completed yet: the allowed are told so on the certificate page (409).
    Case {
        also_ok: &[409],
        ..case("get", "/applications/{id}/certificate", Resource::Certificate, Action::Read, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("get", "/applications/{id}/certificate.pdf", Resource::Certificate, Action::Read, Target::Application)
    },
    Case {
        also_ok: &[409],
        ..case("post", "/applications/{id}/rotation-review", Resource::Review, Action::Create, Target::Application)
    },
    case("get", "/certificates", Resource::Catalog, Action::Read, Target::Public),
    Case { also_ok: &[404], ..case("get", "/verify/MR-0000-0000-0000-0000", Resource::Catalog, Action::Read, Target::Public) },
    case("get", "/applications/{id}/notes", Resource::Note, Action::Read, Target::Application),
    case("get", "/applications/{id}/notes/new", Resource::Note, Action::Read, Target::Application),
    // The matrix's applications have not started (409, said on the hours page).
    Case {
        also_ok: &[409],
        ..case("post", "/applications/{id}/hours/sign", Resource::Hours, Action::Decide, Target::Application)
    },
    case("get", "/rounds", Resource::Round, Action::List, Target::Collection),
    case("get", "/rounds/{id}", Resource::Round, Action::Read, Target::Round { cancellable: false }),
    Case {
        also_ok: &[409],
        ..case("post", "/rounds/{id}/cancel", Resource::Round, Action::Cancel, Target::Round { cancellable: true })
    },
    case("get", "/admin", Resource::Account, Action::List, Target::Collection),
    case("get", "/admin/audit", Resource::AuditLog, Action::List, Target::Collection),
    case("get", "/admin/outbox", Resource::Outbox, Action::List, Target::Collection),
    case("get", "/admin/advisors", Resource::AdvisorSetup, Action::List, Target::Collection),
    case("post", "/admin/users/{id}/disable", Resource::Account, Action::Disable, Target::Account { fresh: true }),
    case("get", "/sites/{id}", Resource::Site, Action::Read, Target::Site),
    case("post", "/sites/{id}/payment-instructions", Resource::Site, Action::Update, Target::Site),
    // The matrix's applicant saved a profile with no budget: the page, allowed, says what to add.
    Case { also_ok: &[400], ..case("get", "/plan", Resource::Plan, Action::Read, Target::Own) },
    case("get", "/advisors", Resource::AdvisorSetup, Action::Read, Target::Collection),
    case("get", "/advisors/{id}/offerings/{offering}", Resource::AdvisorSetup, Action::Read, Target::Slots),
    case("get", "/consultations", Resource::Consultation, Action::List, Target::Collection),
    case("post", "/consultations", Resource::Consultation, Action::Create, Target::Own),
    case("get", "/consultations/{id}", Resource::Consultation, Action::Read, Target::Consultation { notes: false }),
    Case {
        also_ok: &[400, 409],
        ..case(
            "post",
            "/consultations/{id}/reschedule",
            Resource::Consultation,
            Action::Create,
            Target::Consultation { notes: false },
        )
    },
    case("get", "/consultations/{id}/invite.ics", Resource::Consultation, Action::Read, Target::Consultation { notes: false }),
    // Cancelled, held or not begun: said on the call's page, after the policy allowed it.
    Case {
        also_ok: &[409],
        ..case(
            "post",
            "/consultations/{id}/cancel",
            Resource::Consultation,
            Action::Cancel,
            Target::Consultation { notes: false },
        )
    },
    Case {
        also_ok: &[409],
        ..case("post", "/consultations/{id}/hold", Resource::Consultation, Action::Update, Target::Consultation { notes: false })
    },
    Case {
        also_ok: &[409],
        ..case(
            "post",
            "/consultations/{id}/write-up",
            Resource::ConsultationNotes,
            Action::Update,
            Target::Consultation { notes: true },
        )
    },
    case("get", "/phi", Resource::PhiCheck, Action::Create, Target::Collection),
    case("post", "/phi", Resource::PhiCheck, Action::Create, Target::Collection),
];

/// A browser for one caller: its own cookies (a session when it logged in), no redirects followed.
struct Browser {
    http: reqwest::Client,
    csrf: String,
}

fn form_token(html: &str) -> String {
    html.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).expect("a form token").to_string()
}

async fn browser(s: &Server, caller: &Caller) -> Browser {
    let http = reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap();
    let html = http.get(format!("{}/login", s.base)).send().await.unwrap().text().await.unwrap();
    let csrf = form_token(&html);
    if caller.actor.is_some() {
        let form = [("csrf", csrf.as_str()), ("email", caller.email.as_str()), ("password", DEMO_PASSWORD)];
        let res = http.post(format!("{}/login", s.base)).form(&form).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 303, "{}: page login as {}", s.backend, caller.label);
    }
    Browser { http, csrf }
}

/// The fields a form is sent with.
fn form(case: &Case, w: &World, csrf: &str) -> Vec<(&'static str, String)> {
    let mut fields = vec![("csrf", csrf.to_string())];
    let booking = |k: &str| {
        w.advising.booking[k].as_i64().map_or_else(|| w.advising.booking[k].as_str().unwrap_or("").to_string(), |n| n.to_string())
    };
    match case.path {
        "/consultations" => fields.extend([
            ("advisor_id", booking("advisor_id")),
            ("offering_id", booking("offering_id")),
            ("start", booking("start")),
            ("zone", booking("zone")),
        ]),
        "/consultations/{id}/write-up" => fields.push(("summary", "Next steps".into())),
        "/consultations/{id}/reschedule" => fields.extend([("start", booking("start")), ("zone", "UTC".into())]),
        "/applications/bulk" => fields.extend([("decision", "waitlist".to_string())]),
        "/phi" => fields.push(("text", "Seen with Mr. Patel on 03/14/2024.".into())),
        "/sites/{id}/payment-instructions" => fields.push(("instructions", "Wire to the site's bank.".into())),
        _ => {}
    }
    fields
}

/// What the policy decides for the round page: an applicant's own entry in a round they may read,
/// or the site's view of everyone who ranked.
fn round_page(actor: Option<&Actor>, site: i64) -> Decision {
    let of = |site| actor.map_or(Relation::Unrelated, |a| Relation::of(a, None, Some(site)));
    match actor {
        Some(a) if a.role == Role::Applicant => match decide(actor, Resource::RoundEntry, Action::Read, Relation::Own) {
            Decision::Allow => decide(actor, Resource::Round, Action::Read, of(site)),
            denied => denied,
        },
        _ => decide(actor, Resource::RoundEntry, Action::List, of(site)),
    }
}

async fn check(s: &Server, w: &World, b: &Browser, case: &Case, caller: &Caller, path: &str, d: Decision) -> Option<String> {
    let path = path.replace("{block}", &w.open_block.to_string());
    let url = format!("{}{path}", s.base);
    let res = if case.method == "get" {
        b.http.get(&url).send().await.unwrap()
    } else {
        b.http.post(&url).form(&form(case, w, &b.csrf)).send().await.unwrap()
    };
    let status = res.status().as_u16();
    let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let to_login = status == 303 && location.starts_with("/login");
    let ok = match d {
        Decision::Allow => status == 200 || (status == 303 && !to_login) || case.also_ok.contains(&status),
        Decision::Unauthenticated => to_login,
        other => status == expected(other),
    };
    (!ok).then(|| format!("{} {path} as {}: got {status} {location}, policy says {d:?}", case.method, caller.label))
}

async fn walk(s: &Server) {
    let (w, callers) = world(s).await;
    let mut problems = Vec::new();
    let mut calls = 0;
    for caller in &callers {
        let b = browser(s, caller).await;
        let actor = caller.actor.as_ref();
        for case in PAGES {
            for (p, mut decision, _, _) in plan(s, &w, case.target, case.resource, case.action, actor, case.path).await {
                if case.path == "/rounds/{id}" {
                    let site = w.rounds.iter().find(|r| p == format!("/rounds/{}", r.0)).map_or(0, |r| r.1);
                    decision = round_page(actor, site);
                }
                calls += 1;
                if let Some(problem) = check(s, &w, &b, case, caller, &p, decision).await {
                    problems.push(problem);
                }
            }
        }
    }
    assert!(calls > 200, "{}: only {calls} calls", s.backend);
    assert!(
        problems.is_empty(),
        "{}: {} of {calls} page calls disagree with the policy:\n{}",
        s.backend,
        problems.len(),
        problems.join("\n")
    );
    eprintln!("{}: {calls} page calls, every one as the policy says", s.backend);
}

async fn every_page_answers_as_the_policy_says(s: Server) {
    walk(&s).await;
    s.stop().await;
}

on_both_servers!(every_page_answers_as_the_policy_says);
