//! `dsearch.analyze` and `dsearch.detect`: the language of a text and every token
//! dsearch makes of it, with offsets as Python string indices (code points) and as
//! UTF-8 byte offsets; and the dictionaries every index and analysis of this process
//! uses.

use std::sync::OnceLock;

use dsearch::analysis::{self, Representation};
use dsearch::Dictionaries;
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PyList};

use crate::errors::IntoPyResult;

/// The dictionaries: `$DSEARCH_IPADIC` first when set, then the standard locations
/// (`~/.local/share/dsearch/ipadic`, …), as the `dsearch` command looks for them. Loaded
/// once per process, when Japanese text is first met.
pub fn dictionaries() -> &'static Dictionaries {
    static DICTIONARIES: OnceLock<Dictionaries> = OnceLock::new();
    DICTIONARIES.get_or_init(Dictionaries::from_env)
}

/// One token of an analysis.
#[pyclass(module = "dsearch", frozen, get_all)]
pub struct Token {
    /// The representation: `words` (exact words), `folded` (without diacritics, English
    /// plurals in the singular; for Japanese, dictionary base forms) or `bigrams` (CJK
    /// character pairs, Vietnamese syllable pairs).
    field: &'static str,
    /// The indexed term.
    text: String,
    /// Where the token starts in the analysed text, as a Python string index.
    start: usize,
    /// Where it ends (exclusive), as a Python string index: `text[start:end]`.
    end: usize,
    /// Where it starts, as a byte offset into the text encoded as UTF-8.
    start_byte: usize,
    /// Where it ends (exclusive), as a byte offset.
    end_byte: usize,
    /// The position, for phrase matching.
    position: u32,
}

#[pymethods]
impl Token {
    fn __repr__(&self) -> String {
        format!(
            "Token({:?}, {:?}, start={}, end={}, position={})",
            self.field, self.text, self.start, self.end, self.position
        )
    }
}

/// The analysis of a text: its language and its tokens, a read-only sequence of
/// `Token`s (every `words` token, then `folded`, then `bigrams`).
#[pyclass(module = "dsearch", frozen, sequence)]
pub struct Analysis {
    /// The ISO 639-1 language the text was analysed as (given, or detected).
    #[pyo3(get)]
    lang: String,
    /// Every token, as a list.
    #[pyo3(get)]
    tokens: Py<PyList>,
    /// True when the text holds Japanese and no Japanese dictionary was found: the
    /// Japanese words are then missing (bigrams only).
    #[pyo3(get)]
    japanese_dictionary_missing: bool,
}

#[pymethods]
impl Analysis {
    /// The terms of the `words` tokens.
    #[getter]
    fn words(&self, py: Python<'_>) -> Vec<String> {
        self.terms(py, "words")
    }

    /// The terms of the `folded` tokens.
    #[getter]
    fn folded(&self, py: Python<'_>) -> Vec<String> {
        self.terms(py, "folded")
    }

    /// The terms of the `bigrams` tokens.
    #[getter]
    fn bigrams(&self, py: Python<'_>) -> Vec<String> {
        self.terms(py, "bigrams")
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.tokens.bind(py).len()
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.tokens.bind(py).as_any().get_item(index)
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        self.tokens.bind(py).as_any().try_iter()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Analysis(lang={:?}, words={:?})",
            self.lang,
            self.terms(py, "words")
        )
    }
}

impl Analysis {
    fn terms(&self, py: Python<'_>, field: &str) -> Vec<String> {
        self.tokens
            .bind(py)
            .iter()
            .filter_map(|t| {
                let t = t.cast_into::<Token>().ok()?;
                let t = t.get();
                (t.field == field).then(|| t.text.clone())
            })
            .collect()
    }
}

/// The tokens of a text, as plain data (made without the GIL).
struct Tokens {
    lang: String,
    tokens: Vec<(&'static str, String, usize, usize, usize, usize, u32)>,
    japanese_dictionary_missing: bool,
}

fn tokens(text: &str, lang: Option<&str>) -> Tokens {
    let lang = match lang {
        Some(l) => l.trim().to_ascii_lowercase(),
        None => analysis::detect::detect(text).to_string(),
    };
    let a = analysis::analyze_with_dictionaries(text, &lang, dictionaries());
    // Byte offset of each char, to turn byte offsets into Python string indices.
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let index = |byte: usize| starts.partition_point(|&b| b < byte);
    let mut out = Vec::new();
    for r in Representation::ALL {
        for t in a.tokens(r) {
            out.push((
                r.name(),
                t.text.to_string(),
                index(t.from),
                index(t.to),
                t.from,
                t.to,
                t.position,
            ));
        }
    }
    Tokens {
        lang,
        tokens: out,
        japanese_dictionary_missing: a.japanese_dictionary_missing,
    }
}

/// The code of a language given by Python: an ISO 639 code, a tag or an English name
/// (`InvalidArgument`, a `ValueError`, for what names none), as the command line and
/// the server read it.
pub fn language(lang: &str) -> PyResult<String> {
    analysis::detect::language(lang).map(str::to_string).py()
}

/// Analyses `text` as dsearch indexes it: its language (`lang`, or detected when
/// `None`) and every token of every representation, with offsets into `text`.
#[pyfunction]
#[pyo3(signature = (text, lang = None))]
pub fn analyze(py: Python<'_>, text: String, lang: Option<String>) -> PyResult<Analysis> {
    let lang = lang.map(|l| language(&l)).transpose()?;
    let t = py.detach(|| tokens(&text, lang.as_deref()));
    let list = PyList::empty(py);
    for (field, text, start, end, start_byte, end_byte, position) in t.tokens {
        list.append(Token {
            field,
            text,
            start,
            end,
            start_byte,
            end_byte,
            position,
        })?;
    }
    Ok(Analysis {
        lang: t.lang,
        tokens: list.unbind(),
        japanese_dictionary_missing: t.japanese_dictionary_missing,
    })
}

/// The ISO 639-1 code of the language of `text`, as dsearch detects it for a document
/// (`und` when it has no letters).
#[pyfunction]
pub fn detect(py: Python<'_>, text: String) -> &'static str {
    py.detach(|| analysis::detect::detect(&text))
}
