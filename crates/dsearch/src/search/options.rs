//! What a caller asks of a search besides the query: how many hits, which languages,
//! snippets, explanations, and a metadata field to sort by.

use crate::error::{Error, ErrorKind, Result};
use crate::snippet::SnippetOptions;

/// A metadata field to order hits by, within each tier of words held (rule 2 of
/// [`rank`](super::rank)): dates (or numbers), oldest first, or newest first when `descending`.
/// Documents without the field come last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortBy {
    /// The metadata field.
    pub field: String,
    /// Newest (largest) first.
    pub descending: bool,
}

impl SortBy {
    /// Reads `date` (ascending) or `-date` (descending).
    pub fn parse(s: &str) -> Result<SortBy> {
        let (field, descending) = match s.trim().strip_prefix('-') {
            Some(f) => (f, true),
            None => (s.trim(), false),
        };
        if field.is_empty()
            || !field
                .chars()
                .all(|c| c.is_alphanumeric() || "_-.".contains(c))
        {
            return Err(Error::new(ErrorKind::InvalidArgument(format!(
                "invalid sort {s:?} (a metadata field, `-` in front for newest first: date, -date)"
            ))));
        }
        Ok(SortBy {
            field: field.to_ascii_lowercase(),
            descending,
        })
    }
}

/// Options of [`Index::search`](crate::Index::search).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SearchOptions {
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip first.
    pub offset: usize,
    /// Only documents in one of these languages (ISO 639-1). A `lang:` filter of the
    /// query narrows it further: the hits are in one of these and one of those.
    pub langs: Vec<String>,
    /// Build snippets (off saves the work when only paths are needed).
    pub snippets: bool,
    /// Snippet shape.
    pub snippet: SnippetOptions,
    /// Explain each hit's rank.
    pub explain: bool,
    /// Order by a metadata field within each tier (default: relevance only).
    pub sort: Option<SortBy>,
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
            sort: None,
        }
    }
}

impl SearchOptions {
    /// Sets [`SearchOptions::limit`].
    pub fn limit(mut self, n: usize) -> Self {
        self.limit = n;
        self
    }

    /// Sets [`SearchOptions::offset`].
    pub fn offset(mut self, n: usize) -> Self {
        self.offset = n;
        self
    }

    /// Adds a language to [`SearchOptions::langs`].
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.langs.push(lang.into().to_ascii_lowercase());
        self
    }

    /// Sets [`SearchOptions::snippets`].
    pub fn snippets(mut self, on: bool) -> Self {
        self.snippets = on;
        self
    }

    /// Sets [`SearchOptions::snippet`].
    pub fn snippet(mut self, shape: SnippetOptions) -> Self {
        self.snippet = shape;
        self
    }

    /// Sets [`SearchOptions::explain`].
    pub fn explain(mut self, on: bool) -> Self {
        self.explain = on;
        self
    }

    /// Sets [`SearchOptions::sort`].
    pub fn sort(mut self, sort: Option<SortBy>) -> Self {
        self.sort = sort;
        self
    }
}
