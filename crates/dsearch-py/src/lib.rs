//! The Python package of dsearch (`import dsearch`): a translation of the library's
//! public API into Python classes, functions and exceptions. It holds no search logic:
//! [`index`] opens, writes and searches indexes, [`documents`] and [`fields`] convert
//! documents and metadata, [`hits`] and [`report`] carry results out, [`analysis`]
//! exposes the analyser, [`errors`] maps each [`dsearch::ErrorKind`] to an exception,
//! and [`counts`] reads count arguments.
//!
//! Library calls run without the GIL (`Python::detach`), so Python threads search, index
//! and analyse in parallel.

mod analysis;
mod counts;
mod documents;
mod errors;
mod fields;
mod hits;
mod index;
mod report;

use pyo3::prelude::*;

/// The extension module; `dsearch/__init__.py` re-exports it with the exceptions.
#[pymodule]
fn _dsearch(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<index::Index>()?;
    m.add_class::<hits::Hit>()?;
    m.add_class::<hits::SearchResults>()?;
    m.add_class::<documents::StoredDocument>()?;
    m.add_class::<report::UpdateReport>()?;
    m.add_class::<report::Stats>()?;
    m.add_class::<analysis::Analysis>()?;
    m.add_class::<analysis::Token>()?;
    m.add_function(wrap_pyfunction!(analysis::analyze, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::detect, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA_VERSION", dsearch::index::SCHEMA_VERSION)?;
    Ok(())
}
