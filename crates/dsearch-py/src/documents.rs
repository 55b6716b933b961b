//! Documents in and out: a Python mapping shaped like a JSONL line becomes a
//! [`dsearch::Document`]; a [`dsearch::StoredDocument`] becomes a `dsearch.Document`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyMapping, PyString};

use crate::errors::InvalidArgument;
use crate::fields;

/// The keys a document is made of, as in JSONL; all others are metadata.
const KEYS: [&str; 6] = ["id", "title", "text", "body", "lang", "url"];

/// A document from a mapping shaped like a JSONL line: `id` (text or an integer),
/// `title`, `text` or `body` (not both), `lang`, `url`; every other key is metadata.
pub fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<dsearch::Document> {
    let mapping = obj.cast::<PyMapping>().map_err(|_| {
        PyTypeError::new_err(format!(
            "a document is a dict (id, title, text, …), not a {}",
            obj.get_type()
                .name()
                .map_or_else(|_| "?".to_string(), |n| n.to_string())
        ))
    })?;
    let get = |key: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        match mapping.get_item(key) {
            Ok(v) if v.is_none() => Ok(None),
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(obj.py()) => Ok(None),
            Err(e) => Err(e),
        }
    };
    let text = |key: &str| -> PyResult<Option<String>> {
        match get(key)? {
            None => Ok(None),
            Some(v) if v.is_instance_of::<PyString>() => Ok(Some(v.extract()?)),
            Some(v) => Err(PyTypeError::new_err(format!(
                "`{key}` must be a str, not a {}",
                v.get_type().name()?
            ))),
        }
    };
    let id = match get("id")? {
        None => String::new(),
        Some(v) => id(&v)?,
    };
    // As a JSONL line: one of them (a `None` one is absent).
    if get("text")?.is_some() && get("body")?.is_some() {
        return Err(InvalidArgument::new_err(format!(
            "document {id:?}: holds both `text` and `body` (give one of them)"
        )));
    }
    let title = text("title")?.unwrap_or_default();
    let body = match text("text")? {
        Some(t) => t,
        None => text("body")?.unwrap_or_default(),
    };
    if body.is_empty() && title.is_empty() {
        return Err(InvalidArgument::new_err(format!(
            "document {id:?}: no `text`, `body` or `title`"
        )));
    }
    let mut doc = dsearch::Document::new(id, title, body);
    if let Some(lang) = text("lang")? {
        doc = doc.lang(lang);
    }
    if let Some(url) = text("url")? {
        doc = doc.url(url);
    }
    for item in mapping.items()?.iter() {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let key: String = key.extract().map_err(|_| {
            PyTypeError::new_err("a document's keys must be str (metadata field names)")
        })?;
        if KEYS.contains(&key.as_str()) {
            continue;
        }
        if let Some(v) = fields::from_py(&key, &value)? {
            doc = doc.field(key, v);
        }
    }
    Ok(doc)
}

/// Whether `obj` is an id: a `str`, or an `int` as JSONL's numeric ids (`bool` is an
/// `int` in Python but no id).
pub fn is_id(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyString>()
        || (obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>())
}

/// An id as every method that takes one reads it: a `str` as it is, an `int` in
/// decimal (`5` is the document added with `"id": 5`).
pub fn id(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if obj.is_instance_of::<PyString>() {
        obj.extract()
    } else if is_id(obj) {
        obj.str()?.extract()
    } else {
        Err(PyTypeError::new_err(format!(
            "`id` must be a str or an int, not a {}",
            obj.get_type().name()?
        )))
    }
}

/// A document as the index stores it (`Index.get`).
#[pyclass(module = "dsearch", name = "Document", frozen, get_all)]
pub struct StoredDocument {
    /// The id (for a file's document: its path, relative to the index root when under
    /// it, with `#N` for line N of a JSONL file without ids).
    id: String,
    /// The file it was read from (absolute), or `None` for a document added from memory.
    path: Option<String>,
    /// The title.
    title: String,
    /// The body text, as given.
    text: String,
    /// ISO 639-1 language code.
    lang: String,
    /// The URL, or `None`.
    url: Option<String>,
    /// Metadata (see `Hit.fields`).
    fields: Py<PyDict>,
}

impl StoredDocument {
    /// The Python form of a stored document.
    pub fn new(py: Python<'_>, d: dsearch::StoredDocument) -> PyResult<StoredDocument> {
        Ok(StoredDocument {
            fields: fields::fields_to_py(py, &d.fields)?.unbind(),
            id: d.id,
            path: d.path.map(|p| p.to_string_lossy().into_owned()),
            title: d.title,
            text: d.body,
            lang: d.lang,
            url: d.url,
        })
    }
}

#[pymethods]
impl StoredDocument {
    /// The document as a dict shaped like a JSONL line (`id`, `title`, `text`, `lang`,
    /// `url` when set, then the metadata), which `Index.add` takes back.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", &self.id)?;
        d.set_item("title", &self.title)?;
        d.set_item("text", &self.text)?;
        d.set_item("lang", &self.lang)?;
        if let Some(url) = &self.url {
            d.set_item("url", url)?;
        }
        for (k, v) in self.fields.bind(py).iter() {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Document(id={:?}, title={:?}, lang={:?})",
            self.id, self.title, self.lang
        )
    }
}
