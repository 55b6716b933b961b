//! `GET /search?q=…&limit=&offset=&lang=&sort=`: the hits of `dsearch query --json`,
//! with the count, the query's words, warnings and the time taken.

use std::time::Instant;

use axum::extract::{RawQuery, State};
use axum::Json;
use dsearch::wire::JsonHit;
use dsearch::{SearchOptions, SortBy};

use crate::error::ApiError;
use crate::params::Params;
use crate::state::Shared;
use crate::wire::SearchResponse;

/// Hits per page when `limit` is not given.
const DEFAULT_LIMIT: usize = 10;

/// The most `lang` values one request may filter on.
const MAX_LANGS: usize = 16;

/// `GET /search`.
pub(crate) async fn search(
    State(app): State<Shared>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let start = Instant::now();
    let params = Params::parse(raw.as_deref())?;
    let limits = &app.options;
    let q = params.required("q")?.to_string();
    if q.chars().count() > limits.max_query_chars {
        return Err(ApiError::bad_request(format!(
            "the query is longer than {} characters",
            limits.max_query_chars
        )));
    }
    let mut warnings = Vec::new();
    let mut limit = params.count("limit")?.unwrap_or(DEFAULT_LIMIT);
    if limit > limits.max_limit {
        warnings.push(format!(
            "limit {limit} is more than {0}: {0} hits returned",
            limits.max_limit
        ));
        limit = limits.max_limit;
    }
    let offset = params.count("offset")?.unwrap_or(0);
    if offset > limits.max_offset {
        return Err(ApiError::bad_request(format!(
            "offset is at most {}",
            limits.max_offset
        )));
    }
    let sort = match params.get("sort").map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(SortBy::parse(s)?),
    };
    let langs = params.all("lang");
    if langs.len() > MAX_LANGS {
        return Err(ApiError::bad_request(format!(
            "at most {MAX_LANGS} languages"
        )));
    }
    let mut options = SearchOptions::default()
        .limit(limit)
        .offset(offset)
        .sort(sort);
    for l in langs {
        options = options.lang(super::check_lang(l)?);
    }
    let (results, hits) = app
        .blocking(move |app| {
            let results = app.index.search(&q, &options)?;
            let hits: Vec<JsonHit> = results
                .hits
                .iter()
                .map(|h| JsonHit::from_hit(h, h.path.as_deref().map(|p| app.shown_path(p))))
                .collect();
            Ok((results, hits))
        })
        .await?;
    warnings.extend(results.warnings);
    Ok(Json(SearchResponse {
        hits,
        total: results.total,
        query_words: results.query_words,
        warnings,
        limit,
        offset,
        took_ms: super::millis_since(start),
    }))
}
