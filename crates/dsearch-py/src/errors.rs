//! dsearch's errors as Python exceptions: one class per [`ErrorKind`], defined in
//! `dsearch/_errors.py` (so that `InvalidArgument` can also be a `ValueError` and
//! `MissingPath` a `FileNotFoundError`), each carrying the library's one-line message
//! and, where the error names one, the path as `path`.

use std::path::Path;

use dsearch::ErrorKind;
use pyo3::import_exception;
use pyo3::prelude::*;

mod classes {
    #![allow(missing_docs)]
    use super::import_exception;

    import_exception!(dsearch._errors, Error);
    import_exception!(dsearch._errors, NoIndex);
    import_exception!(dsearch._errors, IndexBusy);
    import_exception!(dsearch._errors, SchemaVersionError);
    import_exception!(dsearch._errors, MissingPath);
    import_exception!(dsearch._errors, IoError);
    import_exception!(dsearch._errors, EmptyQuery);
    import_exception!(dsearch._errors, InvalidArgument);
    import_exception!(dsearch._errors, DictionaryError);
    import_exception!(dsearch._errors, IndexDamaged);
    import_exception!(dsearch._errors, EngineError);
}

pub use classes::InvalidArgument;

/// The Python exception of a library error.
pub fn to_py(e: dsearch::Error) -> PyErr {
    use classes::*;
    let message = e.to_string();
    let (err, path): (PyErr, Option<&Path>) = match e.kind() {
        ErrorKind::NoIndex => (NoIndex::new_err(message), None),
        ErrorKind::Busy(path) => (IndexBusy::new_err(message), Some(path)),
        ErrorKind::SchemaVersion { path, .. } => (SchemaVersionError::new_err(message), Some(path)),
        ErrorKind::MissingPath(path) => (MissingPath::new_err(message), Some(path)),
        ErrorKind::Io { path, .. } => (IoError::new_err(message), Some(path)),
        ErrorKind::EmptyQuery => (EmptyQuery::new_err(message), None),
        ErrorKind::InvalidArgument(_) => (InvalidArgument::new_err(message), None),
        ErrorKind::Dictionary(_) => (DictionaryError::new_err(message), None),
        ErrorKind::Damaged(_) => (IndexDamaged::new_err(message), None),
        ErrorKind::Engine(_) => (EngineError::new_err(message), None),
        _ => (Error::new_err(message), None),
    };
    if let Some(path) = path {
        Python::attach(|py| {
            // The class itself is fine without it: a failure here leaves `path` unset.
            let _ = err
                .value(py)
                .setattr("path", path.to_string_lossy().into_owned());
        });
    }
    err
}

/// `?` for library results: `.py()?` turns a [`dsearch::Error`] into its exception.
pub trait IntoPyResult<T> {
    /// The result with the error as a Python exception.
    fn py(self) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for dsearch::Result<T> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}
