//! `dsearch.json` beside the tantivy files: the schema version and the paths indexed so
//! far, written atomically (temporary file, then rename).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};

/// The file name inside the index directory.
pub const FILE_NAME: &str = "dsearch.json";

/// What dsearch records about an index besides tantivy's own files.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Meta {
    /// The schema version the index was written with.
    pub schema_version: u32,
    /// The paths given to `dsearch index` so far, as keys (relative to the root or absolute).
    #[serde(default)]
    pub paths: Vec<String>,
}

/// Reads `dsearch.json` from `dir`; `None` when it does not exist.
pub fn read(dir: &Path) -> Result<Option<Meta>> {
    let path = dir.join(FILE_NAME);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Error::new(ErrorKind::Damaged(format!("{}: {e}", path.display())))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// Writes `dsearch.json` into `dir` atomically. The temporary file is named after the
/// process, so two processes creating an index at once do not rename each other's.
pub fn write(dir: &Path, meta: &Meta) -> Result<()> {
    let path: PathBuf = dir.join(FILE_NAME);
    let tmp = dir.join(format!("{FILE_NAME}.tmp.{}", std::process::id()));
    let bytes = serde_json::to_vec_pretty(meta).expect("Meta serialises");
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
}
