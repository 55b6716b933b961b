//! The JSON the server answers with: plain serde structs, so clients (and the tests)
//! decode them. Hits and analyses are the library's own wire types
//! ([`dsearch::wire::JsonHit`], [`dsearch::wire::JsonAnalysis`]), the objects
//! `dsearch query --json` and `dsearch analyze --json` print. Field names are a
//! contract: add fields, never rename them.

use std::collections::BTreeMap;

use dsearch::wire::JsonHit;
use serde::{Deserialize, Serialize};

/// Every error: `{"error": "one line"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong, one line.
    pub error: String,
}

/// `GET /search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    /// The hits, best first, after `offset`; paths are relative to the index root.
    pub hits: Vec<JsonHit>,
    /// Documents matched in the last tier searched (see
    /// [`dsearch::SearchResults::total`]).
    pub total: usize,
    /// Content words of the query (the "n" of "k of n words").
    pub query_words: usize,
    /// One line each: a filter on a field no document has, a capped limit, …
    pub warnings: Vec<String>,
    /// The limit applied (after capping).
    pub limit: usize,
    /// The offset applied.
    pub offset: usize,
    /// Time spent on the server, in milliseconds.
    pub took_ms: f64,
}

/// `GET /documents/{id}`: a document as the index stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentResponse {
    /// The id.
    pub id: String,
    /// The file it was read from, relative to the index root where it can be; null for
    /// a document written through the API.
    pub path: Option<String>,
    /// The title.
    pub title: String,
    /// The body text, as given.
    pub body: String,
    /// ISO 639-1 language.
    pub lang: String,
    /// The URL, if any.
    pub url: Option<String>,
    /// Metadata: text and dates as strings, numbers, lists.
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// `POST /documents`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WriteResponse {
    /// Documents added or replaced, in request order.
    pub upserted: Vec<String>,
    /// Metadata that was ignored, a missing dictionary, … one line each.
    pub warnings: Vec<String>,
    /// Time spent, commit included, in milliseconds.
    pub took_ms: f64,
}

/// `DELETE /documents/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeleteResponse {
    /// The id whose documents were deleted.
    pub deleted: String,
    /// Time spent, commit included, in milliseconds.
    pub took_ms: f64,
}

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthResponse {
    /// `ok`.
    pub status: String,
    /// The server's version.
    pub version: String,
    /// True when the server takes writes.
    pub writes: bool,
}

/// `GET /stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsResponse {
    /// Searchable documents.
    pub documents: u64,
    /// Documents per language (ISO 639-1).
    pub languages: BTreeMap<String, u64>,
    /// Segments of the last commit.
    pub segments: usize,
    /// The last commit, in seconds since the epoch.
    pub last_commit: Option<u64>,
    /// True when the last commit was made by a run of `dsearch index` that has not
    /// finished (still running, or stopped): documents may be missing.
    pub unfinished: bool,
}

impl From<dsearch::Stats> for StatsResponse {
    fn from(s: dsearch::Stats) -> StatsResponse {
        StatsResponse {
            documents: s.documents,
            languages: s.languages,
            segments: s.segments,
            last_commit: s.last_commit,
            unfinished: s.unfinished,
        }
    }
}
