//! Reference data: the values filters accept.

use axum::Json;
use matchready_core::{CodeName, Specialty};

/// Every specialty code the catalog uses, with its name.
#[utoipa::path(get, path = "/api/v1/specialties", tag = "catalog", responses((status = 200, description = "All specialties", body = Vec<CodeName>)))]
pub async fn specialties() -> Json<Vec<CodeName>> {
    Json(Specialty::ALL.iter().map(|s| CodeName::new(s.code(), s.name())).collect())
}
