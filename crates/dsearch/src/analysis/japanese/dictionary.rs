//! The IPADIC dictionary: building it offline from mecab-ipadic source, finding it in
//! the standard places, and loading it once per directory.
//!
//! The compiled dictionary is not shipped with the binary: `scripts/ipadic.sh` builds it
//! from Debian's `mecab-ipadic` package through [`build_ipadic`]. Where it is looked for
//! is the caller's choice ([`crate::Dictionaries`]); [`standard_locations`] lists the
//! places used when the caller names none.

use std::collections::HashMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use lindera::dictionary::{DictionaryBuilder, Metadata};

use super::JapaneseSegmenter;
use crate::error::{Error, ErrorKind};

/// The name of the compiled dictionary directory, next to the executable or under the
/// data directory.
const DICTIONARY_DIR: &str = "ipadic";

/// lindera's build metadata for IPADIC, as shipped in the `lindera-ipadic` 6.2.0 crate
/// (schema, `flexible_csv`, `normalize_details`, UTF-8 source encoding).
const IPADIC_METADATA: &str = include_str!("../../../data/ipadic-metadata.json");

/// Source files the build needs besides the lexicon `*.csv` files.
pub(crate) const REQUIRED_SOURCE_FILES: [&str; 3] = ["char.def", "unk.def", "matrix.def"];

/// Builds a lindera IPADIC dictionary from the UTF-8 mecab-ipadic source directory `src`
/// into `out`.
///
/// `src` must hold `char.def`, `unk.def`, `matrix.def` and the lexicon `*.csv` files
/// converted to UTF-8 (Debian's package ships them in EUC-JP; convert with
/// `iconv -f EUC-JP -t UTF-8`). `out` is created if needed and existing dictionary files
/// in it are overwritten. The result is loaded once before returning, so success means
/// the dictionary is usable.
pub fn build_ipadic(src: &Path, out: &Path) -> Result<(), Error> {
    check_source(src)?;
    let metadata: Metadata = serde_json::from_str(IPADIC_METADATA).map_err(|err| {
        dictionary_error(format!("bundled IPADIC metadata does not parse: {err}"))
    })?;
    fs::create_dir_all(out).map_err(|err| Error::io(out, err))?;
    DictionaryBuilder::new(metadata)
        .build_dictionary(src, out)
        .map_err(|err| {
            dictionary_error(format!(
                "building IPADIC from {} into {} failed: {err}",
                src.display(),
                out.display()
            ))
        })?;
    JapaneseSegmenter::load(out).map(|_| ())
}

/// Checks that `src` looks like a UTF-8 mecab-ipadic source directory that lindera's
/// builder can read.
fn check_source(src: &Path) -> Result<(), Error> {
    if !src.is_dir() {
        return Err(Error::new(ErrorKind::MissingPath(src.to_path_buf())));
    }
    // lindera finds the lexicon with the glob pattern "<src>/*.csv", so the directory
    // must be valid UTF-8 and free of glob metacharacters.
    let Some(text) = src.to_str() else {
        return Err(dictionary_error(format!(
            "source directory {} is not valid UTF-8",
            src.display()
        )));
    };
    if text.contains(['*', '?', '[', ']']) {
        return Err(dictionary_error(format!(
            "source directory {text} contains a glob character (*, ?, [ or ])"
        )));
    }
    for name in REQUIRED_SOURCE_FILES {
        let path = src.join(name);
        let bytes = fs::read(&path).map_err(|err| Error::io(&path, err))?;
        if std::str::from_utf8(&bytes).is_err() {
            return Err(dictionary_error(format!(
                "{} is not UTF-8 (convert the mecab-ipadic source with iconv -f EUC-JP -t UTF-8)",
                path.display()
            )));
        }
    }
    let entries = fs::read_dir(src).map_err(|err| Error::io(src, err))?;
    let has_csv = entries
        .filter_map(Result::ok)
        .any(|entry| entry.path().extension().is_some_and(|ext| ext == "csv"));
    if !has_csv {
        return Err(dictionary_error(format!(
            "source directory {text} has no lexicon *.csv files"
        )));
    }
    Ok(())
}

pub(crate) fn dictionary_error(message: String) -> Error {
    Error::new(ErrorKind::Dictionary(message))
}

/// The standard places of the compiled dictionary, in order:
///
/// 1. `ipadic` in the directory of the current executable, then in that directory's
///    parent (so both `target/release/dsearch` and a test binary in
///    `target/release/deps/` find `target/release/ipadic`);
/// 2. `${XDG_DATA_HOME:-$HOME/.local/share}/dsearch/ipadic`, where `scripts/ipadic.sh`
///    installs it.
///
/// The paths are not checked here; the first that holds a loadable dictionary is used.
pub fn standard_locations() -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(exe_dir) = env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        candidates.push(exe_dir.join(DICTIONARY_DIR));
        if let Some(parent) = exe_dir.parent() {
            candidates.push(parent.join(DICTIONARY_DIR));
        }
    }
    if let Some(data_home) = data_home() {
        candidates.push(data_home.join("dsearch").join(DICTIONARY_DIR));
    }
    let mut unique: Vec<PathBuf> = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        if !unique.contains(&candidate) {
            unique.push(candidate);
        }
    }
    unique
}

/// `$XDG_DATA_HOME` when set and not empty, else `$HOME/.local/share`.
fn data_home() -> Option<PathBuf> {
    if let Some(dir) = env::var_os("XDG_DATA_HOME").filter(|dir| !dir.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(|home| PathBuf::from(home).join(".local").join("share"))
}

/// Loaded dictionaries by directory: two indexes that name the same directory share one
/// memory map. A directory that failed to load is remembered too (as `None`), so a
/// missing dictionary costs one look per process.
type Loaded = HashMap<PathBuf, Option<Arc<JapaneseSegmenter>>>;

fn loaded() -> &'static Mutex<Loaded> {
    static LOADED: OnceLock<Mutex<Loaded>> = OnceLock::new();
    LOADED.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The segmenter of the first of `candidates` that holds a loadable dictionary, loaded
/// once per directory and process.
pub(crate) fn load_first(candidates: &[PathBuf]) -> Option<Arc<JapaneseSegmenter>> {
    for dir in candidates {
        if !dir.join("metadata.json").is_file() {
            continue;
        }
        let mut cache = loaded().lock().unwrap_or_else(|e| e.into_inner());
        let entry = cache
            .entry(dir.clone())
            .or_insert_with(|| JapaneseSegmenter::load(dir).ok().map(Arc::new));
        if let Some(seg) = entry {
            return Some(seg.clone());
        }
    }
    None
}

/// True once some Japanese dictionary has been loaded in this process.
pub fn is_loaded() -> bool {
    loaded()
        .lock()
        .map(|c| c.values().any(Option::is_some))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_locations_follow_the_documented_order() {
        let candidates = standard_locations();
        let exe_dir = env::current_exe().unwrap().parent().unwrap().to_path_buf();
        let next_to_exe = candidates.iter().position(|c| *c == exe_dir.join("ipadic"));
        let above_exe = candidates.iter().position(|c| {
            Some(c.as_path()) == exe_dir.parent().map(|p| p.join("ipadic")).as_deref()
        });
        assert!(
            next_to_exe.is_some() && next_to_exe < above_exe,
            "{candidates:?}"
        );
        let data = data_home().unwrap().join("dsearch").join("ipadic");
        assert_eq!(
            candidates.iter().position(|c| *c == data),
            Some(candidates.len() - 1)
        );
    }

    #[test]
    fn build_rejects_bad_sources() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        // Missing directory.
        assert!(build_ipadic(&dir.path().join("missing"), &out).is_err());
        // EUC-JP char.def ("# 文字" in EUC-JP) is refused with a hint.
        for name in REQUIRED_SOURCE_FILES {
            fs::write(dir.path().join(name), b"# \xca\xb8\xbb\xfa\n").unwrap();
        }
        fs::write(dir.path().join("a.csv"), b"x\n").unwrap();
        let err = build_ipadic(dir.path(), &out).unwrap_err().to_string();
        assert!(err.contains("iconv"), "{err}");
        assert!(!out.exists());
    }

    #[test]
    fn a_directory_without_a_dictionary_loads_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load_first(&[dir.path().to_path_buf()]).is_none());
        assert!(JapaneseSegmenter::load(dir.path()).is_err());
        assert!(JapaneseSegmenter::load(&dir.path().join("missing")).is_err());
    }
}
