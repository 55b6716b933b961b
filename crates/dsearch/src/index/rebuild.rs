//! Rebuilding an index from every path indexed so far: also when it was written by
//! another schema version of dsearch or its files are damaged.

use std::path::{Path, PathBuf};

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::schema::KIND_DOC;
use super::update::{Progress, UpdateOptions, UpdateReport};
use super::{absolute, meta, Index};
use crate::analysis::detect::language_code;
use crate::document::Document;
use crate::error::{Engine, Error, ErrorKind, Result};

impl Index {
    /// Recreates the index in `dir` from every path indexed so far plus `paths`, also
    /// when it was written by another schema version or its files are damaged.
    /// Documents added from memory stay (they are in no file to read again): read from
    /// an index of another schema version when its fields are this build's (or the
    /// first of them: a later version added fields at the end), and analysed anew;
    /// lost when it is damaged or its fields changed. Until the
    /// rebuild's first commit the old index stays readable (except across a schema
    /// change or damage, where it is unreadable anyway and its files are removed first,
    /// keeping `dsearch.json` and its paths). A rebuild killed after a commit leaves part
    /// of the documents; the next `dsearch index` or `--rebuild` completes them.
    pub fn rebuild(
        dir: &Path,
        paths: &[PathBuf],
        options: &UpdateOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<UpdateReport> {
        let dir = absolute(dir);
        let root = dir.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut all: Vec<PathBuf> = meta::read(&dir)
            .ok()
            .flatten()
            .map(|m| m.paths.iter().map(|k| root.join(k)).collect())
            .unwrap_or_default();
        for p in paths {
            let abs = absolute(p);
            if !all.contains(&abs) {
                all.push(abs);
            }
        }
        let options = UpdateOptions {
            rebuild: true,
            ..options.clone()
        };
        let index = match Index::open(&dir) {
            Ok(index) => index,
            Err(e) if unreadable(&e) => {
                // Another schema version: the documents added from memory are in no
                // file, so they are read first when the old index's fields are this
                // build's, and added again (analysed anew) before the files are.
                let kept = match e.kind() {
                    ErrorKind::SchemaVersion { .. } => Index::open_same_fields(&dir)
                        .and_then(|old| old.documents_from_memory())
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                // Remove the index files but keep `dsearch.json`, which holds the paths
                // until the new index records them, so a rebuild killed here is simply
                // run again.
                clear_index_dir(&dir)?;
                let index = Index::open_or_create(&dir)?;
                if !kept.is_empty() {
                    let mut writer = index.writer(&options.writer())?;
                    for doc in kept {
                        writer.add(doc)?;
                    }
                    // The files are still to come.
                    writer.commit_unfinished()?;
                }
                index
            }
            Err(e) if matches!(e.kind(), ErrorKind::NoIndex) => Index::open_or_create(&dir)?,
            Err(e) => return Err(e),
        };
        index.update(&all, &options, progress)
    }
}

impl Index {
    /// The documents added from memory (not read from a file), as they were given.
    fn documents_from_memory(&self) -> Result<Vec<Document>> {
        let searcher = self.reader()?.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.kind, KIND_DOC),
            IndexRecordOption::Basic,
        );
        let mut out = Vec::new();
        for addr in searcher.search(&q, &DocSetCollector).engine()? {
            let doc: TantivyDocument = searcher.doc(addr).engine()?;
            let stored = self.stored(&doc);
            if stored.path.is_some() {
                continue;
            }
            let mut d = Document::new(stored.id, stored.title, stored.body);
            // Kept as it was, unless an older build stored what names no language.
            if let Some(code) = language_code(&stored.lang) {
                d = d.lang(code);
            }
            if let Some(url) = stored.url {
                d = d.url(url);
            }
            for (k, v) in stored.fields {
                d = d.field(k, v);
            }
            out.push(d);
        }
        Ok(out)
    }
}

/// True when `e`, from [`Index::open`], means the index must be recreated: another
/// schema version, or files tantivy or dsearch cannot read.
fn unreadable(e: &Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::SchemaVersion { .. } | ErrorKind::Damaged(_)
    )
}

/// Removes the index files from the index directory `dir`: tantivy's files and
/// temporary files. `dsearch.json` stays, and so does anything dsearch did not write
/// (`--index` may name a directory that holds other files).
fn clear_index_dir(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !is_index_file(&name) || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

/// True for the names of the files tantivy and dsearch write in an index directory,
/// except `dsearch.json`.
fn is_index_file(name: &str) -> bool {
    const SEGMENT_EXTENSIONS: [&str; 7] =
        ["idx", "pos", "term", "store", "fast", "fieldnorm", "del"];
    // The lock files stay: another process may hold them.
    if matches!(name, "meta.json" | ".managed.json")
        || name.starts_with(".tmp")
        || name.starts_with("dsearch.json.tmp")
    {
        return true;
    }
    // `<32 hex digits>.<extension>`, or `<32 hex digits>.<opstamp>.del`.
    match name.split_once('.') {
        Some((id, rest)) => {
            id.len() == 32
                && id.bytes().all(|b| b.is_ascii_hexdigit())
                && SEGMENT_EXTENSIONS
                    .iter()
                    .any(|ext| rest == *ext || rest.rsplit('.').next() == Some(ext))
        }
        None => false,
    }
}
