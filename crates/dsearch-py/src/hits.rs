//! Search results in Python: `Hit` (one document, its snippet and highlights in code
//! points and in bytes) and `SearchResults` (a read-only sequence of hits with `total`,
//! `query_words` and `warnings`).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList};

use crate::fields;

/// One search result.
#[pyclass(module = "dsearch", frozen, get_all)]
pub struct Hit {
    /// The document's id (for a file's document: its path, relative to the index root
    /// when under it, with `#N` for line N of a JSONL file without ids).
    id: Option<String>,
    /// The file's absolute path, or `None` for a document added from memory.
    path: Option<String>,
    /// The document's URL, or `None`.
    url: Option<String>,
    /// The title.
    title: String,
    /// ISO 639-1 language code (`und` when unknown).
    lang: String,
    /// Relevance: higher is better; only comparable within one query.
    score: f64,
    /// How many of the query's content words the document holds.
    matched_words: usize,
    /// How many content words the query has.
    query_words: usize,
    /// The content words the document lacks, as typed.
    missing: Vec<String>,
    /// Those of `missing` that the document holds with other diacritics than typed.
    other_forms: Vec<String>,
    /// Those of `missing` whose syllables the document holds apart (`lưu` … `tệp` for
    /// `lưu tệp`).
    apart: Vec<String>,
    /// Fragments of the text around the matches, joined by `…` (empty without snippets).
    snippet: String,
    /// `(start, end)` of each highlighted word in `snippet`, as Python string indices
    /// (code points): `snippet[start:end]` is the word.
    highlights: Vec<(usize, usize)>,
    /// The same ranges as byte offsets into `snippet` encoded as UTF-8.
    highlights_bytes: Vec<(usize, usize)>,
    /// Metadata: `str`, `int`, `float`, `datetime.date`/`datetime.datetime`, or lists of
    /// them.
    fields: Py<PyDict>,
    /// With `explain=True`: how the hit ranks (a dict), else `None`.
    explanation: Option<Py<PyAny>>,
}

impl Hit {
    fn new(py: Python<'_>, h: dsearch::Hit) -> PyResult<Hit> {
        let highlights = dsearch::wire::char_ranges(&h.snippet.text, &h.snippet.highlights)
            .into_iter()
            .map(|[s, e]| (s, e))
            .collect();
        let explanation = match &h.explanation {
            Some(e) => {
                let json = serde_json::to_value(e).unwrap_or_default();
                Some(fields::json_to_py(py, &json)?.unbind())
            }
            None => None,
        };
        Ok(Hit {
            fields: fields::fields_to_py(py, &h.fields)?.unbind(),
            explanation,
            highlights,
            highlights_bytes: h.snippet.highlights,
            snippet: h.snippet.text,
            id: h.id,
            path: h.path.map(|p| p.to_string_lossy().into_owned()),
            url: h.url,
            title: h.title,
            lang: h.lang,
            score: h.score,
            matched_words: h.matched_words,
            query_words: h.query_words,
            missing: h.missing,
            other_forms: h.other_forms,
            apart: h.apart,
        })
    }
}

#[pymethods]
impl Hit {
    fn __repr__(&self) -> String {
        let place = match (&self.path, &self.id) {
            (Some(p), _) => format!("path={p:?}"),
            (None, Some(id)) => format!("id={id:?}"),
            (None, None) => String::new(),
        };
        // "k of n words", as the command line and the page say of every hit.
        format!(
            "Hit({place}, title={:?}, lang={:?}, score={:.3}, words=\"{} of {}\")",
            self.title, self.lang, self.score, self.matched_words, self.query_words
        )
    }
}

/// The hits of a search, best first: a read-only sequence (`len`, indexing, slicing,
/// iteration) with the counts of the search.
#[pyclass(module = "dsearch", frozen, sequence)]
pub struct SearchResults {
    /// The hits, as a list.
    #[pyo3(get)]
    hits: Py<PyList>,
    /// Documents that matched in the last tier searched: with every content word when
    /// those fill the page, else with as many as the page needed.
    #[pyo3(get)]
    total: usize,
    /// Content words of the query ("n" of "k of n words").
    #[pyo3(get)]
    query_words: usize,
    /// One line each: a filter or sort on a field no document has.
    #[pyo3(get)]
    warnings: Vec<String>,
}

impl SearchResults {
    /// The Python form of the library's results.
    pub fn new(py: Python<'_>, r: dsearch::SearchResults) -> PyResult<SearchResults> {
        let hits = PyList::empty(py);
        for h in r.hits {
            hits.append(Hit::new(py, h)?)?;
        }
        Ok(SearchResults {
            hits: hits.unbind(),
            total: r.total,
            query_words: r.query_words,
            warnings: r.warnings,
        })
    }
}

#[pymethods]
impl SearchResults {
    fn __len__(&self, py: Python<'_>) -> usize {
        self.hits.bind(py).len()
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.hits.bind(py).as_any().get_item(index)
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        self.hits.bind(py).as_any().try_iter()
    }

    fn __bool__(&self, py: Python<'_>) -> bool {
        !self.hits.bind(py).is_empty()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "SearchResults({} hits, total={}, query_words={})",
            self.hits.bind(py).len(),
            self.total,
            self.query_words
        )
    }
}
