//! What every page shows around its content: who is logged in, the links
//! their role has, and the form token the logout button (and every form) carries.

use matchready_core::account::{Role, User};

/// The logged-in person, as the header shows them.
pub struct NavUser {
    /// Name.
    pub name: String,
    /// Admins get the admin link.
    pub is_admin: bool,
    /// Coordinators get a link to their site.
    pub site_id: Option<i64>,
    /// Applicants get a link to their profile.
    pub is_applicant: bool,
    /// Applicants and site staff get a link to applications.
    pub applications: bool,
    /// Applicants, site staff and admins get a link to placement rounds.
    pub rounds: bool,
    /// Applicants and advisors get a link to their consultations.
    pub consultations: bool,
}

/// The header's state.
#[derive(Default)]
pub struct Nav {
    /// Who is logged in.
    pub user: Option<NavUser>,
    /// The browser's form token.
    pub csrf: String,
}

impl Nav {
    /// The header for `user` (or nobody) with the browser's form token.
    pub fn new(user: Option<&User>, csrf: &str) -> Self {
        let user = user.map(|u| NavUser {
            name: u.name.clone(),
            is_admin: u.role == Role::Admin,
            site_id: u.site_id.filter(|_| u.role == Role::Coordinator),
            is_applicant: u.role == Role::Applicant,
            applications: matches!(u.role, Role::Applicant | Role::Coordinator | Role::Preceptor),
            rounds: matches!(u.role, Role::Applicant | Role::Coordinator | Role::Preceptor | Role::Admin),
            consultations: matches!(u.role, Role::Applicant | Role::Advisor),
        });
        Self { user, csrf: csrf.to_string() }
    }
}
