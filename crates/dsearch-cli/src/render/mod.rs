//! Output: one module per format (human-readable, JSON Lines) and the progress bar.

pub mod json;
pub mod progress;
pub mod standard;

use std::path::{Path, PathBuf};

/// `path` relative to `cwd` when it lies below it, else as it is.
pub fn display_path(path: &Path, cwd: &Path) -> PathBuf {
    match path.strip_prefix(cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
        _ => path.to_path_buf(),
    }
}
