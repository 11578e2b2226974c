//! The JSON API under `/api/v1`, and the OpenAPI document that describes it.
//! Routes are registered together with their documentation, so a route
//! cannot exist without being in `/api/openapi.json`.

mod admin;
mod advising;
pub(crate) use advising::calendar as advising_calendar;
pub(crate) mod applications;
mod auth;
mod body;
pub(crate) mod completion;
pub(crate) mod documents;
mod evaluations;
mod experiences;
mod health;
mod hours;
pub(crate) mod letter;
pub(crate) mod letter_file;
mod letter_links;
pub(crate) mod letters;
mod me;
mod money;
mod notes;
mod phi;
mod plans;
mod profile;
mod reference;
mod rounds;
mod sites;
mod users;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ErrorBody, ErrorDetail};
use crate::{ApiError, AppState};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "MatchReady API",
        description = "US clinical experiences for international medical students and graduates: a verified catalog with \
                       all-in prices. Errors are `{\"error\": {\"code\", \"message\"}}` with a 4xx or 5xx status. Money is in US cents.",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "catalog", description = "Search and read clinical experiences"),
        (name = "accounts", description = "Sign up, log in for a bearer token, log out, passwords, the caller's account"),
        (name = "applicants", description = "The applicant's profile"),
        (name = "applications", description = "Applying, offers, waitlists, held and confirmed seats"),
        (name = "payments", description = "Charges, payments, refunds and the payment provider's webhook"),
        (name = "rotation", description = "The rotation itself: hours logged by the trainee and signed by the preceptor, SOAP notes with feedback, evaluations, the certificate of completion and its check, the trainee's review"),
        (name = "letters", description = "Letters of recommendation: requests to a rotation's preceptors, the waiver, writing (a PDF or the standardised form), reminders, delivery to ERAS and to programs through links that expire, and the Letter ID's check"),
        (name = "advising", description = "Advisors and consultations: hours in the advisor's time zone, open times in the reader's, booking (the free introductory call once), cancelling by the stated policy, the write-up with private notes, a summary and a rotation plan"),
        (name = "plans", description = "Rotation plans: the best set of blocks for an applicant's dates, budget and aims, computed exactly over the live catalog, with reasons"),
        (name = "rounds", description = "Placement rounds: rank lists, stable matching at the deadline, results explained"),
        (name = "sites", description = "A site's own view and publishing, for its coordinators"),
        (name = "admin", description = "Accounts, invitations, the audit log and the outbox"),
        (name = "phi", description = "The PHI guard: find and redact protected health information in clinical text"),
        (name = "system", description = "Health of the service")
    ),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// Declares the `bearer` security scheme the protected routes name.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let scheme =
            HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some("A token from POST /api/v1/auth/login")).build();
        doc.components.get_or_insert_with(Default::default).add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The API routes and their OpenAPI document.
pub fn router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(experiences::search))
        .routes(routes!(experiences::get))
        .routes(routes!(sites::publish_experience))
        .routes(routes!(sites::unpublish_experience))
        .routes(routes!(sites::booking))
        .routes(routes!(sites::get))
        .routes(routes!(sites::payment_instructions, sites::set_payment_instructions))
        .routes(routes!(auth::register))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::request_reset))
        .routes(routes!(auth::confirm_reset))
        .routes(routes!(auth::verify_email))
        .routes(routes!(me::me))
        .routes(routes!(me::change_password))
        .routes(routes!(me::resend_verification))
        .routes(routes!(profile::get, profile::put))
        .routes(routes!(plans::mine))
        .routes(routes!(advising::directory))
        .routes(routes!(advising::utilisation))
        .routes(routes!(advising::slots))
        .routes(routes!(advising::my_setup, advising::save_setup))
        .routes(routes!(advising::offer))
        .routes(routes!(advising::mine, advising::book_call))
        .routes(routes!(advising::detail))
        .routes(routes!(advising::cancel))
        .routes(routes!(advising::hold))
        .routes(routes!(advising::reschedule))
        .routes(routes!(advising::write_up))
        .routes(routes!(advising::notes))
        .routes(routes!(advising::invitation))
        .routes(routes!(advising::advisee))
        .merge(
            // Uploads may be larger than other bodies: the file limit plus room for the other parts.
            OpenApiRouter::new()
                .routes(routes!(documents::upload, documents::list))
                .layer(axum::extract::DefaultBodyLimit::max(matchready_files::MAX_BYTES + 256 * 1024)),
        )
        .routes(routes!(documents::download, documents::remove))
        .routes(routes!(documents::edit_entries))
        .routes(routes!(applications::apply, applications::list))
        .routes(routes!(applications::get))
        .routes(routes!(applications::decide_many))
        .routes(routes!(applications::readiness))
        .routes(routes!(applications::file))
        .routes(routes!(applications::document))
        .routes(routes!(letter::invitation_letter))
        .routes(routes!(money::ledger))
        .routes(routes!(money::record))
        .routes(routes!(money::webhook))
        .routes(routes!(hours::list, hours::log))
        .routes(routes!(hours::correct))
        .routes(routes!(hours::sign))
        .routes(routes!(hours::return_entry))
        .routes(routes!(notes::list, notes::create))
        .routes(routes!(notes::read, notes::update))
        .routes(routes!(notes::comment))
        .routes(routes!(notes::review))
        .routes(routes!(evaluations::list))
        .routes(routes!(evaluations::save))
        .routes(routes!(applications::review))
        .routes(routes!(applications::offer))
        .routes(routes!(applications::waitlist))
        .routes(routes!(applications::reject))
        .routes(routes!(applications::accept))
        .routes(routes!(applications::withdraw))
        .routes(routes!(applications::confirm))
        .routes(routes!(applications::cancel))
        .routes(routes!(applications::complete))
        .routes(routes!(completion::get))
        .routes(routes!(completion::pdf))
        .routes(routes!(completion::signed))
        .routes(routes!(completion::revoke))
        .routes(routes!(completion::verify))
        .routes(routes!(completion::keys))
        .routes(routes!(completion::review, completion::write_review))
        .routes(routes!(completion::experience_reviews))
        .routes(routes!(letters::list))
        .routes(routes!(letters::authors))
        .routes(routes!(letters::request))
        .routes(routes!(letters::get, letters::update))
        .routes(routes!(letters::withdraw))
        .routes(routes!(letters::nudge))
        .routes(routes!(letters::answer))
        .routes(routes!(letters::send))
        .routes(routes!(letters::accept))
        .routes(routes!(letters::decline))
        .routes(routes!(letters::question))
        .routes(routes!(letters::confirm_eras))
        .routes(routes!(letters::form, letters::save_form))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(letter_file::upload))
                .layer(axum::extract::DefaultBodyLimit::max(crate::pages::LETTER_BODY_LIMIT)),
        )
        .routes(routes!(letters::pdf))
        .routes(routes!(letters::cv))
        .routes(routes!(letter_links::verify))
        .routes(routes!(letter_links::link))
        .routes(routes!(letter_links::open))
        .routes(routes!(letter_links::link_pdf))
        .routes(routes!(rounds::list, rounds::create))
        .routes(routes!(rounds::get))
        .routes(routes!(rounds::cancel))
        .routes(routes!(rounds::mine, rounds::rank_mine))
        .routes(routes!(rounds::entries))
        .routes(routes!(rounds::rank_site))
        .routes(routes!(users::list))
        .routes(routes!(users::get))
        .routes(routes!(users::invite))
        .routes(routes!(users::verify))
        .routes(routes!(users::disable))
        .routes(routes!(users::enable))
        .routes(routes!(users::set_role))
        .routes(routes!(users::reset_link))
        .routes(routes!(admin::audit))
        .routes(routes!(admin::outbox))
        .routes(routes!(phi::check))
        .routes(routes!(reference::specialties))
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .split_for_parts();
    let doc = declare_edge_statuses(doc);
    // Rendered once; each request shares the bytes.
    let json = axum::body::Bytes::from(doc.to_pretty_json().unwrap_or_default());
    let router = router
        .route("/api/openapi.json", get(move || async move { ([(header::CONTENT_TYPE, "application/json")], json.clone()) }))
        .route("/.well-known/jwks.json", get(completion::keys))
        .route("/api", get(api_not_found))
        .route(
            "/api/{*rest}",
            get(api_not_found).post(api_not_found).put(api_not_found).delete(api_not_found).patch(api_not_found),
        );
    (router, doc)
}

/// The OpenAPI document, for tools and tests.
pub fn openapi() -> utoipa::openapi::OpenApi {
    router().1
}

async fn api_not_found(uri: axum::http::Uri) -> impl IntoResponse {
    ApiError::not_found(format!("no API route {}; see /api/openapi.json for the routes there are", uri.path()))
}

/// Declares the answers every route of a kind can give before its handler runs: a JSON body that
/// cannot be read (400) or is not JSON (415), and on protected routes "log in first" (401) and
/// "not yours, or not verified yet" (403).
fn declare_edge_statuses(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::{Ref, RefOr, ResponseBuilder, content::ContentBuilder};
    let error = |description: &str| {
        let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
        RefOr::T(ResponseBuilder::new().description(description).content("application/json", content).build())
    };
    for item in doc.paths.paths.values_mut() {
        for op in [&mut item.get, &mut item.post, &mut item.put, &mut item.delete, &mut item.patch].into_iter().flatten() {
            let json_body =
                op.request_body.as_ref().is_some_and(|b| matches!(b, RefOr::T(b) if b.content.contains_key("application/json")));
            let protected = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let responses = &mut op.responses.responses;
            if json_body {
                responses
                    .entry("400".into())
                    .or_insert_with(|| error("The body could not be read; the message says what to fix"));
                responses.entry("415".into()).or_insert_with(|| error("The body was not sent as application/json"));
            }
            if protected {
                responses.entry("401".into()).or_insert_with(|| error("Not logged in"));
                // Any protected route: a host no administrator has verified yet is told so.
                responses
                    .entry("403".into())
                    .or_insert_with(|| error("Not the caller's to do, or the caller is a host not verified yet"));
            }
        }
    }
    doc
}
