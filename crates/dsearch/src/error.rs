//! The library's typed errors: every fallible public function returns [`Error`].

use std::fmt;
use std::path::{Path, PathBuf};

/// An error from the dsearch library. [`Error::kind`] tells what went wrong; the
/// `Display` form is one line that names the file or argument concerned.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    /// The search engine's own error, for [`std::error::Error::source`].
    cause: Option<Box<dyn std::error::Error + Send + Sync>>,
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
    /// The index files are damaged, or were written by an incompatible program
    /// (`dsearch index --rebuild` recreates them).
    Damaged(String),
    /// The search engine failed otherwise (the message is one line).
    Engine(String),
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind, cause: None }
    }

    /// An error of the search engine.
    pub(crate) fn engine(e: tantivy::TantivyError) -> Error {
        use tantivy::TantivyError as T;
        let message = one_line(&e.to_string());
        let kind = match &e {
            T::DataCorruption(_) | T::SchemaError(_) | T::IncompatibleIndex(_) => {
                ErrorKind::Damaged(message)
            }
            // A file of the index that is missing or cut short (a footer that does not
            // check) is a damaged index too; one that cannot be opened for another
            // reason (permissions, too many open files) is not.
            T::OpenReadError(o) if damaged_file(o) => ErrorKind::Damaged(message),
            // Bytes that do not decode (a stored-document block that does not
            // decompress) are damage too.
            T::IoError(io) if io.kind() == std::io::ErrorKind::InvalidData => {
                ErrorKind::Damaged(message)
            }
            _ => ErrorKind::Engine(message),
        };
        Error {
            kind,
            cause: Some(Box::new(e)),
        }
    }

    /// An I/O error met inside the search engine.
    pub(crate) fn engine_io(e: std::io::Error) -> Error {
        Error::engine(tantivy::TantivyError::from(e))
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
            ErrorKind::Damaged(msg) => write!(
                f,
                "the index is damaged or unreadable (run `dsearch index --rebuild`): {msg}"
            ),
            ErrorKind::Engine(msg) => write!(f, "index error: {msg}"),
        }
    }
}

/// True for a file of the index that is missing, or whose contents do not check: also
/// one too short to hold its own footer (a file left empty by a full disk or a copy
/// cut short, which tantivy reports as an unexpected end of file).
fn damaged_file(e: &tantivy::directory::error::OpenReadError) -> bool {
    use tantivy::directory::error::OpenReadError as O;
    match e {
        O::FileDoesNotExist(_) | O::IncompatibleIndex(_) => true,
        O::IoError { io_error, .. } => matches!(
            io_error.kind(),
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
        ),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            _ => self
                .cause
                .as_deref()
                .map(|c| c as &(dyn std::error::Error + 'static)),
        }
    }
}

/// `?` for the search engine's results: `.engine()?` turns its error into an [`Error`]
/// (a `From` impl would put tantivy's type in dsearch's public API).
pub(crate) trait Engine<T> {
    fn engine(self) -> Result<T>;
}

impl<T> Engine<T> for std::result::Result<T, tantivy::TantivyError> {
    fn engine(self) -> Result<T> {
        self.map_err(Error::engine)
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
