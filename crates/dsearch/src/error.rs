//! The library's typed errors: every fallible public function returns [`Error`].

use std::fmt;
use std::path::{Path, PathBuf};

/// An error from the dsearch library. [`Error::kind`] tells what went wrong; the
/// `Display` form is one line that names the file or argument concerned.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// No index was found (walking up from a directory, or at an explicit path).
    NoIndex,
    /// Another process holds the index writer lock.
    Busy(PathBuf),
    /// The index was written by another schema version of dsearch.
    SchemaVersion {
        /// The index directory.
        path: PathBuf,
        /// The version found on disk.
        found: u32,
        /// The version this build writes.
        expected: u32,
    },
    /// A path given by the caller does not exist.
    MissingPath(PathBuf),
    /// An I/O error on a named path.
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The query has nothing to search for.
    EmptyQuery,
    /// An invalid argument or option value.
    InvalidArgument(String),
    /// The Japanese dictionary could not be built or loaded.
    Dictionary(String),
    /// The search engine reported an error.
    Tantivy(tantivy::TantivyError),
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        Error::new(ErrorKind::Io {
            path: path.to_path_buf(),
            source,
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::NoIndex => write!(f, "no index found (run `dsearch index`)"),
            ErrorKind::Busy(path) => write!(
                f,
                "index is busy: another dsearch is writing to {}",
                path.display()
            ),
            ErrorKind::SchemaVersion {
                path,
                found,
                expected,
            } if found == expected => write!(
                f,
                "index {} was written by an incompatible build of dsearch (run `dsearch index --rebuild`)",
                path.display()
            ),
            ErrorKind::SchemaVersion {
                path,
                found,
                expected,
            } => write!(
                f,
                "index {} has schema version {found}, this dsearch reads version {expected} (run `dsearch index --rebuild`)",
                path.display()
            ),
            ErrorKind::MissingPath(path) => write!(f, "{}: no such file or directory", path.display()),
            ErrorKind::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ErrorKind::EmptyQuery => write!(f, "the query is empty"),
            ErrorKind::InvalidArgument(msg) => write!(f, "{msg}"),
            ErrorKind::Dictionary(msg) => write!(f, "dictionary: {msg}"),
            ErrorKind::Tantivy(err) => write!(f, "index error: {}", one_line(&err.to_string())),
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            ErrorKind::Tantivy(err) => Some(err),
            _ => None,
        }
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(err: tantivy::TantivyError) -> Error {
        Error::new(ErrorKind::Tantivy(err))
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
