//! Walking the paths given to `dsearch index`: the files of known formats, in name
//! order, without hidden files, hidden directories or index directories, nor files
//! whose path is not UTF-8 (skipped with a warning).

use std::path::Path;

use super::INDEX_DIR;
use crate::extract::Format;

/// Calls `found` for every indexable file under `path`: files of a known format, not
/// hidden, not in a hidden directory or an index directory (`index_dir` itself or any
/// `.dsearch`). Symbolic links are followed with `follow_links` only, except `path`
/// itself: naming it asks for it. Problems are warnings naming the path, and so is
/// `path` itself when it is a file of no known format (naming it asks for it); returns
/// how many of them there were (files skipped or that could not be read).
pub(crate) fn walk(
    index_dir: &Path,
    path: &Path,
    follow_links: bool,
    found: &mut dyn FnMut(&Path, &std::fs::Metadata),
    warnings: &mut Vec<String>,
) -> usize {
    let before = warnings.len();
    let walker = walkdir::WalkDir::new(path)
        .follow_links(follow_links)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_name().to_string_lossy().starts_with('.') || e.path() == index_dir)
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                let msg = e
                    .io_error()
                    .map(|io| io.to_string())
                    .unwrap_or_else(|| e.to_string());
                let broken_link = e
                    .io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                    && e.path().is_some_and(|p| {
                        std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
                    });
                let msg = if e.loop_ancestor().is_some() {
                    "symbolic link loop, skipped".to_string()
                } else if broken_link {
                    "broken symbolic link, skipped".to_string()
                } else {
                    msg
                };
                warnings.push(format!("{p}: {msg}"));
                continue;
            }
        };
        let ft = entry.file_type();
        // A symbolic link named on the command line is read: naming it asks for it.
        let named_link = ft.is_symlink() && entry.depth() == 0;
        if entry.depth() == 0 && !ft.is_dir() && Format::of(entry.path()).is_none() {
            warnings.push(format!(
                "{}: not a format dsearch reads (.txt, .md, .html, .jsonl), skipped",
                entry.path().display()
            ));
            continue;
        }
        if ft.is_dir() || (ft.is_symlink() && !named_link) || Format::of(entry.path()).is_none() {
            continue;
        }
        if entry
            .path()
            .components()
            .any(|c| c.as_os_str() == INDEX_DIR)
        {
            continue;
        }
        let md = if named_link {
            std::fs::metadata(entry.path())
        } else {
            entry.metadata().map_err(std::io::Error::from)
        };
        match md {
            // A file is recorded under its path as text: two names that are not UTF-8
            // (GBK or Shift_JIS names from an old archive) would read as one, and one
            // of the files would be lost without a word.
            Ok(md) if md.is_file() && entry.path().to_str().is_none() => warnings.push(format!(
                "{}: the file's path is not valid UTF-8 (rename it to index it), skipped",
                entry.path().display()
            )),
            Ok(md) if md.is_file() => found(entry.path(), &md),
            Ok(_) => {}
            Err(e) if named_link && e.kind() == std::io::ErrorKind::NotFound => warnings.push(
                format!("{}: broken symbolic link, skipped", entry.path().display()),
            ),
            Err(e) => warnings.push(format!("{}: {e}", entry.path().display())),
        }
    }
    warnings.len() - before
}
