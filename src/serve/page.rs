//! The web page and its assets, compiled into the binary so that it works offline and no
//! request reaches the file system.

use std::sync::Arc;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use super::AppState;
use crate::query;

const INDEX: &str = include_str!("../../assets/serve/index.html");
const APP_JS: &str = include_str!("../../assets/serve/app.js");
const APP_CSS: &str = include_str!("../../assets/serve/app.css");
/// cytoscape.js, vendored from the npm registry (see `assets/vendor/cytoscape/`).
const CYTOSCAPE: &str = include_str!("../../assets/vendor/cytoscape/cytoscape.min.js");
const CYTOSCAPE_LICENSE: &str = include_str!("../../assets/vendor/cytoscape/LICENSE");

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX) }),
        )
        .route(
            "/assets/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/assets/app.css",
            get(|| async { asset("text/css; charset=utf-8", APP_CSS) }),
        )
        .route(
            "/assets/vendor/cytoscape.min.js",
            get(|| async { asset("text/javascript; charset=utf-8", CYTOSCAPE) }),
        )
        .route(
            "/assets/vendor/cytoscape.LICENSE",
            get(|| async { asset("text/plain; charset=utf-8", CYTOSCAPE_LICENSE) }),
        )
        .route("/queries.json", get(|| async { Json(shipped_queries()) }))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// A shipped query as the page offers it: parameters bound to their defaults.
#[derive(Serialize)]
struct PageQuery {
    name: &'static str,
    description: String,
    sparql: String,
}

fn shipped_queries() -> Vec<PageQuery> {
    query::shipped()
        .into_iter()
        .map(|named| PageQuery {
            sparql: named.with_defaults(),
            name: named.name,
            description: named.description,
        })
        .collect()
}
