//! The routes and the layers around them: on loopback, requests to loopback names only
//! (no DNS rebinding), body size limit, a time limit on reads, panics caught, errors as
//! JSON, `nosniff` on every answer.

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::auth;
use crate::error::{json_errors, ApiError};
use crate::handlers::{analyze, documents, search, status};
use crate::page;
use crate::state::Shared;

/// The server's router.
pub(crate) fn router(app: Shared) -> Router {
    let max_body = app.options.max_body_bytes;
    let timeout = app.options.timeout;
    let host_check = middleware::from_fn_with_state(app.clone(), auth::loopback_host);
    // Reads have a time limit; writes have none: applied once they run, they answer
    // what happened (see `App::write`).
    let limit = TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, timeout);
    Router::new()
        .route("/", get(page::html))
        .route("/page.css", get(page::css))
        .route("/page.js", get(page::js))
        .route("/search", get(search::search).layer(limit))
        .route("/analyze", get(analyze::analyze).layer(limit))
        .route("/health", get(status::health).layer(limit))
        .route("/stats", get(status::stats).layer(limit))
        .route("/documents", post(documents::post))
        // The rest of the path is the id: ids may hold `/` (a file's documents have
        // its path as id).
        .route(
            "/documents/{*id}",
            get(documents::get).layer(limit).delete(documents::delete),
        )
        .fallback(not_found)
        .layer(host_check)
        // The body limit is tower-http's, on every route (axum's own applies only to
        // its extractors).
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn_with_state(max_body, json_errors))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .with_state(app)
}

async fn not_found() -> ApiError {
    ApiError::not_found(
        "no such path: the page is at /, the API at /search, /documents/{id}, /analyze, /health, /stats",
    )
}
