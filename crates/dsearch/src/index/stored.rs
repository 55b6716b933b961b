//! Documents read back from the index: the stored fields of a hit, a document by its
//! id, and counts for a status page.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::schema::KIND_DOC;
use super::Index;
use crate::document::{FieldValue, Fields};
use crate::error::{Engine, Result};

/// A document as the index stores it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StoredDocument {
    /// The id.
    pub id: String,
    /// The file it was read from (absolute), if any.
    pub path: Option<PathBuf>,
    /// The title.
    pub title: String,
    /// The body text, as given.
    pub body: String,
    /// ISO 639-1 language.
    pub lang: String,
    /// The URL, if any.
    pub url: Option<String>,
    /// Metadata.
    pub fields: Fields,
}

/// Counts of an index.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Stats {
    /// Searchable documents.
    pub documents: u64,
    /// Documents per language (ISO 639-1).
    pub languages: BTreeMap<String, u64>,
    /// Segments of the last commit.
    pub segments: usize,
    /// When the last commit happened, in seconds since the epoch (from the time of
    /// tantivy's `meta.json`).
    pub last_commit: Option<u64>,
    /// True when the last commit was made by a run of `dsearch index` that has not
    /// finished ([`Index::unfinished`]).
    pub unfinished: bool,
}

impl Index {
    /// The stored fields of a tantivy document.
    pub(crate) fn stored(&self, doc: &TantivyDocument) -> StoredDocument {
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let fields = text(f.meta_stored)
            .and_then(|j| {
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&j).ok()
            })
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), FieldValue::from_json(v)?)))
                    .collect()
            })
            .unwrap_or_default();
        StoredDocument {
            id: text(f.doc_id).unwrap_or_default(),
            path: text(f.file).map(|k| self.path_of(&k)),
            title: text(f.title).unwrap_or_default(),
            body: text(f.body).unwrap_or_default(),
            lang: text(f.lang).unwrap_or_default(),
            url: text(f.url),
            fields,
        }
    }

    /// The document with this id (the first one, when several share it).
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        let searcher = self.reader()?.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.doc_id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1)).engine()?;
        match top.first() {
            Some(&(_, addr)) => {
                let doc: TantivyDocument = searcher.doc(addr).engine()?;
                Ok(Some(self.stored(&doc)))
            }
            None => Ok(None),
        }
    }

    /// Documents in all and per language, segments, and the time of the last commit.
    pub fn stats(&self) -> Result<Stats> {
        let (searcher, unfinished) = self.view()?;
        let count = |term: Term| {
            searcher
                .search(&TermQuery::new(term, IndexRecordOption::Basic), &Count)
                .engine()
        };
        let documents = count(Term::from_field_text(self.fields.kind, KIND_DOC))? as u64;
        let mut languages = BTreeMap::new();
        for seg in searcher.segment_readers() {
            let inv = seg.inverted_index(self.fields.lang).engine()?;
            let mut terms = inv
                .terms()
                .stream()
                .map_err(crate::error::Error::engine_io)?;
            while terms.advance() {
                if let Ok(lang) = std::str::from_utf8(terms.key()) {
                    languages.entry(lang.to_string()).or_insert(0);
                }
            }
        }
        for (lang, n) in languages.iter_mut() {
            *n = count(Term::from_field_text(self.fields.lang, lang))? as u64;
        }
        languages.retain(|_, n| *n > 0);
        let last_commit = std::fs::metadata(self.dir().join("meta.json"))
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs());
        Ok(Stats {
            documents,
            languages,
            segments: searcher.segment_readers().len(),
            last_commit,
            unfinished,
        })
    }
}
