//! Searching: run the built query, relax it when no document has every word, and turn
//! top documents into [`Hit`]s with snippets and, on request, explanations.

use std::path::PathBuf;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::analysis::Representation;
use crate::error::{Error, ErrorKind, Result};
use crate::index::Index;
use crate::query::{self, QueryTerm};
use crate::snippet::{self, Snippet, SnippetOptions};

/// Options of [`Index::search`].
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip first.
    pub offset: usize,
    /// Only documents in these languages (ISO 639-1), besides `lang:` in the query.
    pub langs: Vec<String>,
    /// Build snippets (off saves the work when only paths are needed).
    pub snippets: bool,
    /// Snippet shape.
    pub snippet: SnippetOptions,
    /// Explain each hit's score.
    pub explain: bool,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            limit: 10,
            offset: 0,
            langs: Vec::new(),
            snippets: true,
            snippet: SnippetOptions::default(),
            explain: false,
        }
    }
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The file's absolute path.
    pub path: PathBuf,
    /// The JSONL document's id.
    pub id: Option<String>,
    /// The JSONL document's url.
    pub url: Option<String>,
    /// The title.
    pub title: String,
    /// ISO 639-1 language.
    pub lang: String,
    /// Relevance score (higher is better).
    pub score: f32,
    /// Snippet with highlights.
    pub snippet: Snippet,
    /// Why the document matched (with [`SearchOptions::explain`]).
    pub explanation: Option<Explanation>,
}

/// Why a hit matched.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The query terms found in this document, as `field:term`.
    pub matched: Vec<String>,
    /// The query terms not found in it.
    pub unmatched: Vec<String>,
    /// tantivy's score tree (BM25 per term, boosts, sums).
    pub score: serde_json::Value,
}

/// The results of a search.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// Hits, best first, after `offset`.
    pub hits: Vec<Hit>,
    /// Documents that matched in all.
    pub total: usize,
    /// True when no document had every required word and the hits are documents with
    /// most of them.
    pub relaxed: bool,
}

impl Index {
    /// Searches the index. See [`crate::query`] for the syntax.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        if query.trim().is_empty() {
            return Err(Error::new(ErrorKind::EmptyQuery));
        }
        let parsed = query::parse(query);
        let searcher = self.reader()?.searcher();
        let mut dictionaries = Vec::new();
        for seg in searcher.segment_readers() {
            for r in [
                self.fields.body(Representation::Words),
                self.fields.title(Representation::Words),
            ] {
                dictionaries.push(seg.inverted_index(r)?);
            }
        }
        let vocabulary = |w: &str| {
            dictionaries
                .iter()
                .any(|d| d.terms().get(w.as_bytes()).ok().flatten().is_some())
        };
        let built = query::build(&self.fields, &parsed, &options.langs, &vocabulary);
        if built.empty {
            return Ok(SearchResults::default());
        }
        // TopDocs reserves its whole limit up front: never ask for more than exists.
        let available = searcher.num_docs() as usize;
        if options.limit == 0 || options.offset >= available {
            return Ok(SearchResults::default());
        }
        let want = options
            .limit
            .saturating_add(options.offset)
            .min(available)
            .max(1);
        let collector = (TopDocs::with_limit(want), Count);
        let mut relaxed = false;
        let (mut top, mut total) = searcher.search(built.strict.as_ref(), &collector)?;
        if total == 0 {
            for q in &built.relaxed {
                let (t, n) = searcher.search(q.as_ref(), &collector)?;
                if n > 0 {
                    (top, total, relaxed) = (t, n, true);
                    break;
                }
            }
        }
        let mut hits = Vec::new();
        for (score, addr) in top.into_iter().skip(options.offset).take(options.limit) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let f = &self.fields;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let body = text(f.body).unwrap_or_default();
            let snippet = if options.snippets {
                let ranges = snippet::highlights(&body, &built.highlight);
                snippet::snippet(&body, &ranges, options.snippet)
            } else {
                Snippet::default()
            };
            let explanation = if options.explain {
                let q = if relaxed {
                    None
                } else {
                    Some(built.strict.as_ref())
                };
                Some(self.explain(&searcher, addr, q, &built.terms)?)
            } else {
                None
            };
            hits.push(Hit {
                path: self.path_of(&text(f.file).unwrap_or_default()),
                id: text(f.doc_id),
                url: text(f.url),
                title: text(f.title).unwrap_or_default(),
                lang: text(f.lang).unwrap_or_default(),
                score,
                snippet,
                explanation,
            });
        }
        Ok(SearchResults {
            hits,
            total,
            relaxed,
        })
    }

    fn explain(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        query: Option<&dyn tantivy::query::Query>,
        terms: &[QueryTerm],
    ) -> Result<Explanation> {
        let seg = searcher.segment_reader(addr.segment_ord);
        let schema = self.index.schema();
        let mut matched = Vec::new();
        let mut unmatched = Vec::new();
        for t in terms {
            let Ok(field) = schema.get_field(t.field) else {
                continue;
            };
            let label = format!("{}:{}", t.field, t.text);
            let found = if let Some(prefix) = t.text.strip_suffix('*') {
                let inv = seg.inverted_index(field)?;
                let mut stream = inv
                    .terms()
                    .range()
                    .ge(prefix.as_bytes())
                    .into_stream()
                    .map_err(io_error)?;
                let mut found = false;
                while stream.advance() {
                    if !stream.key().starts_with(prefix.as_bytes()) {
                        break;
                    }
                    let term = Term::from_field_text(
                        field,
                        std::str::from_utf8(stream.key()).unwrap_or(""),
                    );
                    if has_term(seg, &term, addr.doc_id)? {
                        found = true;
                        break;
                    }
                }
                found
            } else {
                has_term(seg, &Term::from_field_text(field, &t.text), addr.doc_id)?
            };
            if found {
                matched.push(label)
            } else {
                unmatched.push(label)
            }
        }
        let score = match query {
            Some(q) => {
                let e = q.explain(searcher, addr)?;
                serde_json::from_str(&e.to_pretty_json()).unwrap_or(serde_json::Value::Null)
            }
            None => serde_json::Value::String("relaxed match: most but not all words".into()),
        };
        Ok(Explanation {
            matched,
            unmatched,
            score,
        })
    }
}

fn has_term(seg: &tantivy::SegmentReader, term: &Term, doc: u32) -> Result<bool> {
    use tantivy::DocSet;
    let inv = seg.inverted_index(term.field())?;
    match inv
        .read_postings(term, tantivy::schema::IndexRecordOption::Basic)
        .map_err(io_error)?
    {
        Some(mut p) => Ok(p.seek(doc) == doc),
        None => Ok(false),
    }
}

fn io_error(e: std::io::Error) -> Error {
    Error::from(tantivy::TantivyError::from(e))
}
