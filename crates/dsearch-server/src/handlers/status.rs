//! `GET /health` (the server answers) and `GET /stats` (documents per language,
//! segments, the last commit).

use axum::extract::State;
use axum::Json;

use crate::error::ApiError;
use crate::state::Shared;
use crate::wire::{HealthResponse, StatsResponse};

/// `GET /health`: answers without touching the index.
pub(crate) async fn health(State(app): State<Shared>) -> Json<HealthResponse> {
    Json(HealthResponse {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        writes: app.options.write_token.is_some(),
    })
}

/// `GET /stats`.
pub(crate) async fn stats(State(app): State<Shared>) -> Result<Json<StatsResponse>, ApiError> {
    let stats = app.blocking(|app| Ok(app.index.stats()?)).await?;
    Ok(Json(stats.into()))
}
