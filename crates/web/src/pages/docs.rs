//! `/api/docs`: the OpenAPI document as a readable page (no CDN, no script),
//! rendered once when the router is built.

use askama::Template;
use serde_json::Value;

struct Param {
    name: String,
    location: String,
    required: bool,
    description: String,
}

struct Operation {
    method: String,
    path: String,
    summary: String,
    params: Vec<Param>,
    responses: String,
}

#[derive(Template)]
#[template(path = "docs.html")]
struct DocsTemplate {
    nav: super::chrome::Nav,
    description: String,
    operations: Vec<Operation>,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// The `/api/docs` page, rendered once from the (static) OpenAPI document.
pub fn render(doc: &utoipa::openapi::OpenApi) -> String {
    let value = serde_json::to_value(doc).unwrap_or(Value::Null);
    let mut operations = Vec::new();
    if let Some(paths) = value.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(methods) = item.as_object() else {
                continue;
            };
            for (method, op) in methods {
                let params = op
                    .get("parameters")
                    .and_then(Value::as_array)
                    .map(|ps| {
                        ps.iter()
                            .map(|p| Param {
                                name: text(p, "name"),
                                location: text(p, "in"),
                                required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                                description: text(p, "description"),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let responses = op
                    .get("responses")
                    .and_then(Value::as_object)
                    .map(|r| {
                        r.iter().map(|(code, v)| format!("{code} {}", text(v, "description"))).collect::<Vec<_>>().join(" · ")
                    })
                    .unwrap_or_default();
                let summary =
                    [text(op, "summary"), text(op, "description")].into_iter().find(|s| !s.is_empty()).unwrap_or_default();
                operations.push(Operation { method: method.to_uppercase(), path: path.clone(), summary, params, responses });
            }
        }
    }
    let description = value.pointer("/info/description").and_then(Value::as_str).unwrap_or_default().to_string();
    DocsTemplate { nav: super::chrome::Nav::default(), description, operations }.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "API docs page failed to render");
        "The API reference could not be rendered; see /api/openapi.json.".to_string()
    })
}
