//! What an index tells about itself: `UpdateReport` (what `Index.update` did) and
//! `Stats` (counts of an index).

use std::collections::BTreeMap;

use pyo3::prelude::*;

/// What `Index.update` did, as the line `dsearch index` ends with.
#[pyclass(module = "dsearch", frozen, get_all)]
pub struct UpdateReport {
    /// Files indexed for the first time.
    added: usize,
    /// Files re-indexed because they changed.
    updated: usize,
    /// Files whose documents were removed because they disappeared.
    removed: usize,
    /// Files left as they were.
    unchanged: usize,
    /// Files that could not be indexed (each has a warning).
    skipped: usize,
    /// Searchable documents in the index after the update.
    documents: u64,
    /// Wall time of the update, in seconds.
    seconds: f64,
    /// One line per problem, each naming its file (and line).
    warnings: Vec<String>,
    /// Paths given that do not exist (the others were indexed).
    missing: Vec<String>,
}

impl From<dsearch::UpdateReport> for UpdateReport {
    fn from(r: dsearch::UpdateReport) -> UpdateReport {
        UpdateReport {
            added: r.added,
            updated: r.updated,
            removed: r.removed,
            unchanged: r.unchanged,
            skipped: r.skipped,
            documents: r.documents,
            seconds: r.seconds,
            warnings: r.warnings,
            missing: r
                .missing
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
        }
    }
}

#[pymethods]
impl UpdateReport {
    fn __repr__(&self) -> String {
        format!(
            "UpdateReport(added={}, updated={}, removed={}, unchanged={}, skipped={}, documents={}, seconds={:.2})",
            self.added, self.updated, self.removed, self.unchanged, self.skipped, self.documents, self.seconds
        )
    }

    fn __str__(&self) -> String {
        format!(
            "added {}, updated {}, removed {}, unchanged {}, skipped {} in {:.2} s ({} documents)",
            self.added,
            self.updated,
            self.removed,
            self.unchanged,
            self.skipped,
            self.seconds,
            self.documents
        )
    }
}

/// Counts of an index, from its last commit.
#[pyclass(module = "dsearch", frozen, get_all)]
pub struct Stats {
    /// Searchable documents.
    documents: u64,
    /// Documents per language (ISO 639-1 code to count).
    languages: BTreeMap<String, u64>,
    /// Segments of the last commit.
    segments: usize,
    /// When the last commit happened, in seconds since the epoch, or `None`.
    last_commit: Option<u64>,
    /// True when the last commit was made by a run of `dsearch index` that has not
    /// finished (still running, or stopped): documents may be missing.
    unfinished: bool,
}

impl From<dsearch::Stats> for Stats {
    fn from(s: dsearch::Stats) -> Stats {
        Stats {
            documents: s.documents,
            languages: s.languages,
            segments: s.segments,
            last_commit: s.last_commit,
            unfinished: s.unfinished,
        }
    }
}

#[pymethods]
impl Stats {
    fn __repr__(&self) -> String {
        format!(
            "Stats(documents={}, languages={:?}, segments={})",
            self.documents, self.languages, self.segments
        )
    }
}
