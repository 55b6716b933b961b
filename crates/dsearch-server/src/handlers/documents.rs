//! Documents by id: `GET /documents/{id}` reads one from the index (never from a path
//! in the request; the id may hold `/`, as is or as `%2F`); with a write token,
//! `POST /documents` upserts a JSON document or an array of them and
//! `DELETE /documents/{id}` deletes one, each committing before it answers.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use dsearch::{StoredDocument, WriterOptions};

use crate::auth::Authorized;
use crate::error::ApiError;
use crate::ingest;
use crate::state::{App, Shared};
use crate::wire::{DeleteResponse, DocumentResponse, WriteResponse};

/// The id of the path (the rest of it, `/` included, percent-decoded), checked.
fn document_id(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    let Path(id) =
        id.map_err(|r| ApiError::bad_request(format!("invalid id: {}", r.body_text())))?;
    ingest::check_lookup_id(&id)?;
    Ok(id)
}

fn no_document(id: &str) -> ApiError {
    ApiError::not_found(format!("no document has the id {id:?}"))
}

fn response(app: &App, d: StoredDocument) -> DocumentResponse {
    DocumentResponse {
        path: d.path.as_deref().map(|p| app.shown_path(p)),
        id: d.id,
        title: d.title,
        body: d.body,
        lang: d.lang,
        url: d.url,
        fields: d
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect(),
    }
}

/// `GET /documents/{id}`.
pub(crate) async fn get(
    State(app): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<DocumentResponse>, ApiError> {
    let id = document_id(id)?;
    let key = id.clone();
    let found = app
        .blocking(move |app| Ok(app.index.document(&key)?.map(|d| response(app, d))))
        .await?;
    found.map(Json).ok_or_else(|| no_document(&id))
}

/// `POST /documents`: upserts by id, commits, answers.
pub(crate) async fn post(
    _: Authorized,
    State(app): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WriteResponse>, ApiError> {
    let start = Instant::now();
    let body = body.map_err(|r| match r.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            r.status(),
            format!(
                "the request body is larger than {} bytes",
                app.options.max_body_bytes
            ),
        ),
        status => ApiError::new(status, r.body_text()),
    })?;
    let batch = ingest::documents(&body)?;
    let upserted: Vec<String> = batch.docs.iter().map(|d| d.id.clone()).collect();
    let mut warnings = batch.warnings;
    let docs = batch.docs;
    let more = app
        .write(move |app| {
            let mut writer = app.index.writer(&WriterOptions::default())?;
            for d in docs {
                writer.upsert(d)?;
            }
            writer.commit()?;
            Ok(writer.take_warnings())
        })
        .await?;
    warnings.extend(more);
    Ok(Json(WriteResponse {
        upserted,
        warnings,
        took_ms: super::millis_since(start),
    }))
}

/// `DELETE /documents/{id}`: 404 when no document has the id.
pub(crate) async fn delete(
    _: Authorized,
    State(app): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<DeleteResponse>, ApiError> {
    let start = Instant::now();
    let id = document_id(id)?;
    let key = id.clone();
    let deleted = app
        .write(move |app| {
            if app.index.document(&key)?.is_none() {
                return Ok(false);
            }
            let mut writer = app.index.writer(&WriterOptions::default())?;
            writer.delete(&key)?;
            writer.commit()?;
            Ok(true)
        })
        .await?;
    if !deleted {
        return Err(no_document(&id));
    }
    Ok(Json(DeleteResponse {
        deleted: id,
        took_ms: super::millis_since(start),
    }))
}
