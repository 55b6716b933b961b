//! Incremental indexing of files: walk the given paths, re-index only files whose size,
//! mtime or content changed, drop files that disappeared, commit at the end (and every
//! [`UpdateOptions::commit_every_bytes`] of input on long runs).
//!
//! This thread walks and reads; the [`Writer`](crate::Writer)'s threads parse, extract
//! and analyse, one document at a time in parallel. A JSONL file is read line by line,
//! so its size does not matter: `--max-file-size` limits one record (or one whole file
//! of another format). A file's old documents are deleted before its new ones are
//! added, always, and its documents and its record commit together, so an interrupted
//! run never leaves duplicates behind.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Instant, UNIX_EPOCH};

use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::{RegexQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::files::{self, Read};
use super::pipeline::Op;
use super::schema::{Fields, KIND_DOC, KIND_FILE};
use super::walk::walk;
use super::writer::WriterOptions;
use super::{absolute, meta, Index};
use crate::analysis::Dictionaries;
use crate::error::{Engine, Result};

/// Options of [`Index::update`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UpdateOptions {
    /// Threads that prepare documents; 0 means one per core.
    pub threads: usize,
    /// Memory budget of the index writer, in bytes.
    pub memory_bytes: usize,
    /// Records (JSONL lines) and other files larger than this are skipped with a
    /// warning.
    pub max_file_size: u64,
    /// Follow symbolic links (off: links are skipped).
    pub follow_links: bool,
    /// Wait for another writer to finish instead of failing with "index is busy".
    pub wait: bool,
    /// Commit after this many bytes of input (at the end of a file), so a long run keeps
    /// its progress.
    pub commit_every_bytes: u64,
    /// Drop every file's documents first and index them all again (in the same
    /// commit); documents added from memory stay.
    pub rebuild: bool,
    /// The dictionaries to analyse with (default: the index's).
    pub dictionaries: Option<Dictionaries>,
}

impl Default for UpdateOptions {
    fn default() -> UpdateOptions {
        let w = WriterOptions::default();
        UpdateOptions {
            threads: w.threads,
            memory_bytes: w.memory_bytes,
            max_file_size: 50 << 20,
            follow_links: false,
            wait: w.wait,
            commit_every_bytes: 256 << 20,
            rebuild: false,
            dictionaries: None,
        }
    }
}

impl UpdateOptions {
    /// Sets [`UpdateOptions::threads`].
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = n;
        self
    }

    /// Sets [`UpdateOptions::memory_bytes`].
    pub fn memory_bytes(mut self, n: usize) -> Self {
        self.memory_bytes = n;
        self
    }

    /// Sets [`UpdateOptions::max_file_size`].
    pub fn max_file_size(mut self, n: u64) -> Self {
        self.max_file_size = n;
        self
    }

    /// Sets [`UpdateOptions::follow_links`].
    pub fn follow_links(mut self, follow: bool) -> Self {
        self.follow_links = follow;
        self
    }

    /// Sets [`UpdateOptions::wait`].
    pub fn wait(mut self, wait: bool) -> Self {
        self.wait = wait;
        self
    }

    /// Sets [`UpdateOptions::commit_every_bytes`].
    pub fn commit_every_bytes(mut self, n: u64) -> Self {
        self.commit_every_bytes = n.max(1);
        self
    }

    /// Sets [`UpdateOptions::rebuild`].
    pub fn rebuild(mut self, rebuild: bool) -> Self {
        self.rebuild = rebuild;
        self
    }

    /// Sets [`UpdateOptions::dictionaries`].
    pub fn dictionaries(mut self, dictionaries: Dictionaries) -> Self {
        self.dictionaries = Some(dictionaries);
        self
    }

    pub(crate) fn writer(&self) -> WriterOptions {
        WriterOptions::default()
            .threads(self.threads)
            .memory_bytes(self.memory_bytes)
            .wait(self.wait)
    }
}

/// Progress of an update, reported to the caller's callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// The walk is over: `files` files of `bytes` bytes need reading.
    Walked {
        /// Files to read.
        files: usize,
        /// Their size.
        bytes: u64,
    },
    /// Reading goes on: `files_done` files and `bytes_done` bytes are read.
    Read {
        /// Files read so far.
        files_done: usize,
        /// Files to read.
        files: usize,
        /// Bytes read so far.
        bytes_done: u64,
        /// Bytes to read.
        bytes: u64,
    },
    /// Every file is read; the last commit and the merges it leads to run now (after a
    /// big import they can take a while, with nothing else to report).
    Finishing,
}

/// What an update did.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct UpdateReport {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files re-indexed because they changed.
    pub updated: usize,
    /// Files whose documents were removed because they disappeared.
    pub removed: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files that could not be indexed and directories that could not be read (each
    /// has a warning).
    pub skipped: usize,
    /// Searchable documents in the index after the update.
    pub documents: u64,
    /// Wall time of the update, in seconds.
    pub seconds: f64,
    /// One line per problem, each naming its file (and line).
    pub warnings: Vec<String>,
    /// Paths given that do not exist (the others were indexed).
    pub missing: Vec<PathBuf>,
}

impl UpdateReport {
    /// True when files were found and every one of them was skipped: nothing was
    /// indexed, nothing was up to date.
    pub fn all_skipped(&self) -> bool {
        self.skipped > 0 && self.added + self.updated + self.unchanged + self.removed == 0
    }
}

/// The record of an indexed file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    pub size: u64,
    pub mtime: u64,
    pub hash: u64,
}

/// A file to look at.
pub(crate) struct Job {
    pub path: PathBuf,
    pub key: String,
    pub size: u64,
    pub mtime: u64,
    pub old: Option<Record>,
}

impl Index {
    /// Indexes `paths` (files or directories, walked recursively): adds new files,
    /// re-indexes changed ones, removes the documents of files under `paths` that are
    /// gone, and commits. A path that is gone itself loses the documents of its files
    /// too, with a warning, and is no longer recorded for `--rebuild` (nor is a
    /// recorded path a rebuild no longer finds). Other missing paths are reported in
    /// [`UpdateReport::missing`]; the others are still indexed.
    pub fn update(
        &self,
        paths: &[PathBuf],
        options: &UpdateOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<UpdateReport> {
        let started = Instant::now();
        let mut writer = match &options.dictionaries {
            Some(d) => self.writer_with(&options.writer(), d.clone())?,
            None => self.writer(&options.writer())?,
        };
        let mut report = UpdateReport::default();
        let records = if options.rebuild {
            // Documents added from memory (the API, `dsearch serve`) are in no file to
            // read again: they stay.
            writer.submit(match self.memory_documents()? {
                0 => Op::DeleteAll,
                _ => Op::DeleteFiles,
            })?;
            HashMap::new()
        } else {
            self.records()?
        };

        let mut m = meta::read(self.dir())?.unwrap_or(meta::Meta {
            schema_version: super::SCHEMA_VERSION,
            paths: Vec::new(),
        });

        // Walk.
        let mut roots = Vec::new();
        let mut jobs = Vec::new();
        let mut seen = HashSet::new();
        // Paths given that are gone, whose files the index held or whose key it records.
        let mut gone: Vec<String> = Vec::new();
        // The keys of the paths given that are walked, for `--rebuild`.
        let mut given: Vec<String> = Vec::new();
        for p in paths {
            let abs = self.spelled_from_root(absolute(p));
            // A path that is not UTF-8 holds no file dsearch reads (each is skipped with
            // a warning), and its key, lossy, may be that of another folder (`\xff`
            // reads as U+FFFD): it removes nothing and is not recorded.
            let utf8 = abs.to_str().is_some();
            let key = self.recorded_key(&abs);
            if std::fs::symlink_metadata(&abs).is_err() {
                // A path that was indexed and is gone: its files are gone, so are their
                // documents (below, as for any file gone under a walked path), and it
                // is no longer one to rebuild from (a disk not mounted looks gone too:
                // its folder is indexed again once it is). A path the index never held
                // is missing: a typo.
                let held = if utf8 {
                    records.keys().filter(|k| self.holds(&abs, k)).count()
                } else {
                    0
                };
                let recorded = utf8 && m.paths.contains(&key);
                if held > 0 {
                    report.warnings.push(format!(
                        "{}: no such file or directory; the documents of its {held} file{} are removed",
                        p.display(),
                        if held == 1 { "" } else { "s" }
                    ));
                } else if recorded && options.rebuild {
                    report.warnings.push(format!(
                        "{}: no such file or directory; the index no longer rebuilds from it",
                        p.display()
                    ));
                } else {
                    report.missing.push(p.clone());
                    continue;
                }
                gone.push(key);
                roots.push(abs);
                continue;
            }
            if utf8 {
                roots.push(abs.clone());
                given.push(key);
            }
            let mut found = |path: &Path, md: &std::fs::Metadata| {
                let key = self.key_of(path);
                if !seen.insert(key.clone()) {
                    return;
                }
                let mtime = md
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(0);
                let old = records.get(&key).copied();
                if old.is_some_and(|r| r.size == md.len() && r.mtime == mtime) {
                    report.unchanged += 1;
                    return;
                }
                jobs.push(Job {
                    path: path.to_path_buf(),
                    key,
                    size: md.len(),
                    mtime,
                    old,
                });
            };
            report.skipped += walk(
                self.dir(),
                &abs,
                options.follow_links,
                &mut found,
                &mut report.warnings,
            );
        }

        // Remember the paths for `--rebuild` before the first commit, so a run killed
        // after a commit can still be rebuilt; forget those that are gone.
        let kept = m.paths.len();
        m.paths.retain(|k| !gone.contains(k));
        // An index made before `.` named the root recorded its absolute path: `.`
        // replaces it, so a copy of the folder no longer rebuilds from the original.
        if given.iter().any(|k| k == ".") {
            m.paths.retain(|k| k == "." || self.path_of(k) != self.root);
        }
        if m.paths.len() != kept || given.iter().any(|r| !m.paths.contains(r)) {
            for r in given {
                if !m.paths.contains(&r) {
                    m.paths.push(r);
                }
            }
            meta::write(self.dir(), &m)?;
        }

        // Files under the walked roots that are gone.
        for key in records.keys() {
            if !seen.contains(key) && roots.iter().any(|r| self.holds(r, key)) {
                writer.submit(Op::DeleteFile(key.clone()))?;
                report.removed += 1;
            }
        }

        // An index that holds nothing yet says it is unfinished from the start, so a
        // first run stopped before its first commit of documents does not leave an
        // empty index that looks complete.
        if !jobs.is_empty() && self.index.load_metas().engine()?.segments.is_empty() {
            writer.commit_unfinished()?;
        }

        // Read, hand over, commit now and then.
        let total_bytes: u64 = jobs.iter().map(|j| j.size).sum();
        progress(Progress::Walked {
            files: jobs.len(),
            bytes: total_bytes,
        });
        let mut done_bytes = 0u64;
        let mut since_commit = 0u64;
        for (i, job) in jobs.iter().enumerate() {
            let mut on_bytes = |n: u64| {
                progress(Progress::Read {
                    files_done: i,
                    files: jobs.len(),
                    bytes_done: done_bytes + n,
                    bytes: total_bytes,
                })
            };
            let read = files::read(self, &mut writer, job, options, &mut on_bytes)?;
            match read {
                Read::Indexed { warnings } => {
                    report.warnings.extend(warnings);
                    if job.old.is_some() {
                        report.updated += 1;
                    } else {
                        report.added += 1;
                    }
                    since_commit += job.size;
                }
                Read::Touched => report.unchanged += 1,
                Read::Skipped { warning } => {
                    report.warnings.push(warning);
                    report.skipped += 1;
                }
            }
            done_bytes += job.size;
            progress(Progress::Read {
                files_done: i + 1,
                files: jobs.len(),
                bytes_done: done_bytes,
                bytes: total_bytes,
            });
            if since_commit >= options.commit_every_bytes {
                since_commit = 0;
                writer.commit_unfinished()?;
            }
        }
        progress(Progress::Finishing);
        writer.commit_finished()?;
        report.warnings.extend(writer.finish());

        report.documents = self.num_docs()?;
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }

    /// The file records of the last commit.
    /// How many documents were added from memory, not read from a file.
    fn memory_documents(&self) -> Result<u64> {
        let searcher = self.reader()?.searcher();
        // Counted by a search: `doc_freq` counts deleted documents too.
        let docs = TermQuery::new(
            Term::from_field_text(self.fields.kind, KIND_DOC),
            IndexRecordOption::Basic,
        );
        let docs = searcher.search(&docs, &Count).engine()?;
        let from_files = searcher
            .search(&from_files(&self.fields)?, &Count)
            .engine()?;
        Ok(docs.saturating_sub(from_files) as u64)
    }

    fn records(&self) -> Result<HashMap<String, Record>> {
        let searcher = self.reader()?.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.kind, KIND_FILE),
            IndexRecordOption::Basic,
        );
        let mut out = HashMap::new();
        for addr in searcher.search(&q, &DocSetCollector).engine()? {
            let d: TantivyDocument = searcher.doc(addr).engine()?;
            let f = &self.fields;
            let key = d
                .get_first(f.record)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            let get = |field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
            out.insert(
                key,
                Record {
                    size: get(f.size),
                    mtime: get(f.mtime),
                    hash: get(f.hash),
                },
            );
        }
        Ok(out)
    }

    /// The record document of a file.
    pub(crate) fn record_doc(
        &self,
        key: &str,
        size: u64,
        mtime: u64,
        hash: u64,
    ) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::new();
        d.add_text(f.kind, KIND_FILE);
        d.add_text(f.record, key);
        d.add_u64(f.size, size);
        d.add_u64(f.mtime, mtime);
        d.add_u64(f.hash, hash);
        d
    }
}

impl Index {
    /// True when the file recorded as `key` is the path `abs` or lies below it,
    /// compared as absolute paths: a path that holds the index root (`dsearch index
    /// ..`) holds the files recorded relative to it too.
    fn holds(&self, abs: &Path, key: &str) -> bool {
        self.path_of(key).starts_with(abs)
    }

    /// `abs` spelled from the index root when it lies under the root only through a
    /// symbolic link (the root's folder reached by a link, or the root named by one:
    /// `cd ~/link-to-project; dsearch index "$PWD/docs"`), so a file has one key
    /// whichever way it was named. A link named last is kept as it is when it lies
    /// under the root that way (it is read as that link).
    fn spelled_from_root(&self, abs: PathBuf) -> PathBuf {
        if abs.starts_with(&self.root) {
            return abs;
        }
        let Ok(root) = std::fs::canonicalize(&self.root) else {
            return abs;
        };
        let from_root =
            |real: PathBuf| real.strip_prefix(&root).map(|rel| self.root.join(rel)).ok();
        // The link named last, if any, kept; else (a link outside the root to the root
        // or into it) its target.
        let parent = match (abs.parent(), abs.file_name()) {
            (Some(parent), Some(name)) => std::fs::canonicalize(parent).ok().map(|p| p.join(name)),
            _ => None,
        };
        parent
            .and_then(from_root)
            .or_else(|| std::fs::canonicalize(&abs).ok().and_then(from_root))
            .unwrap_or(abs)
    }
}

/// The documents read from a file (they have a file key), records excluded.
pub(crate) fn from_files(f: &Fields) -> Result<RegexQuery> {
    RegexQuery::from_pattern(".+", f.file).engine()
}
